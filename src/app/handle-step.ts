import { birthPlanDue } from './follow-ups/birth-plan-steps.ts';
import { isCancelled } from '../domain/state-machine.ts';
import { advocacyReferralDue } from './follow-ups/advocacy-steps.ts';
import { escalationStep } from './follow-ups/escalation-steps.ts';
import { NotFoundError, ValidationError } from '../domain/errors.ts';
import type { Step, StepPayload, StepPayloadOf } from '../domain/steps.ts';
import { StepCannotSucceedError } from '../ports/jobs.ts';
import type { Conference } from '../domain/conference.ts';
import type { AppDeps } from './deps.ts';
import { circulateDecision } from './circulation/circulation-steps.ts';
import { chaseHeldLetter } from './circulation/held-letter-steps.ts';
import { circulationDeadline, circulationWatchdog } from './circulation/circulation-watch.ts';
import { hardCopyDue } from './post-and-texts/hard-copy-due.ts';
import { followUpStep } from './follow-ups/follow-up-steps.ts';
import { sendCancellations } from './invitations/cancellation-steps.ts';
import { fanOutDecision } from './circulation/decision-fan-out.ts';
import { sendInvites } from './invitations/invite-steps.ts';
import { planActionOverdueStep, planActionReminderStep } from './follow-ups/plan-steps.ts';
import { circulateCoreGroupRecord } from './core-groups/core-group-record.ts';
import { sendCoreGroupCancellations, sendCoreGroupInvites } from './core-groups/core-group-steps.ts';
import { coreGroupNagStep, coreGroupRecordDueStep } from './core-groups/core-group-record-steps.ts';
import { parentsSlot, professionalsJoin } from './meeting-day/meeting-steps.ts';
import { sendConferencePack } from './reports/conference-pack.ts';
import { sendReportNotices } from './reports/report-notices.ts';
import { reportsMissingFlag, requestReports } from './reports/report-steps.ts';
import { chaseReports } from './reports/report-chasers.ts';
import { circulateMinutes } from './minutes/circulate-minutes.ts';
import { minutesWatch } from './minutes/minutes-watch.ts';
import { lateReviewNoticeStep } from './conference/late-review.ts';
import { pollNotify } from './post-and-texts/notify-poll.ts';
import { dayBeforeText } from './post-and-texts/text-steps.ts';
import { recordChildPlans } from './records/child-records.ts';
import { completeFollowOnStep } from './conference/follow-on.ts';
import { sendNewLinksStep } from './credentials/new-links.ts';

/**
 * Runs one step of a conference's workflow. A job from an older schedule version (the conference
 * was rescheduled while it waited or ran) does nothing: that is what keeps ghost reminders out.
 */
/** `payload` is what the job carries, step by step (validated by the jobs layer before it gets here). */
export async function handleStep(deps: AppDeps, payload: StepPayload): Promise<void> {
  const c = await deps.store.get(payload.conferenceId);
  const log = { conferenceId: payload.conferenceId, step: payload.step, version: payload.version };
  if (!c) {
    deps.logger.warn('job for a conference that no longer exists: skipped', log);
    return;
  }
  // What Notify did with letters and texts already sent does not depend on the schedule version or state.
  if (payload.step === 'notify-poll') return pollNotify(deps, c);
  // A stored change's own follow-on work: for the change whatever happened since (domain/follow-on.ts).
  if (payload.step === 'complete-follow-on') return completeFollowOnStep(deps, c);
  if (c.version !== payload.version) {
    deps.logger.info('job from an older schedule version: skipped', { ...log, current: c.version });
    return;
  }
  if (payload.step === 'send-cancellations') return sendCancellations(deps, c);
  if (isCancelled(c.state)) return;
  // One entry per step: the registry's type makes a forgotten step a compile error.
  const run = STEP_HANDLERS[payload.step] as StepHandler<Step>;
  try {
    await run(deps, c, payload);
  } catch (err) {
    // What the stored conference refuses (an unknown attendee, policy or core group, a missing
    // report file) is refused again on every retry: straight to the failed list, reason kept.
    if (err instanceof ValidationError || err instanceof NotFoundError)
      throw new StepCannotSucceedError(`${payload.step}: ${err.message}`, { cause: err });
    throw err;
  }
}

type StepHandler<S extends Step> = (deps: AppDeps, c: Conference, payload: StepPayloadOf<S>) => Promise<void>;

/** Every step's handler, by step ('notify-poll', 'complete-follow-on' and 'send-cancellations' are also reached early, above). */
const STEP_HANDLERS: { [S in Step]: StepHandler<S> } = {
  // With an attendee: an update of that person's own invitation only (their slot moved).
  'send-invites': (deps, c, p) => sendInvites(deps, c, p.attendeeId),
  'send-cancellations': (deps, c) => sendCancellations(deps, c),
  'notify-poll': (deps, c) => pollNotify(deps, c),
  'complete-follow-on': (deps, c) => completeFollowOnStep(deps, c),
  'reports-missing-flag': (deps, c) => reportsMissingFlag(deps, c),
  // One job per run time, chasing every author due then; a job naming one is from before that.
  'report-sharing-check': (deps, c, p) => chaseReports(deps, c, p),
  'conference-pack': (deps, c) => sendConferencePack(deps, c),
  'advocacy-referral-due': (deps, c, p) => advocacyReferralDue(deps, c, p.seq),
  'report-notices': (deps, c, p) => sendReportNotices(deps, c, p.attendeeId, p.seq ?? 1),
  // The conference's job asks every author still to be asked; an added author's (seq: their number) too.
  'report-request': (deps, c, p) =>
    requestReports(deps, c, { runAt: p.runAt, addedAuthor: p.attendeeId ?? (p.seq ? `a${p.seq}` : undefined) }),
  'report-reminder-1': (deps, c, p) => chaseReports(deps, c, p),
  'report-reminder-2': (deps, c, p) => chaseReports(deps, c, p),
  'report-reminder-3': (deps, c, p) => chaseReports(deps, c, p),
  'report-last-reminder': (deps, c, p) => chaseReports(deps, c, p),
  'report-overdue': (deps, c, p) => chaseReports(deps, c, p),
  'report-escalation': (deps, c, p) => chaseReports(deps, c, p),
  'parents-slot': (deps, c) => parentsSlot(deps, c),
  'professionals-join': (deps, c) => professionalsJoin(deps, c),
  // Without an attendee: the whole conference's fan-out (one job); with one, that attendee's share.
  'circulate-decision': (deps, c, p) =>
    p.attendeeId ? circulateDecision(deps, c, p.attendeeId) : fanOutDecision(deps, c),
  'release-held-letter': (deps, c, p) => circulateDecision(deps, c, p.attendeeId),
  'held-letter-chase': (deps, c, p) => chaseHeldLetter(deps, c, p.attendeeId, p.seq ?? 1),
  'circulation-watchdog': (deps, c) => circulationWatchdog(deps, c),
  'circulation-deadline': (deps, c) => circulationDeadline(deps, c),
  'hard-copy-due': (deps, c, p) => hardCopyDue(deps, c, new Date(p.runAt)),
  'follow-up-core-group': (deps, c, p) => followUpStep(deps, c, p.step),
  'follow-up-minutes': (deps, c, p) => followUpStep(deps, c, p.step),
  'follow-up-record-bundle': (deps, c, p) => followUpStep(deps, c, p.step),
  'follow-up-review': (deps, c, p) => followUpStep(deps, c, p.step),
  'follow-up-birth-core-group': (deps, c, p) => followUpStep(deps, c, p.step),
  'follow-up-birth-plan': (deps, c) => birthPlanDue(deps, c),
  'core-group-invites': (deps, c, p) => sendCoreGroupInvites(deps, c, p.seq),
  'core-group-cancellations': (deps, c, p) => sendCoreGroupCancellations(deps, c, p.seq),
  'core-group-nag': (deps, c, p) => coreGroupNagStep(deps, c, p.seq),
  'core-group-record': (deps, c, p) => circulateCoreGroupRecord(deps, c, p.seq),
  'core-group-record-due': (deps, c, p) => coreGroupRecordDueStep(deps, c, p.seq),
  'circulate-minutes': (deps, c, p) => circulateMinutes(deps, c, p.attendeeId, p.seq),
  'minutes-watchdog': (deps, c, p) => minutesWatch(deps, c, p.step),
  'minutes-deadline': (deps, c, p) => minutesWatch(deps, c, p.step),
  'late-review-notice': (deps, c) => lateReviewNoticeStep(deps, c),
  'record-child-plans': (deps, c) => recordChildPlans(deps, c),
  'plan-action-reminder': (deps, c, p) => planActionReminderStep(deps, c, p.seq),
  'plan-action-overdue': (deps, c, p) => planActionOverdueStep(deps, c, p.seq),
  'escalation-opened': (deps, c, p) => escalationStep(deps, c, p.step, p.seq),
  'escalation-due': (deps, c, p) => escalationStep(deps, c, p.step, p.seq),
  'escalation-resolved': (deps, c, p) => escalationStep(deps, c, p.step, p.seq),
  'text-day-before': (deps, c, p) => dayBeforeText(deps, c, p.attendeeId),
  'send-new-links': (deps, c, p) => sendNewLinksStep(deps, c, p.attendeeId, p.seq),
};
