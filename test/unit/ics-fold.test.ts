/**
 * buildInviteIcs folds lines itself (ical-generator's foldLines builds a TextEncoder per character
 * and was most of the cost of an invitation). The output must stay byte for byte what the library
 * writes: the fold on arbitrary text, and whole invitations against `calendar.toString()`.
 */
import fc from 'fast-check';
import { foldLines } from 'ical-generator';
import { describe, expect, it } from 'vitest';
import {
  buildInviteIcs,
  foldIcsLines,
  inviteCalendar,
  inviteIcsBuilder,
  type InviteIcsInput,
} from '../../src/content/ics.ts';

if (process.env.FC_SEED !== 'random') fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20261123) });

// ASCII, 2- and 3-octet characters, emoji (surrogate pairs) and lone surrogates, with line breaks.
const piece = fc.oneof(
  fc.string({ unit: 'grapheme-ascii', maxLength: 90 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '\r\n',
    '\r\n ',
    'é',
    '€',
    '😀',
    '\ud83d',
    '\ude00',
    '\ud83d\ud83d\ude00',
    'x'.repeat(74),
    'é'.repeat(40),
  ),
);
const text = fc.array(piece, { maxLength: 12 }).map((parts) => parts.join(''));

const base: InviteIcsInput = {
  uid: 'cpc-0001@council.example',
  sequence: 2,
  method: 'REQUEST',
  organizer: { name: 'Example Council conferences', email: 'cp-invites@council.example' },
  attendee: { email: 'helen.visitor@nhs.example', role: 'CHAIR' },
  start: '2027-06-14T10:00:00+01:00',
  end: '2027-06-14T12:00:00+01:00',
  summary: 'Child protection conference CPC-2027-0042',
  description: 'Join at 10:30: https://meet.google.example/abc',
  location: 'Online (video or phone)',
  url: 'https://meet.google.example/abc',
  timezone: 'Europe/London',
  stamp: '2027-05-01T08:00:00Z',
};

describe('foldIcsLines', () => {
  it('folds exactly as ical-generator does, for any text', () => {
    fc.assert(
      fc.property(text, (t) => {
        expect(foldIcsLines(t)).toBe(foldLines(t));
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps each physical line within 75 octets and never splits a surrogate pair', () => {
    const folded = foldIcsLines(`DESCRIPTION:${'Ünïcødé 😀 '.repeat(40)}`);
    for (const line of folded.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(folded).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
    expect(folded.replace(/\r\n /g, '')).toBe(`DESCRIPTION:${'Ünïcødé 😀 '.repeat(40)}`);
  });
});

describe('buildInviteIcs writes what ical-generator writes', () => {
  it('for requests and cancellations with any description, summary, location and names', () => {
    fc.assert(
      fc.property(
        fc.record({
          method: fc.constantFrom<'REQUEST' | 'CANCEL'>('REQUEST', 'CANCEL'),
          description: text,
          summary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 120 }),
          location: fc.option(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 120 }), { nil: undefined }),
          url: fc.option(
            fc.constantFrom(
              'https://meet.google.example/abc-defg-hij',
              `https://teams.example/l/meetup-join/${'a'.repeat(150)}`,
            ),
            { nil: undefined },
          ),
          organizerName: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }),
          sequence: fc.nat(40),
          alarmMinutesBefore: fc.option(fc.integer({ min: 1, max: 120 }), { nil: undefined }),
        }),
        (v) => {
          const input: InviteIcsInput = {
            ...base,
            method: v.method,
            description: v.description,
            summary: v.summary,
            sequence: v.sequence,
            organizer: { ...base.organizer, name: v.organizerName },
          };
          delete input.location;
          delete input.url;
          if (v.location !== undefined) input.location = v.location;
          if (v.url !== undefined) input.url = v.url;
          if (v.alarmMinutesBefore !== undefined) input.alarmMinutesBefore = v.alarmMinutesBefore;
          expect(buildInviteIcs(input)).toBe(inviteCalendar(input).toString());
        },
      ),
      { numRuns: 300 },
    );
  });

  it('for a winter conference written in UTC, without a stamp (the current second)', () => {
    const input: InviteIcsInput = { ...base, start: '2027-01-04T10:00:00Z', end: '2027-01-04T12:00:00Z' };
    delete input.stamp;
    const ours = buildInviteIcs(input);
    const theirs = inviteCalendar(input).toString();
    // DTSTAMP is the current second in both: equal unless a second boundary passed between them.
    const strip = (s: string) => s.replace(/DTSTAMP:\d{8}T\d{6}Z/, 'DTSTAMP:x');
    expect(strip(ours)).toBe(strip(theirs));
  });
});

describe("a batch's builder (inviteIcsBuilder) writes what buildInviteIcs writes", () => {
  // Addresses and UIDs with what ical-generator escapes (\ ; ,) and what a replacement string would
  // read as a pattern ($&, $1, $$), long enough to fold.
  const address = fc.oneof(
    fc.emailAddress(),
    fc.constantFrom('a;b,c\\d@x.example', '$&$1$$@x.example', `${'long.name'.repeat(8)}@nhs.example.org`),
  );
  const uid = fc.oneof(
    fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 80 }),
    fc.constantFrom('cpc-1-$&@x', 'cpc-$1-a2@council.example'),
  );

  it('for every recipient of a batch, whatever entries and recipients it mixes', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            uid,
            email: address,
            role: fc.option(fc.constantFrom<'CHAIR' | 'REQ-PARTICIPANT'>('CHAIR', 'REQ-PARTICIPANT'), {
              nil: undefined,
            }),
            name: fc.option(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }), { nil: undefined }),
            method: fc.constantFrom<'REQUEST' | 'CANCEL'>('REQUEST', 'CANCEL'),
            // Few descriptions, so that entries repeat within a batch.
            description: fc.constantFrom('Join at 10:30.', `Your report. ${'é'.repeat(80)}`, base.description),
            stamp: fc.constantFrom<string | undefined>(base.stamp, '2027-05-02T09:30:00Z', undefined),
          }),
          { minLength: 1, maxLength: 12 },
        ),
        (recipients) => {
          const build = inviteIcsBuilder();
          for (const r of recipients) {
            const input: InviteIcsInput = {
              ...base,
              uid: r.uid,
              attendee: { email: r.email, ...(r.role ? { role: r.role } : {}), ...(r.name ? { name: r.name } : {}) },
              method: r.method,
              description: r.description,
            };
            if (r.stamp === undefined) delete input.stamp;
            else input.stamp = r.stamp;
            const strip = (s: string) => (r.stamp ? s : s.replace(/DTSTAMP:\d{8}T\d{6}Z/, 'DTSTAMP:x'));
            expect(strip(build(input))).toBe(strip(buildInviteIcs(input)));
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
