/**
 * A mail server that refuses an address for good ("550 5.1.1 no such user", a trial of session 13)
 * through the running service: the refused invitation is tried once, not JOB_ATTEMPTS times, while a
 * temporary refusal ("451 mailbox busy") keeps backing off and everyone else is invited once; the
 * ledger keeps the server's reason; the coordinator's worklist says whose address it was and what to
 * do, and no log names them. Correcting the address sends the invitation to the new one, once, and
 * the failed job leaves the list; so does a refused report request once that report arrives another way.
 */
import { describe, expect, it } from 'vitest';
import { currentReplyAddress } from '../../src/app/credentials/reply-token.ts';
import { create } from '../helpers/decision-flow.ts';
import { csrfOf, signedInDashboard } from '../helpers/pages.ts';
import {
  hackneyInitialBody,
  sendInbound,
  startedServices,
  TEST_API_KEY,
  type TestService,
} from '../helpers/service.ts';
import { until } from '../helpers/wait.ts';

const start = startedServices();
const SW = 'sw@example.gov.uk';
const POLICE = 'police@police.example.uk';
const SW_NEW = 'sam.social@example.gov.uk';

async function failedOf(s: TestService, id: string, step: string): Promise<any | undefined> {
  return ((await s.api('GET', '/api/jobs/failed')).body as any[]).find((j) => j.conferenceId === id && j.step === step);
}

async function worklistOf(s: TestService, id: string): Promise<any[]> {
  return ((await s.api('GET', '/api/worklist')).body.items as any[]).filter((i) => i.conferenceId === id);
}

const invitationsTo = (s: TestService, id: string, address: string) =>
  s.smtp.messages.filter(
    (m) =>
      m.envelopeTo.includes(address) && new RegExp(`^<send-invites-a\\d+-v1\\.${id}@`).test(m.parsed.messageId ?? ''),
  ).length;

describe('an address the mail server refuses for good', () => {
  it(
    'is tried once, says whose it was on the worklist, and gets its invitation once corrected',
    { timeout: 120_000 },
    async () => {
      const s = await start();
      s.smtp.refuseRecipient = (address) =>
        address === SW ? '550 5.1.1 no such user' : address === POLICE ? '451 4.2.1 mailbox busy' : undefined;
      const c = await create(s, hackneyInitialBody());
      const sw = c.attendees.find((a) => a.role === 'social-worker')!;
      let failed: any;
      await until('the invitations job has failed', async () =>
        Boolean((failed = await failedOf(s, c.id, 'send-invites'))),
      );
      // The temporary refusal was tried with backoff, every attempt (the invitation and the report
      // request, three times each); the permanent one once for each email (the same two).
      expect(failed.attemptsMade).toBe(3);
      await until('the report request job has failed too', () => failedOf(s, c.id, 'report-request'));
      expect(s.smtp.refused.filter((r) => r.address === POLICE)).toHaveLength(6);
      expect(s.smtp.refused.filter((r) => r.address === SW)).toEqual([
        { address: SW, code: 550 },
        { address: SW, code: 550 },
      ]);
      // Everyone else is invited, once.
      for (const address of ['chair@example.gov.uk', 'hv@nhs.example.org', 'jade@family.example.com'])
        expect(invitationsTo(s, c.id, address), address).toBe(1);

      let v = (await s.api('GET', `/api/conferences/${c.id}`)).body;
      const own = v.deliveries[`send-invites-${sw.id}-v1`];
      expect(own.state).toBe('refused');
      expect(own.reason).toMatch(/550 5\.1\.1 no such user/);
      expect(
        v.audit
          .filter((e: any) => e.action === 'email.refused')
          .map((e: any) => e.detail.key)
          .sort(),
      ).toEqual([`report-request-${sw.id}-v1`, `send-invites-${sw.id}-v1`]);

      const [line] = (await worklistOf(s, c.id)).filter((i) => i.kind === 'failed-job' && i.step === 'send-invites');
      expect(line.attendeeId).toBe(sw.id);
      expect(line.what).toContain('refused the email address of Sam Social, Social worker');
      expect(line.what).toContain('550 5.1.1 no such user');
      expect(line.next).toMatch(/correct it/);
      // Names are for the coordinator's desk: never in the log or the job.
      expect(s.logs.join('\n')).not.toContain('Sam Social');
      expect(JSON.stringify(failed)).not.toContain('Sam Social');

      // The busy mailbox takes mail again; the coordinator corrects the social worker's address.
      s.smtp.refuseRecipient = (address) => (address === SW ? '550 5.1.1 no such user' : undefined);
      const bad = await s.api('POST', `/api/conferences/${c.id}/attendees/${sw.id}/address`, {
        email: 'not an address',
        requestedBy: 'coordinator',
      });
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.body)).toContain('email');
      // On the dashboard: Today's work names her, and the attendees page corrects her address.
      const desk = await signedInDashboard(s.url, TEST_API_KEY);
      expect((await desk.get('/dashboard')).text).toContain('refused the email address of Sam Social, Social worker');
      const people = await desk.get(`/dashboard/c/${c.id}/people`);
      expect(people.text).toContain('Correct an email address');
      const r = await desk.post(`/dashboard/c/${c.id}/attendees/address`, {
        _csrf: csrfOf(people.text),
        attendeeId: sw.id,
        email: SW_NEW,
        requestedBy: 'Sam herself, by phone',
      });
      expect(r.status, r.text).toBe(303);
      await until('the social worker is invited at her corrected address', () => invitationsTo(s, c.id, SW_NEW) === 1);
      await s.idle();
      expect(await failedOf(s, c.id, 'send-invites')).toBeUndefined();
      expect(await failedOf(s, c.id, 'report-request')).toBeUndefined();
      expect((await worklistOf(s, c.id)).filter((i) => i.kind === 'failed-job')).toEqual([]);
      for (const address of ['chair@example.gov.uk', 'hv@nhs.example.org', 'jade@family.example.com', POLICE, SW_NEW])
        expect(invitationsTo(s, c.id, address), address).toBe(1);
      expect(s.smtp.refused.filter((r) => r.address === SW)).toHaveLength(2); // the old address never tried again
      v = (await s.api('GET', `/api/conferences/${c.id}`)).body;
      expect(v.state).toBe('invited');
      expect(v.deliveries[`send-invites-${sw.id}-v1`].state).toBe('sent');
      // The record stays: the refusal, the correction and the job run again, with why.
      const actions = v.audit.map((e: any) => e.action);
      expect(actions).toEqual(expect.arrayContaining(['email.refused', 'attendee.address-corrected', 'job.retried']));
      expect(JSON.stringify(v.audit)).not.toContain(SW_NEW);
    },
  );

  it('leaves the failed list once the report it was asking for arrives another way', { timeout: 120_000 }, async () => {
    const s = await start();
    s.smtp.refuseRecipient = (address) => (address === POLICE ? '550 5.1.1 no such user' : undefined);
    const c = await create(s, hackneyInitialBody());
    const police = c.attendees.find((a) => a.role === 'police')!;
    let failed: any;
    await until('the report requests job has failed', async () =>
      Boolean((failed = await failedOf(s, c.id, 'report-request'))),
    );
    expect(failed.attemptsMade).toBe(1);
    const [line] = (await worklistOf(s, c.id)).filter((i) => i.kind === 'failed-job' && i.step === 'report-request');
    expect(line.what).toContain('Pat Police');

    // The officer heard of it by phone and emails the report from another mailbox route: their reply address.
    const conference = await s.rt.deps.store.get(c.id);
    await sendInbound(s, {
      from: `Pat Police <${POLICE}>`,
      to: currentReplyAddress(s.rt.deps, conference!, police.id),
      subject: `Report for ${c.reference}`,
      text: 'Report attached.',
      attachments: [
        { filename: 'police.pdf', content: Buffer.from('%PDF-1.4 police'), contentType: 'application/pdf' },
      ],
    });
    await until('the report is in', async () =>
      ['received'].includes((await s.api('GET', `/api/conferences/${c.id}`)).body.reports[police.id]?.status),
    );
    await until('the failed job has gone', async () => !(await failedOf(s, c.id, 'report-request')));
    await s.idle();
    // The officer's invitation and the thanks for the report, refused at the same address, are still
    // to correct: those lines stay.
    expect(
      (await worklistOf(s, c.id))
        .filter((i) => i.kind === 'failed-job')
        .map((i) => i.step)
        .sort(),
    ).toEqual(['report-notices', 'send-invites']);
    const v = (await s.api('GET', `/api/conferences/${c.id}`)).body;
    expect(v.deliveries[`report-request-${police.id}-v1`].state).toBe('skipped');
    expect(v.audit.filter((e: any) => e.action === 'job.retried')).toEqual([
      expect.objectContaining({
        detail: expect.objectContaining({ step: 'report-request', because: 'the report arrived first' }),
      }),
    ]);
    // Never tried again at the refused address (once each: the invitation, the request, the thanks).
    expect(s.smtp.refused.filter((r) => r.address === POLICE)).toHaveLength(3);
  });
});
