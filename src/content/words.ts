/** The words templates share: role and conference labels, report sections, where reports go. */
import { DateTime } from 'luxon';
import type { WorkingDayCalendar } from '../domain/calendar/working-days.ts';
import { LONDON } from '../domain/calendar/zone.ts';
import type { SafeguardOverride } from '../domain/conference.ts';
import type { Attendee } from '../domain/conference-parts.ts';
import { isChildsAdvocate } from '../domain/family-slots.ts';
import { ROLE_LABELS, type ConferenceKind, type Role } from '../domain/vocabulary.ts';
import type { Policy } from '../domain/policy/schema.ts';

const PROFESSIONAL_ROLE = ROLE_LABELS;

/**
 * "a blended conference", "an in-person core group": the indefinite article a phrase takes, by how
 * its first word sounds (vowel letters, bar the few that sound like "you"/"one").
 */
export function withArticle(phrase: string): string {
  const word = phrase.trim();
  const an = /^[aeiou]/i.test(word) && !/^(u[nr]i|use|usu|eu|one\b|once\b)/i.test(word);
  return `${an ? 'an' : 'a'} ${word}`;
}

/**
 * "Health visitor (Health Visiting)" style label for a professional's role and agency; an agency that
 * only repeats the role ("Police" for a police officer) is not said twice.
 */
export function roleLabel(role: Role, agency?: string): string {
  const base = PROFESSIONAL_ROLE[role];
  const named = agency?.trim();
  return named && named.toLowerCase() !== base.toLowerCase() ? `${base} (${named})` : base;
}

const FAMILY_ROLE: Record<Role, string> = {
  chair: 'the chair, an independent person who runs the meeting',
  'social-worker': 'the social worker',
  professional: 'a worker who knows your family',
  police: 'a police officer',
  midwife: 'a midwife',
  parent: 'a parent',
  carer: 'a carer',
  child: 'a child or young person',
  advocate: "an advocate, who speaks up for the child's views",
  supporter: 'a supporter',
  interpreter: 'an interpreter',
  'minute-taker': 'a person who writes notes of the meeting',
};

/**
 * Plain-language description of who will be there, for family letters: role and agency only,
 * never a name (the chair approves the list before it is sent).
 */
export function familyRoleLabel(role: Role, agency?: string, forAParent = false): string {
  if (role === 'professional' && agency?.trim()) return `someone from ${agency.trim()}`;
  // A parent's advocate is there for the parent, not to speak for the child.
  if (role === 'advocate' && forAParent) return 'an advocate for the parents, who helps them say what they think';
  return FAMILY_ROLE[role];
}

/**
 * The same, for someone who comes with a family member (an interpreter, supporter or advocate):
 * plain words, but it is not their family ("a worker who knows the family", never "your family").
 */
export function companionRoleLabel(role: Role, agency?: string, forAParent = false): string {
  if (role === 'professional' && !agency?.trim()) return 'a worker who knows the family';
  return familyRoleLabel(role, agency, forAParent);
}

type Labelled = Pick<Attendee, 'role' | 'agency' | 'accompanies'>;

/**
 * A person as the family's invitations, "Who will be there" and the decision letter name them: an
 * advocate who comes with a parent or carer is theirs, never the child's (family-slots.ts).
 */
export const familyPersonLabel = (a: Labelled): string =>
  familyRoleLabel(a.role, a.agency, a.role === 'advocate' && !isChildsAdvocate(a));

/** The same in the voice of someone who comes with a family member: it is not their family. */
export const companionPersonLabel = (a: Labelled): string =>
  companionRoleLabel(a.role, a.agency, a.role === 'advocate' && !isChildsAdvocate(a));

const KIND: Record<ConferenceKind, string> = {
  initial: 'initial child protection conference',
  review: 'review child protection conference',
  'pre-birth': 'pre-birth child protection conference',
  'transfer-in': 'transfer-in child protection conference',
};

export function kindLabel(kind: ConferenceKind): string {
  return KIND[kind];
}

/** The sections the policy expects in a report for this kind of conference. */
export function reportSections(policy: Policy, kind: ConferenceKind): string[] {
  const f = policy.reports.format;
  return kind === 'review' && f.reviewSections ? f.reviewSections : f.sections;
}

/**
 * Where a report goes, as one sentence. Only an email that carries the author's own reply address
 * (the report request, its reminders and chasers) says "reply to this email"; the invitation has
 * none, so a reply to it would wait for the coordinator instead of reaching the file.
 */
export function whereToSend(
  policy: Policy,
  reference: string,
  via: 'this-email' | 'the-request' = 'this-email',
): string {
  const alt =
    policy.reportsGoTo === 'chair'
      ? `or send it to the chair through ${policy.reportsMailbox}`
      : `or send it to ${policy.reportsMailbox}`;
  const reply =
    via === 'this-email'
      ? "Reply to this email with your report attached (your reply goes straight to this conference's file)"
      : "Reply to the report request we sent you (not to this invitation) with your report attached (that reply goes straight to this conference's file)";
  return `${reply}, ${alt}, quoting ${reference} and no names in the subject line.`;
}

export const SHARE_WITH_FAMILY = 'Share and discuss your report with the family before you send it.';

/** How the letters and the record name a safeguard the chair set aside at the decision. */
export const OVERRIDE_LABEL: Record<SafeguardOverride['rule'], string> = {
  'no-reports': 'Decided with no reports received',
  'no-social-work-report': "Decided without the social worker's report",
  inquorate: 'Decided although the conference was not quorate',
};

/**
 * A meeting booked on a weekend, bank holiday or closure day: not refused (an urgent one may need to
 * be) but nobody should book one by mistake. The API, the core group booking and `cpc timetable` say
 * the same. `date` is the London calendar date (YYYY-MM-DD); `why` the holiday's name or the weekday.
 */
export const notWorkingDayWarning = (date: string, why: string): string =>
  `${date} is not a working day (${why}): check the date.`;

/**
 * A conference starting outside the policy's working hours (London time): a warning, like a day that
 * is not a working day. `startsAt` is the start as an ISO instant; undefined within the hours.
 */
export function outsideWorkingHoursWarning(startsAt: string, hours: { from: string; to: string }): string | undefined {
  const time = DateTime.fromISO(startsAt).setZone(LONDON).toFormat('HH:mm');
  if (time >= hours.from && time <= hours.to) return undefined;
  return `The conference starts at ${time} London time, outside working hours (${hours.from} to ${hours.to}): check the time (an offset such as +05:00 after it moves the start).`;
}

/** `notWorkingDayWarning` for `date` when `calendar` says it is not a working day: its holiday's name, else its weekday. */
export function notWorkingDayWarningOn(
  calendar: Pick<WorkingDayCalendar, 'isWorkingDay' | 'holidayName'>,
  date: string,
): string | undefined {
  if (calendar.isWorkingDay(date)) return undefined;
  return notWorkingDayWarning(
    date,
    calendar.holidayName(date) ?? DateTime.fromISO(date, { zone: LONDON }).toFormat('cccc'),
  );
}

/** A plan action due on a weekend, bank holiday or closure day: warned, as a meeting booked on one is. */
export const planActionNotWorkingDay = (actionId: string, warning: string): string =>
  `Plan action ${actionId}: ${warning}`;

/**
 * A professional a family may contact: their name and work phone. Never their email address: no
 * message carries another attendee's address (a family member writes through the conference's own
 * mailbox, which every family letter gives).
 */
export interface ContactPerson {
  name: string;
  phone?: string;
}

/** "your social worker, Sam Social (phone 020 …)", or just "your social worker" where none is on the list. */
export function socialWorkerWords(sw?: ContactPerson): string {
  if (!sw) return 'your social worker';
  return `your social worker, ${sw.name}${sw.phone ? ` (phone ${sw.phone})` : ''}`;
}

/** "Jo Bloggs, Social worker (Children's social care)": a person on the register or in the core group. */
export const namedRoleLabel = (a: { name: string; role: Role; agency?: string }): string =>
  `${a.name}, ${roleLabel(a.role, a.agency)}`;
