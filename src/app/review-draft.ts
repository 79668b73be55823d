/**
 * The review conference after a child protection plan: created as a draft (same children on a
 * plan, same attendees) pencilled in at the review deadline, for the coordinator to confirm.
 * Confirming queues its invitations and report chasing exactly as createConference does.
 */
import { z } from 'zod/v4';
import type { Conference } from '../domain/conference.ts';
import { ConflictError, IllegalTransitionError, ValidationError } from '../domain/errors.ts';
import type { FollowUpPlan } from '../domain/follow-ups.ts';
import type { Policy } from '../domain/policy/schema.ts';
import { transition } from '../domain/state-machine.ts';
import { buildTimetable } from '../domain/timetable-build.ts';
import { reportRecords } from './create-conference.ts';
import type { AppDeps } from './deps.ts';
import { loadConference } from './load.ts';
import { parseInput } from './parse.ts';
import { planConferenceJobs } from './plan-jobs.ts';
import { instant } from './schemas.ts';
import { parseLondonInstant, toLondonIso } from './time.ts';

const ConfirmBody = z
  .object({ startsAt: instant.optional(), by: z.string().trim().min(1).max(120).optional() })
  .strict();

function draftFrom(c: Conference, policy: Policy, plan: FollowUpPlan, id: string, reference: string, deps: Pick<AppDeps, 'calendar'>, at: string): Conference {
  const onPlan = new Set([...plan.onPlan, ...plan.awaitingBirth, ...plan.born.map((b) => b.childId)]);
  const startsAt = plan.reviewStartsAt!;
  const timetable = buildTimetable({ policy, kind: 'review', startsAt, durationMinutes: c.durationMinutes }, deps.calendar);
  const attendees = c.attendees.map(({ rsvpAt: _r, ...a }) => ({ ...a, rsvp: 'needs-action' as const }));
  return {
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
    history: [],
    reviewOf: c.id,
    createdAt: at,
    updatedAt: at,
  };
}

/**
 * Creates the draft once: the id is claimed on the conference first, so a retried job finds it
 * and only creates the draft if the earlier attempt stopped before storing it.
 */
export async function createReviewDraft(deps: AppDeps, c: Conference, policy: Policy, plan: FollowUpPlan): Promise<{ draft: Conference; created: boolean } | undefined> {
  if (!plan.reviewStartsAt) return undefined;
  const candidate = deps.newId();
  const claimed = await deps.store.update(c.id, (cur) => (cur.reviewDraftId ? cur : { ...cur, reviewDraftId: candidate }));
  const id = claimed.reviewDraftId!;
  const existing = await deps.store.get(id);
  if (existing) return { draft: existing, created: false };
  const at = toLondonIso(deps.clock.now());
  const reference = await deps.store.nextReference(Number(plan.reviewStartsAt.slice(0, 4)));
  const draft = draftFrom(claimed, policy, plan, id, reference, deps, at);
  try {
    await deps.store.create(draft);
  } catch (err) {
    if (err instanceof ConflictError) return { draft: (await deps.store.get(id))!, created: false };
    throw err;
  }
  await deps.store.audit(id, { at, actor: 'system', action: 'conference.drafted', detail: { reviewOf: c.id, reviewOfReference: c.reference, startsAt: draft.startsAt, reviewBy: plan.reviewBy ?? null } });
  return { draft, created: true };
}

/** The coordinator confirms a draft (optionally at another time): draft → scheduled, invitations queued. */
export async function confirmDraft(deps: AppDeps, id: string, raw: unknown = {}): Promise<Conference> {
  const input = parseInput(ConfirmBody, raw, 'confirmation');
  const current = await loadConference(deps.store, id);
  if (current.state !== 'draft') throw new IllegalTransitionError(current.state, 'scheduled', 'only a draft conference is confirmed');
  const policy = deps.policies.get(current.policyId);
  const now = deps.clock.now();
  const at = toLondonIso(now);
  const by = input.by ?? 'coordinator';
  const startsAt = input.startsAt ? toLondonIso(parseLondonInstant(input.startsAt)!) : current.startsAt;
  if (Date.parse(startsAt) <= now.getTime()) throw new ValidationError('Invalid confirmation', [{ field: 'startsAt', message: `must be in the future (it is now ${at})` }]);
  const timetable = startsAt === current.startsAt ? current.timetable : buildTimetable({ policy, kind: current.kind, startsAt, durationMinutes: current.durationMinutes }, deps.calendar);
  const confirmed = await deps.store.update(id, (c) => ({
    ...transition(c, 'scheduled', { at, by }),
    startsAt,
    timetable,
    reports: startsAt === c.startsAt ? c.reports : reportRecords(c.attendees, timetable),
  }));
  await deps.store.audit(id, { at, actor: by, action: 'conference.confirmed', detail: { startsAt } });
  await deps.jobs.schedule(planConferenceJobs(confirmed, policy, deps));
  return confirmed;
}
