import type { Conference, Decision } from '../../domain/conference.ts';
import { decisionSafeguards } from '../../domain/decision-safeguards.ts';
import { ConflictError, ForbiddenError, IllegalTransitionError } from '../../domain/errors.ts';
import { decisionApprovalAuthority } from '../../domain/authority.ts';
import { afterMeetingTimetable } from '../../domain/follow-ups.ts';
import { awaitsApproval, isApproved, isEnded, mayRecordDecision, transition } from '../../domain/state-machine.ts';
import { assertNoIssues, findDissent } from '../../domain/views.ts';
import { audited, requested, type Actor } from '../credentials/actor.ts';
import type { AppDeps } from '../deps.ts';
import { tellDissenters } from './dissent-notices.ts';
import { loadConference } from '../shared/load.ts';
import { parseInput } from '../shared/parse.ts';
import { parseWithChecks } from '../shared/cross-check.ts';
import { coreGroupMembers, decisionIssues } from './decision-checks.ts';
import { planRows, signsOfSafety } from '../follow-ups/plan.ts';
import { newCoreGroup } from '../core-groups/core-groups.ts';
import { planWatchdog } from '../circulation/plan-after-approval.ts';
import { ActorBody, DecisionBody } from './schemas.ts';
import { londonDate, toLondonIso } from '../shared/time.ts';
import { withExplainDecisionTasks } from '../conference/tasks.ts';
import { withFollowOn } from '../../domain/follow-on.ts';
import { followOnAfterWrite } from '../conference/follow-on.ts';

/** Why a decision cannot be recorded now, in the state the conference is in (trial finding: after approval it said "start the meeting"). */
const notDecidableWhy = (state: Conference['state']): string | undefined =>
  isApproved(state)
    ? 'the chair has approved the decision and it has gone out, so it can no longer be changed'
    : isEnded(state)
      ? undefined
      : 'start the meeting and hear the views first';

/**
 * The chair's decision, per child. Nothing here counts views: the chair decides, and every view
 * that differs is recorded as dissent with the policy's escalation route. The decision can be
 * corrected until the chair approves it; nothing is sent before approval.
 */
export async function recordDecision(deps: AppDeps, id: string, raw: unknown, actor: Actor): Promise<Conference> {
  const current = await loadConference(deps.store, id);
  const policy = deps.policies.get(current.policyId);
  const now = deps.clock.now();
  // Every problem at once, schema and rules together, so the chair fixes the form in one go. The
  // safeguards are checked again inside the update against the stored conference (a report may arrive meanwhile).
  const input = parseWithChecks(DecisionBody, raw, 'decision', (v) => decisionIssues(policy, current, v, raw, now));
  const coreGroup = [...new Set(coreGroupMembers(current, input.coreGroup) as string[])];
  const at = toLondonIso(now);
  const who = audited(actor, input.decidedBy);
  const by = who.actor;
  const updated = await deps.store.update(id, (c) => {
    if (!mayRecordDecision(c.state)) throw new IllegalTransitionError(c.state, 'decided', notDecidableWhy(c.state));
    const safeguards = decisionSafeguards(policy, c, input);
    assertNoIssues('decision', safeguards.issues);
    const decision: Decision = {
      // A blank family version is no family version (the form sends one per child).
      outcomes: input.outcomes.map(({ familyRationale, ...o }) => (familyRationale ? { ...o, familyRationale } : o)),
      ...(safeguards.overrides.length ? { overrides: safeguards.overrides } : {}),
      dissent: findDissent(policy, c.views, input.outcomes, c.attendees, input.familyDisagrees),
      plan: planRows(input.plan),
      ...(input.signsOfSafety ? { signsOfSafety: signsOfSafety(input.signsOfSafety, at)! } : {}),
      coreGroup,
      decidedAt: at,
      decidedBy: by,
      ...(input.confidentialNotes ? { confidentialNotes: input.confidentialNotes } : {}),
    };
    const closedRound =
      c.viewRound && c.viewRound.state === 'open'
        ? { ...c.viewRound, state: 'closed' as const, closedAt: at }
        : c.viewRound;
    const moved = awaitsApproval(c.state) ? c : transition(c, 'decided', { at, by });
    // The meeting ended with the first decision (a correction does not move the end): the
    // circulation clock runs from then, and follow-ups count from the day it was held.
    const endedAt = c.decision?.decidedAt ?? at;
    const heldOn = c.heldOn ?? londonDate(now);
    const timetable = afterMeetingTimetable(c, policy, deps.calendar, endedAt, heldOn);
    const decided: Conference = {
      ...moved,
      heldOn,
      timetable,
      decision: { ...decision, decidedAt: endedAt },
      ...(closedRound ? { viewRound: closedRound } : {}),
    };
    // The first core group, booked at the conference: nothing is sent before approval, so a
    // correction simply replaces it (a correction without one withdraws it).
    const { coreGroups: _before, ...rest } = decided;
    const first = input.firstCoreGroup ? newCoreGroup(rest, policy, deps, input.firstCoreGroup, { at, by }) : undefined;
    return { ...rest, ...(first ? { coreGroups: [first] } : {}) };
  });
  await deps.store.audit(id, {
    at,
    actor: by,
    action: awaitsApproval(current.state) ? 'decision.corrected' : 'decision.recorded',
    detail: {
      ...requested(who),
      outcomes: input.outcomes.map((o) => ({ childId: o.childId, outcome: o.outcome, categories: o.categories })),
      dissent: updated.decision!.dissent.length,
      ...(updated.coreGroups?.[0]
        ? {
            firstCoreGroup: {
              startsAt: updated.coreGroups[0].startsAt,
              chair: updated.coreGroups[0].chairAttendeeId,
              warnings: updated.coreGroups[0].warnings,
            },
          }
        : {}),
      // The chair's reasons for setting a safeguard aside are part of the audit trail.
      ...(updated.decision!.overrides ? { overrides: updated.decision!.overrides } : {}),
    },
  });
  // The watchdog runs from the end of the meeting, approved or not: it nags the chair if need be.
  await deps.jobs.schedule(planWatchdog(updated, policy, deps));
  return updated;
}

/**
 * The chair's decision as every door takes it (API, chair's page, Teams): record it, then tell each
 * professional whose view differs of their escalation route (Teams card, or email).
 */
export async function decide(deps: AppDeps, id: string, raw: unknown, actor: Actor): Promise<Conference> {
  const c = await recordDecision(deps, id, raw, actor);
  await tellDissenters(deps, c);
  return c;
}

/**
 * Only the chair approves: their own link or card, or the coordinator's key naming the chair (or
 * naming no one: the coordinator acting on the chair's word). Anyone else named is refused with 403.
 */
function assertApprover(c: Conference, actor: Actor, by: string | undefined): void {
  let a: Conference['attendees'][number] | undefined;
  if (actor.via === 'attendee') a = c.attendees.find((x) => x.id === actor.attendeeId);
  else if (by) {
    const key = by.trim().toLowerCase();
    a = c.attendees.find(
      (x) => x.id === by.trim() || x.email?.toLowerCase() === key || x.name.trim().toLowerCase() === key,
    );
  } else return;
  const why = decisionApprovalAuthority(c, a, by);
  if (why) throw new ForbiddenError(`Not approved: ${why}. Nothing was changed.`);
}

/** The chair releases the decision: only now are letters queued for everyone who must know. */
export async function approveDecision(deps: AppDeps, id: string, raw: unknown, actor: Actor): Promise<Conference> {
  const { by } = parseInput(ActorBody, raw ?? {}, 'approval');
  const current = await loadConference(deps.store, id);
  assertApprover(current, actor, by);
  if (isApproved(current.state)) throw new ConflictError('The decision is already approved');
  if (!awaitsApproval(current.state) || !current.decision)
    throw new IllegalTransitionError(
      current.state,
      'approved',
      current.state === 'in-session' ? 'record the decision first' : undefined,
    );
  const at = toLondonIso(deps.clock.now());
  const who = audited(actor, by);
  const approver = who.actor;
  const approved = await deps.store.update(id, (c) => {
    if (!awaitsApproval(c.state) || !c.decision) throw new IllegalTransitionError(c.state, 'approved');
    // The social worker explains the decision to each child of an age to understand (a task, tasks.ts).
    const approvedC = {
      ...transition(c, 'approved', { at, by: approver }),
      decision: { ...c.decision, approvedAt: at, approvedBy: approver },
    };
    // The letters and what follows are queued after, from this stored marker (follow-on.ts).
    const audit = { at, actor: approver, action: 'decision.approved', detail: who.requestedBy ? requested(who) : {} };
    return withExplainDecisionTasks(
      { ...approvedC, followOn: withFollowOn(c.followOn, { kind: 'approve', version: c.version, since: at, audit }) },
      deps.policies.get(c.policyId),
      deps,
      deps.clock.now(),
    );
  });
  return followOnAfterWrite(deps, approved);
}
