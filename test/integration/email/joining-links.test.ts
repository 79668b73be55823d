/**
 * One-tap joining in every kind of invitation (virtual and blended; Google Meet, Teams and the
 * local provider): the HTML email's phone numbers are tel: links that dial the PIN after two pauses,
 * the text shows number and PIN plainly, and the calendar entry carries RFC 7986 CONFERENCE
 * properties (video with FEATURE=VIDEO, phone with FEATURE=PHONE and the PIN) and the property the
 * provider's own calendar reads, as node-ical and ical.js both read them. A venue stays in LOCATION.
 */
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../../../src/config.ts';
import { dialInTelUri } from '../../../src/content/dial-in.ts';
import { buildInviteIcs, eventsOf, icsJoining, parseIcs } from '../../../src/content/ics.ts';
import { familyInvite } from '../../../src/content/templates/family-invite.ts';
import { professionalInvite, professionalInviteInput } from '../../../src/content/templates/professional-invite.ts';
import type { MeetingDetails } from '../../../src/domain/conference-parts.ts';
import { policy, summerConference } from './fixtures.ts';

const MEETINGS: Record<string, MeetingDetails> = {
  'Google Meet': {
    provider: 'google',
    label: 'Google Meet',
    joinUrl: 'https://meet.google.com/abc-defg-hij',
    dialIn: [{ number: '+44 20 3957 0000', pin: '123 456 789#', region: 'GB', fallback: false }],
    providerIds: {},
  },
  Teams: {
    provider: 'teams',
    label: 'Microsoft Teams meeting',
    joinUrl:
      'https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0?context=%7b%22Tid%22%3a%22t%22%7d',
    dialIn: [{ number: '+44 20 3321 5200', pin: '425966', fallback: false }],
    providerIds: {},
  },
  'local provider': {
    provider: 'local',
    label: 'Local meeting (development provider — not a real video service)',
    joinUrl: 'https://cpc.example.gov.uk/meet/abc123',
    dialIn: [{ number: '+44 20 7946 0000', pin: '425966', fallback: false }],
    providerIds: {},
  },
};
const TEL: Record<string, string> = {
  'Google Meet': 'tel:+442039570000,,123456789%23',
  Teams: 'tel:+442033215200,,425966%23',
  'local provider': 'tel:+442079460000,,425966%23',
};
const PROVIDER_PROPERTY: Record<string, string | undefined> = {
  'Google Meet': 'X-GOOGLE-CONFERENCE',
  Teams: 'X-MICROSOFT-SKYPETEAMSMEETINGURL',
  'local provider': undefined,
};
const VENUE = 'Civic Centre, Room 4, 1 Example Street';

/** CONFERENCE properties as ical.js reads them: [FEATURE, value]. */
function conferenceByIcalJs(ics: string): [string, string][] {
  const event = new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent('vevent')!;
  return event
    .getAllProperties('conference')
    .map((p) => [String(p.getParameter('feature')), String(p.getFirstValue())]);
}
/** The same as node-ical reads them. */
function conferenceByNodeIcal(ics: string): [string, string][] {
  const e = eventsOf(parseIcs(ics))[0] as unknown as Record<string, unknown>;
  const raw = e['conference'];
  const list = (Array.isArray(raw) ? raw : raw ? [raw] : []) as { params?: { FEATURE?: string }; val?: string }[];
  return list.map((p) => [String(p.params?.FEATURE), String(p.val)]);
}

describe.each(Object.keys(MEETINGS))('%s', (kind) => {
  describe.each(['virtual', 'blended'] as const)('%s', (mode) => {
    const meeting = MEETINGS[kind]!;
    const c = summerConference({ meeting, mode, ...(mode === 'blended' ? { venue: VENUE } : {}) });
    const pro = c.attendees.find((a) => a.role === 'police')!;
    const email = professionalInvite(professionalInviteInput(c, pro, policy));
    const joining = icsJoining(meeting, mode);
    const ics = buildInviteIcs({
      uid: `cpc-${c.id}-${pro.id}@council.example`,
      sequence: 0,
      method: 'REQUEST',
      organizer: { name: policy.sender.name, email: policy.sender.address },
      attendee: { email: pro.email! },
      start: c.timetable.professionalsJoinAt,
      end: c.timetable.endsAt,
      summary: `Child protection conference ${c.reference}`,
      description: email.text,
      ...(mode === 'blended' ? { location: VENUE } : { location: meeting.joinUrl! }),
      url: meeting.joinUrl!,
      timezone: 'Europe/London',
      stamp: '2027-06-01T08:00:00Z',
      ...(joining ? { joining } : {}),
    });

    it('the HTML email taps to dial with the PIN; the text shows number and PIN', () => {
      expect(email.html).toContain(`<a href="${TEL[kind]}">`);
      const dial = meeting.dialIn[0]!;
      expect(email.text).toContain(`${dial.number}`);
      expect(email.text).toMatch(/then PIN [\d ]+( followed by )?#/);
    });

    it('the calendar carries CONFERENCE for video and phone, read alike by node-ical and ical.js', () => {
      const expected: [string, string][] = [
        ['VIDEO', meeting.joinUrl!],
        ['PHONE', TEL[kind]!],
      ];
      expect(conferenceByIcalJs(ics)).toEqual(expected);
      expect(conferenceByNodeIcal(ics)).toEqual(expected);
      const unfolded = ics.replace(/\r\n[ \t]/g, '');
      const property = PROVIDER_PROPERTY[kind];
      if (property) expect(unfolded).toContain(`${property}:${meeting.joinUrl}`);
      else expect(unfolded).not.toMatch(/X-MICROSOFT-SKYPETEAMSMEETINGURL|X-GOOGLE-CONFERENCE/);
      // A venue keeps LOCATION; the video link is there only when there is no venue.
      const location = new ICAL.Component(ICAL.parse(ics))
        .getFirstSubcomponent('vevent')!
        .getFirstPropertyValue('location');
      expect(location).toBe(mode === 'blended' ? VENUE : meeting.joinUrl);
    });
  });
});

describe('plain words and bad numbers', () => {
  it('a family letter shows the number and PIN clearly', () => {
    const c = summerConference({ meeting: MEETINGS['local provider']!, mode: 'virtual' });
    const parent = c.attendees.find((a) => a.id === 'a5')!;
    const letter = familyInvite({
      reference: c.reference,
      kind: c.kind,
      policy,
      recipient: parent,
      parentsJoinAt: c.timetable.parentsJoinAt!,
      professionalsJoinAt: c.timetable.professionalsJoinAt,
      endsAt: c.timetable.endsAt,
      mode: c.mode,
      meeting: c.meeting!,
      whoWillBeThere: ['the chair, an independent person who runs the meeting'],
    });
    expect(letter.text).toContain('+44 20 7946 0000, then PIN 425966 followed by #');
    expect(letter.html).toContain('<a href="tel:+442079460000,,425966%23">');
  });

  it('configuration refuses a PIN with letters and a dial-in number that is not E.164, naming the field', () => {
    const problems = (env: Record<string, string>) => {
      try {
        readConfig(env);
        return [];
      } catch (err) {
        return err instanceof ConfigError ? err.problems : [String(err)];
      }
    };
    expect(problems({ LOCAL_DIALIN_NUMBER: '020 7946 0000', LOCAL_DIALIN_PIN: '42A9' })).toEqual([
      'LOCAL_DIALIN_NUMBER: expected an international phone number in E.164 form, such as +442079460000 (spaces between digit groups are allowed)',
      'LOCAL_DIALIN_PIN: expected digits only, as typed on a phone keypad, such as 425966',
    ]);
    expect(problems({ FALLBACK_DIALIN_NUMBER: '+44 20 7946 000O', FALLBACK_DIALIN_PIN: '1234#' })).toEqual([
      'FALLBACK_DIALIN_NUMBER: expected an international phone number in E.164 form, such as +442079460000 (spaces between digit groups are allowed)',
    ]);
    expect(problems({ LOCAL_DIALIN_NUMBER: '+44 20 7946 0000', LOCAL_DIALIN_PIN: '425 966' })).toEqual([]);
  });

  it('a number a phone cannot dial as written gets no link, and no CONFERENCE phone line', () => {
    const odd = { number: '020 7946 0000 ext 12', pin: '42A9', fallback: false };
    expect(dialInTelUri(odd)).toBeUndefined();
    expect(dialInTelUri({ number: '+44 20 7946 0000', pin: '' })).toBe('tel:+442079460000');
    expect(icsJoining({ ...MEETINGS['local provider']!, dialIn: [odd] }, 'virtual')?.phones).toEqual([]);
    expect(icsJoining(MEETINGS['Teams'], 'in-person')).toBeUndefined();
  });
});
