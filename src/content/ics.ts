/**
 * iTIP invitations (RFC 5546) for one recipient each. Times are written as London wall-clock
 * time with TZID=Europe/London plus a VTIMEZONE, computed with luxon so the host's own zone
 * never matters (ical-generator reads a native Date in the host zone).
 */
import { randomUUID } from 'node:crypto';
import ical, {
  escape as icalEscape,
  type ICalCalendar,
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
import { ValidationError } from '../domain/errors.ts';
import { LONDON, LONDON_ZONE } from '../domain/calendar/zone.ts';
import type { MeetingDetails } from '../domain/conference-parts.ts';
import type { MeetingMode } from '../domain/vocabulary.ts';
import { dialInLine, dialInTelUri } from './dial-in.ts';

/**
 * Europe/London since 1996: BST from 01:00 UTC on the last Sunday of March to 01:00 UTC on the
 * last Sunday of October. DTSTART values are local time in the zone being left (RFC 5545).
 */
export const EUROPE_LONDON_VTIMEZONE = [
  'BEGIN:VTIMEZONE',
  `TZID:${LONDON}`,
  `X-LIC-LOCATION:${LONDON}`,
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
  timezone: typeof LONDON;
  /** @defaultValue 15 */
  alarmMinutesBefore?: number;
  /** DTSTAMP; defaults to the current time. Pass one for reproducible output. */
  stamp?: string;
  /** How to join remotely (icsJoining): CONFERENCE properties (RFC 7986) and the provider's own. */
  joining?: IcsJoining;
}

/** The ways into a remote meeting, as calendar clients show them: a join button, a tap to dial. */
export interface IcsJoining {
  provider: MeetingDetails['provider'];
  videoUrl?: string;
  /** `tel:` URIs with the PIN (dialInTelUri), each with the line a person reads. */
  phones: { uri: string; label: string }[];
}

/** The joining of a meeting for its calendar entry; none for a meeting in person. */
export function icsJoining(meeting: MeetingDetails | undefined, mode: MeetingMode): IcsJoining | undefined {
  if (!meeting || mode === 'in-person') return undefined;
  const phones = meeting.dialIn.flatMap((d) => {
    const uri = dialInTelUri(d);
    return uri ? [{ uri, label: dialInLine(d) }] : [];
  });
  return { provider: meeting.provider, ...(meeting.joinUrl ? { videoUrl: meeting.joinUrl } : {}), phones };
}

/** A parameter value (RFC 5545 §3.2): quoted, with the characters a quoted value cannot hold dropped. */
const paramValue = (v: string) => `"${v.replace(/["\r\n\x00-\x1f]/g, '')}"`;

/**
 * RFC 7986 CONFERENCE properties, which ical-generator does not write: the video link with
 * FEATURE=VIDEO and each phone number as a tel: URI with the PIN, FEATURE=PHONE. Outlook, Apple
 * Calendar and Thunderbird show a join button or a tap-to-dial from them.
 */
function conferenceLines(j: IcsJoining | undefined): string[] {
  if (!j) return [];
  return [
    ...(j.videoUrl ? [`CONFERENCE;VALUE=URI;FEATURE=VIDEO;LABEL=${paramValue('Join by video')}:${j.videoUrl}`] : []),
    ...j.phones.map((p) => `CONFERENCE;VALUE=URI;FEATURE=PHONE;LABEL=${paramValue(p.label)}:${p.uri}`),
  ];
}

/** What Outlook (Teams) and Google Calendar read to show their own join button. */
function providerProperties(j: IcsJoining | undefined): [string, string][] {
  if (!j?.videoUrl) return [];
  if (j.provider === 'teams') return [['X-MICROSOFT-SKYPETEAMSMEETINGURL', j.videoUrl]];
  if (j.provider === 'google') return [['X-GOOGLE-CONFERENCE', j.videoUrl]];
  return [];
}

function instant(field: string, iso: string): DateTime {
  const dt = DateTime.fromISO(iso, { setZone: true });
  if (!dt.isValid || !/(Z|[+-]\d\d:?\d\d)$/.test(iso)) {
    throw new ValidationError('Invalid calendar time', [
      { field, message: `expected an ISO instant with an offset, got "${iso}"` },
    ]);
  }
  return dt.setZone(LONDON_ZONE);
}

const ROLE: Record<IcsRole, ICalAttendeeRole> = {
  'REQ-PARTICIPANT': ICalAttendeeRole.REQ,
  'OPT-PARTICIPANT': ICalAttendeeRole.OPT,
  CHAIR: ICalAttendeeRole.CHAIR,
  'NON-PARTICIPANT': ICalAttendeeRole.NON,
};

/**
 * RFC 5545 line folding exactly as ical-generator's `foldLines` does it (a line longer than 74
 * UTF-8 octets is cut before the character that would pass 74, the rest continues after CRLF and
 * a space; a surrogate pair is never split, a lone surrogate counts as U+FFFD's 3 octets), without
 * its cost: it builds a TextEncoder for every character, which made folding ~70% of building an
 * invitation (the description is the whole email text). `test/unit/ics-fold.test.ts` checks the
 * two agree on arbitrary text.
 */
export function foldIcsLines(text: string): string {
  return text.split('\r\n').map(foldIcsLine).join('\r\n');
}

function foldIcsLine(line: string): string {
  // At most 3 octets per UTF-16 unit (a 4-octet character is 2 units): short lines need no look.
  if (line.length * 3 <= 74) return line;
  let out = '';
  let segmentStart = 0;
  let octets = 0;
  for (let r = 0; r < line.length;) {
    const start = r;
    const unit = line.charCodeAt(r++);
    let size: number;
    if (unit < 0x80) size = 1;
    else if (unit < 0x800) size = 2;
    else if (unit >= 0xd800 && unit <= 0xdbff) {
      // ical-generator takes the next unit with a high surrogate, whatever it is.
      if (r >= line.length) size = 3;
      else {
        const next = line.charCodeAt(r++);
        size = next >= 0xdc00 && next <= 0xdfff ? 4 : 3 + (next < 0x80 ? 1 : next < 0x800 ? 2 : 3);
      }
    } else size = 3;
    octets += size;
    if (octets > 74) {
      out += line.slice(segmentStart, start) + '\r\n ';
      segmentStart = start;
      octets = size;
    }
  }
  return out + line.slice(segmentStart);
}

/**
 * The calendar as ical-generator would write it (`calendar.toString()`), before folding (buildInviteIcs
 * folds it with foldIcsLines). Only the calendar properties buildInviteIcs sets are written; the test
 * compares this with the library's own output, so a library change that adds anything shows up there.
 */
function serialiseInvite(calendar: ICalCalendar, extraEventLines: string[] = []): string {
  const events = calendar.events();
  const method = calendar.method();
  let text = `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-${calendar.prodId()}\r\n${method ? `METHOD:${method}\r\n` : ''}`;
  if (events.some((e) => e.timezone() === LONDON)) text += `${EUROPE_LONDON_VTIMEZONE}\r\n`;
  for (const e of events) {
    const event = e.toString();
    const end = event.lastIndexOf('END:VEVENT');
    text += extraEventLines.length
      ? `${event.slice(0, end)}${extraEventLines.map((l) => `${l}\r\n`).join('')}${event.slice(end)}`
      : event;
  }
  return `${text}END:VCALENDAR`;
}

/** The invitation as an ical-generator calendar (buildInviteIcs writes it; tests compare with the library's toString). */
export function inviteCalendar(input: InviteIcsInput): ICalCalendar {
  const start = instant('start', input.start);
  const end = instant('end', input.end);
  if (end <= start)
    throw new ValidationError('Invalid calendar time', [{ field: 'end', message: 'must be after start' }]);
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
    ...(providerProperties(input.joining).length ? { x: providerProperties(input.joining) } : {}),
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
  return calendar;
}

const unfoldedInvite = (input: InviteIcsInput) =>
  serialiseInvite(inviteCalendar(input), conferenceLines(input.joining));

export function buildInviteIcs(input: InviteIcsInput): string {
  return foldIcsLines(unfoldedInvite(input));
}

/** Where a built entry's UID and recipient's address go: random, so no text of ours can hold them. */
const UID_SLOT = `uid-slot-${randomUUID()}`;
const EMAIL_SLOT = `email-slot-${randomUUID()}@slot.invalid`;

/**
 * Render once, send many: buildInviteIcs for a batch of invitations. The entries a batch sends are
 * mostly the same but for whose each is: its UID (one per attendee) and its ATTENDEE line (the one
 * recipient's address). Each distinct entry (everything else: the times, SEQUENCE, DTSTAMP, the
 * text, the recipient's ROLE) is built once, with ical-generator, with a slot where the UID and the
 * address go; each recipient's is that text with theirs put in as the library writes them (the UID
 * as it is, the address escaped) and then folded: byte for byte what buildInviteIcs writes for
 * them (test/unit/ics-fold.test.ts). One builder per batch: it keeps every entry it built.
 */
export function inviteIcsBuilder(): (input: InviteIcsInput) => string {
  const built = new Map<string, string>();
  return (input) => {
    // Without a DTSTAMP each is stamped when built: nothing to share.
    if (input.stamp === undefined) return buildInviteIcs(input);
    const { uid, attendee, ...entry } = input;
    const key = JSON.stringify([attendee.name ?? null, attendee.role ?? null, entry]);
    let text = built.get(key);
    if (text === undefined) {
      text = unfoldedInvite({ ...input, uid: UID_SLOT, attendee: { ...attendee, email: EMAIL_SLOT } });
      built.set(key, text);
    }
    return foldIcsLines(
      text.replaceAll(UID_SLOT, () => uid).replaceAll(EMAIL_SLOT, () => icalEscape(attendee.email, false)),
    );
  };
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
