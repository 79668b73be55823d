/**
 * Who gets the approved decision, in which version and by which channel. Pure: the step handlers
 * send, the conference view reports, and both read the same list so they never disagree.
 */
import type { Attendee, Conference, IsoInstant } from './conference.ts';
import type { Policy } from './policy/schema.ts';
import type { Role } from './vocabulary.ts';

/** Everyone who took part in a professional capacity gets the full decision. */
export const PROFESSIONAL_COPY_ROLES: ReadonlySet<Role> = new Set<Role>([
  'chair',
  'social-worker',
  'professional',
  'police',
  'midwife',
  'minute-taker',
  'interpreter',
]);
/** Parents and carers get the plain-language letter by their contact preference. */
export const FAMILY_COPY_ROLES: ReadonlySet<Role> = new Set<Role>(['parent', 'carer']);

export type CirculationChannel = 'email' | 'post' | 'via-social-worker' | 'none';

export interface CirculationRecipient {
  /** Ledger recipient: the attendee id, or `<id>-manager` for a manager's copy. */
  key: string;
  attendeeId: string;
  role: Role;
  copy: 'professional' | 'family' | 'none';
  channel: CirculationChannel;
  /** The manager's copy of a professional's letter (Hampshire). */
  manager?: boolean;
  /** An absent parent, told in person by the social worker before the letter arrives (Cumbria). */
  tellInPersonFirst: boolean;
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

function forAttendee(c: Conference, policy: Policy, a: Attendee): CirculationRecipient[] {
  const base = { attendeeId: a.id, role: a.role, tellInPersonFirst: false };
  if (a.role === 'child') {
    return [{ ...base, key: a.id, copy: 'none', channel: 'none', reason: 'children are never contacted directly: the social worker explains the decision' }];
  }
  if (PROFESSIONAL_COPY_ROLES.has(a.role)) {
    const own: CirculationRecipient = { ...base, key: a.id, copy: 'professional', channel: a.email ? 'email' : 'none', ...(a.email ? {} : { reason: 'no email address' }) };
    const manager: CirculationRecipient[] =
      policy.circulation.copyManagers && a.managerEmail
        ? [{ ...base, key: `${a.id}-manager`, copy: 'professional', channel: 'email', manager: true }]
        : [];
    return [own, ...manager];
  }
  if (FAMILY_COPY_ROLES.has(a.role)) {
    const channel: CirculationChannel = a.contactPreference === 'email' && a.email ? 'email' : a.contactPreference === 'email' ? 'post' : a.contactPreference;
    const tellInPersonFirst = policy.circulation.tellAbsentParentsInPerson && wasAbsent(c, a.id);
    return [{ ...base, key: a.id, copy: 'family', channel, tellInPersonFirst }];
  }
  // Supporters and advocates came with the family: the family decides what to share with them.
  return [{ ...base, key: a.id, copy: 'none', channel: 'none', reason: `a ${a.role} is not sent the decision under the ${policy.id} policy` }];
}

/** Every recipient of the decision, in attendee order, including those who get nothing (with why). */
export function circulationRecipients(c: Conference, policy: Policy): CirculationRecipient[] {
  return c.attendees.flatMap((a) => forAttendee(c, policy, a));
}

/** The recipients who are actually sent something. */
export function deliveredRecipients(c: Conference, policy: Policy): CirculationRecipient[] {
  return circulationRecipients(c, policy).filter((r) => r.channel !== 'none');
}

/** The circulation deadline the watchdog guards: the decision's, else the plan's. */
export function circulationDueAt(c: Pick<Conference, 'timetable'>): IsoInstant | undefined {
  return c.timetable.decisionCirculationDue ?? c.timetable.planCirculationDue;
}
