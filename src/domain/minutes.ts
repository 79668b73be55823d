/**
 * The minutes of a conference, pure: how a text splits into sections, which document goes out
 * (the minutes alone, or the record bundle where the policy has one), by when, to whom in which
 * copy, and which sections each copy holds. Who may have what is the disclosure table's answer
 * (`minutes`, `minutes-family`, `record-bundle`); nothing here decides it on its own.
 */
import type { Attendee, IsoInstant } from './conference-parts.ts';
import type { Conference, Minutes, MinutesSection } from './conference.ts';
import type { Artefact } from './disclosure-artefacts.ts';
import { accessFor, childrenFor, effectiveAttendee } from './disclosure.ts';
import { excludedParts } from './circulation.ts';
import type { FieldIssue } from './errors.ts';
import type { Policy } from './policy/schema.ts';
import { ROLE_LABELS, type Role } from './vocabulary.ts';

/** A heading line in minutes text: `## Heading` (or `# Heading`). */
const HEADING = /^#{1,3}[ \t]+(\S.*)$/;
/** A section recording a part of the meeting someone was asked to leave: `## Excluded part: <the part as recorded>`. */
export const EXCLUDED_PART_PREFIX = 'Excluded part:';
/** A section's heading where the text has none before its first heading. */
export const UNTITLED = 'Minutes';
export const MAX_SECTIONS = 200;
/** What the bot's draft puts where only the chair can write: minutes holding it are not finished. */
export const TO_BE_WRITTEN = 'To be written by the chair.';

/** Sections still holding the draft's placeholder, each named: minutes with any cannot be approved. */
export function unwrittenSections(sections: readonly (SectionText & { id: string })[]): FieldIssue[] {
  return sections
    .filter((s) => s.text.includes(TO_BE_WRITTEN))
    .map((s) => ({
      field: `sections.${s.id}`,
      message: `"${s.heading.slice(0, 120)}" still says "${TO_BE_WRITTEN}": write it (or delete the section) before approving`,
    }));
}

export interface SectionText {
  heading: string;
  text: string;
}

/** Splits minutes text into sections at its heading lines; text before the first heading is one untitled section. */
export function splitSections(text: string): SectionText[] {
  const out: SectionText[] = [];
  let current: { heading: string; lines: string[] } | undefined;
  const flush = () => {
    if (!current) return;
    const body = current.lines.join('\n').trim();
    if (body || current.heading !== UNTITLED) out.push({ heading: current.heading, text: body });
  };
  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    const m = HEADING.exec(line);
    if (m) {
      flush();
      current = { heading: m[1]!.trim(), lines: [] };
    } else {
      current ??= { heading: UNTITLED, lines: [] };
      current.lines.push(line);
    }
  }
  flush();
  return out;
}

/** The text form of sections, as the chair edits it: each section under its `## ` heading. */
export function joinSections(sections: readonly SectionText[]): string {
  return sections.map((s) => `## ${s.heading}\n\n${s.text}`.trimEnd()).join('\n\n') + '\n';
}

/** The exclusion part a heading names (`Excluded part: …`), if it names one. */
export function partOfHeading(heading: string): string | undefined {
  return heading.toLowerCase().startsWith(EXCLUDED_PART_PREFIX.toLowerCase())
    ? heading.slice(EXCLUDED_PART_PREFIX.length).trim()
    : undefined;
}

/**
 * Sections as stored: ids in order, confidential where asked, each `Excluded part:` heading tied to
 * the recorded exclusion it names. A heading kept from the previous version keeps what that
 * section was about (its children). Returns the problems instead, each naming its field.
 */
export function buildSections(
  c: Pick<Conference, 'exclusions' | 'children'>,
  texts: readonly SectionText[],
  confidentialIds: ReadonlySet<string>,
  previous: readonly MinutesSection[] = [],
): { sections: MinutesSection[]; issues: FieldIssue[] } {
  const parts = [...new Set((c.exclusions ?? []).map((e) => e.part))];
  const issues: FieldIssue[] = [];
  const sections = texts.map((t, i): MinutesSection => {
    const id = `s${i + 1}`;
    const named = partOfHeading(t.heading);
    const part = named === undefined ? undefined : parts.find((p) => p.toLowerCase() === named.toLowerCase());
    if (named !== undefined && !part)
      issues.push({
        field: `sections.${id}`,
        message: `"${t.heading.slice(0, 120)}" names no recorded part of the meeting (${parts.length ? `recorded: ${parts.map((p) => `"${p}"`).join(', ')}` : 'nobody was asked to leave any part'})`,
      });
    const before = previous.find((p) => p.heading === t.heading);
    // Saving the draft's text back without its confidential marks (confidentialSections: []) sent the
    // child's own words and the confidential notes to the parents (trial finding): such a section stays
    // confidential while it keeps its heading; to share what it says, the chair writes it as a section of their own.
    if (before?.draftedConfidential && !confidentialIds.has(id))
      issues.push({
        field: 'confidentialSections',
        message: `"${t.heading.slice(0, 120)}" (${id}) holds what the family may not read (another parent's view, the child's own words, the confidential notes or the chair's reasons for deciding without a safeguard): list ${id} in confidentialSections, or delete the section`,
      });
    return {
      id,
      heading: t.heading,
      confidential: confidentialIds.has(id),
      ...(part ? { part } : {}),
      ...(before?.childIds ? { childIds: before.childIds } : {}),
      ...(before?.draftedConfidential ? { draftedConfidential: true as const } : {}),
    };
  });
  return { sections, issues };
}

/** Where the policy has a record bundle (Hackney) the minutes travel in it; otherwise they go alone. */
export type MinutesDocument = 'minutes' | 'record-bundle';
export const minutesDocument = (policy: Pick<Policy, 'recordBundle'>): MinutesDocument =>
  policy.recordBundle ? 'record-bundle' : 'minutes';

/** The deadline of the policy's document, from the timetable recomputed at the end of the meeting. */
export function minutesDueAt(
  c: Pick<Conference, 'timetable'>,
  policy: Pick<Policy, 'recordBundle'>,
): IsoInstant | undefined {
  return minutesDocument(policy) === 'record-bundle' ? c.timetable.recordBundleDue : c.timetable.minutesDue;
}

export type MinutesChannel = 'email' | 'post' | 'via-social-worker' | 'none';

export interface MinutesRecipient {
  /** Ledger recipient: the attendee id; for a correction, per version (`a3-m4`), so each version reaches each person once. */
  key: string;
  attendeeId: string;
  role: Role;
  /** `full`: every section; `family`: a parent's or carer's own copy; `solicitor`: that copy, for the parent's solicitor. */
  copy: 'full' | 'family' | 'solicitor' | 'none';
  channel: MinutesChannel;
  /** For a family or solicitor copy: the parent or carer whose copy it is. */
  copyOf?: string;
  reason?: string;
}

const WHY_COMPANION = 'the minutes go to the parent or carer, not to whoever comes with them';

/** The ledger recipient for `attendeeId`'s copy of the current version. */
export const minutesKey = (c: Pick<Conference, 'minutes'>, attendeeId: string): string =>
  c.minutes?.corrects ? `${attendeeId}-m${c.minutes.version}` : attendeeId;

function forAttendee(c: Conference, policy: Policy, a: Attendee, doc: MinutesDocument): MinutesRecipient {
  const base = { key: minutesKey(c, a.id), attendeeId: a.id, role: a.role };
  const none = (reason: string): MinutesRecipient => ({ ...base, copy: 'none', channel: 'none', reason });
  if (a.role === 'child') return none('children are never contacted directly: the social worker explains');
  const gate: Artefact = doc === 'record-bundle' ? 'record-bundle' : 'minutes';
  const full = accessFor(c, policy, a, 'minutes') === 'receive';
  const family = !full && accessFor(c, policy, a, 'minutes-family') === 'receive';
  const gated = doc === 'minutes' || accessFor(c, policy, a, gate) === 'receive';
  if (!(full || family) || !gated) {
    if (a.accompanies)
      return none(
        a.solicitor ? `the ${policy.shortName} policy sends no separate copy to a parent's solicitor` : WHY_COMPANION,
      );
    return none(
      `the ${ROLE_LABELS[a.role].toLowerCase()} (${a.id}) is not sent the minutes under the ${policy.shortName} policy`,
    );
  }
  if (full) return a.email ? { ...base, copy: 'full', channel: 'email' } : none('no email address');
  const person = effectiveAttendee(c, a);
  if (person.id !== a.id) {
    // A parent's solicitor: their own address (a supporter always has one).
    return a.email ? { ...base, copy: 'solicitor', copyOf: person.id, channel: 'email' } : none('no email address');
  }
  const channel: MinutesChannel =
    a.contactPreference === 'email' && a.email
      ? 'email'
      : a.contactPreference === 'email'
        ? 'post'
        : a.contactPreference;
  return { ...base, copy: 'family', copyOf: a.id, channel };
}

/** Every attendee and the copy they get of the policy's document (with why, for those who get none). */
export function minutesRecipients(c: Conference, policy: Policy): MinutesRecipient[] {
  const doc = minutesDocument(policy);
  return c.attendees.map((a) => forAttendee(c, policy, a, doc));
}

/** How a family copy heads a part of the meeting its reader heard: not what the part was about (the `exclusion-parts` row). */
export const PART_HEADING = 'A part of the meeting';

/**
 * The sections in one recipient's copy: all for a full copy; for a family or solicitor copy none
 * that is confidential, none recording a part the parent (or the one reading it for them) was asked
 * to leave, and none about another parent's children. A part they heard keeps its text, but its
 * heading says what it was about only where the table lets the parent have that.
 */
export function sectionsFor(
  c: Conference,
  policy: Policy,
  minutes: Pick<Minutes, 'sections'>,
  r: Pick<MinutesRecipient, 'copy' | 'copyOf' | 'attendeeId'>,
): MinutesSection[] {
  if (r.copy === 'full') return minutes.sections;
  if (r.copy === 'none' || !r.copyOf) return [];
  const parent = c.attendees.find((a) => a.id === r.copyOf);
  if (!parent) return [];
  const left = new Set([...excludedParts(c, parent.id), ...excludedParts(c, r.attendeeId)]);
  const mine = new Set(childrenFor(c, parent));
  const partsNamed = accessFor(c, policy, parent, 'exclusion-parts') !== 'none';
  return minutes.sections
    .filter(
      (s) =>
        !s.confidential && !(s.part && left.has(s.part)) && !(s.childIds && !s.childIds.some((id) => mine.has(id))),
    )
    .map((s) => (s.part && !partsNamed ? { ...s, heading: PART_HEADING } : s));
}
