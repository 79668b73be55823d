/**
 * Report collection and chasing, end to end through the running service: the coordinator API,
 * simulated time, BullMQ on the real Redis, a real SMTP sink for what goes out and the real
 * inbound SMTP server for what comes back. Assertions are on what people see: emails (recipient,
 * subject, body), the conference view (report status and history) and its pending jobs.
 */
import { Queue } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import { WorkingDayCalendar } from '../../src/domain/calendar/working-days.ts';
import { redisUrl } from '../helpers/redis.ts';
import {
  hackneyInitialBody,
  startTestService,
  TEST_API_KEY,
  type TestService,
  sendInbound,
} from '../helpers/service.ts';
import type { SmtpSink } from '../helpers/smtp-sink.ts';

type Sent = SmtpSink['messages'][number];

const CHASE_STEPS = new Set([
  'report-request',
  'report-reminder-1',
  'report-reminder-2',
  'report-reminder-3',
  'report-last-reminder',
  'report-overdue',
  'report-escalation',
  'reports-missing-flag',
]);
const COORDINATOR = 'coordinator@example.gov.uk';
const calendar = new WorkingDayCalendar();

const services: TestService[] = [];
const closers: (() => Promise<unknown>)[] = [];

afterEach(async () => {
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

async function createConference(
  s: TestService,
  body: unknown,
): Promise<{
  id: string;
  reference: string;
  attendees: { id: string; role: string; email?: string }[];
  timetable: any;
}> {
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
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).formatToParts(d);
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
      expect(subject(m)).toBe(
        `Report request for child protection conference ${conf.reference}: due Tue 29 Dec 2026 17:00`,
      );
      expect(text(m)).toContain('Tuesday 29 December 2026 at 17:00');
      expect(text(m)).toContain('Share and discuss your report with the family before you send it.');
      expect(m.parsed.replyTo?.value[0]?.address).toMatch(
        new RegExp(`^hackneycypsreports\\+r-${conf.id}-${a.id}-1-[a-z0-9]{1,6}-[a-z0-9]{12}@hackney\\.gov\\.uk$`, 'i'),
      );
      // No child or family names in subjects.
      expect(subject(m)).not.toMatch(/Testfamily|Ruby|Leo/);
    }
    let v = await view(s, conf.id);
    for (const a of reporters) expect(v.attendees.find((x: any) => x.id === a.id).report.status).toBe('requested');

    const before = s.smtp.messages.length;
    const { ran } = await s.advanceTo('2027-01-04T09:00');
    const chase = ran.filter((r) => CHASE_STEPS.has(r.step));
    expect(
      chase.every((r) => r.outcome === 'completed'),
      JSON.stringify(chase),
    ).toBe(true);

    // Exact send times (09:00 London, GMT in December), per professional.
    const when = (step: string) => [
      ...new Set(chase.filter((r) => r.step === step).map((r) => new Date((r as any).runAt).toISOString())),
    ];
    expect(when('report-reminder-1')).toEqual(['2026-12-22T09:00:00.000Z']);
    expect(when('report-reminder-2')).toEqual(['2026-12-24T09:00:00.000Z']);
    expect(when('report-last-reminder')).toEqual(['2026-12-29T09:00:00.000Z']);
    expect(when('report-overdue')).toEqual(['2026-12-30T09:00:00.000Z']);
    expect(when('report-escalation')).toEqual(['2026-12-31T09:00:00.000Z']);
    expect(when('reports-missing-flag')).toHaveLength(1);
    // The three authors share a due date, so each step is one job chasing all three (their emails below).
    for (const step of [
      'report-reminder-1',
      'report-reminder-2',
      'report-last-reminder',
      'report-overdue',
      'report-escalation',
    ])
      expect(
        chase.filter((r) => r.step === step).map((r) => r.id),
        step,
      ).toEqual([`conf-${conf.id}-${step}-all-v1-t${when(step)[0]!.replace(/[-:TZ.]/g, '')}`]);

    // Nothing chases anyone on a weekend, Christmas Day, Boxing Day (substitute 28 Dec) or New Year's Day.
    for (const r of chase) {
      const { date } = london((r as any).runAt);
      expect(calendar.isWorkingDay(date), `${r.id} on ${date}`).toBe(true);
      expect([
        '2026-12-25',
        '2026-12-26',
        '2026-12-27',
        '2026-12-28',
        '2027-01-01',
        '2027-01-02',
        '2027-01-03',
      ]).not.toContain(date);
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
      expect(report.history.map((h: any) => h.step)).toEqual([
        'report-request',
        'report-reminder-1',
        'report-reminder-2',
        'report-last-reminder',
        'report-overdue',
        'report-escalation',
      ]);
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
      {
        name: 'Sam Social',
        email: 'sw@hants.example.gov.uk',
        role: 'social-worker',
        agency: "Children's services",
        managerEmail: 'sw.manager@hants.example.gov.uk',
      },
      {
        name: 'Sue School',
        email: 'school@school.example.org',
        role: 'professional',
        agency: 'School',
        managerEmail: 'head@school.example.org',
      },
      { name: 'Kim Parent', email: 'kim@family.example.com', role: 'parent', contactPreference: 'email' },
    ],
    ...overrides,
  };
}

describe('report chasing (Hampshire review: hours before, social worker earlier)', () => {
  it('asks every professional for a manager email, quotes each author their own deadline, and over Easter tells the manager an hour after the due time', async () => {
    const s = await start();
    // Hampshire needs managerEmail for every professional.
    const body = hampshireBody('2027-01-11T10:00');
    const missing = await s.api('POST', '/api/conferences', {
      ...body,
      attendees: body.attendees.map((a) => (a.role === 'professional' ? { ...a, managerEmail: undefined } : a)),
    });
    expect(missing.status).toBe(400);
    expect(JSON.stringify(missing.body)).toContain('attendees.2.managerEmail');

    // Monday 11 January 2027: 24 h before (Sunday) moves back to Friday 8 January; the social
    // worker's 48 h (Saturday) also lands on Friday under the timetable's exact-hours rule.
    const monday = await createConference(s, body);
    expect(monday.timetable.reportsDue).toBe('2027-01-08T10:00:00+00:00');
    expect(Date.parse(monday.timetable.socialWorkerReportDue)).toBeLessThanOrEqual(
      Date.parse(monday.timetable.reportsDue),
    );
    // Tuesday 12 January 2027: the two deadlines differ (Monday 10:00 for most, Friday 10:00 for the social worker).
    const tuesday = await createConference(
      s,
      hampshireBody('2027-01-12T10:00', {
        attendees: hampshireBody('x').attendees.map((a) => ({
          ...a,
          email: a.email.replace('@', '+tue@'),
          ...(a.managerEmail ? { managerEmail: a.managerEmail.replace('@', '+tue@') } : {}),
        })),
      }),
    );
    expect(tuesday.timetable.reportsDue).toBe('2027-01-11T10:00:00+00:00');
    expect(tuesday.timetable.socialWorkerReportDue).toBe('2027-01-08T10:00:00+00:00');
    await settle(s);
    await s.advanceTo('2027-01-12T09:00');

    const dueText = (iso: string) => {
      const d = new Date(iso);
      const day = d
        .toLocaleDateString('en-GB', {
          weekday: 'long',
          day: 'numeric',
          month: 'long',
          year: 'numeric',
          timeZone: 'Europe/London',
        })
        .replace(',', '');
      return `${day} at 10:00`;
    };
    for (const [conf, sw, school] of [
      [monday, 'sw@hants.example.gov.uk', 'school@school.example.org'],
      [tuesday, 'sw+tue@hants.example.gov.uk', 'school+tue@school.example.org'],
    ] as const) {
      const swDue = conf.timetable.socialWorkerReportDue as string;
      const due = conf.timetable.reportsDue as string;
      const swMail = mailTo(s, sw).filter(
        (m) => /report/i.test(subject(m)) && !/invitation|invite/i.test(subject(m)) && text(m).includes('Report due'),
      );
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
      // The conference starts at 10:00; Hampshire's professionals arrive 15 minutes early, and the email says both.
      for (const m of [...swMail, ...schoolMail]) {
        expect(text(m)).toMatch(
          /Conference: review child protection conference, \w+day 1[12] January 2027 at 10:00 Professionals join at: 09:45 /,
        );
      }
      // Nobody is chased once the meeting has begun.
      const v = await view(s, conf.id);
      for (const a of v.attendees.filter((x: any) => x.report))
        for (const h of a.report.history)
          expect(Date.parse(h.at), `${h.step} ${h.at}`).toBeLessThan(Date.parse(conf.timetable.professionalsJoinAt));
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
    for (const r of [swReport, schoolReport])
      for (const h of r.history) expect(calendar.isWorkingDay(h.at.slice(0, 10)), h.step).toBe(true);

    // Easter 2027 (Good Friday 26 March, Easter Monday 29 March, the clocks go forward on the 28th): a
    // review on Tuesday 30 March. The school's report is due Thursday 25 March 10:00 and its chaser can
    // only go at 09:00 on the conference morning, leaving no working day for the manager's escalation:
    // the head is told an hour after the due time instead, at 11:00 London time (GMT) that Thursday.
    const easter = await createConference(
      s,
      hampshireBody('2027-03-30T10:00', {
        attendees: hampshireBody('x').attendees.map((a) => ({
          ...a,
          email: a.email.replace('@', '+easter@'),
          ...(a.managerEmail ? { managerEmail: a.managerEmail.replace('@', '+easter@') } : {}),
        })),
      }),
    );
    expect(easter.timetable.reportsDue).toBe('2027-03-25T10:00:00+00:00');
    expect(easter.timetable.socialWorkerReportDue).toBe('2027-03-24T10:00:00+00:00');
    const head = 'head+easter@school.example.org';
    const swManager = 'sw.manager+easter@hants.example.gov.uk';
    await s.advanceTo('2027-03-25T10:59');
    expect(mailTo(s, head)).toEqual([]);
    const { ran: at11 } = await s.advanceTo('2027-03-25T11:00');
    expect(
      at11
        .filter((r) => r.step === 'report-escalation')
        .map((r) => [r.outcome, new Date((r as any).runAt).toISOString()]),
    ).toEqual([['completed', '2027-03-25T11:00:00.000Z']]);
    const toHead = mailTo(s, head);
    expect(toHead.map(subject)).toEqual([
      expect.stringMatching(new RegExp(`^Overdue report for ${easter.reference}: `)),
    ]);
    expect(text(toHead[0]!)).toContain('due by Thursday 25 March 2027 at 10:00');
    expect(subject(toHead[0]!)).not.toMatch(/Testfamily|Amy/);
    // The social worker's report (due Wednesday) leaves room: its chaser goes Thursday, the manager is
    // told at 09:00 on the conference morning, now British Summer Time (08:00 UTC), before professionals join.
    expect(mailTo(s, swManager)).toEqual([]);
    const schoolBefore = mailTo(s, 'school+easter@school.example.org').length;
    const { ran: tuesdayMorning } = await s.advanceTo('2027-03-30T09:00');
    expect(
      tuesdayMorning
        .filter((r) => r.step === 'report-escalation' || r.step === 'report-overdue')
        .map((r) => [r.step, new Date((r as any).runAt).toISOString()])
        .sort(),
    ).toEqual([
      ['report-escalation', '2027-03-30T08:00:00.000Z'],
      ['report-overdue', '2027-03-30T08:00:00.000Z'],
    ]);
    // The escalation is the social worker's (to her manager), the overdue chaser the school's.
    expect(mailTo(s, 'school+easter@school.example.org').slice(schoolBefore).map(subject)).toEqual([
      `Overdue: report for ${easter.reference} (was due Thu 25 Mar 2027)`,
    ]);
    expect(mailTo(s, swManager)).toHaveLength(1);
    expect(text(mailTo(s, swManager)[0]!)).toContain('due by Wednesday 24 March 2027 at 10:00');
    // Escalated once each: the head is not told again on the conference morning.
    expect(mailTo(s, head)).toHaveLength(1);
  });
});

/** Sends a message to the service's inbound SMTP server, as a professional's mail system would. */
/** Waits for the sink to hold a message matching `pred` (inbound handling sends its replies synchronously, but be safe). */
async function waitForMail(s: TestService, pred: (m: Sent) => boolean, timeoutMs = 5000): Promise<Sent> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const m = s.smtp.messages.find(pred);
    if (m) return m;
    if (Date.now() > deadline)
      throw new Error(`no matching message among ${s.smtp.messages.map((x) => `${to(x)}: ${subject(x)}`).join(' | ')}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('report receipt by inbound email', () => {
  it('files a reply to the request token, stops only that attendee’s chasers, thanks the sender, tells the chair, keeps a second submission', async () => {
    const s = await start();
    const conf = await createConference(s, hackneyInitialBody());
    await settle(s);
    const police = conf.attendees.find((a) => a.role === 'police')!;
    const health = conf.attendees.find((a) => a.role === 'professional')!;
    const request = mailTo(s, police.email!).find((m) => subject(m).startsWith('Report request'))!;
    const token = request.parsed.replyTo!.value[0]!.address!;

    await s.advanceTo('2026-12-22T12:00');
    const before = s.smtp.messages.length;
    await sendInbound(s, {
      from: 'Pat Police <police@police.example.uk>',
      to: token,
      subject: `RE: ${subject(request)}`,
      text: 'Report attached.',
      attachments: [
        {
          filename: 'police-report.pdf',
          content: Buffer.from('%PDF-1.4 police report'),
          contentType: 'application/pdf',
        },
      ],
    });

    let v = await view(s, conf.id);
    const report = v.attendees.find((a: any) => a.id === police.id).report;
    expect(report.status).toBe('received');
    expect(report.channel).toBe('email');
    expect(report.receivedAt).toMatch(/^2026-12-22T12:00/);
    expect(v.reports[police.id].submissions).toHaveLength(1);
    expect(v.reports[police.id].submissions[0]).toMatchObject({ channel: 'email', attachmentCount: 1, late: false });
    expect(
      v.pendingJobs.filter(
        (j: any) => j.attendeeId === police.id && j.step !== 'report-notices' && j.step !== 'report-sharing-check',
      ),
    ).toEqual([]);
    // The others' chasers stay: one job per step and time, which now chases them and not the police
    // officer (only the check, at the deadline, that her report was shared with the family).
    const chasing = (id: string) => v.pendingJobs.filter((j: any) => j.chases?.includes(id)).map((j: any) => j.step);
    expect(chasing(police.id)).toEqual(['report-sharing-check']);
    expect(chasing(health.id)).toEqual([
      'report-reminder-2',
      'report-last-reminder',
      'report-sharing-check',
      'report-overdue',
      'report-escalation',
    ]);
    expect(v.pendingJobs.some((j: any) => j.step === 'reports-missing-flag')).toBe(true);

    const thanks = await waitForMail(s, (m) => to(m) === police.email && subject(m).startsWith('Report received'));
    expect(subject(thanks)).toBe(`Report received for ${conf.reference}`);
    expect(text(thanks)).toContain('Thank you: we received your report on Tuesday 22 December 2026 at 12:00.');
    const chairNotice = await waitForMail(
      s,
      (m) => to(m) === 'chair@example.gov.uk' && subject(m).includes('report received'),
    );
    expect(subject(chairNotice)).toBe(`${conf.reference}: report received from the police`);
    expect(text(chairNotice)).toContain('by email');
    // The chair has the report itself: the file (renamed to the reference) and the mail's text.
    expect(chairNotice.parsed.attachments.map((a) => [a.filename, a.content.toString()])).toEqual([
      [`${conf.reference}-report-${police.id}-v1-1.pdf`, '%PDF-1.4 police report'],
    ]);
    expect(text(chairNotice)).toContain('Report attached.');
    expect(s.smtp.messages.slice(before).filter((m) => to(m) === COORDINATOR)).toHaveLength(0);

    // The thank-you invites an updated version by reply: that reply must reach this conference's file.
    const replyTo = thanks.parsed.replyTo?.value[0]?.address;
    expect(replyTo, 'the thank-you says "reply to this email", so it needs a Reply-To token').toMatch(/\+r-/);
    await sendInbound(s, {
      from: 'police@police.example.uk',
      to: replyTo!,
      subject: `RE: ${subject(thanks)}`,
      text: 'Updated version attached, with the chronology.',
      attachments: [
        { filename: 'police-report-v2.pdf', content: Buffer.from('%PDF-1.4 v2'), contentType: 'application/pdf' },
        {
          filename: 'chronology.docx',
          content: Buffer.from('chronology'),
          contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        },
      ],
    });
    v = await view(s, conf.id);
    expect(v.reports[police.id].submissions.map((x: any) => x.attachmentCount)).toEqual([1, 2]);
    expect(v.reports[police.id].receivedAt).toMatch(/^2026-12-22T12:00/);
    expect(v.audit.map((e: any) => e.action)).toEqual(
      expect.arrayContaining(['report.received', 'report.resubmitted']),
    );
    // The notices go out on a queued job: wait for the second thank-you rather than racing it.
    const thanked = () =>
      s.smtp.messages.filter((m) => to(m) === police.email && subject(m).startsWith('Report received'));
    for (let i = 0; i < 200 && thanked().length < 2; i++) await new Promise((r) => setTimeout(r, 25));
    expect(thanked()).toHaveLength(2);

    // Time runs on: no chaser for the police officer's report, only (at the deadline) the request to
    // record sharing it with the family, which Hackney asks for first; the health visitor is still chased.
    const mark = s.smtp.messages.length;
    await s.advanceTo('2027-01-04T09:00');
    const later = s.smtp.messages.slice(mark);
    expect(
      later.filter((m) => to(m) === police.email || to(m) === 'police.manager@police.example.uk').map(subject),
    ).toEqual([`${conf.reference}: please share your report with the family`]);
    expect(later.filter((m) => to(m) === health.email).length).toBeGreaterThanOrEqual(3);
    const flag = later.find((m) => to(m) === 'chair@example.gov.uk' && /not yet received/.test(subject(m)))!;
    expect(subject(flag)).toContain('2 reports not yet received');
    v = await view(s, conf.id);
    expect(v.attendees.find((a: any) => a.id === police.id).report.status).toBe('received');
  });

  it('mail to the plain reports mailbox from an attendee’s address is not filed: it waits for the coordinator, who confirms it', async () => {
    const s = await start();
    const conf = await createConference(s, hackneyInitialBody());
    await settle(s);
    const health = conf.attendees.find((a) => a.role === 'professional')!;
    await sendInbound(s, {
      from: 'Hana Health <HV@nhs.example.org>',
      to: 'HackneyCYPsreports@hackney.gov.uk',
      subject: `Report for ${conf.reference}`,
      text: 'Please find my report attached.',
      attachments: [
        { filename: 'health.pdf', content: Buffer.from('%PDF-1.4 health'), contentType: 'application/pdf' },
      ],
    });
    let v = await view(s, conf.id);
    expect(v.attendees.find((a: any) => a.id === health.id).report.status).not.toBe('received');
    // Her reminders continue: the next one is still queued, and she is among those it chases (below, once filed, she is not).
    expect(v.pendingJobs.some((j: any) => j.step === 'report-reminder-1')).toBe(true);
    expect(v.inboundQueue).toMatchObject([
      {
        id: 'q1',
        attendeeId: health.id,
        from: 'hv@nhs.example.org',
        status: 'pending',
        attachments: [{ filename: 'health.pdf' }],
      },
    ]);
    const notice = await waitForMail(s, (m) => to(m) === COORDINATOR);
    expect(subject(notice)).toBe(`${conf.reference}: a report needs confirming`);
    expect(text(notice)).toContain(
      `${conf.reference}: a report that looks like it came from the professional (Health visiting) (hv@nhs.example.org) arrived unauthenticated: not sent to their reply address`,
    );
    expect(text(notice)).toContain(
      `. It has not been filed, their reminders continue and the chair has not been told. Confirm it as their report or reject it on the dashboard: ${s.rt.deps.settings.publicBaseUrl}/dashboard/c/${conf.id}`,
    );
    expect(text(notice)).not.toContain('Please find my report');
    expect(notice.parsed.attachments).toEqual([]);

    const read = await s.api('GET', `/api/conferences/${conf.id}/inbound/q1`);
    expect(read.body).toMatchObject({
      item: { id: 'q1', status: 'pending' },
      text: expect.stringContaining('Please find my report attached.'),
    });
    const file = await fetch(`${s.url}/api/conferences/${conf.id}/inbound/q1/attachments/1`, {
      headers: { authorization: `Bearer ${TEST_API_KEY}` },
    });
    expect(Buffer.from(await file.arrayBuffer()).toString()).toBe('%PDF-1.4 health');
    expect((await s.api('POST', `/api/conferences/${conf.id}/inbound/q1`, { action: 'file it' })).status).toBe(400);
    const confirmed = await s.api('POST', `/api/conferences/${conf.id}/inbound/q1`, {
      action: 'confirm',
      by: 'Jo on the phone with the health visitor',
    });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    v = await view(s, conf.id);
    expect(v.attendees.find((a: any) => a.id === health.id).report).toMatchObject({
      status: 'received',
      channel: 'email',
    });
    expect(v.reports[health.id].submissions[0]).toMatchObject({ attachmentCount: 1 });
    expect(
      v.pendingJobs.filter(
        (j: any) => j.attendeeId === health.id && j.step !== 'report-notices' && j.step !== 'report-sharing-check',
      ),
    ).toEqual([]);
    expect(v.inboundQueue[0]).toMatchObject({ status: 'confirmed', decidedBy: 'coordinator' });
    expect(v.audit.map((e: any) => e.action)).toEqual(expect.arrayContaining(['report.received', 'inbound.confirmed']));
    // The key proved the coordinator; the name in the body is only who it was on behalf of.
    expect(v.audit.find((e: any) => e.action === 'inbound.confirmed')).toMatchObject({
      actor: 'coordinator',
      detail: { item: 'q1', requestedBy: 'Jo on the phone with the health visitor' },
    });
    await waitForMail(s, (m) => to(m) === health.email && subject(m) === `Report received for ${conf.reference}`);
    expect((await s.api('POST', `/api/conferences/${conf.id}/inbound/q1`, { action: 'reject' })).status).toBe(409);
    // The first reminders: the shared job reminds the other two authors, not her.
    const mark = s.smtp.messages.length;
    await s.advanceTo('2026-12-22T09:00');
    const reminded = s.smtp.messages.slice(mark).filter((m) => subject(m).startsWith('Reminder: report'));
    expect(reminded.map(to).sort()).toEqual(['police@police.example.uk', 'sw@example.gov.uk']);
  });
});

describe('unfiled inbound mail', () => {
  it('summarises unmatched and malformed mail to the coordinator without its content, changing nothing', async () => {
    const s = await start();
    const conf = await createConference(s, hackneyInitialBody());
    await settle(s);
    const snapshot = JSON.stringify((await view(s, conf.id)).reports);

    // 1. An unknown sender, no token.
    await sendInbound(s, {
      from: 'stranger@elsewhere.example.com',
      to: 'HackneyCYPsreports@hackney.gov.uk',
      subject: 'A report',
      text: 'Here is something for a conference.',
      attachments: [
        { filename: 'mystery.pdf', content: Buffer.from('%PDF-1.4 mystery'), contentType: 'application/pdf' },
      ],
    });
    const first = await waitForMail(s, (m) => to(m) === COORDINATOR);
    expect(subject(first)).toBe('Reports mailbox: a message was not filed');
    expect(text(first)).toContain(
      // Over SMTP nothing keeps it (before, the notice said it was 'still in the reports mailbox').
      'A message reached the reports mailbox and was not filed (no conference or attendee matched). Its content has not been forwarded, and this service does not keep it: if you need it, ask the sender to send it again, to the reply address in their report request or quoting the conference reference.',
    );
    expect(text(first)).toContain('From: stranger@elsewhere.example.com');
    expect(text(first)).toMatch(/Subject: A report Size: \d+ KB Attachments: mystery.pdf$/);
    expect(text(first)).toContain('Subject: A report');
    expect(text(first)).toContain('Attachments: mystery.pdf');
    expect(text(first)).not.toContain('Here is something');
    expect(first.parsed.attachments).toEqual([]);

    // 2. A token with a forged MAC is no match either.
    const token = mailTo(s, 'police@police.example.uk').find((m) => subject(m).startsWith('Report request'))!.parsed
      .replyTo!.value[0]!.address!;
    const forged = token.replace(/-([a-z0-9]{12})@/i, '-000000000000@');
    await sendInbound(s, {
      from: 'stranger@elsewhere.example.com',
      to: forged,
      subject: 'forged',
      text: 'not really the police',
    });
    await s.smtp.waitFor(s.smtp.messages.indexOf(first) + 2);
    expect(s.smtp.messages.filter((m) => to(m) === COORDINATOR)).toHaveLength(2);
    expect(s.smtp.messages.filter((m) => to(m) === 'stranger@elsewhere.example.com')).toHaveLength(0);

    // 3. Malformed MIME: an unterminated multipart with broken base64 and a bogus charset.
    const boundary = 'XYZ';
    const raw = [
      'From: someone@broken.example.net',
      'To: HackneyCYPsreports@hackney.gov.uk',
      'Subject: =?bogus-charset?Q?broken?=',
      'MIME-Version: 1.0',
      `Content-Type: multipart/mixed; boundary="${boundary}"`,
      '',
      `--${boundary}`,
      'Content-Type: text/plain; charset=x-unknown',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      'Broken =ZZ body =',
      `--${boundary}`,
      'Content-Type: application/octet-stream; name="report.doc"',
      'Content-Disposition: attachment; filename="report.doc"',
      'Content-Transfer-Encoding: base64',
      '',
      'this is not base64!!!',
      '',
    ].join('\r\n');
    await sendInbound(s, {
      envelope: { from: 'someone@broken.example.net', to: ['HackneyCYPsreports@hackney.gov.uk'] },
      raw,
    });
    const third = await waitForMail(s, (m) => to(m) === COORDINATOR && text(m).includes('someone@broken.example.net'));
    expect(third.parsed.attachments).toEqual([]);

    // 4. Garbage that is not a message at all.
    await sendInbound(s, {
      envelope: { from: 'x@junk.example.net', to: ['HackneyCYPsreports@hackney.gov.uk'] },
      raw: '\u0000\u0001\u0002 binary junk \r\n\r\n\u00ff\u00fe',
    });
    await waitForMail(s, (m) => to(m) === COORDINATOR && text(m).includes('x@junk.example.net'));

    expect(JSON.stringify((await view(s, conf.id)).reports)).toBe(snapshot);
    expect((await s.api('GET', '/api/policies')).status).toBe(200);
    expect((await s.api('GET', `/api/conferences/${conf.id}`)).status).toBe(200);
  });
});

describe('reschedule and cancel', () => {
  it('leaves no ghost jobs after a reschedule, and cancel withdraws every invitation', async () => {
    const s = await start();
    const conf = await createConference(s, hackneyInitialBody());
    await settle(s);
    await s.advanceTo('2026-12-22T12:00'); // the first reminders have gone, quoting 29 December
    expect(s.smtp.messages.some((m) => text(m).includes('29 December 2026'))).toBe(true);

    const moved = await s.api('POST', `/api/conferences/${conf.id}/reschedule`, {
      startsAt: '2027-01-11T10:00',
      reason: 'Chair unwell',
      requestedBy: 'Coordinator',
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body.version).toBe(2);
    expect(moved.body.timetable.reportsDue).toBe('2027-01-06T17:00:00+00:00');
    let v = await view(s, conf.id);
    expect(v.pendingJobs.length).toBeGreaterThan(0);
    for (const j of v.pendingJobs) {
      expect(j.id, j.id).toMatch(/-v2(-s\d+)?(-t\d{17})?$/);
      expect(j.version).toBe(2);
    }
    for (const a of v.attendees.filter((x: any) => x.report)) expect(a.report.dueAt).toBe('2027-01-06T17:00:00+00:00');
    // Nobody is asked twice: the request already went, the updated invitation carries the new date.
    expect(v.pendingJobs.filter((j: any) => j.step === 'report-request')).toEqual([]);

    const mark = s.smtp.messages.length;
    const { ran } = await s.advanceTo('2027-01-11T09:00');
    expect(
      ran.every((r) => /-v2(-s\d+)?(-t\d{17})?$/.test(r.id) && r.outcome === 'completed'),
      JSON.stringify(ran),
    ).toBe(true);
    const after = s.smtp.messages.slice(mark);
    expect(after.length).toBeGreaterThan(0);
    for (const m of after) {
      expect(text(m), `${to(m)}: ${subject(m)}`).not.toMatch(/29 December 2026|29 Dec 2026|4 January 2027|4 Jan 2027/);
      expect(subject(m)).not.toMatch(/29 Dec|4 Jan/);
    }
    const reminders = after.filter((m) => to(m) === 'police@police.example.uk');
    expect(reminders.map(subject)).toEqual(
      expect.arrayContaining([
        `Report for ${conf.reference} due today at 17:00`,
        `Overdue: report for ${conf.reference} (was due Wed 6 Jan 2027)`,
      ]),
    );
    for (const m of reminders.filter((x) => /report/i.test(subject(x)) && !/invitation/i.test(subject(x))))
      expect(text(m)).toContain('Wednesday 6 January 2027 at 17:00');

    // Cancel: nothing left pending, a METHOD:CANCEL to everyone who had an emailed invitation.
    const invited = [
      ...new Set(s.smtp.messages.filter((m) => m.raw.toString().includes('METHOD:REQUEST')).map(to)),
    ].sort();
    expect(invited).toEqual([
      'chair@example.gov.uk',
      'hv@nhs.example.org',
      'jade@family.example.com',
      'police@police.example.uk',
      'sw@example.gov.uk',
    ]);
    // The parent's updated invitation was printed and posted, so he must hear of the cancellation (an
    // unprinted one is withdrawn instead: conference-unprinted-cancel.test.ts).
    const byPost = (await view(s, conf.id)).attendees.find((a: any) => a.role === 'parent' && !a.email);
    for (const h of (await view(s, conf.id)).hardCopies.filter(
      (x: any) => x.attendeeId === byPost.id && !x.withdrawnAt,
    ))
      expect((await s.api('POST', `/api/conferences/${conf.id}/hard-copies/${h.blobId}/printed`, {})).status).toBe(200);
    const markCancel = s.smtp.messages.length;
    const cancelled = await s.api('POST', `/api/conferences/${conf.id}/cancel`, {
      reason: 'Family moved out of the area',
      requestedBy: 'Coordinator',
    });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    expect(cancelled.body.state).toBe('cancelled');
    await settle(s);
    v = await view(s, conf.id);
    expect(v.pendingJobs).toEqual([]);
    // The parent by post cannot get a cancellation letter before the meeting: the coordinator is told to phone.
    const coordinator = s.smtp.messages.slice(markCancel).filter((m) => to(m) === 'coordinator@example.gov.uk');
    expect(coordinator.map(subject)).toEqual([
      `${conf.reference}: post will not arrive in time: phone a family member`,
    ]);
    const cancels = s.smtp.messages.slice(markCancel).filter((m) => to(m) !== 'coordinator@example.gov.uk');
    expect(cancels.map(to).sort()).toEqual(invited);
    for (const m of cancels) {
      const raw = m.raw.toString();
      expect(raw).toMatch(/method=("?)CANCEL\1/i);
      expect(raw).toContain('METHOD:CANCEL');
    }
    // And time moving on after the cancellation sends nothing at all.
    const markEnd = s.smtp.messages.length;
    const end = await s.advanceTo('2027-01-12T09:00');
    expect(end.ran).toEqual([]);
    expect(s.smtp.messages.length).toBe(markEnd);
  });
});

describe('failed jobs', () => {
  it('fails an invalid payload at once, naming the field, and lets a coordinator retry a failed job', async () => {
    const s = await start();
    const queue = new Queue('workflow', { connection: { url: redisUrl() } as any, prefix: `${s.prefix}-bull` });
    closers.push(() => queue.close());
    const bad = await queue.add(
      'report-request',
      { conferenceId: 'NOT A VALID ID!', version: 1, step: 'report-request', runAt: '2026-12-01T09:00:00Z' },
      { jobId: 'bad-payload-1', attempts: 5, backoff: { type: 'fixed', delay: 100 } },
    );
    const deadline = Date.now() + 10_000;
    while ((await bad.getState()) !== 'failed') {
      if (Date.now() > deadline) throw new Error(`job state ${await bad.getState()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    let failed = await s.api('GET', '/api/jobs/failed');
    expect(failed.status).toBe(200);
    const entry = failed.body.find((j: any) => j.id === 'bad-payload-1');
    expect(entry.failedReason).toMatch(/invalid job payload: conferenceId/);
    expect(entry.attemptsMade).toBe(1); // UnrecoverableError: no retries burned

    // Each step's payload has its own shape: a parent's text reminder must name the parent.
    const other = await createConference(s, hackneyInitialBody());
    const failedOnce = async (jobId: string, data: Record<string, unknown>) => {
      const job = await queue.add(String(data['step']), data, {
        jobId,
        attempts: 5,
        backoff: { type: 'fixed', delay: 100 },
      });
      for (
        const until = Date.now() + 10_000;
        (await job.getState()) !== 'failed';
        await new Promise((r) => setTimeout(r, 50))
      )
        if (Date.now() > until) throw new Error(`job state ${await job.getState()}`);
      return (await s.api('GET', '/api/jobs/failed')).body.find((j: any) => j.id === jobId);
    };
    const noAttendee = await failedOnce('bad-payload-2', {
      conferenceId: other.id,
      version: 1,
      step: 'text-day-before',
      runAt: '2026-12-01T09:00:00Z',
    });
    expect(noAttendee.failedReason).toMatch(/invalid job payload: attendeeId/);
    expect(noAttendee.attemptsMade).toBe(1);
    // A well-formed job the stored conference refuses (no such submission) is not retried either.
    const hopeless = await failedOnce(`conf-${other.id}-report-notices-a99-v1-s1`, {
      conferenceId: other.id,
      version: 1,
      step: 'report-notices',
      attendeeId: 'a99',
      seq: 1,
      runAt: '2026-12-01T09:00:00Z',
    });
    expect(hopeless.failedReason).toMatch(/report-notices: no report submission 1 from a99/);
    expect(hopeless.attemptsMade).toBe(1);

    // A job that failed for a reason that goes away (the mail server refused) can be retried.
    // The other conference's invitations finish first: only this conference's mail is refused below.
    await s.idle(60_000);
    const sentBefore = s.smtp.messages.length;
    s.smtp.refuse = true;
    const conf = await createConference(s, hackneyInitialBody());
    const wait = Date.now() + 15_000;
    for (;;) {
      failed = await s.api('GET', '/api/jobs/failed');
      const mine = failed.body.filter((j: any) => j.conferenceId === conf.id);
      if (mine.length === 2) break; // send-invites + the conference's report requests (one job), each out of attempts
      if (Date.now() > wait) throw new Error(`failed so far: ${JSON.stringify(failed.body)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const mine = failed.body.filter((j: any) => j.conferenceId === conf.id);
    for (const j of mine) {
      expect(j.attemptsMade).toBe(3);
      expect(j.failedReason).toMatch(/try again later|did not accept|451/i);
    }
    expect(s.smtp.messages).toHaveLength(sentBefore);
    s.smtp.refuse = false;
    const requestJob = mine.find((j: any) => j.step === 'report-request')!;
    const retried = await s.api('POST', `/api/jobs/${encodeURIComponent(requestJob.id)}/retry`);
    expect(retried.status, JSON.stringify(retried.body)).toBe(200);
    // The one job asks every author: each gets their request once.
    const authors = conf.attendees.filter((a) => ['social-worker', 'professional', 'police'].includes(a.role));
    expect(authors).toHaveLength(3);
    for (const a of authors) {
      const request = await waitForMail(s, (m) => to(m) === a.email);
      expect(subject(request)).toMatch(/^Report request/);
    }
    // The email is out before the job records it: wait for the job to finish, not just the mail.
    await s.idle();
    for (const a of authors) {
      expect(
        mailTo(s, a.email!).filter((m) => /^Report request/.test(subject(m)) && subject(m).includes(conf.reference)),
      ).toHaveLength(1);
      expect((await view(s, conf.id)).attendees.find((x: any) => x.id === a.id).report.status).toBe('requested');
    }
    failed = await s.api('GET', '/api/jobs/failed');
    expect(failed.body.map((j: any) => j.id)).not.toContain(requestJob.id);
    // Only failed jobs can be retried.
    expect((await s.api('POST', `/api/jobs/${encodeURIComponent(requestJob.id)}/retry`)).status).toBe(404);
    expect((await s.api('POST', '/api/jobs/no-such-job/retry')).status).toBe(404);
  });
});
