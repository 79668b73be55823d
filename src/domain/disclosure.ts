/**
 * Who may receive or open what: one table of artefact × role × policy. Every channel (circulation,
 * letters, cards, link pages, subject access) asks it; nothing else decides disclosure.
 *
 * `receive`: sent to them (email, post, a card). `open`: they may read it on their own page, but it
 * is not sent. `none`: never. Receiving implies opening.
 *
 * A companion (interpreter, supporter, advocate) linked to a parent or carer with `accompanies` gets
 * exactly what that person gets, in that person's plain-language form, never more. Unlinked, they
 * get nothing but their own view. A manager is not an attendee: the copy some policies send an
 * attendee's manager (Hampshire); they were not at the conference, so no confidential notes and
 * none of the child's own words. Children are never sent anything (the social worker explains), and
 * nothing about the decision reaches the family side before the chair approves it.
 */
import type { Attendee } from './conference-parts.ts';
import type { Conference } from './conference.ts';
import type { Policy } from './policy/schema.ts';
import type { Role } from './vocabulary.ts';
import { ARTEFACTS, DISCLOSURE_ROLES, type Artefact, type DisclosureRole } from './disclosure-artefacts.ts';

export type Access = 'none' | 'open' | 'receive';
type Cell = Access | ((policy: Policy) => Access);

/** Everyone who took part in a professional capacity. */
const PRO = ['chair', 'social-worker', 'professional', 'police', 'minute-taker'] as const;
const COMPANIONS: ReadonlySet<DisclosureRole> = new Set<DisclosureRole>([
  'advocate',
  'supporter',
  'solicitor',
  'interpreter',
]);

function row(cells: Partial<Record<DisclosureRole, Cell>>): Record<DisclosureRole, Cell> {
  return Object.fromEntries(DISCLOSURE_ROLES.map((r) => [r, cells[r] ?? 'none'])) as Record<DisclosureRole, Cell>;
}
const pros = (a: Access): Partial<Record<DisclosureRole, Cell>> => Object.fromEntries(PRO.map((r) => [r, a]));
const managerCopy = (p: Policy): Access => (p.circulation.copyManagers ? 'receive' : 'none');
/** Names by email and chat, or (link-page-only) on the professional's own page only. */
const namesFor = (p: Policy): Access => (p.caseNames === 'link-page-only' ? 'open' : 'receive');
/** A parent's solicitor gets the parents' minutes only where the policy asks for a separate copy (Cumbria). */
const solicitorCopy = (p: Policy): Access => (p.circulation.solicitorCopy ? 'receive' : 'none');
/** A manager asked to chase an overdue report has no page: names by email only. */
const namesForManager = (p: Policy): Access => (p.caseNames === 'link-page-only' ? 'none' : 'receive');

/**
 * The table. Companion rows (advocate, supporter, interpreter) are what they get when they come
 * with nobody; linked to a parent or carer, `accessFor` reads that person's row instead.
 */
export const DISCLOSURE: Readonly<Record<Artefact, Record<DisclosureRole, Cell>>> = {
  // The minute-taker records what is said at the meeting; they do not need the reports themselves.
  report: row({ ...pros('open'), chair: 'receive', 'minute-taker': 'none' }),
  'report-shared': row({ ...pros('open'), 'minute-taker': 'none', parent: 'open', carer: 'open' }),
  'report-bundle': row({ ...pros('open'), chair: 'receive', 'minute-taker': 'none' }),
  'own-view': row({ ...pros('open'), chair: 'none', 'minute-taker': 'none', parent: 'open', carer: 'open' }),
  'professional-view': row({ ...pros('receive'), manager: managerCopy, parent: 'receive', carer: 'receive' }),
  'parent-view': row({ ...pros('receive'), manager: managerCopy }),
  'family-view': row({ ...pros('receive'), manager: managerCopy, parent: 'receive', carer: 'receive' }),
  'child-view': row({ ...pros('receive') }),
  'child-view-shared': row({ ...pros('receive'), manager: managerCopy, parent: 'receive', carer: 'receive' }),
  'decision-professional': row({ ...pros('receive'), manager: managerCopy }),
  'decision-family': row({ ...pros('open'), parent: 'receive', carer: 'receive' }),
  'confidential-notes': row({ ...pros('receive') }),
  'excluded-part': row({}),
  'exclusion-parts': row({ ...pros('receive') }),
  minutes: row({ ...pros('receive') }),
  'minutes-family': row({ ...pros('open'), parent: 'receive', carer: 'receive', solicitor: solicitorCopy }),
  'record-bundle': row({ ...pros('receive'), parent: 'receive', carer: 'receive', solicitor: solicitorCopy }),
  'case-identity': row({ ...Object.fromEntries(PRO.map((r) => [r, namesFor])), manager: namesForManager }),
  'core-group-record': row({ ...pros('receive') }),
  'core-group-record-family': row({ ...pros('open'), parent: 'receive', carer: 'receive' }),
  'child-participation': row({ ...pros('receive') }),
};

/** Artefacts about the decision: nothing of them reaches the family side before the chair approves. */
const AFTER_APPROVAL: ReadonlySet<Artefact> = new Set<Artefact>([
  'decision-professional',
  'decision-family',
  'confidential-notes',
  'child-view-shared',
  'minutes',
  'minutes-family',
  'record-bundle',
  'core-group-record',
  'core-group-record-family',
]);
const FAMILY_SIDE: ReadonlySet<DisclosureRole> = new Set<DisclosureRole>([
  'parent',
  'carer',
  'child',
  'advocate',
  'supporter',
  'solicitor',
  'interpreter',
]);
/**
 * The record of the meeting goes to the people who took part and to each parent or carer, not to
 * whoever came with them: for these a linked companion reads their own row, capped by the parent's
 * (so a supporter gets none, and a parent's solicitor only the copy the policy gives them).
 */
const OWN_ROW_FOR_COMPANIONS: ReadonlySet<Artefact> = new Set<Artefact>([
  'minutes',
  'minutes-family',
  'record-bundle',
  'core-group-record',
  'core-group-record-family',
]);
const RANK: Record<Access, number> = { none: 0, open: 1, receive: 2 };

export interface DisclosureContext {
  /** The chair has approved the decision. @defaultValue true */
  approved?: boolean;
}

/** The table's answer for one role. */
export function access(artefact: Artefact, role: DisclosureRole, policy: Policy, ctx: DisclosureContext = {}): Access {
  if (FAMILY_SIDE.has(role) && ctx.approved === false && AFTER_APPROVAL.has(artefact)) return 'none';
  const cell = DISCLOSURE[artefact][role];
  return typeof cell === 'function' ? cell(policy) : cell;
}

export const mayReceive = (
  artefact: Artefact,
  role: DisclosureRole,
  policy: Policy,
  ctx?: DisclosureContext,
): boolean => access(artefact, role, policy, ctx) === 'receive';
export const mayOpen = (artefact: Artefact, role: DisclosureRole, policy: Policy, ctx?: DisclosureContext): boolean =>
  access(artefact, role, policy, ctx) !== 'none';

/** The table's role for an attendee's role (a midwife is one of the other professionals). */
export function disclosureRole(role: Role): DisclosureRole {
  return role === 'midwife' ? 'professional' : role;
}

/** The table's role for an attendee: their role's, or `solicitor` for a supporter who is a parent's solicitor. */
export function disclosureRoleOf(a: Pick<Attendee, 'role' | 'solicitor'>): DisclosureRole {
  return a.role === 'supporter' && a.solicitor ? 'solicitor' : disclosureRole(a.role);
}

/**
 * Whether an attendee comes with the family rather than being family or a professional (a supporter,
 * a parent's solicitor, an advocate, an interpreter): they read a parent's or carer's row, and their
 * invitation is written for them (companion-invite.ts), never a professional's.
 */
export function isCompanion(a: Pick<Attendee, 'role' | 'solicitor'>): boolean {
  return COMPANIONS.has(disclosureRoleOf(a));
}

/**
 * Whose row an attendee reads: their own, or, for a companion linked with `accompanies`, the parent
 * or carer they come with (so never more than that person).
 */
export function effectiveAttendee(c: Pick<Conference, 'attendees'>, a: Attendee): Attendee {
  if (!COMPANIONS.has(disclosureRole(a.role)) || !a.accompanies) return a;
  const p = c.attendees.find((x) => x.id === a.accompanies);
  return p && (p.role === 'parent' || p.role === 'carer') ? p : a;
}

/** What one attendee may do with an artefact (companions through the person they accompany). */
export function accessFor(
  c: Pick<Conference, 'attendees'>,
  policy: Policy,
  a: Attendee,
  artefact: Artefact,
  ctx?: DisclosureContext,
): Access {
  const person = effectiveAttendee(c, a);
  if (OWN_ROW_FOR_COMPANIONS.has(artefact) && COMPANIONS.has(disclosureRoleOf(a))) {
    if (person.id === a.id) return 'none'; // linked to nobody: no one's copy to have
    const own = access(artefact, disclosureRoleOf(a), policy, ctx);
    const theirs = access(artefact, disclosureRole(person.role), policy, ctx);
    return RANK[own] <= RANK[theirs] ? own : theirs;
  }
  return access(artefact, disclosureRole(person.role), policy, ctx);
}

/**
 * The children whose decisions an attendee may see: a parent or carer linked to their own children
 * (`childIds`), or a companion through them; everyone else (and a parent with no `childIds`, as
 * older records have) sees every child of the conference.
 */
export function childrenFor(c: Pick<Conference, 'attendees' | 'children'>, a: Attendee): string[] {
  const who = effectiveAttendee(c, a);
  const all = c.children.map((ch) => ch.id);
  return who.childIds ? all.filter((id) => who.childIds!.includes(id)) : all;
}

const SHORT: Record<Access, string> = { receive: 'R', open: 'O', none: '·' };

/** The table as Markdown for one policy (docs/disclosure.md shows it): R receive, O open, · none. */
export function disclosureMarkdown(policy: Policy): string {
  const head = `| artefact | ${DISCLOSURE_ROLES.join(' | ')} |`;
  const sep = `|---|${DISCLOSURE_ROLES.map(() => ':-:').join('|')}|`;
  const rows = ARTEFACTS.map(
    (a) => `| ${a} | ${DISCLOSURE_ROLES.map((r) => SHORT[access(a, r, policy)]).join(' | ')} |`,
  );
  return [head, sep, ...rows].join('\n');
}

/**
 * Whom a professional shares a report with before the conference, one by one: those the table lets
 * open the shared version of a report but not the report itself (parents and carers).
 */
export function reportSharingTargets<A extends Pick<Attendee, 'role'>>(attendees: readonly A[]): A[] {
  return attendees.filter(
    (a) =>
      DISCLOSURE['report-shared'][disclosureRole(a.role)] === 'open' &&
      DISCLOSURE.report[disclosureRole(a.role)] === 'none',
  );
}

/**
 * What the coordinator (the office that runs the conference: not an attendee, so not a column of
 * the table) may open on their own desk: the dashboard, the worklist, search and the CLI. They hold
 * the file, so they know whom it is about; search matches names only where this allows it, and
 * shows them only where it does.
 */
export const COORDINATOR_MAY_OPEN: ReadonlySet<Artefact> = new Set<Artefact>([
  'case-identity',
  'decision-professional',
  'decision-family',
  'report-shared',
]);
export const coordinatorMayOpen = (artefact: Artefact): boolean => COORDINATOR_MAY_OPEN.has(artefact);
