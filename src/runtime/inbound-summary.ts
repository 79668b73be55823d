/**
 * The coordinator's notice about mail that was not filed: sender, subject, size and attachment
 * names, never its content, and limited per sender and overall so a flood becomes a notice or two.
 */
import type { ParsedInbound } from '../channels/email/inbound-server.ts';
import type { AppDeps } from '../app/deps.ts';
import { coordinatorAddress, senderOf } from '../app/sender.ts';
import type { Conference } from '../domain/conference.ts';
import type { RateLimiter } from '../infra/rate-limit.ts';
import { paragraphHtml } from '../content/escape.ts';

export interface InboundLimiters {
  /** Coordinator notices per From address (a flood from one sender becomes one or two notices). */
  noticePerSender: RateLimiter;
  /** Coordinator notices from everyone together. */
  noticeAll: RateLimiter;
}

/** One line of at most `max` characters, control characters flattened: safe to quote in a notice or a log. */
export const oneLine = (s: string, max: number) => {
  const flat = s.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};
const sizeText = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;

/** May the coordinator be sent one more notice about mail from this sender? A limiter that is down says yes. */
export async function mayNotify(deps: AppDeps, limiters: InboundLimiters, from: string | undefined): Promise<boolean> {
  try {
    const one = await limiters.noticePerSender.take(from ?? 'unknown');
    if (!one.ok) return false;
    return (await limiters.noticeAll.take('all')).ok;
  } catch (err) {
    deps.logger.warn('inbound notice limiter unavailable: notice sent', { err });
    return true;
  }
}

/**
 * Mail that matched nothing (or was refused where it cannot be bounced) is summarised: sender,
 * subject, size and attachment names. Nothing of its content is passed on, so the service's own
 * address never carries a stranger's attachments or links.
 */
export async function summariseToCoordinator(
  deps: AppDeps,
  limiters: InboundLimiters,
  msg: ParsedInbound,
  reason: string,
  /** The conference the message was proven to be about: its coordinator, its mailbox, its reference. */
  about?: Conference,
): Promise<void> {
  if (!(await mayNotify(deps, limiters, msg.from))) {
    deps.logger.warn('inbound message not summarised: notice limit reached', { reason });
    return;
  }
  const names = msg.attachments.map((a) => oneLine(a.filename, 80));
  const policy = about ? deps.policies.get(about.policyId) : undefined;
  const lines = [
    about
      ? `A message for ${about.reference} from one of its attendees reached the reports mailbox and was not filed (${reason}). They have been told what to put right. Its content has not been forwarded; it is still in the reports mailbox if you need it.`
      : `A message reached the reports mailbox and was not filed (${reason}). Its content has not been forwarded; it is still in the reports mailbox if you need it.`,
    `From: ${oneLine(msg.from ?? 'unknown', 200)}`,
    `Subject: ${oneLine(msg.subject || '(none)', 150)}`,
    `Size: ${sizeText(msg.raw.length)}`,
    `Attachments: ${names.length ? names.join(', ') : 'none'}`,
  ];
  await deps.mailer.send({
    to: coordinatorAddress(deps, policy),
    ...(policy ? { from: senderOf(policy) } : {}),
    subject: about ? `${about.reference}: a reply was not filed` : 'Reports mailbox: a message was not filed',
    text: lines.join('\n'),
    html: lines.map(paragraphHtml).join(''),
  });
  deps.logger.warn('inbound message summarised to the coordinator', { reason, attachments: msg.attachments.length });
}
