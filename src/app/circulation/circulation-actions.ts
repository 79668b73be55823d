/**
 * Things people report back during circulation and follow-up: the social worker has told an absent
 * parent in person (their held letter goes at once), and an unborn child on a plan has been born
 * (the first core group is counted from the birth).
 */
import { isCirculated } from '../../domain/state-machine.ts';
import { z } from 'zod/v4';
import { circulationRecipients } from '../../domain/circulation.ts';
import type { Conference } from '../../domain/conference.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../domain/errors.ts';
import { coreGroupAfterBirth } from '../../domain/follow-ups.ts';
import { birthDateIssue, closeBirthPlanAtBirth } from '../../domain/pre-birth.ts';
import { birthPlanOvertaken } from '../../content/templates/birth-plan-notice.ts';
import { TOLD_IN_PERSON_STEP } from './circulation-status.ts';
import { audited, COORDINATOR, requested, type Actor } from '../credentials/actor.ts';
import {
  EXPLAINED_BY,
  EXPLAINED_HOW,
  heldLetterOf,
  holdLifted,
  VIEW_ROUTES,
  withExplanation,
  withReleased,
} from '../../domain/held-letters.ts';
import type { Policy } from '../../domain/policy/schema.ts';
import type { AppDeps } from '../deps.ts';
import { withEffects, type FollowOnEffect } from '../../domain/follow-on.ts';
import { followOnAfterWrite } from '../conference/follow-on.ts';
import { loadConference } from '../shared/load.ts';
import { parseInput } from '../shared/parse.ts';
import { isCalendarDate, londonDate, toLondonIso } from '../shared/time.ts';

export const BirthBody = z
  .object({
    bornOn: z.string().refine(isCalendarDate, { message: 'expected a real date as YYYY-MM-DD' }),
    by: z.string().trim().min(1).max(120).optional(),
  })
  .strict();

/** Who told the parent, how, and how they could give their view of the decision (held-letters.ts). */
export const ExplainedBody = z
  .object({
    explainedBy: z.enum(EXPLAINED_BY, { error: `Choose who told them: ${EXPLAINED_BY.join(' or ')}` }),
    how: z.enum(EXPLAINED_HOW, { error: `Choose how they were told: ${EXPLAINED_HOW.join(', ')}` }),
    view: z.enum(VIEW_ROUTES, { error: `Choose how they gave their view: ${VIEW_ROUTES.join(', ')}` }),
    by: z.string().trim().min(1).max(120).optional(),
  })
  .strict();

/** Why the chair or the coordinator lets a held letter go before anyone records telling the parent. */
export const ReleaseBody = z
  .object({
    reason: z
      .string({ error: 'Say why the letter should go before anyone has told them' })
      .trim()
      .min(1, { message: 'Say why the letter should go before anyone has told them' })
      .max(1000),
    by: z.string().trim().min(1).max(120).optional(),
  })
  .strict();

/** The parent's (not a companion's) held letter, or why there is none to act on. */
function heldParentLetter(deps: AppDeps, c: Conference, attendeeId: string) {
  if (!c.decision?.approvedAt) throw new ConflictError(`The decision of ${c.reference} is not approved yet`);
  const policy = deps.policies.get(c.policyId);
  const r = circulationRecipients(c, policy).find(
    (x) => x.attendeeId === attendeeId && x.copy === 'family' && !x.letterOf,
  );
  if (!r) throw new NotFoundError(`No parent or carer ${attendeeId.slice(0, 12)} receives a letter in ${c.reference}`);
  if (!r.holdFor)
    throw new ConflictError(
      `The letter to ${attendeeId} is not held: they were at the whole meeting, or the policy sends it at once`,
    );
  return { policy, holdFor: r.holdFor };
}

/**
 * The held letter goes now, with any companion's copy of it: each letter's chasers are cancelled
 * (no ghost reminder) and a release job queued for now (it sends only once the hold is lifted).
 * As effects stored with the change (follow-on.ts): should queueing fail after the write, a repair
 * queues them, and the person who let it go is not refused on trying again with the letter never sent.
 */
function letLetterGo(deps: AppDeps, c: Conference, policy: Policy, attendeeId: string): FollowOnEffect[] {
  const letters = circulationRecipients(c, policy).filter(
    (x) => x.copy === 'family' && (x.attendeeId === attendeeId || x.letterOf === attendeeId),
  );
  const runAt = deps.clock.now().toISOString();
  return [
    { do: 'cancel-attendee', attendeeId, steps: ['held-letter-chase'] },
    ...letters.flatMap((x): FollowOnEffect[] => [
      { do: 'cancel-attendee', attendeeId: x.attendeeId, steps: ['release-held-letter'] },
      { do: 'schedule', jobs: [{ version: c.version, step: 'release-held-letter', attendeeId: x.attendeeId, runAt }] },
    ]),
  ];
}

/**
 * The chair or the coordinator lets a held letter go before anyone has recorded telling the parent
 * (they cannot be reached, say), with the reason: audited, the chasers stop, and the letter (and any
 * companion's copy) goes now, telling them the chair or their social worker will contact them. The
 * explanation is still to be recorded: the worklist keeps it. Bad input changes nothing.
 */
export async function releaseHeldLetter(
  deps: AppDeps,
  id: string,
  attendeeId: string,
  raw: unknown = {},
  actor: Actor = COORDINATOR,
): Promise<Conference> {
  const input = parseInput(ReleaseBody, raw, 'release');
  const who = audited(actor, input.by);
  const c = await loadConference(deps.store, id);
  const { policy, holdFor } = heldParentLetter(deps, c, attendeeId);
  const held = heldLetterOf(c, attendeeId);
  if (held?.explained) throw new ConflictError(`It is already recorded that ${attendeeId} was told the decision`);
  if (holdLifted(held)) throw new ConflictError(`The letter to ${attendeeId} is no longer held`);
  if (!held) throw new ConflictError(`The letter to ${attendeeId} is not held yet: it is still being sent`);
  const at = toLondonIso(deps.clock.now());
  // Checked again as it is written: of two presses at once (a double click, a replay), one releases.
  const stored = await deps.store.update(id, (cur) => {
    if (holdLifted(heldLetterOf(cur, attendeeId)))
      throw new ConflictError(`The letter to ${attendeeId} is no longer held`);
    const next = withReleased(cur, attendeeId, { at, reason: input.reason, recordedBy: who.actor });
    const audit = {
      actor: who.actor,
      action: 'decision.letter-released-unexplained',
      detail: { attendeeId, reason: holdFor, why: input.reason, ...requested(who) },
    };
    return { ...next, followOn: withEffects(next, at, audit, letLetterGo(deps, next, policy, attendeeId)) };
  });
  return followOnAfterWrite(deps, stored);
}

/**
 * The chair or the social worker has told a parent whose letter is held (absent, or asked to leave
 * part of the meeting): recorded with who, how and how the parent gave their view, and the letter
 * (and any companion's copy) goes at once, saying so. Recorded after the letter was released without
 * it (or, before letters waited without limit, sent at the hold time), it closes the task.
 */
export async function confirmToldInPerson(
  deps: AppDeps,
  id: string,
  attendeeId: string,
  raw: unknown = {},
  actor: Actor = COORDINATOR,
): Promise<Conference> {
  const input = parseInput(ExplainedBody, raw, 'explanation');
  // The coordinator's key: audited as the coordinator, the claimed `by` as requestedBy; the chair's link: as the chair.
  const who = audited(actor, input.by);
  const c = await loadConference(deps.store, id);
  const { policy, holdFor } = heldParentLetter(deps, c, attendeeId);
  if (heldLetterOf(c, attendeeId)?.explained)
    throw new ConflictError(`It is already recorded that ${attendeeId} was told the decision`);
  const at = toLondonIso(deps.clock.now());
  const explained = { by: input.explainedBy, how: input.how, view: input.view, at, recordedBy: who.actor };
  const stored = await deps.store.update(id, (cur) => {
    if (heldLetterOf(cur, attendeeId)?.explained)
      throw new ConflictError(`It is already recorded that ${attendeeId} was told the decision`);
    const next = withExplanation(cur, attendeeId, holdFor, explained);
    const audit = {
      actor: who.actor,
      action: 'decision.told-in-person',
      detail: {
        attendeeId,
        reason: holdFor,
        explainedBy: input.explainedBy,
        how: input.how,
        view: input.view,
        ...requested(who),
      },
    };
    return {
      ...next,
      followOn: withEffects(next, at, audit, [
        {
          do: 'record-delivery',
          step: TOLD_IN_PERSON_STEP,
          recipient: attendeeId,
          channel: 'via-social-worker',
          note: 'told',
        },
        ...letLetterGo(deps, next, policy, attendeeId),
      ]),
    };
  });
  return followOnAfterWrite(deps, stored);
}

/**
 * Records the birth of a child who was unborn at the conference. If the child is on a plan and the
 * decision has gone out, the core group is notified at once with its deadline counted from the birth;
 * if circulation is still under way, it picks the birth up when it finishes.
 */
export async function recordBirth(
  deps: AppDeps,
  id: string,
  childId: string,
  raw: unknown,
): Promise<{ conference: Conference; coreGroupBy?: string }> {
  const input = parseInput(BirthBody, raw, 'birth');
  const current = await loadConference(deps.store, id);
  const child = current.children.find((ch) => ch.id === childId);
  if (!child) throw new NotFoundError(`No child ${childId.slice(0, 12)} in ${current.reference}`);
  if (!child.expectedDueDate)
    throw new ValidationError('Invalid birth', [
      { field: 'childId', message: `${childId} was not unborn at the conference` },
    ]);
  if (child.bornOn && child.bornOn !== input.bornOn)
    throw new ConflictError(`The birth of ${childId} is already recorded (${child.bornOn})`);
  const now = deps.clock.now();
  if (input.bornOn > londonDate(now))
    throw new ValidationError('Invalid birth', [{ field: 'bornOn', message: 'cannot be in the future' }]);
  const early = birthDateIssue(current, input.bornOn);
  if (early) throw new ValidationError('Invalid birth', [early]);
  const at = toLondonIso(now);
  const conference = await deps.store.update(id, (c) => ({
    ...c,
    children: c.children.map((ch) =>
      ch.id === childId ? { ...ch, unborn: false, bornOn: input.bornOn, dateOfBirth: input.bornOn } : ch,
    ),
    // A birth plan still open is overtaken: not needed, never chased, off the worklist.
    ...(c.tasks ? { tasks: closeBirthPlanAtBirth(c.tasks, childId, birthPlanOvertaken(input.bornOn), at) } : {}),
  }));
  const overtaken = (conference.tasks ?? []).filter(
    (t) => t.kind === 'agree-birth-plan' && t.subject === childId && t.status === 'not-needed' && t.doneAt === at,
  );
  const policy = deps.policies.get(current.policyId);
  const onPlan = conference.decision?.outcomes.find((o) => o.childId === childId)?.outcome === 'child-protection-plan';
  const coreGroupBy = onPlan ? coreGroupAfterBirth(policy, input.bornOn, deps.calendar) : undefined;
  await deps.store.audit(id, {
    at,
    actor: 'coordinator',
    action: 'child.born',
    detail: {
      ...(input.by ? { requestedBy: input.by } : {}),
      childId,
      bornOn: input.bornOn,
      coreGroupBy: coreGroupBy ?? null,
      ...(overtaken.length ? { birthPlanNotNeeded: overtaken.map((t) => t.id) } : {}),
    },
  });
  if (onPlan && isCirculated(conference.state)) {
    await deps.jobs.schedule([
      { conferenceId: id, version: conference.version, step: 'follow-up-birth-core-group', runAt: now },
    ]);
  }
  return { conference, ...(coreGroupBy ? { coreGroupBy } : {}) };
}
