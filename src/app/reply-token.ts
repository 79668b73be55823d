import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Per-attendee reply address by plus-addressing the reports mailbox:
 * `reports+r-<conferenceId>-<attendeeId>-<mac>@authority.gov.uk`. The MAC stops anyone guessing
 * another attendee's address; the ids carry no names.
 */
export function replyToken(secret: string, conferenceId: string, attendeeId: string): string {
  const mac = createHmac('sha256', secret).update(`${conferenceId}.${attendeeId}`).digest('base64url').slice(0, 10).toLowerCase().replace(/[^a-z0-9]/g, 'x');
  return `r-${conferenceId}-${attendeeId}-${mac}`;
}

export function replyAddress(mailbox: string, token: string): string {
  const at = mailbox.lastIndexOf('@');
  return `${mailbox.slice(0, at)}+${token}${mailbox.slice(at)}`;
}

/** Finds and checks a token in any of the addresses a message was sent to. */
export function findReplyToken(secret: string, addresses: readonly string[]): { conferenceId: string; attendeeId: string } | undefined {
  for (const address of addresses) {
    const m = /\+r-([a-z0-9]{6,32})-(a\d{1,4})-([a-z0-9]{10})@/i.exec(address);
    if (!m) continue;
    const [, conferenceId, attendeeId, mac] = m as unknown as [string, string, string, string];
    const expected = replyToken(secret, conferenceId.toLowerCase(), attendeeId.toLowerCase()).slice(-10);
    if (timingSafeEqual(Buffer.from(expected), Buffer.from(mac.toLowerCase()))) return { conferenceId: conferenceId.toLowerCase(), attendeeId: attendeeId.toLowerCase() };
  }
  return undefined;
}
