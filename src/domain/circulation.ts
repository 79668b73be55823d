/**
 * Who gets the approved decision, in which version and by which channel. Pure: the step handlers
 * send, the conference view reports, and both read the same list so they never disagree.
 */
import type { Attendee, IsoInstant } from './conference-parts.ts';
import type { Conference } from './conference.ts';
import type { Policy } from './policy/schema.ts';
import { accessFor, effectiveAttendee, mayReceive, disclosureRole } from './disclosure.ts';
import { ROLE_LABELS, type Role } from './vocabulary.ts';
import { heldLetterOf, isLate, type HoldReason } from './held-letters.ts';

export type CirculationChannel = 'email' | 'post' | 'via-social-worker' | 'none';

export interface CirculationRecipient {
  /** Ledger recipient: the attendee id, or `<id>-manager` for a manager's copy. */
  key: string;
  attendeeId: string;
  role: Role;
  copy: 'professional' | 'family' | 'none';
  channel: CirculationChannel;
  /** The manager's copy of a professional's letter (Hampshire): no confidential notes, no child's words. */
  manager?: boolean;
  /** A companion's copy: the letter of the parent or carer they come with (their plain-language form). */
  letterOf?: string;
  /**
   * The letter waits until someone has told the parent (held-letters.ts): an absent parent where the
   * policy asks for a visit (Cumbria), or a parent asked to leave part of the meeting. A companion's
   * copy waits with the letter of the person they come with.
   */
  tellInPersonFirst: boolean;
  holdFor?: HoldReason;
  /** Why nothing is sent. */
  reason?: string;
}

/** The attendance was recorded and this attendee was not in it. */
export function wasAbsent(c: Pick<Conference, 'attendance'>, attendeeId: string): boolean {
  return c.attendance !== undefined && !c.attendance.present.includes(attendeeId);
}

/** The parts of the meeting this attendee was asked to leave. */
export function excludedParts(c: Pick<Conference, 'exclusions'>, attendeeId: string): string[] {
  return [...new Set((c.exclusions ?? []).filter((e) => e.attendeeId === attendeeId).map((e) => e.part))];
}

/**
 * Why a parent's (or carer's) decision letter waits until someone has told them: not at the meeting
 * where the policy asks for a visit, or asked to leave part of it (every policy: what was said then
 * is not in the letter, so someone explains it). Undefined when it goes at once.
 */
export function holdReason(c: Conference, policy: Policy, person: Attendee): HoldReason | undefined {
  if (person.role !== 'parent' && person.role !== 'carer') return undefined;
  if (wasAbsent(c, person.id)) return policy.circulation.tellAbsentParentsInPerson ? 'absent' : undefined;
  return excludedParts(c, person.id).length ? 'excluded' : undefined;
}

/** Who gets which version of the decision: the disclosure table decides (domain/disclosure.ts). */
function forAttendee(c: Conference, policy: Policy, a: Attendee): CirculationRecipient[] {
  const base = { attendeeId: a.id, role: a.role, tellInPersonFirst: false };
  if (a.role === 'child') {
    return [
      {
        ...base,
        key: a.id,
        copy: 'none',
        channel: 'none',
        reason: 'children are never contacted directly: the social worker explains the decision',
      },
    ];
  }
  if (accessFor(c, policy, a, 'decision-professional') === 'receive') {
    const own: CirculationRecipient = {
      ...base,
      key: a.id,
      copy: 'professional',
      channel: a.email ? 'email' : 'none',
      ...(a.email ? {} : { reason: 'no email address' }),
    };
    const manager: CirculationRecipient[] =
      mayReceive('decision-professional', 'manager', policy) && a.managerEmail
        ? [{ ...base, key: `${a.id}-manager`, copy: 'professional', channel: 'email', manager: true }]
        : [];
    return [own, ...manager];
  }
  if (accessFor(c, policy, a, 'decision-family') === 'receive') {
    const person = effectiveAttendee(c, a);
    const hold = holdReason(c, policy, person);
    const held = hold ? { tellInPersonFirst: true, holdFor: hold } : {};
    if (person.id !== a.id) {
      // A companion: the letter of the person they come with, to their own address.
      return [
        {
          ...base,
          ...held,
          key: a.id,
          copy: 'family',
          letterOf: person.id,
          channel: a.email ? 'email' : 'none',
          ...(a.email ? {} : { reason: 'no email address' }),
        },
      ];
    }
    const channel: CirculationChannel =
      a.contactPreference === 'email' && a.email
        ? 'email'
        : a.contactPreference === 'email'
          ? 'post'
          : a.contactPreference;
    return [{ ...base, key: a.id, copy: 'family', channel, ...held }];
  }
  const why = ['advocate', 'supporter', 'interpreter'].includes(disclosureRole(a.role))
    ? `the ${ROLE_LABELS[a.role].toLowerCase()} (${a.id}) gets what the parent or carer they come with gets: link them with accompanies`
    : `the ${ROLE_LABELS[a.role].toLowerCase()} (${a.id}) is not sent the decision under the ${policy.shortName} policy`;
  return [{ ...base, key: a.id, copy: 'none', channel: 'none', reason: why }];
}

/** Every recipient of the decision, in attendee order, including those who get nothing (with why). */
export function circulationRecipients(c: Conference, policy: Policy): CirculationRecipient[] {
  return c.attendees.flatMap((a) => forAttendee(c, policy, a));
}

/** The recipients who are actually sent something. */
export function deliveredRecipients(c: Conference, policy: Policy): CirculationRecipient[] {
  return circulationRecipients(c, policy).filter((r) => r.channel !== 'none');
}

/**
 * The recipients the end of circulation waits for: all who are sent something, except a letter held
 * past its hold time (held-letters.ts: it waits for someone to tell the parent, however long, and
 * the follow-ups do not wait with it). A companion's copy goes with the parent's.
 */
export function awaitedRecipients(c: Conference, policy: Policy): CirculationRecipient[] {
  return deliveredRecipients(c, policy).filter(
    (r) => !(r.holdFor && isLate(heldLetterOf(c, r.letterOf ?? r.attendeeId))),
  );
}

/** The circulation deadline the watchdog guards: the decision's, else the plan's. */
export function circulationDueAt(c: Pick<Conference, 'timetable'>): IsoInstant | undefined {
  return c.timetable.decisionCirculationDue ?? c.timetable.planCirculationDue;
}
