/** Which policy rule each timetable deadline comes from, in words, for tables and audit notes. */
import type { Duration } from './policy/duration.ts';
import type { Policy } from './policy/schema.ts';
import type { Timetable } from './timetable.ts';
import type { ConferenceKind } from './vocabulary.ts';

/** The report deadline for a kind: the policy's own, or its `defaultDue` (never the join time). */
export function reportsDueRule(policy: Policy, kind: ConferenceKind): { path: string; duration: Duration } {
  const own = policy.reports.due[kind];
  return own
    ? { path: `reports.due.${kind}`, duration: own }
    : { path: 'reports.defaultDue', duration: policy.reports.defaultDue };
}

export function describeDuration(d: Duration): string {
  const unit = d.unit === 'working-days' ? 'working day' : d.unit.replace(/s$/, '');
  return `${d.amount} ${unit}${d.amount === 1 ? '' : 's'}`;
}

/** Which policy rule each timetable key came from, in words, for tables and audit notes. */
export function timetableRules(
  policy: Policy,
  kind: ConferenceKind,
  durationMinutes: number,
): Partial<Record<keyof Timetable, string>> {
  const r: Partial<Record<keyof Timetable, string>> = {};
  const rule = (key: keyof Timetable, path: string, d: Duration | undefined, words: string): void => {
    if (d)
      r[key] =
        `${path}: ${d.amount === 0 && d.unit === 'hours' ? 'straight after the conference' : `${describeDuration(d)} ${words}`}`;
  };
  const t = policy.conferenceTiming;
  if (kind === 'initial' || kind === 'pre-birth') {
    rule(
      'latestConferenceDate',
      'conferenceTiming.initialWithinOfStrategyDiscussion',
      t.initialWithinOfStrategyDiscussion,
      'after the strategy discussion',
    );
    if (kind === 'pre-birth' && t.preBirthBeforeDueDate) {
      const due = `conferenceTiming.preBirthBeforeDueDate: ${describeDuration(t.preBirthBeforeDueDate)} before the expected due date`;
      r.latestConferenceDate = r.latestConferenceDate ? `${r.latestConferenceDate}; ${due} (earlier applies)` : due;
    }
  }
  if (kind === 'transfer-in')
    rule(
      'latestConferenceDate',
      'conferenceTiming.transferInWithinOfNotification',
      t.transferInWithinOfNotification,
      'after the notification',
    );
  const due = reportsDueRule(policy, kind);
  rule('reportsDue', due.path, due.duration, 'before the conference');
  rule(
    'socialWorkerReportDue',
    `reports.socialWorkerDue.${kind}`,
    policy.reports.socialWorkerDue[kind],
    'before the conference',
  );
  if (policy.parentsSlot) {
    r.parentsJoinAt = 'parentsSlot: calendar start, parents with the chair';
    r.professionalsJoinAt = `parentsSlot: ${policy.parentsSlot.minutes} minutes after the start`;
  } else {
    const early = policy.professionalsArriveEarlyMinutes;
    r.professionalsJoinAt = early ? `professionalsArriveEarlyMinutes: ${early} minutes before the start` : 'the start';
  }
  r.endsAt = `start + ${durationMinutes} minutes`;
  const afterWords = 'after the conference';
  rule('decisionCirculationDue', 'circulation.decision', policy.circulation.decision, afterWords);
  rule('planCirculationDue', 'circulation.plan', policy.circulation.plan, afterWords);
  rule('hardCopyDue', 'circulation.hardCopy', policy.circulation.hardCopy, afterWords);
  rule('minutesDue', 'minutes', policy.minutes, afterWords);
  rule('recordBundleDue', 'recordBundle', policy.recordBundle, afterWords);
  if (kind === 'review') rule('firstCoreGroupBy', 'coreGroup.cadence', policy.coreGroup.cadence, afterWords);
  else rule('firstCoreGroupBy', 'coreGroup.first', policy.coreGroup.first, afterWords);
  if (kind === 'pre-birth') {
    const cap = 'the working day before the expected due date';
    r.firstCoreGroupBy = r.firstCoreGroupBy ? `${r.firstCoreGroupBy}, at the latest ${cap}` : cap;
    r.birthPlanDue = `timings.birthPlanWeeksBeforeDueDate: ${policy.timings.birthPlanWeeksBeforeDueDate} weeks before the expected due date (not before the first core group's deadline)`;
  }
  if (kind === 'review') rule('nextReviewBy', 'review.later', policy.review.later, afterWords);
  else rule('nextReviewBy', 'review.first', policy.review.first, afterWords);
  return r;
}
