/**
 * A core group's meeting and calendar entry: which revision a job is about, the provider's meeting
 * (video and dial-in) made or updated, and the calendar entry every emailed member gets (one UID per
 * core group, SEQUENCE raised by every reschedule and the cancellation).
 */
import { buildInviteIcs, icsJoining } from '../../content/ics.ts';
import type { Attendee, MeetingDetails } from '../../domain/conference-parts.ts';
import type { Conference } from '../../domain/conference.ts';
import { coreGroupOfSeq, type CoreGroupMeeting } from '../../domain/core-groups.ts';
import type { Policy } from '../../domain/policy/schema.ts';
import type { MeetingRequest } from '../../ports.ts';
import type { AppDeps } from '../deps.ts';
import { LONDON } from '../../domain/calendar/zone.ts';
import { isApproved } from '../../domain/state-machine.ts';
import { coreGroupUid } from './core-group-rsvp.ts';

/** The core group of a job, if the job is about its current revision (an older revision's job does nothing). */
export function currentCoreGroup(c: Conference, seq: number | undefined): CoreGroupMeeting | undefined {
  if (!seq) return undefined;
  const { id, revision } = coreGroupOfSeq(seq);
  const g = c.coreGroups?.find((x) => x.id === id);
  return g && g.revision === revision ? g : undefined;
}

/**
 * Whether core groups may reach their members: the decision approved and the conference not closed.
 * The first core group is booked with the decision, before approval, and a correction replaces it:
 * its invitation or record would tell the family a plan is coming before the chair approved it.
 */
export function coreGroupsOpen(deps: Pick<AppDeps, 'logger'>, c: Conference): boolean {
  if (isApproved(c.state) && c.decision?.approvedAt) return true;
  deps.logger.info('core group job before approval or after close: skipped', {
    conferenceId: c.id,
    reference: c.reference,
    state: c.state,
  });
  return false;
}

export const letterRecipient = (g: CoreGroupMeeting, a: Attendee) => `${g.id}-${a.id}-r${g.revision}`;
export const coreGroupNumber = (g: CoreGroupMeeting) => Number(g.id.slice(2));

export function meetingRequest(c: Conference, g: CoreGroupMeeting): MeetingRequest {
  return {
    conferenceId: c.id,
    reference: c.reference,
    version: 1,
    mode: g.mode,
    startsAt: g.startsAt,
    endsAt: g.endsAt,
    occasion: g.id,
    title: `Core group ${c.reference}`,
    ...(g.venue ? { venue: g.venue } : {}),
  };
}

export async function ensureMeeting(
  deps: AppDeps,
  c: Conference,
  g: CoreGroupMeeting,
): Promise<MeetingDetails | undefined> {
  if (g.mode === 'in-person') return undefined;
  const provider = deps.meetings(c.meetingProvider);
  return g.meeting ? provider.update(meetingRequest(c, g), g.meeting) : provider.create(meetingRequest(c, g));
}

export function coreGroupIcs(
  c: Conference,
  g: CoreGroupMeeting,
  a: Attendee & { email: string },
  policy: Policy,
  method: 'REQUEST' | 'CANCEL',
  description: string,
): string {
  const joinUrl = g.meeting?.joinUrl;
  return buildInviteIcs({
    uid: coreGroupUid(c, g, policy),
    // One UID per core group; SEQUENCE goes up with every reschedule and the cancellation.
    sequence: g.revision - 1,
    method,
    organizer: { name: policy.sender.name, email: policy.sender.address },
    attendee: { email: a.email, role: a.id === g.chairAttendeeId ? 'CHAIR' : 'REQ-PARTICIPANT' },
    start: g.startsAt,
    end: g.endsAt,
    summary: `Core group ${c.reference}`,
    description,
    ...(g.venue && g.mode !== 'virtual' ? { location: g.venue } : joinUrl ? { location: joinUrl } : {}),
    ...(joinUrl && g.mode !== 'in-person' ? { url: joinUrl } : {}),
    ...(icsJoining(g.meeting, g.mode) ? { joining: icsJoining(g.meeting, g.mode)! } : {}),
    timezone: LONDON,
    stamp: g.cancelledAt ?? g.bookedAt,
  });
}
