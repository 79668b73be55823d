/**
 * Each person's messages give their own time (issue 20, item 4). A Hackney conference booked at
 * 10:00: the parents join the chair at 10:00, the professionals at 10:30. Read from the mail the SMTP
 * server received (and the letter by post, from its PDF): a parent's invitation says 10:00, a
 * professional's 10:30, the chair's both (the chair is at both); so do the report request, the
 * updated invitations after the conference moves to 14:00 and the cancellations; the Teams "join
 * now" card, sent to professionals, says 10:30.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { joinNowModel } from '../../src/app/chat/models.ts';
import type { Conference } from '../../src/domain/conference.ts';
import { pdfText } from '../helpers/pdf-text.ts';
import {
  hackneyInitialBody,
  runDueJobs,
  startTestService,
  TEST_API_KEY,
  type TestService,
} from '../helpers/service.ts';
import { until } from '../helpers/wait.ts';

let s: TestService;
let c: { id: string; reference: string; attendees: { id: string; role: string; email?: string }[] };

const JADE = 'jade@family.example.com';
const HV = 'hv@nhs.example.org';
const SW = 'sw@example.gov.uk';
const CHAIR = 'chair@example.gov.uk';

/** The one message of `step` (version `v`) to `to`, as its reader sees it: subject, preview and text together. */
const mail = (step: string, to: string, v = 1) => {
  const m = s.smtp.messages.filter(
    (x) =>
      x.envelopeTo.includes(to) &&
      new RegExp(`^<${step}-a\\d+-v${v}\\.${c.id}@`).test(x.parsed.messageId ?? '') &&
      x.parsed.messageId!.includes(`.${c.id}@`),
  );
  expect(m, `${step} v${v} to ${to}`).toHaveLength(1);
  return { subject: m[0]!.parsed.subject ?? '', text: (m[0]!.parsed.text ?? '').replace(/\s+/g, ' ') };
};
const arrived = (step: string, to: string[], v = 1) =>
  until(`${step} v${v}`, () =>
    to.every((a) =>
      s.smtp.messages.some(
        (x) =>
          x.envelopeTo.includes(a) && new RegExp(`^<${step}-a\\d+-v${v}\\.${c.id}@`).test(x.parsed.messageId ?? ''),
      ),
    ),
  );
const letterTo = async (name: string, document: string) => {
  const v = (await s.api('GET', `/api/conferences/${c.id}`)).body;
  const who = v.attendees.find((a: { name: string }) => a.name === name);
  const h = v.hardCopies
    .filter((x: { attendeeId: string; document: string }) => x.attendeeId === who.id && x.document === document)
    .at(-1);
  const res = await fetch(`${s.url}/api/conferences/${c.id}/hard-copies/${h.blobId}`, {
    headers: { authorization: `Bearer ${TEST_API_KEY}` },
  });
  return pdfText(Buffer.from(await res.arrayBuffer())).replace(/\s+/g, ' ');
};

beforeAll(async () => {
  s = await startTestService();
  const r = await s.api('POST', '/api/conferences', hackneyInitialBody());
  expect(r.status).toBe(201);
  c = r.body;
  expect(r.body.timetable).toMatchObject({
    parentsJoinAt: '2027-01-04T10:00:00+00:00',
    professionalsJoinAt: '2027-01-04T10:30:00+00:00',
  });
  await runDueJobs(s);
  await arrived('send-invites', [JADE, HV, SW, CHAIR]);
  await arrived('report-request', [HV, SW]);
}, 90_000);
afterAll(async () => s?.stop());

describe('each person’s messages give their own time', () => {
  it('the invitations: a parent 10:00, a professional 10:30, the chair both', async () => {
    const jade = mail('send-invites', JADE);
    expect(jade.subject).toBe(`Your meeting with the chair on Mon 4 Jan 2027 (reference ${c.reference})`);
    expect(jade.text).toContain('Reference ' + c.reference + ': please join at 10:00 on Monday 4 January 2027.');
    expect(jade.text).toContain('Please join at 10:00 to talk with the chair before the other people join at 10:30.');

    for (const pro of [HV, SW]) {
      const m = mail('send-invites', pro);
      expect(m.subject, pro).toContain('(join 10:30, Mon 4 Jan 2027)');
      expect(m.text, pro).toContain('Monday 4 January 2027, join at 10:30 (London time)');
      expect(m.text, pro).toContain('The chair meets the family first, from 10:00. Please join at 10:30, not before.');
      expect(m.text, pro).not.toMatch(/join at 10:00/);
    }

    const chair = mail('send-invites', CHAIR);
    expect(chair.subject).toContain('(join 10:00, Mon 4 Jan 2027)');
    expect(chair.text).toContain('Monday 4 January 2027, join at 10:00 (London time)');
    expect(chair.text).toContain(
      'You meet the parents on their own first, from 10:00; the other professionals join at 10:30.',
    );

    // Marcus gets his by post: the letter says the parents' time too.
    const letter = await letterTo('Marcus Testfamily', 'invitation');
    expect(letter).toContain('Please join at 10:00 to talk with the chair before the other people join at 10:30.');
  });

  it('the report request gives the professionals’ time beside the conference’s start', () => {
    for (const pro of [HV, SW]) {
      const text = mail('report-request', pro).text;
      expect(text, pro).toContain('Conference: initial child protection conference, Monday 4 January 2027 at 10:00');
      expect(text, pro).toContain('Professionals join at: 10:30');
    }
  });

  it('the Teams “join now” card gives the professionals’ time', async () => {
    const stored = (await s.rt.deps.store.get(c.id)) as Conference;
    const hv = stored.attendees.find((a) => a.email === HV)!;
    expect(joinNowModel(stored, hv).joinAt).toBe('Monday 4 January 2027 at 10:30');
  });

  it(
    'moved to 14:00: the updated invitations give 14:00 and 14:30 as before, then the cancellations each one’s own time',
    { timeout: 120_000 },
    async () => {
      const moved = await s.api('POST', `/api/conferences/${c.id}/reschedule`, {
        startsAt: '2027-01-06T14:00',
        reason: 'The chair is ill',
        requestedBy: 'Chair Person',
      });
      expect(moved.status).toBe(200);
      await runDueJobs(s);
      await arrived('send-invites', [JADE, HV, CHAIR], 2);
      const jade = mail('send-invites', JADE, 2);
      expect(jade.subject).toBe(`New time for your meeting with the chair: Wed 6 Jan 2027 (reference ${c.reference})`);
      expect(jade.text).toContain('Please join at 14:00 to talk with the chair before the other people join at 14:30.');
      const hv = mail('send-invites', HV, 2);
      expect(hv.subject).toContain('(join 14:30, Wed 6 Jan 2027)');
      expect(hv.text).toContain('Please join at 14:30, not before.');
      const chair = mail('send-invites', CHAIR, 2);
      expect(chair.subject).toContain('(join 14:00, Wed 6 Jan 2027)');
      expect(chair.text).toContain(
        'You meet the parents on their own first, from 14:00; the other professionals join at 14:30.',
      );

      const cancelled = await s.api('POST', `/api/conferences/${c.id}/cancel`, {
        reason: 'No longer needed',
        requestedBy: 'Chair Person',
      });
      expect(cancelled.status).toBe(200);
      await runDueJobs(s);
      await arrived('send-cancellations', [JADE, HV, CHAIR], 3);
      expect(mail('send-cancellations', JADE, 3).text).toContain(
        'The meeting on Wednesday 6 January 2027 at 14:00 will not go ahead.',
      );
      expect(mail('send-cancellations', HV, 3).text).toContain(
        'The conference on Wednesday 6 January 2027 at 14:30 is cancelled.',
      );
      expect(mail('send-cancellations', CHAIR, 3).text).toContain(
        'The conference on Wednesday 6 January 2027 at 14:00 is cancelled.',
      );
    },
  );
});
