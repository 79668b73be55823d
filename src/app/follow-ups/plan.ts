/**
 * The plan after the conference: actions with owners and due dates, their reminders and overdue
 * flags, and changes to an action (status, owner, due date) through the API. Signs of Safety
 * sections are built here from the decision's input, with ids and the conference's scaling.
 */
import type { Conference } from '../../domain/conference.ts';
import { ConflictError, NotFoundError, ValidationError, type FieldIssue } from '../../domain/errors.ts';
import {
  planRowIssues,
  planRowSeq,
  unknownSectionIssues,
  type SignsOfSafety,
  type PlanRow,
} from '../../domain/plan.ts';
import type { Policy } from '../../domain/policy/schema.ts';
import { planOwnerIssues } from '../../domain/plan-owners.ts';
import { audited, requested, type Actor } from '../credentials/actor.ts';
import type { AppDeps } from '../deps.ts';
import { loadConference } from '../shared/load.ts';
import { parseInput } from '../shared/parse.ts';
import { PlanActionBody, type SignsOfSafetyInput } from './plan-schemas.ts';
import type { DecisionBody } from '../meeting-day/schemas.ts';
import { londonDate, toLondonIso } from '../shared/time.ts';
import { notWorkingDayWarningOn, planActionNotWorkingDay } from '../../content/words.ts';
import { hasDecision } from '../../domain/state-machine.ts';
import { PLAN_STEPS, planActionJobs } from './plan-action-jobs.ts';
import { withEffects } from '../../domain/follow-on.ts';
import { followOnAfterWrite, storedJobs } from '../conference/follow-on.ts';

/** Throws the field-named problems of the decision's plan: owners, due dates, sections the policy does not use. */
export function assertPlan(
  policy: Policy,
  c: Conference,
  input: Pick<DecisionBody, 'plan' | 'signsOfSafety'>,
  now: Date,
): void {
  const issues = planIssues(policy, c, input, now);
  if (issues.length) throw new ValidationError('Invalid plan', issues);
}

/** The plan's and the Signs of Safety sections' problems, every one (the decision names them with its other fields). */
export function planIssues(
  policy: Policy,
  c: Conference,
  input: Pick<DecisionBody, 'plan' | 'signsOfSafety'>,
  now: Date,
): FieldIssue[] {
  const issues = [
    ...planRowIssues(input.plan, c.attendees, londonDate(now)),
    ...planOwnerIssues(policy, input.plan, c.attendees),
    ...unknownSectionIssues(policy, input.signsOfSafety),
  ];
  const statements = input.signsOfSafety?.dangerStatements?.length ?? 0;
  input.signsOfSafety?.safetyGoals?.forEach((g, i) => {
    if (g.dangerStatement && g.dangerStatement > statements)
      issues.push({
        field: `signsOfSafety.safetyGoals.${i}.dangerStatement`,
        message: `there is no danger statement ${g.dangerStatement} (${statements} given)`,
      });
  });
  return issues;
}

/** The plan's rows with ids (`p1`, …), each open at revision 1 unless the chair gave a status. */
export function planRows(rows: DecisionBody['plan']): PlanRow[] {
  return rows.map((r, i) => ({ ...r, id: `p${i + 1}`, status: r.status ?? 'open', revision: 1 }));
}

export function signsOfSafety(input: SignsOfSafetyInput | undefined, at: string): SignsOfSafety | undefined {
  if (!input) return undefined;
  const scaling = (score: number | undefined) => (score === undefined ? [] : [{ meeting: 'conference', score, at }]);
  return {
    dangerStatements: (input.dangerStatements ?? []).map((d, i) => ({
      id: `d${i + 1}`,
      text: d.text,
      scaling: scaling(d.scale),
    })),
    safetyGoals: (input.safetyGoals ?? []).map((g, i) => ({
      id: `g${i + 1}`,
      text: g.text,
      ...(g.dangerStatement ? { dangerStatementId: `d${g.dangerStatement}` } : {}),
      scaling: scaling(g.scale),
    })),
    bottomLines: input.bottomLines ?? [],
    ...(input.contingency ? { contingency: input.contingency } : {}),
    ...(input.wordsAndPicturesSharedOn ? { wordsAndPicturesSharedOn: input.wordsAndPicturesSharedOn } : {}),
  };
}

/**
 * Open actions due on a weekend, bank holiday or closure day (London date): warned, not refused, as a
 * meeting booked on one is (the owner may mean it; nobody should set one by mistake).
 */
export function planDueWarnings(
  calendar: Pick<AppDeps['calendar'], 'isWorkingDay' | 'holidayName'>,
  rows: readonly PlanRow[],
): string[] {
  return rows.flatMap((r) => {
    if (!r.id || !r.dueOn || r.status === 'done' || r.status === 'dropped') return [];
    const warning = notWorkingDayWarningOn(calendar, r.dueOn);
    return warning ? [planActionNotWorkingDay(r.id, warning)] : [];
  });
}

/** Changes one action: status, owner or due date (a new revision: its old reminders are removed), with a note kept as progress. */
export async function updatePlanAction(
  deps: AppDeps,
  id: string,
  rowId: string,
  raw: unknown,
  actor: Actor,
): Promise<{ conference: Conference; action: PlanRow; warnings: string[] }> {
  const input = parseInput(PlanActionBody, raw, 'plan action');
  const current = await loadConference(deps.store, id);
  const now = deps.clock.now();
  const issues = [
    ...planRowIssues([input], current.attendees, londonDate(now), 'action'),
    ...planOwnerIssues(deps.policies.get(current.policyId), [input], current.attendees, 'action'),
  ].map((i) => ({
    ...i,
    field: i.field.replace(/^action\.0\./, ''),
  }));
  if (issues.length) throw new ValidationError('Invalid plan action', issues);
  const at = toLondonIso(now);
  const who = audited(actor, input.by);
  let changed: PlanRow | undefined;
  // Its audit entry and its reminders are stored with it (follow-on.ts): should queueing fail after
  // the write, a repair queues them, and a coordinator told 202 does not add the note twice.
  const stored = await deps.store.update(id, (c) => {
    if (!hasDecision(c.state) || !c.decision)
      throw new ConflictError(
        `${c.reference} is ${c.state}: the plan can be updated once the decision is recorded and until the conference is closed`,
      );
    const row = c.decision.plan.find((r) => r.id === rowId);
    if (!row)
      throw new NotFoundError(
        `No plan action ${rowId} in ${c.reference} (actions are p1, p2, … in the order of the plan)`,
      );
    const moved =
      (input.dueOn !== undefined && input.dueOn !== row.dueOn) ||
      (input.ownerAttendeeId !== undefined && input.ownerAttendeeId !== row.ownerAttendeeId);
    const status = input.status ?? row.status ?? 'open';
    const action: PlanRow = {
      ...row,
      ...(input.ownerAttendeeId ? { ownerAttendeeId: input.ownerAttendeeId } : {}),
      ...(input.dueOn ? { dueOn: input.dueOn } : {}),
      status,
      revision: (row.revision ?? 1) + (moved ? 1 : 0),
      progress: [...(row.progress ?? []), { at, by: who.actor, status, ...(input.note ? { note: input.note } : {}) }],
    };
    changed = action;
    const next = { ...c, decision: { ...c.decision, plan: c.decision.plan.map((r) => (r.id === rowId ? action : r)) } };
    const audit = {
      actor: who.actor,
      action: 'plan.action-updated',
      detail: {
        ...requested(who),
        actionId: rowId,
        status: action.status,
        dueOn: action.dueOn ?? null,
        owner: action.ownerAttendeeId ?? null,
        revision: action.revision,
      },
    };
    const policy = deps.policies.get(next.policyId);
    const jobs = next.decision.approvedAt ? planActionJobs(next, policy, deps, [action]) : [];
    const others = planActionJobs(next, policy, deps).filter((j) => j.seq !== planRowSeq(action));
    return {
      ...next,
      followOn: withEffects(next, at, audit, [
        { do: 'cancel-steps', steps: [...PLAN_STEPS], keep: storedJobs([...jobs, ...others]) },
        { do: 'schedule', jobs: storedJobs(jobs) },
      ]),
    };
  });
  const action = changed!;
  const conference = await followOnAfterWrite(deps, stored);
  // A new due date on a day nobody works is said, as the decision says it for the plan's first dates.
  return { conference, action, warnings: input.dueOn ? planDueWarnings(deps.calendar, [action]) : [] };
}
