/**
 * Who really acted, as the door proved it: the coordinator's key (the HTTP API), an attendee's own
 * personal link or Teams card (the chair's, for the chair's actions), a signed-in dashboard session,
 * or the system. A name in the
 * request body (`by`, `decidedBy`, `recordedBy`) proves nothing: through the coordinator's key it is
 * kept in the audit as `requestedBy`; on a link or card it is ignored.
 */
import type { Attendee } from '../../domain/conference-parts.ts';
import type { Conference } from '../../domain/conference.ts';

export type Actor =
  | { via: 'coordinator' }
  | { via: 'attendee'; attendeeId: string }
  /** A signed-in dashboard session: `email` is the sign-in provider's verified email (absent for the coordinator key). */
  | { via: 'session'; name: string; email?: string }
  | { via: 'system'; name: string };

export const COORDINATOR: Actor = { via: 'coordinator' };
export const attendeeActor = (attendeeId: string): Actor => ({ via: 'attendee', attendeeId });

/** The audit's actor (and stored `…By` fields), and what the coordinator said it was on behalf of. */
export function audited(actor: Actor, claimed?: string): { actor: string; requestedBy?: string } {
  if (actor.via === 'attendee') return { actor: actor.attendeeId };
  // A dashboard session names its signed-in user; the system names its process.
  if (actor.via === 'system' || actor.via === 'session') return { actor: actor.name };
  return { actor: 'coordinator', ...(claimed ? { requestedBy: claimed } : {}) };
}

/**
 * The attendee a signed-in dashboard session is, by the sign-in provider's verified email (the
 * chair first, should one address belong to more than one attendee); none for the coordinator key.
 */
export function sessionAttendee(c: Pick<Conference, 'attendees'>, actor: Actor): Attendee | undefined {
  if (actor.via !== 'session' || !actor.email) return undefined;
  const email = actor.email.trim().toLowerCase();
  const same = c.attendees.filter((a) => a.email?.trim().toLowerCase() === email);
  return same.find((a) => a.role === 'chair') ?? same[0];
}

/** `requestedBy` for an audit entry's detail, when there is one. */
export const requested = (who: { requestedBy?: string }): { requestedBy?: string } =>
  who.requestedBy ? { requestedBy: who.requestedBy } : {};
