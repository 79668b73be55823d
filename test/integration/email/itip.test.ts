import { describe, expect, it } from 'vitest';
import { parseItipReply } from '../../../src/channels/email/itip.ts';
import { ValidationError } from '../../../src/domain/errors.ts';

const crlf = (lines: string[]) => lines.join('\r\n') + '\r\n';

/** As Outlook / Exchange sends it: Windows zone name, MAILTO in capitals, CN before the address. */
const outlookReply = crlf([
  'BEGIN:VCALENDAR',
  'METHOD:REPLY',
  'PRODID:Microsoft Exchange Server 2010',
  'VERSION:2.0',
  'BEGIN:VTIMEZONE',
  'TZID:GMT Standard Time',
  'BEGIN:STANDARD',
  'DTSTART:16010101T020000',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0000',
  'RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10',
  'END:STANDARD',
  'BEGIN:DAYLIGHT',
  'DTSTART:16010101T010000',
  'TZOFFSETFROM:+0000',
  'TZOFFSETTO:+0100',
  'RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3',
  'END:DAYLIGHT',
  'END:VTIMEZONE',
  'BEGIN:VEVENT',
  'ATTENDEE;PARTSTAT=ACCEPTED;CN=Helen Visitor:MAILTO:Helen.Visitor@nhs.example',
  'COMMENT;LANGUAGE=en-GB:See you there.',
  'SUMMARY;LANGUAGE=en-GB:Accepted: Child protection conference CPC-2027-0042',
  'DTSTART;TZID=GMT Standard Time:20270614T100000',
  'DTEND;TZID=GMT Standard Time:20270614T120000',
  'UID:cpc-0001@council.example',
  'CLASS:PRIVATE',
  'PRIORITY:5',
  'DTSTAMP:20270601T101500Z',
  'TRANSP:OPAQUE',
  'STATUS:CONFIRMED',
  'SEQUENCE:2',
  'LOCATION;LANGUAGE=en-GB:',
  'X-MICROSOFT-CDO-APPTSEQUENCE:2',
  'X-MICROSOFT-CDO-OWNERAPPTID:-1',
  'END:VEVENT',
  'END:VCALENDAR',
]);

/** As Google Calendar sends it: UTC times, CUTYPE/ROLE/X-NUM-GUESTS parameters, a long folded line. */
const googleReply = crlf([
  'BEGIN:VCALENDAR',
  'PRODID:-//Google Inc//Google Calendar 70.9054//EN',
  'VERSION:2.0',
  'CALSCALE:GREGORIAN',
  'METHOD:REPLY',
  'BEGIN:VEVENT',
  'DTSTART:20270614T090000Z',
  'DTEND:20270614T110000Z',
  'DTSTAMP:20270601T111500Z',
  'ORGANIZER;CN=Example Council conferences:mailto:cp-invites@council.example',
  'UID:cpc-0001@council.example',
  'ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=TENTATIVE;CN=sam.so',
  ' cial@council.example;X-NUM-GUESTS=0:mailto:sam.social@council.example',
  'CREATED:20270520T090000Z',
  'DESCRIPTION:',
  'LAST-MODIFIED:20270601T111500Z',
  'LOCATION:',
  'SEQUENCE:1',
  'STATUS:CONFIRMED',
  'SUMMARY:Child protection conference CPC-2027-0042',
  'TRANSP:OPAQUE',
  'END:VEVENT',
  'END:VCALENDAR',
]);

const expectInvalid = (ics: string, message: RegExp) => {
  let caught: unknown;
  try {
    parseItipReply(ics);
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(ValidationError);
  expect((caught as Error).message).toMatch(message);
};

describe('parseItipReply', () => {
  it('reads an Outlook-style acceptance', () => {
    expect(parseItipReply(outlookReply)).toEqual({
      uid: 'cpc-0001@council.example',
      attendeeEmail: 'helen.visitor@nhs.example',
      partstat: 'accepted',
      sequence: 2,
    });
  });

  it('reads a Google-style tentative reply with a folded ATTENDEE line', () => {
    expect(parseItipReply(googleReply)).toEqual({
      uid: 'cpc-0001@council.example',
      attendeeEmail: 'sam.social@council.example',
      partstat: 'tentative',
      sequence: 1,
    });
  });

  it('reads a decline, and a reply without SEQUENCE as sequence 0', () => {
    const declined = googleReply.replace('PARTSTAT=TENTATIVE', 'PARTSTAT=DECLINED').replace('SEQUENCE:1\r\n', '');
    expect(parseItipReply(declined)).toMatchObject({ partstat: 'declined', sequence: 0 });
  });

  it('rejects text that is not a calendar', () => {
    expectInvalid('hello, I will come', /no BEGIN:VCALENDAR/);
  });

  it('rejects a calendar with no VEVENT', () => {
    expectInvalid(crlf(['BEGIN:VCALENDAR', 'METHOD:REPLY', 'VERSION:2.0', 'END:VCALENDAR']), /no VEVENT/);
  });

  it('rejects a REQUEST passed off as a reply', () => {
    expectInvalid(googleReply.replace('METHOD:REPLY', 'METHOD:REQUEST'), /expected METHOD:REPLY, found METHOD:REQUEST/);
    expectInvalid(googleReply.replace('METHOD:REPLY\r\n', ''), /expected METHOD:REPLY, found no METHOD/);
  });

  it('rejects a reply with no ATTENDEE', () => {
    const none = googleReply.replace(/ATTENDEE[^\r]*\r\n [^\r]*\r\n/, '');
    expectInvalid(none, /names no ATTENDEE/);
  });

  it('rejects an unknown PARTSTAT', () => {
    expectInvalid(outlookReply.replace('PARTSTAT=ACCEPTED', 'PARTSTAT=DELEGATED'), /unknown PARTSTAT "DELEGATED"/);
    expectInvalid(outlookReply.replace('PARTSTAT=ACCEPTED', 'PARTSTAT=MAYBE'), /unknown PARTSTAT "MAYBE"/);
  });

  it('rejects an ATTENDEE that is not an email address', () => {
    expectInvalid(outlookReply.replace('MAILTO:Helen.Visitor@nhs.example', 'MAILTO:not-an-address'), /attendeeEmail/);
  });
});
