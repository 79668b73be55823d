/**
 * The one home for how a value of the domain reads to people: children, attendees, recommendations,
 * categories of harm, answers, the chair's checklist and conference states. Email, letter, card and
 * page all take their labels from here, so the same thing reads the same everywhere.
 *
 * Children are "Child 1", "Child 2" (the order of the conference's own list). Titles, previews and
 * logs use `childTag` only; a name appears only where the reader may see it (the chair's page, the
 * coordinator's dashboard, a letter body).
 */
import { DateTime } from 'luxon';
import type { Attendee, Child } from '../domain/conference-parts.ts';
import type { Conference } from '../domain/conference.ts';
import type { ConferenceState } from '../domain/conference.ts';
import { familyNumberOf } from '../domain/report-sharing.ts';
import type { ChildParticipation, ParticipationWay } from '../domain/participation.ts';
import type { TaskKind } from '../domain/tasks.ts';
import type { Policy } from '../domain/policy/schema.ts';
import {
  FAMILY_ROLES,
  type AccessibilityNeed,
  PLAIN_RECOMMENDATION,
  type CategoryOfHarm,
  type ChecklistItem,
  type Recommendation,
  type RsvpState,
} from '../domain/vocabulary.ts';
import { longDate } from './format.ts';
import { roleLabel } from './words.ts';

/** "Child 1": the child's place in the conference's list. */
export const childNumber = (c: Pick<Conference, 'children'>, childId: string): string =>
  `Child ${c.children.findIndex((x) => x.id === childId) + 1}`;

/** "Child 1 (c1)": safe for titles, previews and card labels. */
export const childTag = (c: Pick<Conference, 'children'>, child: Child): string =>
  `${childNumber(c, child.id)} (${child.id})`;

/** A child on a card: the tag, and the first name where the reader may see it. */
export function childRef(c: Pick<Conference, 'children'>, child: Child, withFirstName: boolean) {
  return {
    id: child.id,
    label: childTag(c, child),
    ...(withFirstName && child.firstName ? { firstName: child.firstName } : {}),
  };
}

function age(child: Child, now: Date): string {
  if (child.unborn)
    return child.expectedDueDate
      ? `unborn baby, due ${DateTime.fromISO(child.expectedDueDate).toFormat('LLLL yyyy')}`
      : 'unborn baby';
  if (!child.dateOfBirth) return '';
  const years = Math.floor(DateTime.fromJSDate(now).diff(DateTime.fromISO(child.dateOfBirth), 'years').years);
  return years < 1 ? 'under 1' : `aged ${years}`;
}

/** Pages: "Child 1, aged 7"; with names (chair and coordinator only): "Child 1: Ruby Testfamily, aged 7". */
export function childWithAge(c: Pick<Conference, 'children'>, child: Child, now: Date, withNames = false): string {
  const name = withNames ? [child.firstName, child.lastName].filter(Boolean).join(' ') : '';
  const a = age(child, now);
  return `${childNumber(c, child.id)}${name ? `: ${name}` : ''}${a ? `, ${a}` : ''}`;
}

/**
 * Letter bodies (never subjects or previews): "Child 1: Ruby (born 2 May 2019)"; without `named`
 * (a reader the policy gives no names by email: `caseNames: link-page-only`), "Child 1".
 */
export function childInLetter(c: Pick<Conference, 'children'>, ch: Child, named = true): string {
  const n = childNumber(c, ch.id);
  if (ch.unborn && !ch.bornOn)
    return `${n}: unborn baby${named && ch.expectedDueDate ? ` (due ${longDate(ch.expectedDueDate)})` : ''}`;
  if (!named) return n;
  const born = ch.bornOn ?? ch.dateOfBirth;
  return `${n}: ${ch.firstName ?? 'baby'}${born ? ` (born ${longDate(born)})` : ''}`;
}

/**
 * "Parent or carer 2 (a5)" for a parent or carer: the number kept for good (familyNumber) that report
 * sharing, the professionals' pages and emailed sharing lines use, so one email never calls the same
 * person "Carer 1" and "parent or carer 3"; "Child or young person 1 (a9)" for a child;
 * "Health visitor (Health Visiting), a3" for professionals.
 */
export function attendeeLabel(
  c: Pick<Conference, 'attendees'>,
  a: Attendee,
  opts: { withName?: boolean } = {},
): string {
  if (a.role === 'parent' || a.role === 'carer') return `Parent or carer ${familyNumberOf(c, a)} (${a.id})`;
  if (FAMILY_ROLES.has(a.role)) {
    const same = c.attendees.filter((x) => x.role === a.role);
    return `${roleLabel(a.role)} ${same.indexOf(a) + 1} (${a.id})`;
  }
  const base = `${roleLabel(a.role, a.agency)}, ${a.id}`;
  return opts.withName && a.role !== 'child' ? `${a.name}: ${base}` : base;
}

/** For the chair and coordinator: "Sam Social, Social worker (Children's social care)". */
export const attendeeWithName = (a: Attendee): string => `${a.name}, ${roleLabel(a.role, a.agency)}`;

/** "Parent or carer 1" etc., for pages and emails that must not name the family. */
export function familyMemberLabel(c: Pick<Conference, 'attendees'>, attendeeId: string): string {
  const a = c.attendees.find((x) => x.id === attendeeId);
  return `Parent or carer ${a ? familyNumberOf(c, a) : 0}`;
}

export const RECOMMENDATION_LABEL: Record<Recommendation, string> = {
  'child-protection-plan': 'Child protection plan',
  'child-in-need': 'Child in need plan',
  'no-further-action': 'No further action under child protection procedures',
};

/** The family's words for a recommendation, as a sentence start: "A child protection plan". */
export const plainRecommendation = (r: Recommendation): string => {
  const s = PLAIN_RECOMMENDATION[r];
  return s.charAt(0).toUpperCase() + s.slice(1);
};

export const CATEGORY_LABEL: Record<CategoryOfHarm, string> = {
  emotional: 'Emotional abuse',
  neglect: 'Neglect',
  physical: 'Physical abuse',
  sexual: 'Sexual abuse',
};

export const RSVP_LABEL: Record<RsvpState, string> = {
  'needs-action': 'No answer yet',
  accepted: 'Attending',
  tentative: 'Maybe',
  declined: 'Not attending',
};

/** The choices on an answer page: plain words for the family and whoever comes with them. */
export const answerChoices = (family: boolean): Record<Exclude<RsvpState, 'needs-action'>, string> =>
  family
    ? { accepted: 'Yes, I will come', tentative: 'I am not sure yet', declined: 'No, I cannot come' }
    : { accepted: 'Yes, I will attend', tentative: 'Maybe', declined: 'No, I cannot attend' };

/** The chair's pre-meeting checklist with the parents: the same words on the Teams card and the page. */
export const CHECKLIST_LABEL: Record<ChecklistItem, string> = {
  'explained-how-it-runs': 'Explained to the parents how the conference runs',
  'who-is-attending': 'Told the parents who is attending',
  'supporter-or-advocate': 'Checked whether they have a supporter or need an advocate',
  'exclusion-requests': 'Dealt with any requests to exclude someone from part of the meeting',
  'childs-views': 'Checked how the child’s views will be heard',
  'reports-seen-by-parents': 'Checked that the parents have seen the reports',
  'arrangements-in-place': 'Checked the arrangements are in place (interpreter, accessibility, advocacy referral)',
  'interpreter-present': 'The interpreter is here and has been introduced',
};

/** A checklist item's label: a built-in item's words, or the policy's own item's label. */
export function checklistLabel(id: string, policy: Pick<Policy, 'checklistItems'>): string {
  return (CHECKLIST_LABEL as Record<string, string>)[id] ?? policy.checklistItems.find((i) => i.id === id)?.label ?? id;
}
/** The chair's note beside a ticked item, on the page, the card and the record. */
export const CHECKLIST_NOTE_LABEL = 'Note (optional)';
export const checklistNoteLine = (note: string | undefined): string => (note ? `Note: ${note}` : '');

/** How a child took part, as the professionals' record says it. */
export const PARTICIPATION_LABEL: Record<ParticipationWay, string> = {
  attended: 'attended the conference',
  advocate: 'views given through an advocate',
  'social-worker-report': 'views in the social worker’s report',
  'drawing-or-letter': 'views given in a drawing, letter or words and pictures',
  other: 'views given another way',
  'not-recorded': 'views not recorded',
};

/** One child's line: "Child 1: Ruby (born 2 May 2014): views not recorded (reason: too unwell to be seen)", or "nothing recorded yet". */
export function participationLine(
  c: Pick<Conference, 'children'>,
  ch: Child,
  p: ChildParticipation | undefined,
  named = true,
): string {
  if (!p) return `${childInLetter(c, ch, named)}: how the child took part is not recorded yet`;
  const detail = p.detail?.trim() ? ` (${p.way === 'not-recorded' ? 'why' : 'how'}: ${p.detail.trim()})` : '';
  return `${childInLetter(c, ch, named)}: ${PARTICIPATION_LABEL[p.way]}${detail}`;
}

/** Each accessibility need in words, for the family's letters and the coordinator's tasks alike. */
export const ACCESSIBILITY_NEED: Record<AccessibilityNeed, string> = {
  'easy-read': 'an easy read version of letters and reports',
  'large-print': 'large print',
  bsl: 'a British Sign Language interpreter',
  audio: 'an audio version of letters and reports',
  braille: 'letters and reports in braille',
  'step-free-access': 'step-free access to the building',
  'hearing-loop': 'a hearing loop',
};

/**
 * What a task asks for, in words: its verb and its detail, with an accessibility task's needs (kept
 * as codes, `bsl, step-free-access`) spelt out (trial finding: the worklist, dashboard, checklist and
 * chair's briefing said "Arrange bsl").
 */
export function taskWhat(kind: TaskKind, detail: string | undefined): string {
  return `${TASK_VERB[kind]} ${taskDetail(kind, detail)}`.trim();
}

/** A task's detail in words, without its verb (the chair's briefing lists "a British Sign Language interpreter: NOT confirmed yet"). */
export function taskDetail(kind: TaskKind, detail: string | undefined): string {
  if (kind !== 'arrange-accessibility' || !detail) return detail ?? '';
  return detail
    .split(/,\s*/)
    .map((n) => ACCESSIBILITY_NEED[n as AccessibilityNeed] ?? n)
    .join(', ');
}

/** A task's verb before its detail ("Book an interpreter who speaks Polish", "Refer the child (aged 13) to NYAS…"). */
export const TASK_VERB: Record<TaskKind, string> = {
  'book-interpreter': 'Book',
  'arrange-accessibility': 'Arrange',
  'refer-to-advocacy': 'Refer',
  'explain-decision': 'Explain',
  'agree-birth-plan': 'Agree',
};
/** The button that confirms a task is done. */
export const TASK_DONE_BUTTON: Record<TaskKind, string> = {
  'book-interpreter': 'Booked and confirmed',
  'arrange-accessibility': 'Arranged',
  'refer-to-advocacy': 'Referred',
  'explain-decision': 'Explained to the child',
  'agree-birth-plan': 'Birth plan agreed',
};
/** What the chair's briefing says of a task, done or not. */
export const TASK_STATE_FOR_CHAIR: Record<TaskKind, { done: string; open: string }> = {
  'book-interpreter': { done: 'booked and confirmed', open: 'NOT confirmed yet, check before you start' },
  'arrange-accessibility': { done: 'booked and confirmed', open: 'NOT confirmed yet, check before you start' },
  'refer-to-advocacy': { done: 'referred', open: 'NOT referred yet: ask how the child’s views will be heard' },
  'explain-decision': { done: 'explained', open: 'not explained yet' },
  'agree-birth-plan': { done: 'agreed', open: 'not agreed yet' },
};

export const STATE_LABEL: Record<ConferenceState, string> = {
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

/** A stored state's label, or the state itself for one this version does not know. */
export const stateLabel = (state: string): string => (STATE_LABEL as Record<string, string>)[state] ?? state;

/** The chair's briefing (card and email) on an arrangement: [who, "an interpreter who speaks Polish: NOT confirmed yet"]. */
export function arrangementFact(x: { who: string; what: string; done: boolean; kind?: TaskKind }): [string, string] {
  const words = TASK_STATE_FOR_CHAIR[x.kind ?? 'book-interpreter'];
  const what = x.kind === 'refer-to-advocacy' ? `${TASK_VERB[x.kind]} ${x.what}` : x.what;
  return [x.who, `${what}: ${x.done ? words.done : words.open}`];
}
