import { DateTime } from 'luxon';
import type { Conference } from './conference.ts';
import type { Policy } from './policy/schema.ts';
import type { REPORT_CHASE_STEPS } from './steps.ts';
import { reportSharingTargets } from './disclosure.ts';
import { REPORTING_ROLES } from './vocabulary.ts';
import { LONDON_ZONE } from './calendar/zone.ts';

/** The part of the working-day calendar the chasing schedule needs (London dates as YYYY-MM-DD). */
export interface WorkingDays {
  addWorkingDays(date: string, n: number): string;
}

/** The steps that chase one author's report. */
type AuthorStep = (typeof REPORT_CHASE_STEPS)[number] | 'report-sharing-check';

/** A chasing job about one author, or the one flag to the chair about the whole conference. */
export type PlannedJob =
  | { step: AuthorStep; attendeeId: string; runAt: string }
  | { step: 'reports-missing-flag'; attendeeId?: undefined; runAt: string };

const HOUR = 3600_000;
const REMINDER_STEPS: AuthorStep[] = ['report-reminder-1', 'report-reminder-2', 'report-reminder-3'];

function at(date: string, hhmm: string): DateTime {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return DateTime.fromISO(date, { zone: LONDON_ZONE }).set({ hour: h, minute: m, second: 0, millisecond: 0 });
}

/**
 * Every report-chasing deadline of one conference, per reporting attendee:
 * request now; reminders N working days before the due date; a last reminder on the due date;
 * an overdue chaser after it; an escalation to the manager; and one flag to the chair.
 * Steps that would land after professionals join are pulled in (chaser an hour after the due
 * time, escalation an hour after that) or dropped, so nobody is chased about a meeting that has begun.
 * The escalation is not dropped only because the chaser comes late (the morning of the meeting,
 * after a bank holiday weekend): it then goes an hour after the report's due time.
 */
/**
 * When a report must be shared with the family by: the author's deadline under the current
 * timetable. A report that is in keeps the due date it was sent against (late or on time), but a
 * reschedule moves the sharing deadline with the meeting (trial finding: the check stayed at the old
 * date, so a later meeting chased a week early and an earlier one, with the old date after the
 * meeting, never chased at all).
 */
export function sharingDueAt(
  attendee: Pick<Conference['attendees'][number], 'role'>,
  report: Pick<Conference['reports'][string], 'status' | 'dueAt'>,
  timetable: Pick<Conference['timetable'], 'reportsDue' | 'socialWorkerReportDue'>,
): string | undefined {
  if (!report.dueAt || report.status !== 'received') return report.dueAt;
  const current =
    attendee.role === 'social-worker'
      ? (timetable.socialWorkerReportDue ?? timetable.reportsDue)
      : timetable.reportsDue;
  return current ?? report.dueAt;
}

export function planReportChasing(
  conference: Pick<Conference, 'attendees' | 'reports' | 'timetable'>,
  policy: Policy,
  calendar: WorkingDays,
  now: Date,
): PlannedJob[] {
  const r = policy.reports.reminders;
  const sendAt = r.sendAt;
  const joinAt = DateTime.fromISO(conference.timetable.professionalsJoinAt).toMillis();
  const nowMs = now.getTime();
  const jobs: PlannedJob[] = [];
  let latestChase = 0;
  // Every author's dates come from the same few due dates: each working-day sum and each send time
  // is worked out once per plan (luxon is most of this function's time), the same values as before.
  const memo = new Map<string, number | string>();
  const once = <T extends number | string>(key: string, f: () => T): T => {
    let v = memo.get(key) as T | undefined;
    if (v === undefined) memo.set(key, (v = f()));
    return v;
  };
  const workingDays = (date: string, n: number) => once(`w${date}${n}`, () => calendar.addWorkingDays(date, n));
  const sendTime = (date: string) => once(`s${date}`, () => at(date, sendAt).toMillis());
  const before = [...new Set(r.workingDaysBefore)].sort((a, b) => b - a).slice(0, REMINDER_STEPS.length);
  const add = (ms: number, job: { step: AuthorStep; attendeeId: string } | { step: 'reports-missing-flag' }) => {
    if (ms >= joinAt) return false;
    jobs.push({
      ...job,
      runAt: once(`r${Math.max(ms, nowMs)}`, () =>
        DateTime.fromMillis(Math.max(ms, nowMs), { zone: LONDON_ZONE }).toISO({ suppressMilliseconds: true })!,
      ),
    });
    return true;
  };

  const family = reportSharingTargets(conference.attendees).length > 0;
  for (const attendee of conference.attendees) {
    if (!REPORTING_ROLES.has(attendee.role)) continue;
    const report = conference.reports[attendee.id];
    if (!report) continue;
    const dueIso = report.dueAt ?? conference.timetable.professionalsJoinAt;
    const dueMs = once(`m${dueIso}`, () => DateTime.fromISO(dueIso, { setZone: true }).toMillis());
    // Reports are shared with the family before they are sent: at the deadline, check it was.
    const shareBy = sharingDueAt(attendee, report, conference.timetable);
    const shareByMs = shareBy ? DateTime.fromISO(shareBy, { setZone: true }).toMillis() : 0;
    if (family && policy.reports.sharedWithFamilyFirst && shareBy && shareByMs > nowMs)
      add(shareByMs, { step: 'report-sharing-check', attendeeId: attendee.id });
    if (report.status === 'received') continue;
    const dueDate = once(`t${dueIso}`, () =>
      DateTime.fromISO(dueIso, { setZone: true }).setZone(LONDON_ZONE).toISODate()!,
    );
    add(nowMs, { step: 'report-request', attendeeId: attendee.id });

    before.forEach((n, i) => {
      const t = sendTime(workingDays(dueDate, -n));
      if (t > nowMs && t < dueMs) add(t, { step: REMINDER_STEPS[i]!, attendeeId: attendee.id });
    });
    if (r.onDueDate) {
      const t = Math.min(sendTime(dueDate), dueMs - HOUR);
      if (t > nowMs) add(t, { step: 'report-last-reminder', attendeeId: attendee.id });
    }
    let chaser = sendTime(workingDays(dueDate, 1 + r.chaserAfterWorkingDays));
    if (chaser >= joinAt) chaser = dueMs + HOUR;
    if (!add(chaser, { step: 'report-overdue', attendeeId: attendee.id })) continue;
    latestChase = Math.max(latestChase, chaser);
    if (!attendee.managerEmail) continue;
    const chaserDate = once(`d${chaser}`, () => DateTime.fromMillis(chaser, { zone: LONDON_ZONE }).toISODate()!);
    let escalation = sendTime(workingDays(chaserDate, r.escalateAfterWorkingDays));
    if (escalation <= chaser || escalation >= joinAt) escalation = chaser + HOUR;
    // No room after the chaser before the meeting (a bank holiday weekend between the due date and
    // the conference): the manager is still told, an hour after the report's due time, rather than
    // not at all. Only while that hour is still ahead: a report asked for after its due time (an
    // attendee added late) is never escalated the moment it is requested.
    const afterDue = dueMs + HOUR;
    if (escalation >= joinAt && afterDue > nowMs) escalation = afterDue;
    if (add(escalation, { step: 'report-escalation', attendeeId: attendee.id }))
      latestChase = Math.max(latestChase, escalation);
  }

  if (jobs.some((j) => j.step !== 'report-sharing-check')) {
    const conferenceDate = DateTime.fromMillis(joinAt, { zone: LONDON_ZONE }).toISODate()!;
    let flag = at(calendar.addWorkingDays(conferenceDate, -r.flagChairWorkingDaysBefore), sendAt).toMillis();
    if (flag <= latestChase) flag = latestChase + HOUR;
    if (flag >= joinAt) flag = joinAt - HOUR / 2;
    add(flag, { step: 'reports-missing-flag' });
  }
  return jobs;
}

/** The steps one chaser job serves for every author due then (steps.ts SHARED_CHASE_STEPS). */
type SharedStep = Exclude<AuthorStep, 'report-request'>;

/**
 * Whom the shared chaser of `step` at `runAt` chases: the plan as it stands, read just before that
 * time. `due`: the authors it puts at exactly that time (those with that due date). `late`: authors
 * whose time for this step has already passed (an author added after it, a reschedule that moved it
 * into the past), whom planning then put on the first job of the step it made, at that moment. A
 * caller keeps only those never sent this step (the send ledger), so nobody is chased twice by it.
 * A report that arrived is in neither: the plan chases only reports still outstanding.
 */
export function chaseAudience(
  conference: Pick<Conference, 'attendees' | 'reports' | 'timetable'>,
  policy: Policy,
  calendar: WorkingDays,
  step: SharedStep,
  runAt: Date,
): { due: string[]; late: string[] } {
  const t = runAt.getTime();
  const due: string[] = [];
  const late: string[] = [];
  for (const j of planReportChasing(conference, policy, calendar, new Date(t - 1))) {
    if (j.step === 'reports-missing-flag' || j.step !== step) continue;
    const at = Date.parse(j.runAt);
    if (at === t) due.push(j.attendeeId);
    else if (at < t) late.push(j.attendeeId);
  }
  return { due, late };
}

/**
 * When the chair's conference pack goes: as the report deadline passes (Hampshire's is 24 hours
 * before), or, where that has already gone by (an urgent conference), an hour before professionals
 * join. None when no report is expected or the meeting is too close.
 */
export function conferencePackAt(conference: Pick<Conference, 'reports' | 'timetable'>, now: Date): Date | undefined {
  if (Object.keys(conference.reports).length === 0) return undefined;
  const joinAt = Date.parse(conference.timetable.professionalsJoinAt);
  const due = conference.timetable.reportsDue ? Date.parse(conference.timetable.reportsDue) : NaN;
  const at = due > now.getTime() && due < joinAt ? due : joinAt - HOUR;
  return at > now.getTime() ? new Date(at) : undefined;
}
