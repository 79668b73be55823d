/**
 * How people and children are named on cards. Titles, previews and logs use labels only:
 * "Child 1 (c1)", "Parent 1 (a5)". Card bodies shown one-to-one to an invited professional (or the
 * chair) may also show a child's first name and a professional's name; the family's names appear only
 * in a professional's own report card, under "who the conference is about" (who-it-is-about.ts).
 */
import { roleLabel } from '../../content/words.ts';
import type { Attendee, Child, Conference } from '../../domain/conference.ts';
import { familyNumberOf } from '../../domain/report-sharing.ts';
import { FAMILY_ROLES } from '../../domain/vocabulary.ts';

export function childLabel(c: Pick<Conference, 'children'>, child: Child): string {
  return `Child ${c.children.indexOf(child) + 1} (${child.id})`;
}

export function childRef(c: Pick<Conference, 'children'>, child: Child, withFirstName: boolean) {
  return { id: child.id, label: childLabel(c, child), ...(withFirstName && child.firstName ? { firstName: child.firstName } : {}) };
}

/** "Parent 1 (a5)" for family; "Health visitor (Health Visiting), a3" for professionals. */
export function attendeeLabel(c: Pick<Conference, 'attendees'>, a: Attendee, opts: { withName?: boolean } = {}): string {
  if (FAMILY_ROLES.has(a.role)) {
    const same = c.attendees.filter((x) => x.role === a.role);
    return `${roleLabel(a.role)} ${same.indexOf(a) + 1} (${a.id})`;
  }
  const base = `${roleLabel(a.role, a.agency)}, ${a.id}`;
  return opts.withName && a.role !== 'child' ? `${a.name}: ${base}` : base;
}

export const chairOf = (c: Conference): Attendee | undefined => c.attendees.find((a) => a.role === 'chair');

/** Who the bot addresses in Teams: their Teams user id, or failing that their email/UPN. */
export function chatAddress(a: Attendee): { teamsUserId?: string; email?: string } | undefined {
  if (!a.teamsUserId && !a.email) return undefined;
  return { ...(a.teamsUserId ? { teamsUserId: a.teamsUserId } : {}), ...(a.email ? { email: a.email } : {}) };
}

/** "Parent or carer 1" etc., for pages and emails that must not name the family. */
export function familyMemberLabel(c: Pick<Conference, 'attendees'>, attendeeId: string): string {
  const a = c.attendees.find((x) => x.id === attendeeId);
  return `Parent or carer ${a ? familyNumberOf(c, a) : 0}`;
}
