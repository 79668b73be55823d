/**
 * Host-zone independence: run with TZ=UTC and TZ=America/New_York as well as the default.
 * The instants asserted are UTC; London wall-clock time is asserted in the raw text.
 */
import { describe, expect, it } from 'vitest';
import { buildInviteIcs, eventsOf, parseIcs, type InviteIcsInput } from '../../../src/content/ics.ts';

const base: InviteIcsInput = {
  uid: 'cpc-0001@council.example',
  sequence: 3,
  method: 'REQUEST',
  organizer: { name: 'Example Council conferences', email: 'cp-invites@council.example' },
  attendee: { email: 'helen.visitor@nhs.example' },
  start: '2027-06-14T10:00:00+01:00',
  end: '2027-06-14T12:00:00+01:00',
  summary: 'Child protection conference CPC-2027-0042',
  description: 'Join at 10:30: https://meet.google.example/abc',
  location: 'Online (video or phone)',
  url: 'https://meet.google.example/abc',
  timezone: 'Europe/London',
  stamp: '2027-05-01T08:00:00Z',
};

describe(`buildInviteIcs (host TZ=${process.env['TZ'] ?? '(unset)'})`, () => {
  it('writes a summer conference as 10:00 London with a VTIMEZONE, which is 09:00Z', () => {
    const ics = buildInviteIcs(base);
    expect(ics).toContain('DTSTART;TZID=Europe/London:20270614T100000');
    expect(ics).toContain('DTEND;TZID=Europe/London:20270614T120000');
    expect(ics).toMatch(/BEGIN:VTIMEZONE\r\nTZID:Europe\/London/);
    expect(ics).toContain('TZNAME:BST');
    expect(ics).toContain('DTSTAMP:20270501T080000Z');
    const e = eventsOf(parseIcs(ics))[0]!;
    expect(e.start.toISOString()).toBe('2027-06-14T09:00:00.000Z');
    expect(e.end!.toISOString()).toBe('2027-06-14T11:00:00.000Z');
    expect(e.uid).toBe(base.uid);
    expect(e.sequence).toBe(3);
  });

  it('gives the same wall-clock time for the same instant written in UTC', () => {
    const ics = buildInviteIcs({ ...base, start: '2027-06-14T09:00:00Z', end: '2027-06-14T11:00:00.000Z' });
    expect(ics).toContain('DTSTART;TZID=Europe/London:20270614T100000');
  });

  it('writes a winter conference in GMT', () => {
    const ics = buildInviteIcs({ ...base, start: '2027-01-04T10:00:00Z', end: '2027-01-04T12:00:00Z' });
    expect(ics).toContain('DTSTART;TZID=Europe/London:20270104T100000');
    expect(eventsOf(parseIcs(ics))[0]!.start.toISOString()).toBe('2027-01-04T10:00:00.000Z');
  });

  it('has one ATTENDEE (the recipient) with RSVP and NEEDS-ACTION, the ORGANIZER and a 15-minute alarm', () => {
    const ics = buildInviteIcs(base);
    const unfolded = ics.replace(/\r\n[ \t]/g, '');
    expect(unfolded.match(/^ATTENDEE/gm)).toHaveLength(1);
    expect(unfolded).toMatch(/^ATTENDEE;.*PARTSTAT=NEEDS-ACTION.*RSVP=TRUE.*:MAILTO:helen\.visitor@nhs\.example\r?$/m);
    expect(unfolded).toMatch(/^ORGANIZER;CN="Example Council conferences":mailto:cp-invites@council\.example\r?$/m);
    expect(unfolded).toContain('METHOD:REQUEST');
    expect(unfolded).toContain('STATUS:CONFIRMED');
    expect(unfolded).toMatch(/BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-PT15M/);
    const e = eventsOf(parseIcs(ics))[0]!;
    expect(e.alarms?.[0]?.trigger).toBe('-PT15M');
  });

  it('honours a custom alarm and writes a CANCEL with STATUS:CANCELLED and no alarm', () => {
    expect(buildInviteIcs({ ...base, alarmMinutesBefore: 30 })).toContain('TRIGGER:-PT30M');
    const cancel = buildInviteIcs({ ...base, method: 'CANCEL', sequence: 4 });
    expect(cancel).toContain('METHOD:CANCEL');
    expect(cancel).toContain('STATUS:CANCELLED');
    expect(cancel).not.toContain('BEGIN:VALARM');
    const parsed = parseIcs(cancel);
    expect(parsed.vcalendar?.method).toBe('CANCEL');
    expect(eventsOf(parsed)[0]!.sequence).toBe(4);
  });

  it('rejects a time without an offset, which would be read in the host zone', () => {
    expect(() => buildInviteIcs({ ...base, start: '2027-06-14T10:00:00' })).toThrow(/offset/);
    expect(() => buildInviteIcs({ ...base, end: base.start })).toThrow(/after start/);
  });
});
