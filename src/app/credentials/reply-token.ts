/**
 * Per-attendee reply address by plus-addressing the reports mailbox:
 * `reports+r-<conferenceId>-<attendeeId>-<version>-<expiry>-<mac>@authority.gov.uk`.
 * Like a signed link it carries the attendee's link version (revoking their links, or removing
 * them, kills it) and an expiry (a day number in base 36); the MAC stops anyone guessing or
 * altering an address. The ids carry no names. Lower case throughout: mail systems fold case.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Attendee } from '../../domain/conference-parts.ts';
import type { Conference } from '../../domain/conference.ts';
import type { AppDeps } from '../deps.ts';
import { LinkError, linkExpired, linkExpiry, linkVersion } from './links.ts';
import { ID_PATTERN } from '../../domain/ids.ts';

export interface ReplyTokenClaims {
  conferenceId: string;
  attendeeId: string;
  /** The attendee's link version when the address was made. */
  version: number;
  /** Expiry, epoch seconds (the end of a London-agnostic UTC day). */
  exp: number;
}

const DAY = 86_400;

function mac(secret: string, body: string): string {
  return createHmac('sha256', secret)
    .update(`cpc-reply.v2.${body}`)
    .digest('base64url')
    .slice(0, 12)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, 'x');
}

/** The token for an attendee's reply address; the expiry is rounded up to a whole UTC day. */
export function replyToken(secret: string, claims: ReplyTokenClaims): string {
  const day = Math.ceil(claims.exp / DAY);
  const body = `${claims.conferenceId}-${claims.attendeeId}-${claims.version}-${day.toString(36)}`;
  return `r-${body}-${mac(secret, body)}`;
}

export function replyAddress(mailbox: string, token: string): string {
  const at = mailbox.lastIndexOf('@');
  return `${mailbox.slice(0, at)}+${token}${mailbox.slice(at)}`;
}

/** The attendee's reply address as it stands now: their current link version, expiring with their report link. */
export function currentReplyAddress(
  deps: Pick<AppDeps, 'clock' | 'settings' | 'policies'>,
  c: Conference,
  attendeeId: string,
): string {
  const token = replyToken(deps.settings.linkSecret, {
    conferenceId: c.id,
    attendeeId,
    version: linkVersion(c, attendeeId),
    exp: linkExpiry(c, 'report', deps.clock.now()),
  });
  return replyAddress(deps.policies.get(c.policyId).reportsMailbox, token);
}

const TOKEN = new RegExp(
  `\\+r-(${ID_PATTERN.conference})-(${ID_PATTERN.attendee})-(\\d{1,6})-([a-z0-9]{1,6})-([a-z0-9]{12})@`,
  'i',
);
/** An address that looks like a reply address of any generation (the old ones had no version). */
const LOOKS_LIKE = new RegExp(`\\+r-${ID_PATTERN.conference}-${ID_PATTERN.attendee}-`, 'i');

/**
 * Finds a reply address among the addresses a message was sent to and checks its MAC (not its
 * expiry or version: see openReplyToken). `forged` says an address looked like one but did not check out.
 */
export function findReplyToken(
  secret: string,
  addresses: readonly string[],
): { claims?: ReplyTokenClaims; forged: boolean } {
  let forged = false;
  for (const address of addresses) {
    const m = TOKEN.exec(address);
    if (!m) {
      if (LOOKS_LIKE.test(address)) forged = true;
      continue;
    }
    const [, conferenceId, attendeeId, version, day, given] = (m as unknown as string[]).map((x) =>
      x.toLowerCase(),
    ) as [string, string, string, string, string, string];
    const body = `${conferenceId}-${attendeeId}-${version}-${day}`;
    if (!timingSafeEqual(Buffer.from(mac(secret, body)), Buffer.from(given))) {
      forged = true;
      continue;
    }
    return { claims: { conferenceId, attendeeId, version: Number(version), exp: parseInt(day, 36) * DAY }, forged };
  }
  return { forged };
}

/**
 * A reply address is a credential only while it is the attendee's now: not expired, their link
 * version unchanged (revoked links and removed attendees refuse it). Throws LinkError.
 */
export async function openReplyToken(
  deps: Pick<AppDeps, 'clock' | 'store'>,
  claims: ReplyTokenClaims,
): Promise<{ conference: Conference; attendee: Attendee }> {
  const conference = await deps.store.get(claims.conferenceId);
  // As long as the report link it goes with: a conference moved later keeps it working till then.
  if (linkExpired(conference, 'report', claims.exp, deps.clock.now())) throw new LinkError('expired');
  const attendee = conference?.attendees.find((a) => a.id === claims.attendeeId);
  if (!conference || !attendee) throw new LinkError('unknown');
  if (linkVersion(conference, attendee.id) !== claims.version) throw new LinkError('revoked');
  return { conference, attendee };
}
