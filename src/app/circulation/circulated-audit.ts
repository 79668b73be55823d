/**
 * "Circulated" in the audit means every copy has gone: a posted copy counts once it is printed (or
 * GOV.UK Notify has posted it). Until then the entry says what is true: `<document>.circulated-except-post`,
 * "circulated except N posted copies awaiting print"; the plain `<document>.circulated` follows when
 * the last of them is printed. Follow-ups and the state machine do not wait for the print room.
 */
import { deliveredRecipients } from '../../domain/circulation.ts';
import type { Conference } from '../../domain/conference.ts';
import { waitingToPrint } from '../../domain/letters.ts';
import { minutesDocument, minutesRecipients } from '../../domain/minutes.ts';
import type { SendKind } from '../../ports.ts';
import { CIRCULATE_STEP } from './circulation-status.ts';
import type { AppDeps } from '../deps.ts';
import { ledgerKey } from '../shared/deliver.ts';
import { toLondonIso } from '../shared/time.ts';

export type CirculatedDocument = 'decision' | 'minutes' | 'record-bundle';

/** "circulated except 1 posted copy awaiting print". */
export const exceptPostWords = (n: number): string =>
  `circulated except ${n} posted ${n === 1 ? 'copy' : 'copies'} awaiting print`;

/** The audit action for a circulation with `waiting` posted copies not yet printed. */
export const circulatedAction = (document: CirculatedDocument, waiting: number): string =>
  waiting > 0 ? `${document}.circulated-except-post` : `${document}.circulated`;

function circulations(
  deps: AppDeps,
  c: Conference,
): { document: CirculatedDocument; step: SendKind; keys: string[] }[] {
  const policy = deps.policies.get(c.policyId);
  const out: { document: CirculatedDocument; step: SendKind; keys: string[] }[] = [];
  if (c.decision?.approvedAt)
    out.push({ document: 'decision', step: CIRCULATE_STEP, keys: deliveredRecipients(c, policy).map((r) => r.key) });
  if (c.minutes?.circulatedAt) {
    const document = minutesDocument(policy);
    out.push({
      document,
      step: `circulate-${document}`,
      keys: minutesRecipients(c, policy)
        .filter((r) => r.channel !== 'none')
        .map((r) => r.key),
    });
  }
  return out;
}

/**
 * After a letter is printed or posted: any circulation recorded as "except N posted copies" whose
 * last posted copy has now gone is recorded as circulated, once.
 */
export async function recordCirculatedOncePrinted(deps: AppDeps, id: string): Promise<void> {
  const c = await deps.store.get(id);
  if (!c) return;
  const audit = await deps.store.readAudit(id);
  const ledger = await deps.ledger.list(id);
  for (const { document, step, keys } of circulations(deps, c)) {
    if (
      !audit.some((e) => e.action === `${document}.circulated-except-post`) ||
      audit.some((e) => e.action === `${document}.circulated`)
    )
      continue;
    const entries = keys.map((k) => ledger[ledgerKey(step, k, c.version)]);
    if (!entries.every((e) => e?.state === 'sent')) continue;
    if (keys.some((k) => waitingToPrint(c, ledgerKey(step, k, c.version), ledger[ledgerKey(step, k, c.version)])))
      continue;
    const at = toLondonIso(deps.clock.now());
    await deps.store.audit(id, {
      at,
      actor: 'system',
      action: `${document}.circulated`,
      detail: { recipients: keys.length, lastAt: at, waitingToPrint: 0, afterPrint: true },
    });
  }
}
