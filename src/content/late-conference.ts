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

/** `latest`: the timetable's latestConferenceDate. */
export function lateConferenceWarning(policy: Policy, kind: ConferenceKind, latest: string): string {
  const rule = latestDateRule(policy, kind);
  return `This conference is later than the ${policy.id} policy allows${rule ? ` (${withArticle(kindLabel(kind))} is held ${rule})` : ''}: it should be held by ${longDate(latest)}.`;
}
