/**
 * Everything the chair's decision is checked against beyond its schema, on whichever fields parsed
 * (cross-check.ts parseWithChecks), so one 400 names every problem: an unknown child, a missing key
 * worker, a core group member who is not an attendee, the first core group's chair and time, a plan
 * row, together with the schema's own (trial finding: they used to come one stage at a time).
 */
import type { Conference } from '../../domain/conference.ts';
import { decisionSafeguards, requiredDecisionFields } from '../../domain/decision-safeguards.ts';
import type { FieldIssue } from '../../domain/errors.ts';
import type { Policy } from '../../domain/policy/schema.ts';
import { mayRecordDecision } from '../../domain/state-machine.ts';
import { checkOutcomes, familyDisagreeIssues } from '../../domain/views.ts';
import { bookingIssues } from '../core-groups/core-groups.ts';
import { planIssues } from '../follow-ups/plan.ts';
import { childIdField } from '../shared/field-schemas.ts';
import { CoreGroupInput, OutcomeInput, type DecisionBody } from './schemas.ts';

/** The core group members' attendee ids, in order, each once (undefined for a reference that is no attendee). */
export const coreGroupMembers = (c: Pick<Conference, 'attendees'>, refs: readonly string[]): (string | undefined)[] =>
  refs.map((ref) => c.attendees.find((x) => x.id === ref || x.email?.toLowerCase() === ref.toLowerCase())?.id);

/** The first core group's fields that parsed, when the group as a whole did not (its own errors say what is wrong). */
function firstCoreGroupFields(raw: unknown): Partial<CoreGroupInput> | undefined {
  const given =
    typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>)['firstCoreGroup'] : undefined;
  if (typeof given !== 'object' || given === null || Array.isArray(given)) return undefined;
  const valid: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(CoreGroupInput.shape)) {
    const r = field.safeParse((given as Record<string, unknown>)[key]);
    if (r.success && r.data !== undefined) valid[key] = r.data;
  }
  return valid as Partial<CoreGroupInput>;
}

/**
 * Each child's decision that parsed, by its place in the list, when the list as a whole did not
 * (trial finding: one malformed outcome hid the other outcomes' problems), and each row's child.
 */
function outcomeRows(raw: unknown): { rows: (OutcomeInput | undefined)[]; childIds: (string | undefined)[] } {
  const given = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>)['outcomes'] : undefined;
  const list = Array.isArray(given) ? given.slice(0, 12) : [];
  return {
    rows: list.map((row) => {
      const r = OutcomeInput.safeParse(row);
      return r.success ? r.data : undefined;
    }),
    childIds: list.map((row) => {
      const r = childIdField.safeParse(
        typeof row === 'object' && row !== null ? (row as { childId?: unknown }).childId : undefined,
      );
      return r.success ? r.data : undefined;
    }),
  };
}

export function decisionIssues(
  policy: Policy,
  c: Conference,
  v: Partial<DecisionBody>,
  raw: unknown,
  now: Date,
): FieldIssue[] {
  const known = new Set(c.children.map((ch) => ch.id));
  const members = coreGroupMembers(c, v.coreGroup ?? []);
  const first = v.firstCoreGroup ?? firstCoreGroupFields(raw);
  const outcomes = v.outcomes ? { rows: v.outcomes, childIds: v.outcomes.map((o) => o.childId) } : outcomeRows(raw);
  return [
    ...checkOutcomes(policy, c, outcomes.rows, outcomes.childIds),
    ...requiredDecisionFields(policy, c.attendees, outcomes.rows),
    ...(v.familyDisagrees ?? []).flatMap((f, i) => familyDisagreeIssues(c, f, i)),
    ...(v.plan ?? []).flatMap((row, i) =>
      (row.childIds ?? []).flatMap((id, j) =>
        known.has(id) ? [] : [{ field: `plan.${i}.childIds.${j}`, message: `no child ${id} in ${c.reference}` }],
      ),
    ),
    // Before the meeting the state is the problem (refused by the use-case), not the missing reports.
    ...(mayRecordDecision(c.state) ? decisionSafeguards(policy, c, v).issues : []),
    ...(v.coreGroup ?? []).flatMap((ref, i) =>
      members[i]
        ? []
        : [{ field: `coreGroup.${i}`, message: `"${ref}" is not an attendee (give an attendee id or email)` }],
    ),
    ...(first ? bookingIssues(policy, c, first, now, 'firstCoreGroup.') : []),
    ...(v.plan ? planIssues(policy, c, { plan: v.plan, signsOfSafety: v.signsOfSafety }, now) : []),
  ];
}
