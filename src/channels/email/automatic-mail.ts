/**
 * Mail no person wrote (RFC 3834): out-of-office and other automatic replies, and delivery status
 * notifications (bounces). Such mail is never filed as a report and never answered (answering an
 * automatic reply invites a loop).
 */

/** The header lines of a parsed message, as mailparser keeps them (`key` lower-cased). */
type HeaderLines = ReadonlyArray<{ key: string; line: string }>;

const valueOf = (line: string) => line.slice(line.indexOf(':') + 1).trim();

/**
 * Why this message is automatic, or undefined when a person sent it. Only unambiguous marks count:
 * `Auto-Submitted` other than `no` (Exchange and Outlook out-of-office send `auto-replied`),
 * `X-Autoreply` / `X-Autorespond`, `Precedence: auto_reply | bulk | junk | list`, a
 * `multipart/report` or `message/delivery-status` (a bounce), and an empty envelope sender
 * (`MAIL FROM:<>`, or `Return-Path: <>` as a mailbox keeps it). Weaker hints that a person's mail
 * may also carry (`X-Auto-Response-Suppress`, an "Automatic reply:" subject) are not enough alone.
 */
export function automaticReason(
  headerLines: HeaderLines,
  contentType: string | undefined,
  envelopeFrom: string | undefined | false,
): string | undefined {
  for (const h of headerLines) {
    const key = h.key.toLowerCase();
    const value = valueOf(h.line).toLowerCase();
    if (key === 'auto-submitted' && value.split(';')[0]!.trim() !== 'no') return `Auto-Submitted: ${value}`;
    if (key === 'x-autoreply' || key === 'x-autorespond' || key === 'x-autoresponder') return `${h.key} header`;
    if (key === 'precedence' && /^(auto_reply|bulk|junk|list)\b/.test(value)) return `Precedence: ${value}`;
    if (key === 'return-path' && /^<\s*>$/.test(value)) return 'empty return path (a delivery notification)';
  }
  if (contentType && /^(multipart\/report|message\/delivery-status)\b/i.test(contentType.trim()))
    return `${contentType.trim().toLowerCase()} (a delivery notification)`;
  if (envelopeFrom === '') return 'empty envelope sender (a delivery notification)';
  return undefined;
}
