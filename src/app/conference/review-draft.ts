/**
 * The review conference after a child protection plan: created as a draft (same children on a
 * plan, same attendees) pencilled in at the review deadline, for the coordinator to confirm.
 * Confirming queues its invitations and report chasing exactly as createConference does.
 *
 * Only who the people are carries over. What belonged to the last meeting does not: answers to its
 * invitation, its reports, links, attendance and the approved "who will be there" list. Parents'
 * own pre-meeting slots move to the review's date at the same offsets from the start (and again if
 * the coordinator confirms another time); one that no longer fits is dropped with a warning.
 */
import { z } from 'zod/v4';
import type { Conference } from '../../domain/conference.ts';
import { ConflictError, IllegalTransitionError, ValidationError } from '../../domain/errors.ts';
import { moveSlots, type DroppedSlot } from '../../domain/family-slots.ts';
import type { FollowUpPlan } from '../../domain/follow-ups.ts';
import { idCounters } from '../../domain/ids.ts';
import type { Policy } from '../../domain/policy/schema.ts';
import { isDraft, transition } from '../../domain/state-machine.ts';
import { confirmWarnings, slotWarning } from './review-warnings.ts';
import { buildTimetable } from '../../domain/timetable-build.ts';
import { reportRecords } from './create-conference.ts';
import type { AppDeps } from '../deps.ts';
import { loadConference } from '../shared/load.ts';
import { parseInput } from '../shared/parse.ts';
import { withFollowOn } from '../../domain/follow-on.ts';
import { followOnAfterWrite, storedJobs } from './follow-on.ts';
import { withArrangementTasks } from './tasks.ts';
import { leftOff, leftOffWarnings } from './review-attendees.ts';
import { lateReasonIssue, missedReviewDeadline } from './late-review.ts';
import { instant } from '../shared/field-schemas.ts';
import { parseLondonInstant, toLondonIso } from '../shared/time.ts';

export const ConfirmBody = z
  .object({
    startsAt: instant.optional(),
    by: z.string().trim().min(1).max(120).optional(),
    /** The chair has agreed that parents who had their own slots last time may share the parents' time. */
    sharedParentsTimeAgreed: z.boolean().optional(),
    /** Why the review is held after its statutory deadline: required then (audited; the coordinator and chair are told). */
    lateReason: z.string().trim().min(1).max(2000).optional(),
  })
  .strict();

const londonIsoOf = (ms: number) => toLondonIso(new Date(ms));

/** Parents and carers who had their own slot at the last conference and have none on the draft. */
function lostSlots(c: Conference, draft: Conference): string[] {
  return c.attendees
    .filter((a) => a.preMeetingSlot && draft.attendees.some((d) => d.id === a.id && !d.preMeetingSlot))
    .map(
      (a) =>
        `${a.id} (${a.role}) had their own pre-meeting slot at ${c.reference}; it did not fit the review's parents' time, so they now share the parents' time at the calendar start. Set separate slots again with POST /api/conferences/${draft.id}/pre-meeting-slots before confirming.`,
    );
}

function draftFrom(
  c: Conference,
  policy: Policy,
  plan: FollowUpPlan,
  id: string,
  reference: string,
  deps: Pick<AppDeps, 'calendar'>,
  at: string,
): { draft: Conference; dropped: DroppedSlot[] } {
  const onPlan = new Set([...plan.onPlan, ...plan.awaitingBirth, ...plan.born.map((b) => b.childId)]);
  const startsAt = plan.reviewStartsAt!;
  const timetable = buildTimetable(
    { policy, kind: 'review', startsAt, durationMinutes: c.durationMinutes },
    deps.calendar,
  );
  // A new meeting is a new question: nobody has answered its invitation yet.
  // A parent's link to their own children keeps only those on the review's agenda (never widened to
  // every child); one with none on it (their child had no plan, a half-sibling has) is not invited,
  // nor whoever comes with them: the review is about another family's children (leftOff).
  const out = new Set(leftOff(c, onPlan).map((a) => a.id));
  const fresh = c.attendees
    .filter((a) => !out.has(a.id))
    .map(({ rsvpAt: _r, childIds, ...a }) => ({
      ...a,
      rsvp: 'needs-action' as const,
      ...(childIds ? { childIds: childIds.filter((id) => onPlan.has(id)) } : {}),
    }));
  // Separate parents' times were the chair's arrangement for keeping parents apart: they move to the
  // review's date at the same offsets instead of keeping the last conference's date.
  const { attendees, dropped } = moveSlots(
    fresh,
    Date.parse(startsAt) - Date.parse(c.startsAt),
    timetable,
    londonIsoOf,
  );
  const draft: Conference = {
    id,
    reference,
    policyId: c.policyId,
    kind: 'review',
    state: 'draft',
    version: 1,
    rev: 1,
    startsAt,
    durationMinutes: c.durationMinutes,
    mode: c.mode,
    meetingProvider: c.meetingProvider,
    ...(c.venue ? { venue: c.venue } : {}),
    // A review reviews the plans: children with no plan are not on its agenda.
    children: c.children.filter((ch) => onPlan.has(ch.id)),
    attendees,
    timetable,
    reports: reportRecords(attendees, timetable),
    views: [],
    // Same people, same ids: the review's own new ids continue above the last conference's.
    idCounters: { ...idCounters(c), blob: 0 },
    calendarUidPerAttendee: true,
    history: [],
    reviewOf: c.id,
    createdAt: at,
    updatedAt: at,
  };
  return { draft, dropped };
}

/**
 * Creates the draft once: the id is claimed on the conference first, so a retried job finds it
 * and only creates the draft if the earlier attempt stopped before storing it.
 */
export async function createReviewDraft(
  deps: AppDeps,
  c: Conference,
  policy: Policy,
  plan: FollowUpPlan,
): Promise<{ draft: Conference; created: boolean; warnings: string[] } | undefined> {
  if (!plan.reviewStartsAt) return undefined;
  const candidate = deps.newId();
  const claimed = await deps.store.update(c.id, (cur) =>
    cur.reviewDraftId ? cur : { ...cur, reviewDraftId: candidate },
  );
  const id = claimed.reviewDraftId!;
  // Warnings are read off the stored draft, so a retried job that finds it still reports them.
  const found = (draft: Conference) => ({
    draft,
    created: false,
    warnings: [...leftOffWarnings(claimed, draft), ...lostSlots(claimed, draft)],
  });
  const existing = await deps.store.get(id);
  if (existing) return found(existing);
  const at = toLondonIso(deps.clock.now());
  const reference = await deps.store.nextReference(Number(plan.reviewStartsAt.slice(0, 4)));
  const { draft, dropped } = draftFrom(claimed, policy, plan, id, reference, deps, at);
  try {
    await deps.store.create(draft);
  } catch (err) {
    if (err instanceof ConflictError) return found((await deps.store.get(id))!);
    throw err;
  }
  const warnings = [...leftOffWarnings(claimed, draft), ...dropped.map((d) => slotWarning(d, id))];
  for (const w of warnings)
    deps.logger.warn('review draft: check before confirming', { conferenceId: id, reference, warning: w });
  await deps.store.audit(id, {
    at,
    actor: 'system',
    action: 'conference.drafted',
    detail: {
      reviewOf: c.id,
      reviewOfReference: c.reference,
      startsAt: draft.startsAt,
      reviewBy: plan.reviewBy ?? null,
      ...(dropped.length ? { slotsDropped: dropped } : {}),
      ...(warnings.length ? { warnings } : {}),
    },
  });
  return { draft, created: true, warnings };
}

/**
 * The coordinator confirms a draft (optionally at another time): draft → scheduled, invitations
 * queued. At another time, parents' own slots move with the start; any that no longer fit are
 * dropped and named in `warnings`.
 */
export async function confirmDraft(
  deps: AppDeps,
  id: string,
  raw: unknown = {},
  actor = 'coordinator',
): Promise<{ conference: Conference; warnings: string[] }> {
  const input = parseInput(ConfirmBody, raw, 'confirmation');
  const current = await loadConference(deps.store, id);
  if (!isDraft(current.state))
    throw new IllegalTransitionError(current.state, 'scheduled', 'only a draft conference is confirmed');
  const policy = deps.policies.get(current.policyId);
  const now = deps.clock.now();
  const at = toLondonIso(now);
  // The coordinator's key, or the signed-in dashboard user.
  const by = actor;
  const startsAt = input.startsAt ? toLondonIso(parseLondonInstant(input.startsAt)!) : current.startsAt;
  if (Date.parse(startsAt) <= now.getTime())
    throw new ValidationError('Invalid confirmation', [
      { field: 'startsAt', message: `must be in the future (it is now ${at})` },
    ]);
  const timetable =
    startsAt === current.startsAt
      ? current.timetable
      : buildTimetable(
          { policy, kind: current.kind, startsAt, durationMinutes: current.durationMinutes },
          deps.calendar,
        );
  // Parents kept apart last time (separation, domestic abuse) are never put together by accident:
  // a slot that no longer fits stops the confirmation until the slots are set again or the chair agrees.
  const previous =
    !input.sharedParentsTimeAgreed && current.reviewOf ? await deps.store.get(current.reviewOf) : undefined;
  const refuseLostSlots = (attendees: Conference['attendees']): void => {
    const lost = (previous?.attendees ?? []).filter(
      (p) => p.preMeetingSlot && attendees.some((a) => a.id === p.id && !a.preMeetingSlot),
    );
    if (lost.length)
      throw new ValidationError('Separate parents’ slots would be lost', [
        {
          field: input.startsAt ? 'startsAt' : 'attendees',
          message: `${lost.map((a) => `${a.id} (${a.role})`).join(', ')} had their own pre-meeting slot at ${previous!.reference}, which does not fit this conference: set the slots again (POST /api/conferences/${id}/pre-meeting-slots) before confirming, or confirm with sharedParentsTimeAgreed: true if the chair agrees they may share the parents' time`,
        },
      ]);
  };
  // A review after its statutory deadline needs the coordinator's reason; the chair is told.
  const before = current.reviewOf ? await deps.store.get(current.reviewOf) : undefined;
  const late = missedReviewDeadline(before, startsAt);
  if (late && !input.lateReason)
    throw new ValidationError('Invalid confirmation', [lateReasonIssue(late, before!.reference)]);
  const lateReview =
    late && input.lateReason ? { reviewBy: late, reason: input.lateReason, recordedAt: at } : undefined;
  let dropped: DroppedSlot[] = [];
  let warnings: string[] = [];
  // Its jobs (invitations, report requests, chasers; the chair's late-review notice) and audit entry
  // are stored with it (follow-on.ts): a failure after the write is repaired, not answered "try again".
  const stored = await deps.store.update(id, (c) => {
    const moved =
      startsAt === c.startsAt
        ? { attendees: c.attendees, dropped: [] }
        : moveSlots(c.attendees, Date.parse(startsAt) - Date.parse(c.startsAt), timetable, londonIsoOf);
    refuseLostSlots(moved.attendees);
    dropped = moved.dropped;
    warnings = confirmWarnings(deps, policy, startsAt, id, dropped, lateReview);
    // The review's own arrangements (interpreters, advocacy referrals), due before its date.
    const next = withArrangementTasks(
      {
        ...transition(c, 'scheduled', { at, by }),
        startsAt,
        timetable,
        attendees: moved.attendees,
        reports: startsAt === c.startsAt ? c.reports : reportRecords(moved.attendees, timetable),
        ...(lateReview ? { lateReview } : {}),
      },
      policy,
      deps,
    );
    const detail = {
      ...(input.by ? { requestedBy: input.by } : {}),
      startsAt,
      ...(lateReview ? { lateReview } : {}),
      ...(dropped.length ? { slotsDropped: dropped } : {}),
      ...(warnings.length ? { warnings } : {}),
    };
    const notice = { conferenceId: id, version: next.version, step: 'late-review-notice' as const, runAt: now };
    const audit = {
      at,
      actor: by,
      action: 'conference.confirmed',
      detail,
      ...(lateReview ? { effects: [{ do: 'schedule' as const, jobs: storedJobs([notice]) }] } : {}),
    };
    return { ...next, followOn: withFollowOn(c.followOn, { kind: 'create', version: next.version, since: at, audit }) };
  });
  for (const w of dropped.map((d) => slotWarning(d, id)))
    deps.logger.warn('confirmed review: pre-meeting slot dropped', {
      conferenceId: id,
      reference: stored.reference,
      warning: w,
    });
  const confirmed = await followOnAfterWrite(deps, stored);
  return { conference: confirmed, warnings };
}
