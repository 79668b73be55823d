/** Text reminders that are steps of their own (the others go with the letter or email they accompany). */
import type { Conference } from '../../domain/conference.ts';
import type { AppDeps } from '../deps.ts';
import { sendText } from './texts.ts';
import { calendarStart } from '../invitations/invite-calendar.ts';
import { mayStartMeeting } from '../../domain/state-machine.ts';

/** Meeting not yet held: the day-before reminder is still worth sending. */

export async function dayBeforeText(deps: AppDeps, c: Conference, attendeeId: string): Promise<void> {
  const a = c.attendees.find((x) => x.id === attendeeId);
  if (!a || !mayStartMeeting(c.state)) return;
  await sendText(deps, c, a, 'day-before', { meetingAt: calendarStart(c, a) });
}
