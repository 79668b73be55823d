/**
 * Who gives a view: one rule for the API, the web pages and Teams.
 *
 * - The social worker, other professionals and the police give their own view (themselves, or the
 *   chair enters it for them).
 * - Each parent or carer's view is their own record, never another's. Where the policy asks every
 *   attendee (Hackney) they give it themselves; otherwise the chair may record what they said.
 * - The child's own view is a separate record: given directly (the child), through their advocate,
 *   through the social worker, or taken by the chair. It is confidential to the professionals
 *   unless the chair marks what may be shared (see disclosure.ts).
 * - The chair decides and gives none. Supporters (solicitors included), interpreters and
 *   minute-takers never give one; an advocate who comes with a parent speaks for that parent.
 */
import type { Attendee } from './conference-parts.ts';
import type { Conference, View } from './conference.ts';
import type { FieldIssue } from './errors.ts';
import type { Policy } from './policy/schema.ts';
import { AGENCY_ROLES, ROLE_LABELS, type Role } from './vocabulary.ts';

/** Whose voice a view is. */
export type Voice = 'agency' | 'parent' | 'child' | 'family';

/** Who is entering it: the person themselves (their link or card), or the chair / coordinator on their behalf. */
export type EnteredBy = 'self' | 'on-behalf';

export interface ViewRequest {
  /** The attendee named as giving it (absent: the family's joint view, or a child's view the chair took). */
  attendee?: Attendee;
  family?: boolean;
  childsView?: boolean;
  enteredBy: EnteredBy;
}

export type ViewAuthority =
  { ok: true; voice: Voice; via?: NonNullable<View['childsVoice']>['via'] } | { ok: false; issue: FieldIssue };

const NEVER: ReadonlySet<Role> = new Set<Role>(['supporter', 'interpreter', 'minute-taker']);
const article = (role: Role) => (/^[aeiou]/i.test(ROLE_LABELS[role]) ? 'an' : 'a');
/** A role as a person: "a minute taker", "a police officer" (its label alone is the agency's name). */
const named = (role: Role) =>
  role === 'police' ? 'a police officer' : `${article(role)} ${ROLE_LABELS[role].toLowerCase()}`;
const refuse = (field: string, message: string): ViewAuthority => ({ ok: false, issue: { field, message } });

/** The one rule: may this view be recorded, and whose voice is it? `field` names the attendee field of the request. */
export function viewAuthority(policy: Policy, r: ViewRequest, field = 'attendeeId'): ViewAuthority {
  if (r.family) {
    if (r.childsView)
      return refuse('childsView', "the family's view and the child's own view are separate records: give one");
    return r.enteredBy === 'on-behalf'
      ? { ok: true, voice: 'family' }
      : refuse(field, "the family's view is recorded by the chair");
  }
  const a = r.attendee;
  if (!a)
    return r.childsView && r.enteredBy === 'on-behalf'
      ? { ok: true, voice: 'child', via: 'chair' }
      : refuse(field, 'say whose view it is');
  if (a.role === 'chair') return refuse(field, 'the chair decides and does not give a view');
  if (NEVER.has(a.role))
    return refuse(
      field,
      `${named(a.role)} (${a.id}) does not give a view: ${a.role === 'supporter' ? 'a supporter, including a solicitor, is there for the person they support' : a.role === 'interpreter' ? 'an interpreter interprets for others' : 'the minute taker records the meeting'}`,
    );
  if (r.childsView) {
    if (a.role === 'child')
      return r.enteredBy === 'on-behalf'
        ? { ok: true, voice: 'child', via: 'direct' }
        : refuse(field, "a child's view is entered by the chair");
    if (a.role === 'advocate' && !a.accompanies)
      return r.enteredBy === 'on-behalf'
        ? { ok: true, voice: 'child', via: 'advocate' }
        : refuse(field, "the child's view is entered by the chair");
    if (a.role === 'social-worker') return { ok: true, voice: 'child', via: 'social-worker' };
    return refuse(
      field,
      `the child's own view comes from the child, their advocate or the social worker, not ${named(a.role)} (${a.id})`,
    );
  }
  if (AGENCY_ROLES.has(a.role)) return { ok: true, voice: 'agency' };
  if (a.role === 'parent' || a.role === 'carer') {
    if (r.enteredBy === 'self' && policy.views.whoGivesViews !== 'every-attendee')
      return refuse(
        field,
        `under the ${policy.shortName} policy the chair records what a ${a.role} says; they do not give a view themselves`,
      );
    return { ok: true, voice: 'parent' };
  }
  if (a.role === 'child') return refuse('childsView', "a child's own view is a separate record: send childsView: true");
  if (a.role === 'advocate')
    return a.accompanies
      ? refuse(
          field,
          `an advocate who comes with ${a.accompanies} speaks for them: record it as ${a.accompanies}'s view`,
        )
      : refuse('childsView', "an advocate gives the child's view: send childsView: true");
  return refuse(field, `${named(a.role)} does not give a view`);
}

/** Who is asked for a view of their own (a Teams card, an emailed link, "still to give a view"). */
export function asksForOwnView(policy: Policy, a: Attendee): boolean {
  if (a.role === 'child' || a.role === 'advocate') return false; // the chair enters the child's view
  return viewAuthority(policy, { attendee: a, enteredBy: 'self' }).ok;
}

/** Everyone the chair may record a view for (their own, not a child's): the chair page and the Teams round card list them. */
export function mayRecordViewFor(policy: Policy, a: Attendee): boolean {
  return viewAuthority(policy, { attendee: a, enteredBy: 'on-behalf' }).ok;
}

/** A person's own view for a child (never the child's view they relayed, never the family's). */
export function ownView(c: Pick<Conference, 'views'>, attendeeId: string, childId: string): View | undefined {
  return c.views.find(
    (v) => v.childId === childId && v.attendeeId === attendeeId && !v.onBehalfOfFamily && !v.childsVoice,
  );
}

/** The view was recorded for someone who sent apologies: a written contribution, not something said at the meeting. */
export function isWrittenContribution(
  c: Pick<Conference, 'attendance'>,
  v: Pick<View, 'attendeeId' | 'childsVoice'>,
): boolean {
  return !v.childsVoice && v.attendeeId !== undefined && (c.attendance?.apologies.includes(v.attendeeId) ?? false);
}

/** Who writes the minutes (the chair or the minute taker) and who approves them (the chair alone). */
export type MinutesAction = 'save' | 'approve';
const MINUTES_ROLES: Record<MinutesAction, ReadonlySet<Role>> = {
  save: new Set<Role>(['chair', 'minute-taker']),
  approve: new Set<Role>(['chair']),
};

/** The one rule for the minutes: undefined when `a` may do it, else the problem with `field` named. */
export function minutesAuthority(
  c: Pick<Conference, 'attendees'>,
  action: MinutesAction,
  a: Attendee | undefined,
  field = 'by',
): FieldIssue | undefined {
  const chair = c.attendees.find((x) => x.role === 'chair');
  const allowed =
    action === 'approve'
      ? `only the chair${chair ? ` (${chair.id})` : ''} approves the minutes`
      : `the chair${chair ? ` (${chair.id})` : ''} or the minute taker writes the minutes`;
  if (!a) return { field, message: `required: the attendee id of who is acting (${allowed})` };
  if (MINUTES_ROLES[action].has(a.role)) return undefined;
  return { field, message: `${a.id} is ${named(a.role)}: ${allowed}` };
}

/**
 * Who corrects approved minutes: the chair alone, proven by their own link, or named in `by`
 * through the coordinator's key (as for approving). The coordinator on their own word, a minute
 * taker or anyone else is refused. `undefined` when `a` may correct, else why not.
 */
export function minutesCorrectionAuthority(
  c: Pick<Conference, 'attendees' | 'reference'>,
  a: Attendee | undefined,
  claimed?: string,
): string | undefined {
  const chair = c.attendees.find((x) => x.role === 'chair');
  const only = `only the chair${chair ? ` (${chair.id})` : ''} corrects approved minutes`;
  if (a?.role === 'chair') return undefined;
  if (a) return `${a.id} is ${named(a.role)}: ${only}`;
  if (claimed === undefined)
    return `the coordinator cannot correct the minutes on their own: ${only}, from their minutes link or named in "by"`;
  return `"${claimed}" is not an attendee of ${c.reference}: ${only}`;
}

/**
 * Why someone signed in to the dashboard who is not an attendee (the coordinator's key, or a
 * sign-in whose verified email is no attendee's) may not act as the chair: `signedInAs` is who the
 * session says they are.
 */
export function signedInNotChair(c: Pick<Conference, 'attendees' | 'reference'>, signedInAs: string): string {
  const chair = c.attendees.find((x) => x.role === 'chair');
  const as = signedInAs === 'coordinator' ? 'with the coordinator key' : `as ${signedInAs.replace(/^oidc:/, '')}`;
  return `you are signed in ${as}, not as the chair${chair ? ` (${chair.id})` : ''} of ${c.reference}: only the chair corrects or approves the minutes, from their minutes link or signed in as themselves; a coordinator acting on the chair's word names the chair in "by" through the API`;
}

/**
 * Who approves the decision: the chair alone. Through the coordinator's key `by` says on whose word
 * the coordinator acts; naming anyone but the chair is refused (a minute taker's "approval" was once
 * accepted and recorded as requestedBy). `undefined` when `a` may approve, else why not.
 */
export function decisionApprovalAuthority(
  c: Pick<Conference, 'attendees' | 'reference'>,
  a: Attendee | undefined,
  claimed?: string,
): string | undefined {
  const chair = c.attendees.find((x) => x.role === 'chair');
  const only = `only the chair${chair ? ` (${chair.id})` : ''} approves the decision`;
  if (a?.role === 'chair') return undefined;
  if (a) return `${a.id} is ${named(a.role)}: ${only}`;
  return `"${claimed ?? ''}" is not an attendee of ${c.reference}: ${only}`;
}
