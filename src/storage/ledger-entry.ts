/**
 * The send ledger's compact entry (redis-ledger.ts has the format): its state codes, and how an
 * entry is read back (an entry written as JSON before is read too).
 */
import type { LedgerEntry as StoredLedgerEntry } from '../ports/send-ledger.ts';

export const STATE_CODE = { sending: 'c', sent: 's', skipped: 'k', failed: 'f', refused: 'r' } as const;
const CODE_STATE: Record<string, StoredLedgerEntry['state']> = {
  c: 'sending',
  s: 'sent',
  k: 'skipped',
  f: 'failed',
  r: 'refused',
};
/** An instant as stored: base 36 milliseconds, or an ISO string kept from an entry written as JSON. */
export const isoOf = (stored: string) => (stored.includes('-') ? stored : new Date(parseInt(stored, 36)).toISOString());

/** An entry's state alone (compact or JSON). */
export function stateOf(raw: string): StoredLedgerEntry['state'] | undefined {
  return raw.startsWith('{')
    ? (JSON.parse(raw) as StoredLedgerEntry).state
    : CODE_STATE[raw.slice(0, raw.indexOf('|'))];
}

/** A compact entry as the ledger's readers know it (`domain`: the ledger's own, for a bare '~'). */
export function unpack(conferenceId: string, key: string, raw: string, domain: string): StoredLedgerEntry {
  const [code = '', at = '', first = '', ...rest] = raw.split('|');
  const entry: StoredLedgerEntry = { state: CODE_STATE[code] ?? 'failed', at: isoOf(at) };
  if (first) entry.firstAttemptAt = first === '=' ? entry.at : isoOf(first);
  if (entry.state === 'sending') entry.leaseUntil = isoOf(rest[0] ?? '0');
  else if (entry.state === 'sent') {
    const [status = '', statusAt = '', ...m] = rest;
    const id = m.join('|');
    entry.messageId = id.startsWith('~') ? `<${key}.${conferenceId}@${id.slice(1) || domain}>` : id.slice(1);
    if (status) {
      entry.deliveryStatus = status;
      entry.deliveryStatusAt = isoOf(statusAt);
    }
  } else entry.reason = rest.join('|');
  return entry;
}
