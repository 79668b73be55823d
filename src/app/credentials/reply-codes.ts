/**
 * Reply codes: what a letter on paper carries instead of a personal link, which nobody can click and
 * few could type (130 characters). The letter says "go to https://<host>/r and type your code
 * ABCD-EFGH"; the code stands, server-side, for the very signed link the email would carry (same
 * attendee, purpose, expiry and link version), so it works exactly as long as that link does:
 * revoking the attendee's links or removing them refuses it, and it expires with it: for a
 * conference that has been moved, as late as its links (linkExpired), kept so by `keepReplyCodes`.
 *
 * A code is 8 characters from an alphabet of 29 without look-alikes (no 0/O, 1/I/L, U/V): 29^8,
 * about 5 × 10^11 codes. It is derived from the link with the link secret (HMAC), so a retried job
 * prints the same code; the page where codes are typed is rate-limited per client.
 */
import { createHmac } from 'node:crypto';
import type { Conference } from '../../domain/conference.ts';
import type { AppDeps } from '../deps.ts';
import {
  LinkError,
  linkExpiry,
  linkVersion,
  movedExpiry,
  openLink,
  signLink,
  type LinkPurpose,
  type OpenedLink,
} from './links.ts';

export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTWXYZ';
export const CODE_LENGTH = 8;
/** Where the code is typed, after the service's base address. */
export const REPLY_CODE_PATH = '/r';

/** "ABCD-EFGH": how a code is printed. */
export const formatCode = (code: string): string => `${code.slice(0, 4)}-${code.slice(4)}`;

/** A typed code as stored (upper case, no spaces or dashes), or undefined when it cannot be one. */
export function normaliseCode(typed: string): string | undefined {
  const code = typed.toUpperCase().replace(/[\s-]/g, '');
  if (code.length !== CODE_LENGTH) return undefined;
  return [...code].every((ch) => CODE_ALPHABET.includes(ch)) ? code : undefined;
}

function deriveCode(secret: string, token: string, attempt: number): string {
  let n = createHmac('sha256', secret).update(`cpc-reply-code.v1.${attempt}.${token}`).digest().readBigUInt64BE(0);
  const base = BigInt(CODE_ALPHABET.length);
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) {
    code += CODE_ALPHABET[Number(n % base)];
    n /= base;
  }
  return code;
}

export interface ReplyCode {
  /** `https://<host>/r` */
  address: string;
  /** `ABCD-EFGH` */
  code: string;
}

/** The reply code for an attendee's personal link for `purpose`, kept until the link expires. */
export async function replyCodeFor(
  deps: Pick<AppDeps, 'clock' | 'settings' | 'replyCodes'>,
  c: Conference,
  attendeeId: string,
  purpose: LinkPurpose,
): Promise<ReplyCode> {
  const now = deps.clock.now();
  const exp = linkExpiry(c, purpose, now);
  const token = signLink(deps.settings.linkSecret, {
    conferenceId: c.id,
    attendeeId,
    purpose,
    exp,
    version: linkVersion(c, attendeeId),
  });
  // Expiry follows the business clock (simulated in tests and demos): the record lives as long as the link.
  const ttlMs = exp * 1000 - now.getTime();
  for (let attempt = 0; attempt < 4; attempt++) {
    const code = deriveCode(deps.settings.linkSecret, token, attempt);
    if ((await deps.replyCodes.claim(code, token, ttlMs, c.id)) === token)
      return { address: `${deps.settings.publicBaseUrl}${REPLY_CODE_PATH}`, code: formatCode(code) };
  }
  throw new Error('no free reply code after 4 attempts');
}

/**
 * A conference moved (a new version): the codes in letters already posted are kept as long as
 * their links now work (linkExpired: until the moved meeting's expiry), not only to their own expiry.
 * Whether a code opens anything is still decided by openLink (revoked, removed, expired: refused).
 */
export async function keepReplyCodes(deps: Pick<AppDeps, 'clock' | 'replyCodes'>, c: Conference): Promise<void> {
  const until = movedExpiry(c, 'rsvp');
  if (until !== undefined) await deps.replyCodes.keepConference(c.id, until * 1000 - deps.clock.now().getTime());
}

/**
 * The personal link a typed code stands for, checked like the link itself (signature, expiry,
 * revocation, removal, the conference's state). Throws LinkError; a code that is not one of ours is
 * `unknown`.
 */
export async function openReplyCode(deps: AppDeps, typed: string): Promise<OpenedLink> {
  const code = normaliseCode(typed);
  const token = code ? await deps.replyCodes.get(code) : undefined;
  if (!token) throw new LinkError('unknown');
  return openLink(deps, token);
}
