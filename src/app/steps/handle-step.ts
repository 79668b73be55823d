import type { Step } from '../../domain/steps.ts';
import { StepCannotSucceedError } from '../../ports.ts';
import type { AppDeps } from '../deps.ts';
import { circulateDecision, circulationDeadline, circulationWatchdog, followUpStep, hardCopyDue } from './circulation-steps.ts';
import { sendCancellations, sendInvites } from './invite-steps.ts';
import { planActionOverdueStep, planActionReminderStep } from './plan-steps.ts';
import { circulateCoreGroupRecord } from '../core-group-record.ts';
import { coreGroupNagStep, sendCoreGroupCancellations, sendCoreGroupInvites } from './core-group-steps.ts';
import { parentsSlot, professionalsJoin } from './meeting-steps.ts';
import { sendConferencePack } from '../conference-pack.ts';
import { sendReportNotices } from '../record-report.ts';
import { reportChaseStep, reportSharingCheck, reportsMissingFlag } from './report-steps.ts';
import { circulateMinutes } from '../minutes/circulate-minutes.ts';
import { minutesWatch } from '../minutes/minutes-watch.ts';
import { lateReviewNoticeStep } from '../late-review.ts';
import { pollNotify } from '../notify-poll.ts';
import { dayBeforeText } from './text-steps.ts';

/** What a job carries (validated by the jobs layer before it gets here). */
export interface StepPayload {
  conferenceId: string;
  version: number;
  step: Step;
  attendeeId?: string;
  seq?: number;
  runAt: string;
}

/**
 * Runs one step of a conference's workflow. A job from an older schedule version (the conference
 * was rescheduled while it waited or ran) does nothing: that is what keeps ghost reminders out.
 */
export async function handleStep(deps: AppDeps, payload: StepPayload): Promise<void> {
  const c = await deps.store.get(payload.conferenceId);
  const log = { conferenceId: payload.conferenceId, step: payload.step, version: payload.version };
  if (!c) {
    deps.logger.warn('job for a conference that no longer exists: skipped', log);
    return;
  }
  // What Notify did with letters and texts already sent does not depend on the schedule version or state.
  if (payload.step === 'notify-poll') return pollNotify(deps, c);
  if (c.version !== payload.version) {
    deps.logger.info('job from an older schedule version: skipped', { ...log, current: c.version });
    return;
  }
  if (payload.step === 'send-cancellations') return sendCancellations(deps, c);
  if (c.state === 'cancelled') return;
  const attendee = () => {
    if (!payload.attendeeId) throw new StepCannotSucceedError(`${payload.step} needs an attendee: attendeeId is missing`);
    return payload.attendeeId;
  };
  switch (payload.step) {
    case 'send-invites':
      // With an attendee: an update of that person's own invitation only (their slot moved).
      return sendInvites(deps, c, payload.attendeeId);
    case 'reports-missing-flag':
      return reportsMissingFlag(deps, c);
    case 'report-sharing-check':
      return reportSharingCheck(deps, c, attendee());
    case 'conference-pack':
      return sendConferencePack(deps, c);
    case 'report-notices':
      return sendReportNotices(deps, c, attendee(), payload.seq ?? 1);
    case 'report-request':
    case 'report-reminder-1':
    case 'report-reminder-2':
    case 'report-reminder-3':
    case 'report-last-reminder':
    case 'report-overdue':
    case 'report-escalation':
      return reportChaseStep(deps, c, payload.step, attendee());
    case 'parents-slot':
      return parentsSlot(deps, c);
    case 'professionals-join':
      return professionalsJoin(deps, c);
    case 'circulate-decision':
      return circulateDecision(deps, c, attendee());
    case 'release-held-letter':
      return circulateDecision(deps, c, attendee(), { release: true });
    case 'circulation-watchdog':
      return circulationWatchdog(deps, c);
    case 'circulation-deadline':
      return circulationDeadline(deps, c);
    case 'hard-copy-due':
      return hardCopyDue(deps, c, new Date(payload.runAt));
    case 'follow-up-core-group':
    case 'follow-up-minutes':
    case 'follow-up-record-bundle':
    case 'follow-up-review':
    case 'follow-up-birth-core-group':
      return followUpStep(deps, c, payload.step);
    case 'core-group-invites':
      return sendCoreGroupInvites(deps, c, payload.seq);
    case 'core-group-cancellations':
      return sendCoreGroupCancellations(deps, c, payload.seq);
    case 'core-group-nag':
      return coreGroupNagStep(deps, c, payload.seq);
    case 'core-group-record':
      return circulateCoreGroupRecord(deps, c, payload.seq);
    case 'circulate-minutes':
      return circulateMinutes(deps, c, attendee());
    case 'minutes-watchdog':
    case 'minutes-deadline':
      return minutesWatch(deps, c, payload.step);
    case 'late-review-notice':
      return lateReviewNoticeStep(deps, c);
    case 'plan-action-reminder':
      return planActionReminderStep(deps, c, payload.seq);
    case 'plan-action-overdue':
      return planActionOverdueStep(deps, c, payload.seq);
    case 'text-day-before':
      return dayBeforeText(deps, c, attendee());
  }
}
