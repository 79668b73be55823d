import type { Conference } from '../../domain/conference.ts';
import type { Policy } from '../../domain/policy/schema.ts';
import { conferencePackAt, planReportChasing } from '../../domain/report-schedule.ts';
import type { ScheduledJob } from '../../ports/jobs.ts';
import type { AppDeps } from '../deps.ts';
import { calendarStart } from '../invitations/invite-calendar.ts';
import { dayBeforeTextAt, wantsTexts } from '../post-and-texts/texts.ts';

/** Every job of the conference's current version, from its policy and timetable. */
export function planConferenceJobs(
  conference: Conference,
  policy: Policy,
  deps: Pick<AppDeps, 'calendar' | 'clock'>,
): ScheduledJob[] {
  const now = deps.clock.now();
  const base = { conferenceId: conference.id, version: conference.version };
  const jobs: ScheduledJob[] = [{ ...base, step: 'send-invites', runAt: now }];
  let requestAt: Date | undefined;
  const shared = new Set<string>();
  for (const j of planReportChasing(conference, policy, deps.calendar, now)) {
    const runAt = new Date(j.runAt);
    if (j.step === 'report-request') {
      // After a reschedule the updated invite carries the new due date: no second request. The
      // requests are one job for the conference, as the invitations are (report-steps.ts asks
      // every author whose report is still not requested).
      if (conference.reports[j.attendeeId]?.status === 'not-requested') requestAt ??= runAt;
      continue;
    }
    // Every other chaser is one job per step and run time, shared by the authors due then.
    const key = `${j.step} ${j.runAt}`;
    if (shared.has(key)) continue;
    shared.add(key);
    jobs.push({ ...base, step: j.step, runAt });
  }
  if (requestAt) jobs.push({ ...base, step: 'report-request', runAt: requestAt });
  jobs.push(...referralChaserJobs(conference, now));
  const packAt = conferencePackAt(conference, now);
  if (packAt) jobs.push({ ...base, step: 'conference-pack', runAt: packAt });
  // The day itself: the parents' slot (chair's checklist) and the professionals' join time.
  const t = conference.timetable;
  for (const [step, at] of [
    ['parents-slot', t.parentsJoinAt],
    ['professionals-join', t.professionalsJoinAt],
  ] as const) {
    const runAt = at ? new Date(at) : undefined;
    if (runAt && runAt.getTime() > now.getTime()) jobs.push({ ...base, step, runAt });
  }
  // Text reminders on the working day before, for each parent or carer who asked for texts.
  for (const a of conference.attendees.filter(wantsTexts)) {
    const runAt = dayBeforeTextAt({ calendar: deps.calendar, policy }, calendarStart(conference, a));
    if (runAt.getTime() > now.getTime() && policy.familyContact.texts.includes('day-before'))
      jobs.push({ ...base, step: 'text-day-before', attendeeId: a.id, runAt });
  }
  return jobs;
}

/**
 * One chaser per advocacy referral still open, at its due date (seq: the task's number), so a
 * referral opened later (an attendee added, a review confirmed, a new date) gets its own job without
 * a reschedule; adding the same job again is a no-op (deterministic id).
 */
export function referralChaserJobs(
  conference: Pick<Conference, 'id' | 'version' | 'tasks'>,
  now: Date,
): ScheduledJob[] {
  return (conference.tasks ?? [])
    .filter((t) => t.kind === 'refer-to-advocacy' && t.status === 'open')
    .map((t) => ({
      conferenceId: conference.id,
      version: conference.version,
      step: 'advocacy-referral-due' as const,
      seq: Number(t.id.slice(1)),
      runAt: new Date(Math.max(Date.parse(t.dueAt), now.getTime())),
    }));
}
