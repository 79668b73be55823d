/**
 * Disagreement that goes somewhere (issue #19.5): a professional's or the family's disagreement with
 * the decision is opened as an escalation with the policy's route (who is told), a due date in
 * working days and, once agreed, an outcome. Every door (API, dashboard, chair's page) calls these.
 * Notices go by job (retried, failures visible); the due date has its own job, removed once resolved.
 */
import { isCancelled } from '../../domain/state-machine.ts';
import { z } from 'zod/v4';
import type { Conference } from '../../domain/conference.ts';
import { ConflictError, NotFoundError } from '../../domain/errors.ts';
import {
  checkOpenEscalation,
  nextEscalationId,
  openEscalations,
  partyOf,
  resolveRoute,
  withOutcome,
  type Escalation,
} from '../../domain/escalations.ts';
import { assertNoIssues } from '../../domain/views.ts';
import { withEffects, type FollowOnJob } from '../../domain/follow-on.ts';
import { followOnAfterWrite } from '../conference/follow-on.ts';
import { audited, requested, type Actor } from '../credentials/actor.ts';
import type { AppDeps } from '../deps.ts';
import { actor as actorField, attendeeIdField, childIdField, printed } from '../shared/field-schemas.ts';
import { loadConference } from '../shared/load.ts';
import { parseInput } from '../shared/parse.ts';
import { parseWithChecks } from '../shared/cross-check.ts';
import { londonDate, parseLondonInstant, toLondonIso } from '../shared/time.ts';

export const OpenEscalationBody = z
  .object({
    childId: childIdField,
    /** The professional or family member who disagrees; or `family: true` for the family's joint view. */
    attendeeId: attendeeIdField.optional(),
    family: z.boolean().optional(),
    /** What the disagreement is about (no names: it goes to everyone on the route). */
    concern: printed(2000),
    by: actorField.optional(),
  })
  .strict();

export const ResolveEscalationBody = z
  .object({
    /** What was agreed: the outcome everyone on the route is told. */
    outcome: printed(2000),
    by: actorField.optional(),
  })
  .strict();

const seqOf = (e: Pick<Escalation, 'id'>) => Number(e.id.slice(1));

/**
 * Opens an escalation; its audit entry and jobs (the route told now, and again if it is still open
 * at its due date) are stored with it (follow-on.ts): should queueing fail after the write, a repair
 * queues them, and a coordinator told 202 does not open a second one. Answers it and the conference.
 */
export async function openEscalation(
  deps: AppDeps,
  id: string,
  raw: unknown,
  actor: Actor,
): Promise<{ escalation: Escalation; conference: Conference }> {
  const current = await loadConference(deps.store, id);
  // The child and who disagrees are checked with the schema's own problems (one 400 names them all).
  const input = parseWithChecks(OpenEscalationBody, raw, 'escalation', (v) =>
    checkOpenEscalation(current, { ...v, childId: v.childId ?? '', concern: v.concern ?? '' }),
  );
  const who = audited(actor, input.by);
  if (isCancelled(current.state))
    throw new ConflictError(`${current.reference} is cancelled: there is no decision to escalate`);
  const policy = deps.policies.get(current.policyId);
  const party = partyOf(input, current.attendees);
  const check = (c: Conference) => {
    const issues = checkOpenEscalation(c, input);
    const route = resolveRoute(policy, c, party, input.attendeeId, true);
    assertNoIssues('escalation', [...issues, ...(issues.length ? [] : route.issues)]);
    return route.recipients;
  };
  check(current);
  const now = deps.clock.now();
  const at = toLondonIso(now);
  const days = policy.views.disagreement.escalation[party].resolveWithinWorkingDays;
  const dueDay = deps.calendar.addWorkingDays(deps.calendar.nextWorkingDayOnOrAfter(londonDate(now)), days);
  const dueAt = toLondonIso(parseLondonInstant(`${dueDay}T${policy.endOfWorkingDay}`)!);
  let opened!: Escalation;
  const stored = await deps.store.update(id, (c) => {
    const tell = check(c);
    const route = policy.views.disagreement;
    opened = {
      id: nextEscalationId(c),
      childId: input.childId,
      party,
      ...(input.attendeeId ? { attendeeId: input.attendeeId } : {}),
      procedure: party === 'family' ? route.familyRoute : route.escalationRoute,
      tell,
      concern: input.concern,
      openedAt: at,
      openedBy: who.actor,
      dueAt,
      status: 'open',
    };
    const next = { ...c, escalations: [...(c.escalations ?? []), opened] };
    const audit = {
      actor: who.actor,
      action: 'escalation.opened',
      detail: {
        escalationId: opened.id,
        childId: opened.childId,
        party,
        ...(opened.attendeeId ? { attendeeId: opened.attendeeId } : {}),
        told: opened.tell.map((t) => t.key),
        dueAt,
        ...requested(who),
      },
    };
    const base = { version: next.version, seq: seqOf(opened) };
    const jobs: FollowOnJob[] = [
      { ...base, step: 'escalation-opened', runAt: now.toISOString() },
      { ...base, step: 'escalation-due', runAt: new Date(Date.parse(dueAt)).toISOString() },
    ];
    return { ...next, followOn: withEffects(next, at, audit, [{ do: 'schedule', jobs }]) };
  });
  return { escalation: opened, conference: await followOnAfterWrite(deps, stored) };
}

/** Records an escalation's outcome; the route is told it, with the due-date job removed, as in openEscalation. */
export async function resolveEscalation(
  deps: AppDeps,
  id: string,
  escalationId: string,
  raw: unknown,
  actor: Actor,
): Promise<{ escalation: Escalation; conference: Conference }> {
  const input = parseInput(ResolveEscalationBody, raw, 'escalation outcome');
  const who = audited(actor, input.by);
  const current = await loadConference(deps.store, id);
  const found = (current.escalations ?? []).find((e) => e.id === escalationId);
  if (!found) throw new NotFoundError(`No escalation "${escalationId.slice(0, 12)}" in ${current.reference}`);
  if (found.status === 'resolved')
    throw new ConflictError(`Escalation ${found.id} of ${current.reference} is already resolved`);
  const now = deps.clock.now();
  const at = toLondonIso(now);
  const stored = await deps.store.update(id, (c) => {
    const e = c.escalations!.find((x) => x.id === escalationId)!;
    if (e.status === 'resolved') throw new ConflictError(`Escalation ${e.id} of ${c.reference} is already resolved`);
    const next = withOutcome(c, escalationId, { outcome: input.outcome, at, by: who.actor });
    const audit = {
      actor: who.actor,
      action: 'escalation.resolved',
      detail: { escalationId, childId: e.childId, ...requested(who) },
    };
    // The due-date job goes (the others' stay); everyone on the route hears the outcome.
    const keep: FollowOnJob[] = openEscalations(next).map((x) => ({
      version: next.version,
      step: 'escalation-due',
      seq: seqOf(x),
      runAt: new Date(Date.parse(x.dueAt)).toISOString(),
    }));
    const told: FollowOnJob = {
      version: next.version,
      step: 'escalation-resolved',
      seq: seqOf(e),
      runAt: now.toISOString(),
    };
    return {
      ...next,
      followOn: withEffects(next, at, audit, [
        { do: 'cancel-steps', steps: ['escalation-due'], keep },
        { do: 'schedule', jobs: [told] },
      ]),
    };
  });
  const conference = await followOnAfterWrite(deps, stored);
  return { escalation: conference.escalations!.find((e) => e.id === escalationId)!, conference };
}
