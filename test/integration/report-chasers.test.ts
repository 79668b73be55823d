/**
 * A conference's report chasers are one job per step and run time, shared by every author due then
 * (Hackney, reports due Tuesday 29 December 2026 17:00: reminders 22 and 24 December, last reminder
 * the 29th, overdue the 30th, the managers told the 31st). What is checked is what people see: the
 * emails each author and manager received, each report's history and the audit trail, and the jobs
 * that ran.
 */
import { describe, expect, it } from 'vitest';
import type { ScheduledJob } from '../../src/ports/jobs.ts';
import { signedInDashboard } from '../helpers/pages.ts';
import { failStoreWriteOnce } from '../helpers/fail-store-write.ts';
import {
  hackneyInitialBody,
  sendInbound,
  startedServices,
  TEST_API_KEY,
  type TestService,
} from '../helpers/service.ts';

const start = startedServices();

const AUTHORS = ['sw@example.gov.uk', 'hv@nhs.example.org', 'police@police.example.uk'];
const REQUEST = 'Report request for child protection conference REF: due Tue 29 Dec 2026 17:00';
const REMINDER = 'Reminder: report for REF due Tue 29 Dec 2026 17:00';
const LAST = 'Report for REF due today at 17:00';
const OVERDUE = 'Overdue: report for REF (was due Tue 29 Dec 2026)';
const DEPUTY = 'deputy@school.example.org';

async function create(s: TestService): Promise<{ id: string; reference: string }> {
  const r = await s.api('POST', '/api/conferences', hackneyInitialBody());
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
}

async function addDeputy(s: TestService, id: string): Promise<string> {
  const r = await s.api('POST', `/api/conferences/${id}/attendees`, {
    attendee: {
      name: 'Dee Deputy',
      email: DEPUTY,
      role: 'professional',
      agency: 'School',
      managerEmail: 'head@school.example.org',
    },
    requestedBy: 'coordinator',
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.attendee.id;
}

/** The subjects of the report emails (requests, reminders, chasers, escalations) an address received. */
const reportMail = (s: TestService, address: string) =>
  s.smtp.messages
    .filter((m) => m.envelopeTo.includes(address))
    .map((m) => m.parsed.subject ?? '')
    .filter((x) => /^(Report request|Reminder: report|Report for .* due today|Overdue)/.test(x))
    .map((x) => x.replace(/CPC-[\w-]+/, 'REF'));

async function view(s: TestService, id: string): Promise<any> {
  return (await s.api('GET', `/api/conferences/${id}`)).body;
}

const historyOf = (v: any, email: string): string[] =>
  v.attendees.find((a: any) => a.email === email).report.history.map((h: any) => h.step);
const auditOf = (v: any, action: string) => v.audit.filter((e: any) => e.action === action).map((e: any) => e.detail);

describe('report chasers, one job per step and run time', () => {
  it('asks an author added before the conference’s request job ran once, in one history and audit line', async () => {
    const s = await start();
    // The worker is busy elsewhere: the conference's request job is still waiting when the deputy is
    // added, and runs before the deputy's own request job does (held back here until it has).
    await s.rt.scheduler.queue.pause();
    const conf = await create(s);
    const jobs = s.rt.deps.jobs;
    const schedule = jobs.schedule.bind(jobs);
    const held: ScheduledJob[] = [];
    jobs.schedule = async (js) => {
      held.push(...js.filter((j) => j.step === 'report-request'));
      return schedule(js.filter((j) => j.step !== 'report-request'));
    };
    const deputy = await addDeputy(s, conf.id);
    jobs.schedule = schedule;
    expect(held).toHaveLength(1);
    await s.rt.scheduler.queue.resume();
    await s.idle();
    await schedule(held);
    await s.idle();
    for (const address of [...AUTHORS, DEPUTY]) expect(reportMail(s, address), address).toEqual([REQUEST]);
    const v = await view(s, conf.id);
    expect(historyOf(v, DEPUTY)).toEqual(['report-request']);
    const asked = auditOf(v, 'report.report-request').flatMap((d: any) => d.attendeeIds ?? [d.attendeeId]);
    expect(asked.filter((x: string) => x === deputy)).toEqual([deputy]);
    expect(asked).toHaveLength(4);
  });

  it('chases an author added later on their own dates, through the jobs the others already have', async () => {
    const s = await start();
    const conf = await create(s);
    await s.advanceTo('2026-12-22T12:00'); // the requests and the first reminders have gone
    const jobs = async () => (await s.rt.deps.jobs.pending(conf.id)).map((j) => j.id).sort();
    const before = await jobs();
    const deputy = await addDeputy(s, conf.id);
    await s.idle();
    // Their invitation and request went at once (jobs of their own); every chaser of theirs is one the others have.
    expect((await jobs()).filter((j) => !before.includes(j))).toEqual([]);
    const { ran } = await s.advanceTo('2027-01-04T09:00');
    expect(ran.filter((r) => r.step === 'report-reminder-2')).toHaveLength(1);
    expect(reportMail(s, DEPUTY)).toEqual([REQUEST, REMINDER, LAST, OVERDUE]);
    expect(s.smtp.messages.filter((m) => m.envelopeTo.includes('head@school.example.org'))).toHaveLength(1);
    const v = await view(s, conf.id);
    expect(historyOf(v, DEPUTY)).toEqual([
      'report-request',
      'report-reminder-2',
      'report-last-reminder',
      'report-overdue',
      'report-escalation',
    ]);
    // One audit line per step naming everyone it chased (the reminder on the 24th: four authors).
    const second = auditOf(v, 'report.report-reminder-2');
    expect(second).toEqual([{ attendeeIds: expect.arrayContaining([deputy]) }]);
    expect(second[0].attendeeIds).toHaveLength(4);
  });

  it('chases an author added after the chasers’ time at once, once, and nobody else again', async () => {
    const s = await start();
    const conf = await create(s);
    await s.advanceTo('2026-12-31T12:00'); // everyone chased and escalated
    const deputy = await addDeputy(s, conf.id);
    await s.idle();
    await s.advanceTo('2027-01-04T09:00');
    expect(reportMail(s, DEPUTY).sort()).toEqual([OVERDUE, REQUEST]);
    for (const address of AUTHORS)
      expect(
        reportMail(s, address).filter((x) => x.startsWith('Overdue')),
        address,
      ).toHaveLength(1);
    const v = await view(s, conf.id);
    expect(historyOf(v, DEPUTY).sort()).toEqual(['report-escalation', 'report-overdue', 'report-request']);
    expect(auditOf(v, 'report.report-overdue').at(-1)).toEqual({ attendeeId: deputy });
  });

  it('reminds nobody twice when the job stops after the emails went and before they were recorded', async () => {
    const s = await start();
    const conf = await create(s);
    await s.advanceTo('2026-12-21T12:00');
    await s.idle();
    // The store write that records the first reminders fails once, as if the worker died just before it.
    const stopped = failStoreWriteOnce(s, (cur, next) =>
      Object.values(next.reports).some((r) => r.history.length > (cur.reports[r.attendeeId]?.history.length ?? 0)),
    );
    await s.advanceTo('2026-12-22T09:00');
    await s.idle();
    expect(stopped()).toBeGreaterThan(1); // it did stop once, and the retry recorded them
    for (const address of AUTHORS) expect(reportMail(s, address), address).toEqual([REQUEST, REMINDER]);
    const v = await view(s, conf.id);
    for (const address of AUTHORS) expect(historyOf(v, address)).toEqual(['report-request', 'report-reminder-1']);
    expect(auditOf(v, 'report.report-reminder-1')).toEqual([{ attendeeIds: expect.any(Array) }]);
  });

  it('the dashboard names whom each scheduled chaser will chase, and a report filed takes its author off them at once', async () => {
    const s = await start();
    const conf = await create(s);
    await s.advanceTo('2026-12-22T12:00');
    const dashboard = await signedInDashboard(s.url, TEST_API_KEY);
    /** The "About" cell of each scheduled report chaser, by step. */
    const about = async () => {
      const page = (await dashboard.get(`/dashboard/c/${conf.id}`)).text;
      const jobs = page.slice(page.indexOf('<h2>Scheduled jobs</h2>'), page.indexOf('<h2 id="failed-jobs">'));
      return Object.fromEntries(
        [...jobs.matchAll(/<tr><td>(report-[a-z0-9-]+)<\/td><td>(.*?)<\/td>/g)].map((m) => [
          m[1],
          m[2]!.replace(/<[^>]+>/g, ''),
        ]),
      );
    };
    const before = await about();
    for (const who of ['Sam Social', 'Hana Health', 'Pat Police']) expect(before['report-reminder-2']).toContain(who);
    const request = s.smtp.messages.find(
      (m) => m.envelopeTo.includes('police@police.example.uk') && (m.parsed.subject ?? '').startsWith('Report request'),
    )!;
    await sendInbound(s, {
      from: 'Pat Police <police@police.example.uk>',
      to: request.parsed.replyTo!.value[0]!.address!,
      subject: `RE: ${request.parsed.subject}`,
      text: 'Report attached.',
      attachments: [
        { filename: 'police.pdf', content: Buffer.from('%PDF-1.4 police'), contentType: 'application/pdf' },
      ],
    });
    const after = await about();
    for (const step of ['report-reminder-2', 'report-last-reminder', 'report-overdue', 'report-escalation']) {
      expect(after[step], step).toContain('Sam Social');
      expect(after[step], step).toContain('Hana Health');
      expect(after[step], step).not.toContain('Pat Police');
    }
  });
});
