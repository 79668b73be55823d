import type { Attendee } from './conference-parts.ts';
import type { ChildOutcome, Conference, Dissent, View } from './conference.ts';
import { ValidationError, type FieldIssue } from './errors.ts';
import type { Artefact } from './disclosure-artefacts.ts';
import type { Policy } from './policy/schema.ts';
import { AGENCY_ROLES, type CategoryOfHarm, type Recommendation } from './vocabulary.ts';

export interface ViewInput {
  childId: string;
  recommendation?: Recommendation;
  categories: CategoryOfHarm[];
  rationale: string;
  scale?: number;
}

/**
 * The rules every channel (API, Teams card, web page) applies to a view: the child exists, the
 * recommendation is one the policy knows, a category is given when — and only when — a child
 * protection plan is recommended, and the scale sits on the policy's 0–10 scale.
 */
export function checkView(
  policy: Policy,
  conference: Pick<Conference, 'children'>,
  v: ViewInput,
  opts: { family?: boolean } = {},
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (!conference.children.some((c) => c.id === v.childId))
    issues.push({
      field: 'childId',
      message: `no child "${v.childId}" in this conference (${conference.children.map((c) => c.id).join(', ')})`,
    });
  if (!v.recommendation && !opts.family) issues.push({ field: 'recommendation', message: 'required' });
  if (v.recommendation && !policy.views.recommendations.includes(v.recommendation))
    issues.push({ field: 'recommendation', message: `one of ${policy.views.recommendations.join(', ')}` });
  if (v.recommendation === 'child-protection-plan' && v.categories.length === 0)
    issues.push({
      field: 'categories',
      message: 'give at least one category of harm when recommending a child protection plan',
    });
  if (v.recommendation && v.recommendation !== 'child-protection-plan' && v.categories.length > 0)
    issues.push({ field: 'categories', message: 'a category of harm goes only with a child protection plan' });
  for (const c of v.categories)
    if (!policy.views.categories.includes(c))
      issues.push({ field: 'categories', message: `"${c}" is not a category under the ${policy.shortName} policy` });
  if (
    v.scale !== undefined &&
    (!Number.isInteger(v.scale) || v.scale < policy.views.scale.min || v.scale > policy.views.scale.max)
  )
    issues.push({
      field: 'scale',
      message: `a whole number from ${policy.views.scale.min} (${policy.views.scale.minLabel}) to ${policy.views.scale.max} (${policy.views.scale.maxLabel})`,
    });
  if (!v.rationale.trim()) issues.push({ field: 'rationale', message: 'say why' });
  return issues;
}

/**
 * Which artefact of the disclosure table a recorded view is. Older records may hold a view under an
 * advocate's, supporter's or other non-agency attendee (before authority.ts refused them): those
 * are kept with the professionals only, like the child's own words they may be.
 */
export function viewArtefact(
  v: Pick<View, 'attendeeId' | 'onBehalfOfFamily' | 'childsVoice'>,
  attendees: readonly Pick<Attendee, 'id' | 'role'>[],
): Exclude<Artefact, 'own-view'> {
  if (v.childsVoice) return 'child-view';
  if (v.onBehalfOfFamily) return 'family-view';
  const a = attendees.find((x) => x.id === v.attendeeId);
  if (a && (a.role === 'parent' || a.role === 'carer')) return 'parent-view';
  return a && AGENCY_ROLES.has(a.role) ? 'professional-view' : 'child-view';
}

/**
 * Whose record a view is: the child's own view as one person relayed it (the child, the advocate,
 * the social worker, or the chair), the family's joint view, or one attendee's own.
 */
const viewKey = (v: View): string =>
  v.childsVoice
    ? `child:${v.attendeeId ?? 'chair'}`
    : v.onBehalfOfFamily
      ? 'family'
      : `attendee:${v.attendeeId ?? '?'}`;

/** Replaces the earlier view of the same person for the same child (views can change until the round closes). */
export function upsertView(views: readonly View[], view: View): View[] {
  const same = (x: View) => x.childId === view.childId && viewKey(x) === viewKey(view);
  return [...views.filter((x) => !same(x)), view];
}

export function checkOutcomes(
  policy: Policy,
  conference: Pick<Conference, 'children'>,
  outcomes: readonly (ChildOutcome | undefined)[],
  /** Each row's child, also for a row that is otherwise malformed (`undefined` where even that is unknown). */
  childIds: readonly (string | undefined)[] = outcomes.map((o) => o?.childId),
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  // A malformed row (undefined) has its own errors: the other rows are still checked.
  outcomes.forEach((o, i) => {
    if (!o) return;
    for (const issue of checkView(policy, conference, { ...o, recommendation: o.outcome })) {
      issues.push({
        field: `outcomes.${i}.${issue.field === 'recommendation' ? 'outcome' : issue.field}`,
        message: issue.message,
      });
    }
  });
  for (const child of conference.children) {
    const n = childIds.filter((id) => id === child.id).length;
    // A row whose child is unknown may be this child's: no "no decision" for a guess.
    if (n === 0 && !childIds.includes(undefined))
      issues.push({
        field: 'outcomes',
        message: `no decision for child ${child.id}: the chair decides for each child`,
      });
    if (n > 1) issues.push({ field: 'outcomes', message: `more than one decision for child ${child.id}` });
  }
  return issues;
}

/**
 * Whether a disagreement goes the family's way rather than the professionals': the family's view,
 * or anyone who is not there for an agency (a parent, carer or child, or a supporter or advocate
 * speaking for them). The partnership's professional-disagreement procedure is for agencies only.
 */
export function isFamilyDissent(
  d: Pick<Dissent, 'attendeeId' | 'onBehalfOfFamily'>,
  attendees: readonly Pick<Attendee, 'id' | 'role'>[],
): boolean {
  if (d.onBehalfOfFamily) return true;
  const a = attendees.find((x) => x.id === d.attendeeId);
  return a !== undefined && !AGENCY_ROLES.has(a.role);
}

/** Every view that differs from the chair's decision for that child, each with its route. Nothing here counts a majority. */
export function findDissent(
  policy: Policy,
  views: readonly View[],
  outcomes: readonly ChildOutcome[],
  attendees: readonly Pick<Attendee, 'id' | 'role'>[],
  /**
   * Family members (no `attendeeId`: the family) the chair records as disagreeing although their
   * view gave no recommendation: their disagreement is kept, with the family's route.
   */
  familyDisagrees: readonly { childId: string; attendeeId?: string }[] = [],
): Dissent[] {
  const out: Dissent[] = [];
  const family = policy.views.disagreement.familyRoute;
  for (const f of familyDisagrees) {
    const same = (d: Dissent) =>
      d.childId === f.childId && (f.attendeeId ? d.attendeeId === f.attendeeId : d.onBehalfOfFamily === true);
    if (out.some(same)) continue;
    out.push({
      childId: f.childId,
      ...(f.attendeeId ? { attendeeId: f.attendeeId } : { onBehalfOfFamily: true }),
      escalationRoute: family,
    });
  }
  for (const o of outcomes) {
    // The child's own view is heard, not a dissenting party: it stays with the professionals.
    for (const v of views.filter((x) => x.childId === o.childId && x.recommendation && !x.childsVoice)) {
      if (v.recommendation === o.outcome) continue;
      const d = {
        childId: o.childId,
        ...(v.attendeeId ? { attendeeId: v.attendeeId } : {}),
        ...(v.onBehalfOfFamily ? { onBehalfOfFamily: true } : {}),
        ...(v.recommendation ? { recommendation: v.recommendation } : {}),
      };
      const route = policy.views.disagreement;
      // A recommendation recorded for someone the chair also marked as disagreeing: one entry, with it.
      const marked = out.findIndex(
        (x) =>
          x.childId === d.childId &&
          !x.recommendation &&
          x.attendeeId === d.attendeeId &&
          x.onBehalfOfFamily === d.onBehalfOfFamily,
      );
      if (marked >= 0) out.splice(marked, 1);
      out.push({ ...d, escalationRoute: isFamilyDissent(d, attendees) ? route.familyRoute : route.escalationRoute });
    }
  }
  return out;
}

/** A `familyDisagrees` entry names a child of the conference and, if anyone, a family member (not an agency). */
export function familyDisagreeIssues(
  c: Pick<Conference, 'children' | 'attendees'>,
  f: { childId: string; attendeeId?: string },
  i: number,
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (!c.children.some((ch) => ch.id === f.childId))
    issues.push({ field: `familyDisagrees.${i}.childId`, message: `no child ${f.childId} in this conference` });
  if (f.attendeeId) {
    const a = c.attendees.find((x) => x.id === f.attendeeId);
    if (!a) issues.push({ field: `familyDisagrees.${i}.attendeeId`, message: `no attendee ${f.attendeeId}` });
    else if (AGENCY_ROLES.has(a.role) || a.role === 'chair')
      issues.push({
        field: `familyDisagrees.${i}.attendeeId`,
        message: "a professional's disagreement is their view's recommendation: only family members here",
      });
  }
  return issues;
}

export function assertNoIssues(what: string, issues: FieldIssue[]): void {
  if (issues.length) throw new ValidationError(`Invalid ${what}`, issues);
}
