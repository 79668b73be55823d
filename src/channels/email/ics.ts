/**
 * iTIP invitations (RFC 5546) for one recipient each. Times are written as London wall-clock
 * time with TZID=Europe/London plus a VTIMEZONE, computed with luxon so the host's own zone
 * never matters (ical-generator reads a native Date in the host zone).
 */
import ical, {
  ICalAlarmType,
  ICalAttendeeRole,
  ICalAttendeeStatus,
  ICalAttendeeType,
  ICalCalendarMethod,
  ICalEventClass,
  ICalEventStatus,
} from 'ical-generator';
import { DateTime } from 'luxon';
import nodeIcal from 'node-ical';
import type { CalendarResponse, VEvent } from 'node-ical';
import { ValidationError } from '../../domain/errors.ts';

export const LONDON = 'Europe/London';

/**
 * Europe/London since 1996: BST from 01:00 UTC on the last Sunday of March to 01:00 UTC on the
 * last Sunday of October. DTSTART values are local time in the zone being left (RFC 5545).
 */
export const EUROPE_LONDON_VTIMEZONE = [
  'BEGIN:VTIMEZONE',
  'TZID:Europe/London',
  'X-LIC-LOCATION:Europe/London',
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0000',
  'TZOFFSETTO:+0100',
  'TZNAME:BST',
  'DTSTART:19700329T010000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0000',
  'TZNAME:GMT',
  'DTSTART:19701025T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
].join('\r\n');

export type IcsRole = 'REQ-PARTICIPANT' | 'OPT-PARTICIPANT' | 'CHAIR' | 'NON-PARTICIPANT';

export interface InviteIcsInput {
  /** Stable across versions of the same conference, e.g. `cpc-<conferenceId>@<domain>`. */
  uid: string;
  /** Bumped on every change (the conference's schedule version), so clients replace the old entry. */
  sequence: number;
  method: 'REQUEST' | 'CANCEL';
  organizer: { name: string; email: string };
  /** The one recipient of this message; no other attendee's address is ever included. */
  attendee: { name?: string; email: string; role?: IcsRole };
  /** ISO instants with an offset or `Z`. */
  start: string;
  end: string;
  /** Like a subject line: the reference, never a child's or family member's name. */
  summary: string;
  description: string;
  location?: string;
  url?: string;
  timezone: 'Europe/London';
  /** @defaultValue 15 */
  alarmMinutesBefore?: number;
  /** DTSTAMP; defaults to the current time. Pass one for reproducible output. */
  stamp?: string;
}

function instant(field: string, iso: string): DateTime {
  const dt = DateTime.fromISO(iso, { setZone: true });
  if (!dt.isValid || !/(Z|[+-]\d\d:?\d\d)$/.test(iso)) {
    throw new ValidationError('Invalid calendar time', [{ field, message: `expected an ISO instant with an offset, got "${iso}"` }]);
  }
  return dt.setZone(LONDON);
}

const ROLE: Record<IcsRole, ICalAttendeeRole> = {
  'REQ-PARTICIPANT': ICalAttendeeRole.REQ,
  'OPT-PARTICIPANT': ICalAttendeeRole.OPT,
  CHAIR: ICalAttendeeRole.CHAIR,
  'NON-PARTICIPANT': ICalAttendeeRole.NON,
};

export function buildInviteIcs(input: InviteIcsInput): string {
  const start = instant('start', input.start);
  const end = instant('end', input.end);
  if (end <= start) throw new ValidationError('Invalid calendar time', [{ field: 'end', message: 'must be after start' }]);
  const cancel = input.method === 'CANCEL';

  const calendar = ical({
    prodId: { company: 'cp-conference-bot', product: 'conference-invites', language: 'EN' },
    method: cancel ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
    // No calendar-wide zone name: ical-generator would then write DTSTAMP as London wall-clock
    // time without `Z` (a floating stamp). The event's own TZID still gets the VTIMEZONE.
    timezone: { name: null, generator: (tz) => (tz === LONDON ? EUROPE_LONDON_VTIMEZONE : null) },
  });
  const event = calendar.createEvent({
    id: input.uid,
    sequence: input.sequence,
    start,
    end,
    timezone: LONDON,
    stamp: input.stamp ? instant('stamp', input.stamp).toUTC() : DateTime.utc().startOf('second'),
    summary: input.summary,
    description: input.description,
    // Delegates and shared calendars see "busy" only: the details are confidential.
    class: ICalEventClass.PRIVATE,
    status: cancel ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    organizer: { name: input.organizer.name, email: input.organizer.email },
    ...(input.location ? { location: input.location } : {}),
    ...(input.url ? { url: input.url } : {}),
  });
  event.createAttendee({
    email: input.attendee.email,
    ...(input.attendee.name ? { name: input.attendee.name } : {}),
    role: ROLE[input.attendee.role ?? 'REQ-PARTICIPANT'],
    type: ICalAttendeeType.INDIVIDUAL,
    status: ICalAttendeeStatus.NEEDSACTION,
    // A cancellation expects no answer.
    rsvp: !cancel,
  });
  if (!cancel) {
    const minutes = input.alarmMinutesBefore ?? 15;
    event.createAlarm({ type: ICalAlarmType.display, trigger: minutes * 60, description: input.summary });
  }
  return calendar.toString();
}

/** Parses ICS text with node-ical (synchronously). */
export function parseIcs(text: string): CalendarResponse {
  return nodeIcal.sync.parseICS(text);
}

/** The VEVENTs of a parsed calendar, in file order. */
export function eventsOf(parsed: CalendarResponse): VEvent[] {
  return Object.entries(parsed)
    .filter(([key]) => key !== 'vcalendar')
    .map(([, value]) => value)
    .filter((c): c is VEvent => typeof c === 'object' && c !== null && (c as { type?: unknown }).type === 'VEVENT');
}
