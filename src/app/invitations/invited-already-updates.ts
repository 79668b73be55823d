/**
 * A parent's invitation says who of their own side is invited (invitedAlready: their child as a child
 * attendee, their solicitor), and someone who comes with a parent is told how many of that parent's
 * children are. When such a person is added after the invitations went, those letters no longer say
 * what is so: each of them is sent their invitation again through the update of one person's own
 * invitation (invite-revision.ts), so the ledger keeps one entry per letter and a re-run sends
 * nothing twice. Someone not yet sent their first invitation is sent it as it now stands, once.
 */
import type { Attendee } from '../../domain/conference-parts.ts';
import type { Conference } from '../../domain/conference.ts';
import { isCompanion } from '../../domain/disclosure.ts';
import type { ScheduledJob } from '../../ports/jobs.ts';
import { invitationsLive } from '../conference/family-arrangements.ts';
import { invitedAlready } from './invite-letters.ts';
import { inviteUpdates } from './invite-revision.ts';

/** What of `invitedAlready` the attendee's invitation says (parents and carers all of it, companions the number of children). */
function whatTheySay(c: Conference, a: Attendee): string | undefined {
  if (a.role === 'parent' || a.role === 'carer') return JSON.stringify(invitedAlready(c, a));
  if (isCompanion(a)) return String(invitedAlready(c, a).childrenInvited ?? 0);
  return undefined;
}

/**
 * `after` (the conference as the change leaves it) with an invitation update counted for everyone
 * already on `before` whose invitation now says something else, while invitations are out; and who they are.
 */
export function withInvitedAlreadyUpdates(
  before: Conference,
  after: Conference,
): { conference: Conference; changed: string[] } {
  if (!invitationsLive(after)) return { conference: after, changed: [] };
  const changed = after.attendees
    .filter((a) => before.attendees.some((b) => b.id === a.id))
    .filter((a) => whatTheySay(before, a) !== whatTheySay(after, a))
    .map((a) => a.id);
  if (!changed.length) return { conference: after, changed };
  const counts = Object.fromEntries(changed.map((id) => [id, inviteUpdates(after, id) + 1]));
  return {
    conference: {
      ...after,
      inviteUpdates: { ...(after.inviteUpdates ?? {}), ...counts },
      // Said so in the letter ("the time is the same"), not "the time has changed".
      invitedAlreadyUpdates: { ...(after.invitedAlreadyUpdates ?? {}), ...counts },
    },
    changed,
  };
}

/** Their updated invitations, one job each (sendInvites with `only`), now. */
export function invitedAlreadyJobs(c: Conference, changed: string[], now: Date): ScheduledJob[] {
  return changed.map((attendeeId) => ({
    conferenceId: c.id,
    version: c.version,
    step: 'send-invites',
    attendeeId,
    seq: inviteUpdates(c, attendeeId),
    runAt: now,
  }));
}
