/**
 * Things people report back during circulation and follow-up: the social worker has told an absent
 * parent in person (their held letter goes at once), and an unborn child on a plan has been born
 * (the first core group is counted from the birth).
 */
import { z } from 'zod/v4';
import { circulationRecipients } from '../domain/circulation.ts';
import type { Conference } from '../domain/conference.ts';
import { ConflictError, NotFoundError, ValidationError } from '../domain/errors.ts';
import { coreGroupAfterBirth } from '../domain/follow-ups.ts';
import { TOLD_IN_PERSON_STEP } from './circulation-status.ts';
import { audited, COORDINATOR, requested } from './actor.ts';
import type { AppDeps } from './deps.ts';
import { recordManualDelivery } from './deliver.ts';
import { loadConference } from './load.ts';
import { parseInput } from './parse.ts';
import { ActorBody } from './schemas.ts';
import { isCalendarDate, londonDate, toLondonIso } from './time.ts';

export const BirthBody = z
  .object({
    bornOn: z.string().refine(isCalendarDate, { message: 'expected a real date as YYYY-MM-DD' }),
    by: z.string().trim().min(1).max(120).optional(),
  })
  .strict();

/** The social worker (or chair) has told an absent parent in person: release their letter now. */
export async function confirmToldInPerson(
  deps: AppDeps,
  id: string,
  attendeeId: string,
  raw: unknown = {},
): Promise<Conference> {
  // Only the coordinator's key reaches this: audited as the coordinator, the claimed `by` as requestedBy.
  const who = audited(COORDINATOR, parseInput(ActorBody, raw, 'confirmation').by);
  const c = await loadConference(deps.store, id);
  if (!c.decision?.approvedAt) throw new ConflictError(`The decision of ${c.reference} is not approved yet`);
  const policy = deps.policies.get(c.policyId);
  const r = circulationRecipients(c, policy).find((x) => x.attendeeId === attendeeId && x.copy === 'family');
  if (!r) throw new NotFoundError(`No parent or carer ${attendeeId.slice(0, 12)} receives a letter in ${c.reference}`);
  if (!r.tellInPersonFirst) throw new ConflictError(`The letter to ${attendeeId} is not held for an in-person visit`);
  if (
    (await recordManualDelivery(deps, c, {
      step: TOLD_IN_PERSON_STEP,
      recipient: attendeeId,
      channel: 'via-social-worker',
      note: 'told',
    })) === 'sent'
  ) {
    await deps.store.audit(id, {
      at: toLondonIso(deps.clock.now()),
      actor: who.actor,
      action: 'decision.told-in-person',
      detail: { attendeeId, ...requested(who) },
    });
  }
  // Replace the held letter's release with one due now (same job id, so the old one goes first).
  await deps.jobs.cancelAttendee(id, attendeeId, ['release-held-letter']);
  await deps.jobs.schedule([
    { conferenceId: id, version: c.version, step: 'release-held-letter', attendeeId, runAt: deps.clock.now() },
  ]);
  return c;
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
  const conference = await deps.store.update(id, (c) => ({
    ...c,
    children: c.children.map((ch) =>
      ch.id === childId ? { ...ch, unborn: false, bornOn: input.bornOn, dateOfBirth: input.bornOn } : ch,
    ),
  }));
  const policy = deps.policies.get(current.policyId);
  const onPlan = conference.decision?.outcomes.find((o) => o.childId === childId)?.outcome === 'child-protection-plan';
  const coreGroupBy = onPlan ? coreGroupAfterBirth(policy, input.bornOn, deps.calendar) : undefined;
  const at = toLondonIso(now);
  await deps.store.audit(id, {
    at,
    actor: 'coordinator',
    action: 'child.born',
    detail: {
      ...(input.by ? { requestedBy: input.by } : {}),
      childId,
      bornOn: input.bornOn,
      coreGroupBy: coreGroupBy ?? null,
    },
  });
  if (onPlan && (conference.state === 'circulated' || conference.state === 'follow-up')) {
    await deps.jobs.schedule([
      { conferenceId: id, version: conference.version, step: 'follow-up-birth-core-group', runAt: now },
    ]);
  }
  return { conference, ...(coreGroupBy ? { coreGroupBy } : {}) };
}
