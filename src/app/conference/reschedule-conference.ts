import { DateTime } from 'luxon';
import type { Conference } from '../../domain/conference.ts';
import { LONDON } from '../../domain/calendar/zone.ts';
import { lateConferenceWarning, lateReviewWarning } from '../../content/late-conference.ts';
import { missedReviewDeadline } from './late-review.ts';
import { notWorkingDayWarningOn, outsideWorkingHoursWarning } from '../../content/words.ts';
import { IllegalTransitionError, ValidationError } from '../../domain/errors.ts';
import { shiftSlots } from '../../domain/family-slots.ts';
import { isBeforeMeeting, isEnded, isPostponed, POSTPONED_PREFIX, transition } from '../../domain/state-machine.ts';
import { supersedeQueued } from '../../domain/inbound-queue.ts';
import { buildTimetable } from '../../domain/timetable-build.ts';
import type { AppDeps } from '../deps.ts';
import { reportRecords } from './create-conference.ts';
import { loadConference } from '../shared/load.ts';
import { parseInput } from '../shared/parse.ts';
import { withFollowOn } from '../../domain/follow-on.ts';
import { followOnAfterWrite } from './follow-on.ts';
import { withArrangementTasks } from './tasks.ts';
import { CancelInput, RescheduleInput } from './conference-schemas.ts';
import { parseLondonInstant, toLondonIso } from '../shared/time.ts';

function assertBeforeMeeting(c: Conference, to: string): void {
  // Cancelled or closed: the error says so ("already cancelled", "cancelled, so it cannot be rescheduled").
  if (!isBeforeMeeting(c.state))
    throw new IllegalTransitionError(
      c.state,
      to,
      c.state === to || isEnded(c.state) ? undefined : 'the meeting has already started',
    );
}

/**
 * Moves the conference: a new version, a new timetable, the old version's jobs removed before the
 * new ones are queued, so no reminder ever quotes the old date. Updated invites keep their UIDs.
 */
/** `actor`: who is audited (a dashboard session names its signed-in user); `requestedBy` stays the person who asked. */
export async function rescheduleConference(
  deps: AppDeps,
  id: string,
  raw: unknown,
  actor = 'coordinator',
): Promise<Conference> {
  const input = parseInput(RescheduleInput, raw, 'reschedule request');
  const current = await loadConference(deps.store, id);
  assertBeforeMeeting(current, 'rescheduled');
  const policy = deps.policies.get(current.policyId);
  const starts = parseLondonInstant(input.startsAt)!;
  const now = deps.clock.now();
  if (starts.toMillis() <= now.getTime())
    throw new ValidationError('Invalid reschedule request', [{ field: 'startsAt', message: 'must be in the future' }]);
  const durationMinutes = input.durationMinutes ?? current.durationMinutes;
  // The same time again is no change: it would tell everyone "new time" and wipe their answers.
  // A postponed conference has withdrawn its invitations, so booking it back at its old time is a change.
  if (
    !isPostponed(current) &&
    starts.toMillis() === Date.parse(current.startsAt) &&
    durationMinutes === current.durationMinutes
  )
    throw new ValidationError('Invalid reschedule request', [
      {
        field: 'startsAt',
        message: `is already the conference's time (${toLondonIso(starts)}, ${durationMinutes} minutes): nothing was changed`,
      },
    ]);
  const expectedDueDate = current.children.find((c) => c.unborn)?.expectedDueDate;
  const timetable = buildTimetable(
    {
      policy,
      kind: current.kind,
      startsAt: toLondonIso(starts),
      durationMinutes,
      ...(current.strategyDiscussionOn ? { strategyDiscussionOn: current.strategyDiscussionOn } : {}),
      ...(current.notifiedOn ? { notifiedOn: current.notifiedOn } : {}),
      ...(expectedDueDate ? { expectedDueDate } : {}),
    },
    deps.calendar,
  );
  const at = toLondonIso(now);
  const updated = await deps.store.update(id, (c) => {
    assertBeforeMeeting(c, 'rescheduled');
    const fresh = reportRecords(c.attendees, timetable);
    const reports = Object.fromEntries(
      Object.entries(c.reports).map(([k, r]) => [
        k,
        r.status === 'received' ? r : { ...r, ...(fresh[k]?.dueAt ? { dueAt: fresh[k].dueAt } : {}) },
      ]),
    );
    // Open arrangements move with the meeting; a child who is now of the advocate age gets a referral.
    // The follow-on work (old jobs out, new ones in, the audit) is stored with the change: follow-on.ts.
    const version = c.version + 1;
    return withArrangementTasks(
      {
        ...transition(c, 'rescheduled', { at, by: input.requestedBy, reason: input.reason }),
        version,
        startsAt: toLondonIso(starts),
        durationMinutes,
        timetable,
        reports,
        // A new time is a new question: earlier answers were for the old time (the updated invite asks again).
        // Separate parents' slots move with the conference, keeping the gaps the chair chose.
        attendees: shiftSlots(c.attendees, starts.toMillis() - Date.parse(c.startsAt), (ms) =>
          toLondonIso(new Date(ms)),
        ).map(({ rsvpAt: _answeredAt, ...a }) => ({
          ...a,
          rsvp: 'needs-action' as const,
        })),
        followOn: withFollowOn(c.followOn, {
          kind: 'replan',
          version,
          since: at,
          audit: {
            at,
            actor,
            action: 'conference.rescheduled',
            detail: {
              requestedBy: input.requestedBy,
              reason: input.reason,
              from: c.startsAt,
              to: toLondonIso(starts),
              version,
            },
          },
        }),
      },
      policy,
      deps,
    );
  });
  return followOnAfterWrite(deps, updated);
}

/**
 * What the coordinator is told after moving a conference, as when booking one: a new date past the
 * policy's latest date for its kind, a review moved past its statutory deadline (the last
 * conference's "review by", which confirming it late needs a reason for), or on a weekend, bank
 * holiday or closure day (allowed, since an urgent meeting may need it, but nobody should move one
 * there by mistake).
 */
export async function rescheduleWarnings(
  deps: Pick<AppDeps, 'policies' | 'calendar' | 'store'>,
  c: Conference,
): Promise<string[]> {
  const policy = deps.policies.get(c.policyId);
  const starts = DateTime.fromISO(c.startsAt, { zone: LONDON });
  const date = starts.toISODate()!;
  const warnings: string[] = [];
  if (c.timetable.latestConferenceDate && Date.parse(c.startsAt) > Date.parse(c.timetable.latestConferenceDate))
    warnings.push(
      lateConferenceWarning(policy, c.kind, c.timetable.latestConferenceDate, {
        strategyDiscussionOn: c.strategyDiscussionOn,
        notifiedOn: c.notifiedOn,
      }),
    );
  const previous = c.reviewOf ? await deps.store.get(c.reviewOf) : undefined;
  const lateReview = missedReviewDeadline(previous, c.startsAt);
  if (lateReview) warnings.push(lateReviewWarning(lateReview, previous!.reference));
  const notWorking = notWorkingDayWarningOn(deps.calendar, date);
  if (notWorking) warnings.push(notWorking);
  const offHours = outsideWorkingHoursWarning(c.startsAt, policy.timings.workingHours);
  if (offHours) warnings.push(offHours);
  return warnings;
}

/**
 * Cancelling and postponing withdraw the conference the same way: a new version, every pending job
 * removed, cancellations sent to everyone invited. They differ only in where the conference goes
 * (cancelled for good, or rescheduled to wait for a new date) and in what the audit trail says.
 */
const WITHDRAWALS = {
  cancel: { to: 'cancelled', request: 'cancel request', action: 'conference.cancelled', reason: (r: string) => r },
  postpone: {
    to: 'rescheduled',
    request: 'postpone request',
    action: 'conference.postponed',
    reason: (r: string) => `${POSTPONED_PREFIX}${r}`,
  },
} as const;

async function withdrawConference(
  deps: AppDeps,
  id: string,
  raw: unknown,
  how: keyof typeof WITHDRAWALS,
  actor: string,
): Promise<Conference> {
  const w = WITHDRAWALS[how];
  const input = parseInput(CancelInput, raw, w.request);
  const current = await loadConference(deps.store, id);
  assertBeforeMeeting(current, w.to);
  const now = deps.clock.now();
  const at = toLondonIso(now);
  const updated = await deps.store.update(id, (c) => {
    assertBeforeMeeting(c, w.to);
    const moved = transition(c, w.to, { at, by: input.requestedBy, reason: w.reason(input.reason) });
    // Cancelled: unproven mail still waiting can no longer be filed (postponed: it still can).
    const resolved = isEnded(w.to)
      ? supersedeQueued(moved, at, 'conference-ended')
      : { conference: moved, superseded: [] };
    const version = c.version + 1;
    // Every job of the old version goes and the cancellations are sent: stored with the change (follow-on.ts).
    const audit = { at, actor, action: w.action, detail: { requestedBy: input.requestedBy, reason: input.reason } };
    return {
      ...resolved.conference,
      version,
      followOn: withFollowOn(c.followOn, {
        kind: 'withdraw',
        version,
        since: at,
        audit: resolved.superseded.length ? { ...audit, superseded: resolved.superseded } : audit,
      }),
    };
  });
  return followOnAfterWrite(deps, updated);
}

/** Cancels the conference: every pending job removed, cancellations sent to everyone invited. */
export const cancelConference = (deps: AppDeps, id: string, raw: unknown, actor = 'coordinator'): Promise<Conference> =>
  withdrawConference(deps, id, raw, 'cancel', actor);

/** Postpones without a new date yet: jobs stop, invites are withdrawn, the conference waits to be rescheduled. */
export const postponeConference = (
  deps: AppDeps,
  id: string,
  raw: unknown,
  actor = 'coordinator',
): Promise<Conference> => withdrawConference(deps, id, raw, 'postpone', actor);
