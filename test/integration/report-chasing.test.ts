/**
 * Report collection and chasing, end to end through the running service: the coordinator API,
 * simulated time, BullMQ on the real Redis, a real SMTP sink for what goes out and the real
 * inbound SMTP server for what comes back. Assertions are on what people see: emails (recipient,
 * subject, body), the conference view (report status and history) and its pending jobs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { simpleParser, type ParsedMail } from 'mailparser';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { WorkingDayCalendar } from '../../src/domain/calendar/working-days.ts';
import { redisUrl } from '../helpers/redis.ts';
import { hackneyInitialBody, startTestService, type TestService } from '../helpers/service.ts';
import type { SmtpSink } from '../helpers/smtp-sink.ts';

type Sent = SmtpSink['messages'][number];

const CHASE_STEPS = new Set(['report-request', 'report-reminder-1', 'report-reminder-2', 'report-reminder-3', 'report-last-reminder', 'report-overdue', 'report-escalation', 'reports-missing-flag']);
const COORDINATOR = 'coordinator@example.gov.uk';
const calendar = new WorkingDayCalendar();

let services: TestService[] = [];
const children: ChildProcess[] = [];
const closers: (() => Promise<unknown>)[] = [];

afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const close of closers.splice(0).reverse()) await close().catch(() => undefined);
  for (const s of services.splice(0)) await s.stop();
});

async function start(env: Record<string, string> = {}): Promise<TestService> {
  const s = await startTestService(env);
  services.push(s);
  return s;
}

const to = (m: Sent) => m.envelopeTo.join(',');
const text = (m: Sent) => (m.parsed.text ?? '').replace(/\s+/g, ' ');
const subject = (m: Sent) => m.parsed.subject ?? '';
const mailTo = (s: TestService, address: string) => s.smtp.messages.filter((m) => m.envelopeTo.includes(address));

async function createConference(s: TestService, body: unknown): Promise<{ id: string; reference: string; attendees: { id: string; role: string; email?: string }[]; timetable: any }> {
  const r = await s.api('POST', '/api/conferences', body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
}

async function view(s: TestService, id: string): Promise<any> {
  const r = await s.api('GET', `/api/conferences/${id}`);
  expect(r.status).toBe(200);
  return r.body;
}

/** Waits until the in-process worker has run everything due now (invites and requests are immediate). */
async function settle(s: TestService): Promise<void> {
  await s.advanceTo(new Date(s.rt.clock.now().getTime() + 1000).toISOString());
}

/** The London calendar date and wall-clock time of an instant. */
function london(iso: string): { date: string; hhmm: string } {
  const d = new Date(iso);
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)!.value;
  return { date: `${get('year')}-${get('month')}-${get('day')}`, hhmm: `${get('hour')}:${get('minute')}` };
}

describe('report chasing (Hackney initial conference over Christmas)', () => {
  it('requests, reminds, chases, escalates and flags on working days only, each email saying what is due by when', async () => {
    const s = await start();
    const conf = await createConference(s, hackneyInitialBody());
    expect(conf.timetable.reportsDue).toMatch(/^2026-12-29T17:00/);
    await settle(s);
    const byRole = Object.fromEntries(conf.attendees.map((a) => [a.role === 'professional' ? 'health' : a.role, a]));
    const reporters = [byRole['social-worker']!, byRole['health']!, byRole['police']!];

    // The request goes out at once to each professional, naming the due date and the family.
    for (const a of reporters) {
      const requests = mailTo(s, a.email!).filter((m) => subject(m).startsWith('Report request'));
      expect(requests, a.email).toHaveLength(1);
      const m = requests[0]!;
      expect(subject(m)).toBe(`Report request for child protection conference ${conf.reference}: due Tue 29 Dec 2026 17:00`);
      expect(text(m)).toContain('Tuesday 29 December 2026 at 17:00');
      expect(text(m)).toContain('Share and discuss your report with the family before you send it.');
      expect(m.parsed.replyTo?.value[0]?.address).toMatch(new RegExp(`^hackneycypsreports\\+r-${conf.id}-${a.id}-[a-z0-9]{10}@hackney\\.gov\\.uk$`, 'i'));
      // No child or family names in subjects.
      expect(subject(m)).not.toMatch(/Testfamily|Ruby|Leo/);
    }
    let v = await view(s, conf.id);
    for (const a of reporters) expect(v.attendees.find((x: any) => x.id === a.id).report.status).toBe('requested');

    const before = s.smtp.messages.length;
    const { ran } = await s.advanceTo('2027-01-04T09:00');
    const chase = ran.filter((r) => CHASE_STEPS.has(r.step));
    expect(chase.every((r) => r.outcome === 'completed'), JSON.stringify(chase)).toBe(true);

    // Exact send times (09:00 London, GMT in December), per professional.
    const when = (step: string) => [...new Set(chase.filter((r) => r.step === step).map((r) => new Date((r as any).runAt).toISOString()))];
    expect(when('report-reminder-1')).toEqual(['2026-12-22T09:00:00.000Z']);
    expect(when('report-reminder-2')).toEqual(['2026-12-24T09:00:00.000Z']);
    expect(when('report-last-reminder')).toEqual(['2026-12-29T09:00:00.000Z']);
    expect(when('report-overdue')).toEqual(['2026-12-30T09:00:00.000Z']);
    expect(when('report-escalation')).toEqual(['2026-12-31T09:00:00.000Z']);
    expect(when('reports-missing-flag')).toHaveLength(1);
    for (const step of ['report-reminder-1', 'report-reminder-2', 'report-last-reminder', 'report-overdue', 'report-escalation'])
      expect(chase.filter((r) => r.step === step).map((r) => r.id.split('-').at(-2)).sort(), step).toEqual(reporters.map((a) => a.id).sort());

    // Nothing chases anyone on a weekend, Christmas Day, Boxing Day (substitute 28 Dec) or New Year's Day.
    for (const r of chase) {
      const { date } = london((r as any).runAt);
      expect(calendar.isWorkingDay(date), `${r.id} on ${date}`).toBe(true);
      expect(['2026-12-25', '2026-12-26', '2026-12-27', '2026-12-28', '2027-01-01', '2027-01-02', '2027-01-03']).not.toContain(date);
    }
    // The flag comes after the last escalation and before the conference.
    const flagAt = Date.parse((chase.find((r) => r.step === 'reports-missing-flag') as any).runAt);
    expect(flagAt).toBeGreaterThan(Date.parse('2026-12-31T09:00:00Z'));
    expect(flagAt).toBeLessThan(Date.parse('2027-01-04T10:00:00Z'));
    expect(calendar.isWorkingDay(london(new Date(flagAt).toISOString()).date)).toBe(true);

    const sent = s.smtp.messages.slice(before);
    for (const a of reporters) {
      const mine = sent.filter((m) => to(m) === a.email);
      const subjects = mine.map(subject);
      expect(subjects, a.email).toEqual([
        `Reminder: report for ${conf.reference} due Tue 29 Dec 2026 17:00`,
        `Reminder: report for ${conf.reference} due Tue 29 Dec 2026 17:00`,
        `Report for ${conf.reference} due today at 17:00`,
        `Overdue: report for ${conf.reference} (was due Tue 29 Dec 2026)`,
      ]);
      for (const m of mine) {
        expect(text(m)).toContain('Tuesday 29 December 2026 at 17:00');
        expect(text(m)).toContain('Share and discuss your report with the family before you send it.');
        expect(text(m)).toMatch(/What is working well/);
      }
    }
    // Escalations go to each professional's manager, never to the professional.
    for (const [a, manager] of [
      [byRole['social-worker']!, 'sw.manager@example.gov.uk'],
      [byRole['health']!, 'hv.manager@nhs.example.org'],
      [byRole['police']!, 'police.manager@police.example.uk'],
    ] as const) {
      const esc = sent.filter((m) => to(m) === manager);
      expect(esc, manager).toHaveLength(1);
      expect(subject(esc[0]!)).toMatch(new RegExp(`^Overdue report for ${conf.reference}: `));
      expect(text(esc[0]!)).toContain('due by Tuesday 29 December 2026 at 17:00');
      expect(text(esc[0]!)).toContain('Share and discuss your report with the family before you send it.');
      expect(to(esc[0]!)).not.toBe(a.email);
    }
    // The missing-reports flag: the chair and the coordinator, listing all three.
    for (const address of ['chair@example.gov.uk', COORDINATOR]) {
      const flag = sent.filter((m) => to(m) === address && /not yet received/.test(subject(m)));
      expect(flag, address).toHaveLength(1);
      expect(subject(flag[0]!)).toBe(`${conf.reference}: 3 reports not yet received (conference Mon 4 Jan 2027)`);
      expect(text(flag[0]!)).toContain('3 reports have not been received.');
      expect(text(flag[0]!).match(/due Tuesday 29 December 2026 at 17:00/g)).toHaveLength(3);
    }
    // Nothing chases the chair or the family.
    expect(sent.filter((m) => ['jade@family.example.com'].includes(to(m)))).toHaveLength(0);

    v = await view(s, conf.id);
    for (const a of reporters) {
      const report = v.attendees.find((x: any) => x.id === a.id).report;
      expect(report.status).toBe('escalated');
      expect(report.history.map((h: any) => h.step)).toEqual(['report-request', 'report-reminder-1', 'report-reminder-2', 'report-last-reminder', 'report-overdue', 'report-escalation']);
    }
    expect(v.pendingJobs.filter((j: any) => CHASE_STEPS.has(j.step))).toEqual([]);
  });
});

function hampshireBody(startsAt: string, overrides: Record<string, unknown> = {}) {
  return {
    policy: 'hampshire',
    kind: 'review',
    startsAt,
    durationMinutes: 120,
    mode: 'in-person',
    venue: 'Conference Room 2, Elizabeth II Court, Winchester',
    children: [{ firstName: 'Amy', lastName: 'Testfamily', dateOfBirth: '2016-03-11' }],
    attendees: [
      { name: 'Chair Person', email: 'chair@hants.example.gov.uk', role: 'chair', agency: 'Safeguarding' },
      { name: 'Sam Social', email: 'sw@hants.example.gov.uk', role: 'social-worker', agency: "Children's services", managerEmail: 'sw.manager@hants.example.gov.uk' },
      { name: 'Sue School', email: 'school@school.example.org', role: 'professional', agency: 'School', managerEmail: 'head@school.example.org' },
      { name: 'Kim Parent', email: 'kim@family.example.com', role: 'parent', contactPreference: 'email' },
    ],
    ...overrides,
  };
}

describe('report chasing (Hampshire review: hours before, social worker earlier)', () => {
  it('asks every professional for a manager email, and quotes each author their own deadline', async () => {
    const s = await start();
    // Hampshire needs managerEmail for every professional.
    const body = hampshireBody('2027-01-11T10:00');
    const missing = await s.api('POST', '/api/conferences', { ...body, attendees: body.attendees.map((a) => (a.role === 'professional' ? { ...a, managerEmail: undefined } : a)) });
    expect(missing.status).toBe(400);
    expect(JSON.stringify(missing.body)).toContain('attendees.2.managerEmail');

    // Monday 11 January 2027: 24 h before (Sunday) moves back to Friday 8 January; the social
    // worker's 48 h (Saturday) also lands on Friday under the timetable's exact-hours rule.
    const monday = await createConference(s, body);
    expect(monday.timetable.reportsDue).toBe('2027-01-08T10:00:00+00:00');
    expect(Date.parse(monday.timetable.socialWorkerReportDue)).toBeLessThanOrEqual(Date.parse(monday.timetable.reportsDue));
    // Tuesday 12 January 2027: the two deadlines differ (Monday 10:00 for most, Friday 10:00 for the social worker).
    const tuesday = await createConference(s, hampshireBody('2027-01-12T10:00', {
      attendees: hampshireBody('x').attendees.map((a) => ({ ...a, email: a.email.replace('@', '+tue@'), ...(a.managerEmail ? { managerEmail: a.managerEmail.replace('@', '+tue@') } : {}) })),
    }));
    expect(tuesday.timetable.reportsDue).toBe('2027-01-11T10:00:00+00:00');
    expect(tuesday.timetable.socialWorkerReportDue).toBe('2027-01-08T10:00:00+00:00');
    await settle(s);
    await s.advanceTo('2027-01-12T09:00');

    const dueText = (iso: string) => {
      const d = new Date(iso);
      const day = d.toLocaleDateString('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' }).replace(',', '');
      return `${day} at 10:00`;
    };
    for (const [conf, sw, school] of [
      [monday, 'sw@hants.example.gov.uk', 'school@school.example.org'],
      [tuesday, 'sw+tue@hants.example.gov.uk', 'school+tue@school.example.org'],
    ] as const) {
      const swDue = conf.timetable.socialWorkerReportDue as string;
      const due = conf.timetable.reportsDue as string;
      const swMail = mailTo(s, sw).filter((m) => /report/i.test(subject(m)) && !/invitation|invite/i.test(subject(m)) && text(m).includes('Report due'));
      const schoolMail = mailTo(s, school).filter((m) => /report/i.test(subject(m)) && text(m).includes('Report due'));
      expect(swMail.length, sw).toBeGreaterThanOrEqual(3);
      expect(schoolMail.length, school).toBeGreaterThanOrEqual(3);
      for (const m of swMail) {
        expect(text(m), `${sw}: ${subject(m)}`).toContain(dueText(swDue));
        if (swDue !== due) expect(text(m)).not.toContain(dueText(due));
        expect(text(m)).toContain('Share the report with the parent/carer before the conference');
        expect(text(m)).toContain('Share and discuss your report with the family before you send it.');
        expect(text(m)).toContain(conf.reference);
      }
      for (const m of schoolMail) expect(text(m), `${school}: ${subject(m)}`).toContain(dueText(due));
      // Nobody is chased once the meeting has begun.
      const v = await view(s, conf.id);
      for (const a of v.attendees.filter((x: any) => x.report))
        for (const h of a.report.history) expect(Date.parse(h.at), `${h.step} ${h.at}`).toBeLessThan(Date.parse(conf.timetable.professionalsJoinAt));
    }
    // The Tuesday conference's social worker is chased on the Friday, the others not until Monday.
    const tue = await view(s, tuesday.id);
    const swReport = tue.attendees.find((a: any) => a.role === 'social-worker').report;
    const schoolReport = tue.attendees.find((a: any) => a.role === 'professional').report;
    expect(swReport.dueAt).toBe('2027-01-08T10:00:00+00:00');
    const at = (r: any, step: string) => r.history.find((h: any) => h.step === step)?.at;
    expect(at(swReport, 'report-last-reminder')).toMatch(/^2027-01-08T09:00/);
    expect(at(swReport, 'report-overdue')).toMatch(/^2027-01-11T09:00/);
    expect(at(schoolReport, 'report-last-reminder')).toMatch(/^2027-01-11T09:00/);
    for (const r of [swReport, schoolReport]) for (const h of r.history) expect(calendar.isWorkingDay(h.at.slice(0, 10)), h.step).toBe(true);
  });
});
