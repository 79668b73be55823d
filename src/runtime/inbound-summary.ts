/**
 * The coordinator's notice about mail that was not filed: sender, subject, size and attachment
 * names, never its content, and limited per sender and overall so a flood becomes a notice or two.
 */
import type { ParsedInbound } from '../channels/email/inbound-server.ts';
import type { AppDeps } from '../app/deps.ts';
import { coordinatorAddress, senderOf } from '../app/shared/sender.ts';
import type { Conference } from '../domain/conference.ts';
import type { RateLimiter } from '../infra/rate-limit.ts';
import { mailNotFiled } from '../content/templates/mail-not-filed.ts';

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
  const policy = about ? deps.policies.get(about.policyId) : undefined;
  const rendered = mailNotFiled({
    ...(about ? { reference: about.reference } : {}),
    reason,
    from: oneLine(msg.from ?? 'unknown', 200),
    subject: oneLine(msg.subject || '(none)', 150),
    attachmentNames: msg.attachments.map((a) => oneLine(a.filename, 80)),
    sizeBytes: msg.raw.length,
    // Over SMTP the service is the mailbox and keeps nothing; a polled mailbox keeps the message.
    kept: !msg.connection,
  });
  await deps.mailer.send({
    ...rendered,
    to: coordinatorAddress(deps, policy),
    ...(policy ? { from: senderOf(policy) } : {}),
  });
  deps.logger.warn('inbound message summarised to the coordinator', { reason, attachments: msg.attachments.length });
}
