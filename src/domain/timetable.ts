/**
 * Every deadline of one conference, as ISO 8601 instants with the London offset.
 * A key is absent where the policy has no such rule.
 * (Placeholder types: the timetable function is implemented in timetable-build.ts.)
 */
export interface Timetable {
  latestConferenceDate?: string;
  reportsDue?: string;
  socialWorkerReportDue?: string;
  parentsJoinAt?: string;
  professionalsJoinAt: string;
  endsAt: string;
  decisionCirculationDue?: string;
  planCirculationDue?: string;
  hardCopyDue?: string;
  minutesDue?: string;
  recordBundleDue?: string;
  firstCoreGroupBy?: string;
  /** A pre-birth conference: the birth plan agreed by (timings.birthPlanWeeksBeforeDueDate). */
  birthPlanDue?: string;
  nextReviewBy?: string;
}
