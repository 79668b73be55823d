/**
 * The warning when a conference is booked later than the policy's latest date for its kind: which
 * rule it breaks, in words, and by when it should be held. The API (creating a conference), the
 * dashboard's new-conference form and `cpc timetable` all say the same.
 */
import type { Policy } from '../domain/policy/schema.ts';
import { describeDuration } from '../domain/timetable-rules.ts';
import type { ConferenceKind } from '../domain/vocabulary.ts';
import { longDate } from './format.ts';
import { kindLabel, withArticle } from './words.ts';

/** "within 15 working days of the strategy discussion and at least 10 weeks before the expected due date". */
export function latestDateRule(policy: Policy, kind: ConferenceKind): string | undefined {
  const t = policy.conferenceTiming;
  const parts: string[] = [];
  if ((kind === 'initial' || kind === 'pre-birth') && t.initialWithinOfStrategyDiscussion)
    parts.push(`within ${describeDuration(t.initialWithinOfStrategyDiscussion)} of the strategy discussion`);
  if (kind === 'pre-birth' && t.preBirthBeforeDueDate)
    parts.push(`at least ${describeDuration(t.preBirthBeforeDueDate)} before the expected due date`);
  if (kind === 'transfer-in' && t.transferInWithinOfNotification)
    parts.push(`within ${describeDuration(t.transferInWithinOfNotification)} of the other authority's notification`);
  return parts.length ? parts.join(' and ') : undefined;
}

/**
 * `latest`: the timetable's latestConferenceDate. `from`: the strategy discussion's or notification's
 * date: when the latest date fell before it (a pre-birth conference asked for too close to the due
 * date), naming a date already gone would read as an instruction nobody could follow, so the warning
 * says the limit had passed by then and the conference is to be held as soon as possible.
 */
export function lateConferenceWarning(
  policy: Policy,
  kind: ConferenceKind,
  latest: string,
  from?: { strategyDiscussionOn?: string | undefined; notifiedOn?: string | undefined },
): string {
  const rule = latestDateRule(policy, kind);
  const head = `This conference is later than the ${policy.shortName} policy allows${rule ? ` (${withArticle(kindLabel(kind))} is held ${rule})` : ''}`;
  const day = latest.slice(0, 10);
  const [event, on] = from?.strategyDiscussionOn
    ? ['the strategy discussion took place', from.strategyDiscussionOn]
    : from?.notifiedOn
      ? ["the other authority's notification came", from.notifiedOn]
      : [undefined, undefined];
  if (event && on && day < on)
    return `${head}: the latest date, ${longDate(latest)}, had already passed when ${event} on ${longDate(on)}. Hold it as soon as possible and record why it is late.`;
  return `${head}: it should be held by ${longDate(latest)}.`;
}

/** A review moved past its statutory deadline (the last conference's "review by"). */
export const lateReviewWarning = (reviewBy: string, previousReference: string): string =>
  `This review is after its statutory deadline: the review of ${previousReference} was due by ${longDate(reviewBy)}. Hold it by then if you can; if not, record why it is late.`;
