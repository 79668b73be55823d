/**
 * A review conference confirmed after its statutory deadline (the previous conference's
 * `nextReviewBy`): the coordinator must give a reason, which is kept on the review and audited,
 * and the coordinator and the chair are told by email (one job, each recipient once).
 */
import { lateReviewNotice } from '../../content/templates/late-review.ts';
import type { Conference } from '../../domain/conference.ts';
import type { FieldIssue } from '../../domain/errors.ts';
import type { AppDeps } from '../deps.ts';
import { deliverEmail } from '../shared/deliver.ts';
import { coordinatorAddress, senderOf } from '../shared/sender.ts';

/** The deadline a review at `startsAt` misses, or undefined when it is in time (or there is no deadline). */
export function missedReviewDeadline(previous: Conference | undefined, startsAt: string): string | undefined {
  const by = previous?.timetable.nextReviewBy;
  return by && Date.parse(startsAt) > Date.parse(by) ? by : undefined;
}

export function lateReasonIssue(reviewBy: string, previousReference: string): FieldIssue {
  return {
    field: 'lateReason',
    message: `the review of ${previousReference} was due by ${reviewBy}: give the reason it is held later`,
  };
}

export async function lateReviewNoticeStep(deps: AppDeps, c: Conference): Promise<void> {
  if (!c.lateReview) return;
  const policy = deps.policies.get(c.policyId);
  const previous = c.reviewOf ? await deps.store.get(c.reviewOf) : undefined;
  const rendered = lateReviewNotice({
    reference: c.reference,
    previousReference: previous?.reference ?? 'the last conference',
    policy,
    reviewBy: c.lateReview.reviewBy,
    startsAt: c.startsAt,
    reason: c.lateReview.reason,
  });
  const chair = c.attendees.find((a) => a.role === 'chair' && a.email);
  const to: [string, string][] = [
    ['coordinator', coordinatorAddress(deps, policy)],
    ...(chair ? ([[chair.id, chair.email!]] as [string, string][]) : []),
  ];
  for (const [recipient, address] of to)
    await deliverEmail(deps, c, {
      step: 'late-review-notice',
      recipient,
      message: { ...rendered, to: address, from: senderOf(policy), headers: { 'X-Conference-Reference': c.reference } },
    });
}
