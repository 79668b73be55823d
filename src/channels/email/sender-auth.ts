/**
 * Is the From address of an inbound message really its sender? Three modes (INBOUND_AUTH):
 * - `off`: nobody is authenticated; only per-attendee reply addresses count.
 * - `verify`: SPF, DKIM and DMARC are checked here with mailauth; a sender is authenticated when
 *   DMARC passes for the From domain (SPF or DKIM aligned with it). DNS goes through an injected
 *   resolver (tests serve keys and policies from a stub; nothing reaches the network).
 * - `relay`: an upstream relay already checked: only its `Authentication-Results` header (the
 *   first one carrying its authserv-id) is read; the same header from anyone else is ignored.
 * A From header proves nothing by itself.
 */
import { authenticate, type DNSResolver } from 'mailauth';

export type AuthVerdict = 'pass' | 'fail' | 'none';

export interface SenderAuth {
  /** `pass`: the From domain is authenticated; `fail`: authentication says it is forged; `none`: unknown. */
  verdict: AuthVerdict;
  /** What decided it, for logs and the coordinator: `dmarc=pass (verify)`, `no relay result`… */
  detail: string;
}

/** What the SMTP session saw (absent for mail read from a mailbox API). */
export interface SmtpConnection {
  ip?: string;
  helo?: string;
  mailFrom?: string;
}

export type SenderAuthenticator = (
  raw: Buffer,
  from: string | undefined,
  connection?: SmtpConnection,
) => Promise<SenderAuth>;

export type InboundAuthOptions =
  { mode: 'off' } | { mode: 'verify'; resolver?: DNSResolver; mta?: string } | { mode: 'relay'; authservId: string };

const domainOf = (address: string) => address.slice(address.lastIndexOf('@') + 1).toLowerCase();

/** Unfolded header lines named `name` from the raw message's header block, top first. */
export function headerValues(raw: Buffer, name: string): string[] {
  const end = raw.indexOf('\r\n\r\n');
  const alt = raw.indexOf('\n\n');
  const cut = end >= 0 && (alt < 0 || end < alt) ? end : alt >= 0 ? alt : Math.min(raw.length, 256 * 1024);
  const head = raw
    .subarray(0, cut)
    .toString('latin1')
    .replace(/\r?\n[ \t]+/g, ' ');
  const prefix = `${name.toLowerCase()}:`;
  return head
    .split(/\r?\n/)
    .filter((l) => l.toLowerCase().startsWith(prefix))
    .map((l) => l.slice(prefix.length).trim());
}

/** RFC 8601 comments `( … )` removed, so they cannot smuggle `dmarc=pass` into a value. */
const stripComments = (s: string) => {
  let out = '';
  let depth = 0;
  for (const ch of s) {
    if (ch === '(') depth++;
    else if (ch === ')' && depth > 0) depth--;
    else if (depth === 0) out += ch;
  }
  return out;
};

/**
 * Reads the relay's verdict on DMARC for `fromDomain` from the first Authentication-Results header
 * whose authserv-id is the relay's. Only that header counts: a sender can add any header it likes
 * below it, and the relay is expected to remove copies claiming its own id (RFC 8601 §5).
 */
export function relayVerdict(raw: Buffer, authservId: string, fromDomain: string): SenderAuth {
  const id = authservId.toLowerCase();
  const ours = headerValues(raw, 'authentication-results').find(
    (v) => stripComments(v).split(';')[0]!.trim().split(/\s+/)[0]!.toLowerCase() === id,
  );
  if (!ours) return { verdict: 'none', detail: `no Authentication-Results from ${authservId}` };
  const results = stripComments(ours)
    .split(';')
    .slice(1)
    .map((r) => r.trim());
  const dmarc = results.find((r) => /^dmarc\s*=/i.test(r));
  if (!dmarc) return { verdict: 'none', detail: `${authservId} gave no DMARC result` };
  const result = /^dmarc\s*=\s*([a-z]+)/i.exec(dmarc)?.[1]?.toLowerCase();
  const headerFrom = /\bheader\.from\s*=\s*"?([^\s";]+)"?/i.exec(dmarc)?.[1]?.toLowerCase().replace(/^.*@/, '');
  if (result === 'fail') return { verdict: 'fail', detail: `dmarc=fail (${authservId})` };
  if (result !== 'pass') return { verdict: 'none', detail: `dmarc=${result ?? 'unknown'} (${authservId})` };
  if (headerFrom !== fromDomain)
    return {
      verdict: 'none',
      detail: `dmarc=pass for ${headerFrom ?? 'no header.from'}, not ${fromDomain} (${authservId})`,
    };
  return { verdict: 'pass', detail: `dmarc=pass (${authservId})` };
}

export function createSenderAuthenticator(options: InboundAuthOptions): SenderAuthenticator {
  return async (raw, from, connection) => {
    if (!from) return { verdict: 'none', detail: 'no From address' };
    // Two From headers: which one a mail program shows is anyone's guess. Never authenticated.
    if (headerValues(raw, 'from').length !== 1) return { verdict: 'fail', detail: 'not exactly one From header' };
    const fromDomain = domainOf(from);
    switch (options.mode) {
      case 'off':
        return { verdict: 'none', detail: 'sender authentication is off' };
      case 'relay':
        return relayVerdict(raw, options.authservId, fromDomain);
      case 'verify': {
        const r = await authenticate(raw, {
          ...(connection?.ip ? { ip: connection.ip } : {}),
          ...(connection?.helo ? { helo: connection.helo } : {}),
          ...(connection?.mailFrom ? { sender: connection.mailFrom } : {}),
          ...(options.resolver ? { resolver: options.resolver } : {}),
          ...(options.mta ? { mta: options.mta } : {}),
          disableArc: true,
          disableBimi: true,
        });
        const headerFrom = (r.dkim as { headerFrom?: string[] }).headerFrom ?? [];
        if (headerFrom.length !== 1 || headerFrom[0]!.toLowerCase() !== from.toLowerCase())
          return { verdict: 'none', detail: 'the authenticated From is not the From read' };
        const dmarc = r.dmarc ? r.dmarc.status.result : 'none';
        if (dmarc === 'pass') return { verdict: 'pass', detail: 'dmarc=pass' };
        if (dmarc === 'fail') return { verdict: 'fail', detail: 'dmarc=fail' };
        return { verdict: 'none', detail: `dmarc=${dmarc}` };
      }
    }
  };
}
