/**
 * The words pages use. Children are "Child 1", "Child 2" (with an age so siblings can be told
 * apart); names appear only on the chair's page, the coordinator's dashboard and, as "who the
 * conference is about", a professional's own report and answer pages; never in a title or URL.
 */
import { DateTime } from 'luxon';
import type { Attendee, Child, Conference } from '../../../domain/conference.ts';
import type { Policy } from '../../../domain/policy/schema.ts';
import { mayOpenWhoItIsAbout, whoItIsAbout } from '../../../content/templates/who-it-is-about.ts';
import type { CategoryOfHarm, Recommendation, Role, RsvpState } from '../../../domain/vocabulary.ts';
import { PLAIN_RECOMMENDATION, ROLE_LABELS } from '../../../domain/vocabulary.ts';

export const childNumber = (c: Pick<Conference, 'children'>, childId: string): string => `Child ${c.children.findIndex((x) => x.id === childId) + 1}`;

function age(child: Child, now: Date): string {
  if (child.unborn) return child.expectedDueDate ? `unborn baby, due ${DateTime.fromISO(child.expectedDueDate).toFormat('LLLL yyyy')}` : 'unborn baby';
  if (!child.dateOfBirth) return '';
  const years = Math.floor(DateTime.fromJSDate(now).diff(DateTime.fromISO(child.dateOfBirth), 'years').years);
  return years < 1 ? 'under 1' : `aged ${years}`;
}

/** "Child 1, aged 7"; with names (chair and coordinator only): "Child 1: Ruby Testfamily, aged 7". */
export function childLabel(c: Conference, child: Child, now: Date, withNames = false): string {
  const n = childNumber(c, child.id);
  const name = withNames ? [child.firstName, child.lastName].filter(Boolean).join(' ') : '';
  const a = age(child, now);
  return `${n}${name ? `: ${name}` : ''}${a ? `, ${a}` : ''}`;
}

const ROLE = ROLE_LABELS;

export const roleLabel = (a: Pick<Attendee, 'role' | 'agency'>): string => `${ROLE[a.role]}${a.agency ? ` (${a.agency})` : ''}`;

export { familyMemberLabel } from '../../../app/chat/labels.ts';

/** For the chair and coordinator: "Sam Social, Social worker (Children's social care)". */
export const attendeeWithName = (a: Attendee): string => `${a.name}, ${roleLabel(a)}`;

export const RECOMMENDATION: Record<Recommendation, string> = {
  'child-protection-plan': 'Child protection plan',
  'child-in-need': 'Child in need plan',
  'no-further-action': 'No further action under child protection procedures',
};
export const plainRecommendation = (r: Recommendation): string => {
  const s = PLAIN_RECOMMENDATION[r];
  return s.charAt(0).toUpperCase() + s.slice(1);
};

export const CATEGORY: Record<CategoryOfHarm, string> = {
  emotional: 'Emotional abuse',
  neglect: 'Neglect',
  physical: 'Physical abuse',
  sexual: 'Sexual abuse',
};

export const RSVP: Record<RsvpState, string> = {
  'needs-action': 'No answer yet',
  accepted: 'Attending',
  tentative: 'Maybe',
  declined: 'Not attending',
};

/** The chair's pre-meeting checklist with the parents (the same items as the Teams card). */
export const CHECKLIST_LABELS: Record<string, string> = {
  'explained-how-it-runs': 'Explained to the parents how the conference runs',
  'who-is-attending': 'Told the parents who is attending',
  'supporter-or-advocate': 'Checked whether they have a supporter or need an advocate',
  'exclusion-requests': 'Dealt with any requests to exclude someone from part of the meeting',
  'childs-views': 'Checked how the child’s views will be heard',
  'reports-seen-by-parents': 'Checked that the parents have seen the reports',
};

export const STATE_LABEL: Record<string, string> = {
  draft: 'Draft',
  scheduled: 'Scheduled',
  invited: 'Invited',
  'collecting-reports': 'Collecting reports',
  'pre-meeting': 'Before the meeting',
  'in-session': 'In session',
  decided: 'Decided (waiting for approval)',
  approved: 'Approved',
  circulated: 'Decision circulated',
  'follow-up': 'Follow-up',
  closed: 'Closed',
  rescheduled: 'Rescheduled',
  cancelled: 'Cancelled',
  inquorate: 'Inquorate',
};

/** Fact rows naming the children and the family, for a professional's own page (never a title or URL). */
export function whoItIsAboutRows(c: Conference, policy: Policy, a: Attendee): [string, string][] {
  if (!mayOpenWhoItIsAbout(c, policy, a)) return [];
  const about = whoItIsAbout(c);
  return [
    [about.children.length === 1 ? 'Child' : 'Children', about.children.join('; ')],
    ...(about.family.length ? ([['Parents and carers', about.family.join('; ')]] as [string, string][]) : []),
  ];
}
