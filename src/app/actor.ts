/**
 * Who really acted, as the door proved it: the coordinator's key (the HTTP API), an attendee's own
 * personal link or Teams card (the chair's, for the chair's actions), a signed-in dashboard session,
 * or the system. A name in the
 * request body (`by`, `decidedBy`, `recordedBy`) proves nothing: through the coordinator's key it is
 * kept in the audit as `requestedBy`; on a link or card it is ignored.
 */
export type Actor =
  | { via: 'coordinator' }
  | { via: 'attendee'; attendeeId: string }
  | { via: 'session'; name: string }
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

/** `requestedBy` for an audit entry's detail, when there is one. */
export const requested = (who: { requestedBy?: string }): { requestedBy?: string } =>
  who.requestedBy ? { requestedBy: who.requestedBy } : {};
