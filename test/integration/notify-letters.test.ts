/**
 * Letters by post through GOV.UK Notify (the real notifications-node-client against the fake Notify
 * in test/fakes): each letter reaches Notify exactly once although its job is retried after a rate
 * limit and a lost answer; Notify's statuses, by callback or by polling, move the send ledger, the
 * dashboard and the chair's briefing; a letter Notify refuses is back on the print queue with
 * Notify's reason; the PDF keeps to Notify's address block and margins.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeNotify, type FakeNotify } from '../fakes/fake-notify.ts';
import { rowOf, signedInDashboard } from '../helpers/pages.ts';
import { notifyLetterProblems } from '../helpers/pdf-layout.ts';
import { pdfText } from '../helpers/pdf-text.ts';
import { until } from '../helpers/wait.ts';
import { hackneyInitialBody, startTestService, TEST_API_KEY, type TestService } from '../helpers/service.ts';

const CALLBACK_TOKEN = 'notify-callback-token-0123456789';
let notify: FakeNotify;
let s: TestService;

async function startService(): Promise<void> {
  s = await startTestService({
    NOTIFY_API_KEY: notify.apiKey,
    NOTIFY_BASE_URL: notify.url,
    NOTIFY_CALLBACK_TOKEN: CALLBACK_TOKEN,
    NOTIFY_POLL_MINUTES: '30',
    JOB_ATTEMPTS: '5',
  });
  notify.callbacks = { deliveryUrl: `${s.url}/notify/delivery-receipts`, token: CALLBACK_TOKEN };
}
beforeAll(async () => {
  notify = await startFakeNotify();
  await startService();
});
afterAll(async () => {
  await s?.stop();
  await notify?.close();
});

const view = async (id: string) => (await s.api('GET', `/api/conferences/${id}`)).body;
const marcusOf = (v: any) => v.attendees.find((a: any) => a.name === 'Marcus Testfamily');
const letterOf = (v: any, document = 'invitation') =>
  v.hardCopies.find((h: any) => h.document === document && h.attendeeId === marcusOf(v).id);
const dashboard = () => signedInDashboard(s.url, TEST_API_KEY);
async function create(): Promise<any> {
  const r = await s.api('POST', '/api/conferences', hackneyInitialBody());
  expect(r.status).toBe(201);
  await s.idle();
  return view(r.body.id);
}
const printQueue = async () => (await s.api('GET', '/api/hard-copies')).body as any[];
const lettersFor = (reference: string) => notify.letters().filter((n) => n.reference.startsWith(`${reference}-`));

describe('a parent by post, with GOV.UK Notify configured', () => {
  it(
    'gets each letter through Notify exactly once, although the job met a rate limit and a lost answer',
    { timeout: 60_000 },
    async () => {
      notify.failNext('/v2/notifications/letter', 1, 429);
      notify.loseNextAnswer('/v2/notifications/letter');
      const created = await create();
      // The job retries with backoff (real time) until Notify has it.
      const v = await until('the letter handed to Notify', async () => {
        const x = await view(created.id);
        return letterOf(x).notify.notificationId ? x : undefined;
      });
      await s.idle();
      const letter = letterOf(v);
      const sent = lettersFor(v.reference);
      // One letter, its reference the conference reference and the letter's id (no names), first class by the policy's default.
      expect(sent).toHaveLength(1);
      expect(sent[0]!.reference).toBe(`${v.reference}-invitation-${marcusOf(v).id}-v1`);
      expect(sent[0]!.postage).toBe('first');
      expect(pdfText(sent[0]!.pdf!)).toContain('You are invited to a child protection meeting');
      // Three tries: refused for the rate limit, taken but the answer lost, then found by its reference.
      expect(notify.requests.filter((r) => r.method === 'POST' && r.path === '/v2/notifications/letter')).toHaveLength(
        2,
      );
      expect(notify.requests.every((r) => r.authorised)).toBe(true);
      expect(letter.notify).toMatchObject({
        reference: sent[0]!.reference,
        notificationId: sent[0]!.id,
        postage: 'first',
      });
      expect(v.deliveries[`notify-${letter.blobId}`]).toMatchObject({
        state: 'sent',
        messageId: `notify:${sent[0]!.id}`,
      });
      // Nobody is asked to print it.
      expect((await printQueue()).map((h) => h.blobId)).not.toContain(letter.blobId);
      // Running the jobs again sends nothing more.
      await s.api('POST', `/api/conferences/${v.id}/attendees`, {
        attendee: { name: 'Dee Deputy', email: 'deputy@example.gov.uk', role: 'professional', agency: 'School' },
        requestedBy: 'coordinator',
      });
      await s.idle();
      expect(lettersFor(v.reference)).toHaveLength(1);
    },
  );

  it("keeps to Notify's precompiled-letter rules: the name and address in the address block, margins clear, fonts embedded", async () => {
    const sent = notify.letters()[0]!;
    const check = notifyLetterProblems(sent.pdf!);
    expect(check.problems).toEqual([]);
    expect(check.addressBlock).toEqual(['Marcus Testfamily', '14 Example Street', 'Testtown', 'TE1 1ST']);
  });
});

describe('a letter GOV.UK Notify will not post', () => {
  it(
    "goes back on the print queue with Notify's reason, on the dashboard with a Mark printed button",
    { timeout: 60_000 },
    async () => {
      // Refused after it was taken (the PDF failed Notify's checks) ...
      const later = await create();
      expect(await notify.setStatus(letterOf(later).notify.notificationId, 'validation-failed')).toBe(200);
      // ... and refused at once.
      notify.refuseLetter = () => 'Letter content is not a valid PDF';
      const atOnce = await create();
      notify.refuseLetter = undefined;
      expect(lettersFor(atOnce.reference)).toHaveLength(0);

      const queue = await printQueue();
      for (const [v, reason] of [
        [later, 'validation-failed: content in the PDF is outside the printable area'],
        [atOnce, 'BadRequestError: Letter content is not a valid PDF'],
      ] as const) {
        const letter = letterOf(await view(v.id));
        expect(letter.notify.rejectedAt).toBeTruthy();
        expect(letter.notify.reason).toContain(reason);
        expect(queue.map((h) => h.blobId)).toContain(letter.blobId);
        const page = (await (await dashboard()).get(`/dashboard/c/${v.id}`)).text;
        const row = rowOf(page, 'Letters to print and post', 'Marcus Testfamily');
        expect(row).toContain('GOV.UK Notify refused it (');
        expect(row).toContain(reason);
        expect(row).toContain('waiting to be printed, post by Wed 2 Dec 2026, 17:00');
        expect(row).toContain('Mark printed');
      }
    },
  );
});

describe('polling, when a callback never comes', () => {
  it('records the status Notify reports', { timeout: 60_000 }, async () => {
    const v = await create();
    await notify.setStatus(letterOf(v).notify.notificationId, 'received', { quietly: true });
    expect(letterOf(await view(v.id)).printedAt).toBeUndefined();
    const now = Date.parse((await s.api('GET', '/api/dev/clock')).body.now);
    await s.advanceTo(new Date(now + 61 * 60_000).toISOString());
    await s.idle();
    expect(letterOf(await view(v.id))).toMatchObject({ printedBy: 'notify', notify: { status: 'received' } });
  });
});

// Last, on a service of its own (fewer conferences to take to the meeting day).
describe('a letter with GOV.UK Notify', () => {
  beforeAll(async () => {
    await s.stop();
    await startService();
  });
  it(
    "counts as posted only when Notify says so: the ledger, the dashboard and the chair's briefing follow its callbacks",
    { timeout: 180_000 },
    async () => {
      const accepted = await create();
      const received = await create();
      const idOf = (v: any) => letterOf(v).notify.notificationId as string;
      // A callback without Notify's bearer token changes nothing.
      const forged = await fetch(`${s.url}/notify/delivery-receipts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer wrong' },
        body: JSON.stringify({
          id: idOf(received),
          reference: letterOf(received).notify.reference,
          status: 'received',
        }),
      });
      expect(forged.status).toBe(401);
      expect(letterOf(await view(received.id)).printedAt).toBeUndefined();

      expect(await notify.setStatus(idOf(accepted), 'accepted')).toBe(200);
      expect(await notify.setStatus(idOf(received), 'accepted')).toBe(200);
      expect(await notify.setStatus(idOf(received), 'received')).toBe(200);
      const a = await view(accepted.id);
      const r = await view(received.id);
      expect(letterOf(a).notify.status).toBe('accepted');
      expect(letterOf(a).printedAt).toBeUndefined();
      expect(a.deliveries[`notify-${letterOf(a).blobId}`].deliveryStatus).toBe('accepted');
      expect(letterOf(r)).toMatchObject({ printedBy: 'notify', notify: { status: 'received' } });
      expect(r.deliveries[`notify-${letterOf(r).blobId}`].deliveryStatus).toBe('received');
      // A late 'accepted' never undoes 'received'.
      expect(await notify.setStatus(idOf(received), 'accepted')).toBe(200);
      expect(letterOf(await view(received.id)).notify.status).toBe('received');

      const client = await dashboard();
      expect(rowOf((await client.get(`/dashboard/c/${a.id}`)).text, 'Attendees', 'Marcus Testfamily')).toContain(
        'post: with GOV.UK Notify (accepted for printing), not posted yet',
      );
      const page = (await client.get(`/dashboard/c/${r.id}`)).text;
      expect(rowOf(page, 'Attendees', 'Marcus Testfamily')).toMatch(
        /post: posted by GOV.UK Notify \w{3} \d+ \w{3} \d{4}, \d\d:\d\d/,
      );
      expect(rowOf(page, 'Letters to print and post', 'Marcus Testfamily')).not.toContain('Mark printed');

      await s.advanceTo(a.timetable.professionalsJoinAt);
      await s.idle();
      const briefing = (ref: string) =>
        (
          s.smtp.messages.find(
            (m) =>
              m.envelopeTo.includes('chair@example.gov.uk') && m.parsed.subject === `${ref}: professionals are joining`,
          )?.parsed.text ?? ''
        ).replace(/\s+/g, ' ');
      expect(briefing(a.reference)).toContain(
        `Parent or carer 2 (${marcusOf(a).id}): letter with GOV.UK Notify (accepted for printing), not posted yet`,
      );
      expect(briefing(r.reference)).not.toContain('Family members whose invitation has not gone');
    },
  );
});
