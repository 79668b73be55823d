/** An invitation's calendar entry: who it is for (family or professionals), when it starts for them, its UID, and the ICS itself. */
import { buildInviteIcs, icsJoining, type InviteIcsInput } from '../../content/ics.ts';
import type { Attendee } from '../../domain/conference-parts.ts';
import type { Conference } from '../../domain/conference.ts';
import {
  SLOT_ROLES,
  companionStart,
  earliestFamilyStart,
  isChildsAdvocate,
  parentStart,
} from '../../domain/family-slots.ts';
import type { Policy } from '../../domain/policy/schema.ts';
import { coreGroupStraightAfter } from '../../domain/core-groups.ts';
import { type Role } from '../../domain/vocabulary.ts';
import { calendarRevision } from './invite-revision.ts';
import { toLondonIso } from '../shared/time.ts';
import { LONDON } from '../../domain/calendar/zone.ts';

/** Who comes with the family and gets a plain-language invitation (supporters and advocates their own, companion-invite.ts). */
const WITH_FAMILY: ReadonlySet<Role> = new Set<Role>(['parent', 'carer', 'supporter', 'advocate']);
type Audience = 'family' | 'professionals';

export function audienceOf(a: Attendee): Audience {
  return WITH_FAMILY.has(a.role) ? 'family' : 'professionals';
}

/** The calendar entry an attendee sees: the family's starts at the parents' slot, professionals' at their join time. */
export function calendarStart(c: Conference, a: Attendee): string {
  const t = c.timetable;
  const family = SLOT_ROLES.has(a.role) || WITH_FAMILY.has(a.role) || a.role === 'interpreter';
  // No parents' slot: the family comes at the start (professionals may be asked to come early).
  if (!t.parentsJoinAt) return family ? c.startsAt : t.professionalsJoinAt;
  // The child's advocate is there for the child: never in a parent's (private) time with the chair.
  if (isChildsAdvocate(a)) return t.professionalsJoinAt;
  // A parent or carer starts at their own slot (or the shared parents' time); a supporter, advocate
  // or interpreter with the parent they come with (unlinked: the earliest family slot).
  if (SLOT_ROLES.has(a.role)) return parentStart(t, a);
  if (family) return companionStart(t, a, c.attendees);
  // The chair meets the parents: from the first family slot.
  if (a.role === 'chair') return earliestFamilyStart(t, c.attendees);
  return t.professionalsJoinAt;
}

/**
 * The calendar UID an attendee's invitation carries, in our domain: their own, so the chair's entry
 * (from the parents' slot) and a parent's own slot never overwrite the professionals' in a calendar
 * that holds both; one per audience on conferences invited before that (see calendarUidPerAttendee).
 */
export function inviteUid(
  c: Pick<Conference, 'id' | 'calendarUidPerAttendee'>,
  a: Attendee,
  policy: Pick<Policy, 'sender'>,
): string {
  return `cpc-${c.id}-${c.calendarUidPerAttendee ? a.id : audienceOf(a)}@${policy.sender.address.split('@')[1]}`;
}

/** Where the core group meets straight after (Hampshire): when it ends, and the calendar entry with it. */
export function coreGroupUntil(c: Conference, policy: Policy): string | undefined {
  if (!coreGroupStraightAfter(policy, c)) return undefined;
  return toLondonIso(new Date(Date.parse(c.timetable.endsAt) + policy.coreGroup.straightAfterMinutes * 60_000));
}

/** One recipient's calendar file, from icsInputFor's entry (same arguments). */
export function icsFor(...args: Parameters<typeof icsInputFor>): string {
  return buildInviteIcs(icsInputFor(...args));
}

/**
 * What icsFor builds the entry from: for a batch's builder (inviteIcsBuilder), which builds each
 * distinct entry once. `revision`: the SEQUENCE and DTSTAMP of this message (invite-revision.ts), by
 * default the invitation as it now stands.
 */
export function icsInputFor(
  c: Conference,
  a: Attendee & { email: string },
  policy: Policy,
  method: 'REQUEST' | 'CANCEL',
  description: string,
  revision = calendarRevision(c, a.id),
): InviteIcsInput {
  const joinUrl = c.meeting?.joinUrl;
  const joining = icsJoining(c.meeting, c.mode);
  return {
    uid: inviteUid(c, a, policy),
    // Same UID for good; SEQUENCE goes up with every message the organizer sends for the entry.
    sequence: revision.sequence,
    method,
    organizer: { name: policy.sender.name, email: policy.sender.address },
    attendee: { email: a.email, role: a.role === 'chair' ? 'CHAIR' : 'REQ-PARTICIPANT' },
    start: calendarStart(c, a),
    end: coreGroupUntil(c, policy) ?? c.timetable.endsAt,
    summary: `Child protection conference ${c.reference}`,
    description,
    ...(c.venue && c.mode !== 'virtual' ? { location: c.venue } : joinUrl ? { location: joinUrl } : {}),
    ...(joinUrl && c.mode !== 'in-person' ? { url: joinUrl } : {}),
    ...(joining ? { joining } : {}),
    timezone: LONDON,
    stamp: revision.stamp,
  };
}
