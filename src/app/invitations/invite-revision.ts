/**
 * Which invitation an attendee holds. A new schedule version (a reschedule) re-invites everyone;
 * a change to one person's own time (a parent's pre-meeting slot) updates only theirs, counted in
 * `Conference.inviteUpdates`. The calendar SEQUENCE adds both, so it only ever goes up for each
 * person, and the send ledger keeps one entry per invitation they were sent:
 * `send-invites-a3-v2`, then `send-invites-a3-update1-v2` after the first update of their own.
 */
import type { Conference } from '../../domain/conference.ts';
import type { LedgerEntry } from '../../ports/send-ledger.ts';
import { toLondonIso } from '../shared/time.ts';

export const inviteUpdates = (c: Pick<Conference, 'inviteUpdates'>, attendeeId: string): number =>
  c.inviteUpdates?.[attendeeId] ?? 0;

/** SEQUENCE of the attendee's calendar entry as it now stands (the UID stays the same). */
export function inviteSequence(c: Pick<Conference, 'version' | 'inviteUpdates'>, attendeeId: string): number {
  return c.version - 1 + inviteUpdates(c, attendeeId);
}

/** SEQUENCE and DTSTAMP of one message about an attendee's calendar entry. */
export interface CalendarRevision {
  sequence: number;
  /** When the organizer made this revision (an ISO instant): later than any message before it. */
  stamp: string;
}

/**
 * The entry as it now stands: every change that reaches the attendee (a new version, an update of
 * their own, a whole cancellation, which moves the version on too) raises their SEQUENCE, and the
 * stamp is the conference's last change.
 */
export function calendarRevision(
  c: Pick<Conference, 'version' | 'inviteUpdates' | 'updatedAt'>,
  attendeeId: string,
): CalendarRevision {
  return { sequence: inviteSequence(c, attendeeId), stamp: toLondonIso(new Date(Date.parse(c.updatedAt))) };
}

/**
 * A person removed from a conference that goes on: their CANCEL must be a newer revision than the
 * invitation it withdraws (RFC 5546 §3.2.5; Apple Calendar and Thunderbird ignore one that is not),
 * so it carries their SEQUENCE plus one and the time of the removal.
 */
export function withdrawalRevision(
  c: Pick<Conference, 'version' | 'inviteUpdates'>,
  attendeeId: string,
  at: string,
): CalendarRevision {
  return { sequence: inviteSequence(c, attendeeId) + 1, stamp: at };
}

/** The recipient part of the ledger key of the attendee's current invitation. */
export function inviteRecipient(c: Pick<Conference, 'inviteUpdates'>, attendeeId: string): string {
  const n = inviteUpdates(c, attendeeId);
  return n > 0 ? `${attendeeId}-update${n}` : attendeeId;
}

/** Ledger keys of every invitation the attendee was sent (any version, any update). */
export function sentInvitationKeys(ledger: Record<string, LedgerEntry>, attendeeId: string): string[] {
  const own = new RegExp(`^send-invites-${attendeeId}-(?:update\\d+-)?v\\d+$`);
  return Object.entries(ledger)
    .filter(([k, e]) => e.state === 'sent' && own.test(k))
    .map(([k]) => k);
}
