/**
 * The record bundle (Hackney: minutes, social work and agency reports within 15 working days), the
 * minutes watchdog on a missed window (Hampshire: 10 working days), and bad input, through the
 * running service with a real SMTP sink and simulated time. Assertions are on what each recipient
 * receives (email, attachments, printed PDF) and on what the coordinator sees.
 */
import { describe, expect, it } from 'vitest';
import { byRole, create, decidedConference, extraAttendees, holdMeeting, settle } from '../helpers/decision-flow.ts';
import { uploadReport } from '../helpers/pages.ts';
import { pdfText } from '../helpers/pdf-text.ts';
import { TEST_API_KEY, hackneyInitialBody, startedServices, type TestService } from '../helpers/service.ts';
import { until } from '../helpers/wait.ts';

type Msg = TestService['smtp']['messages'][number];
const start = startedServices();

const subject = (m: Msg) => m.parsed.subject ?? '';
const text = (m: Msg) => (m.parsed.text ?? '').replace(/\s+/g, ' ');
const files = (m: Msg) => m.parsed.attachments.map((a) => a.filename ?? '').sort();
const to = (s: TestService, address: string, re: RegExp) =>
  s.smtp.messages.filter((m) => m.envelopeTo.includes(address) && re.test(subject(m)));
const BUNDLE = /^Conference record|^The record of your/;
const ok = async (s: TestService, method: string, path: string, body?: unknown) => {
  const r = await s.api(method, path, body);
  expect(r.status, `${method} ${path}: ${JSON.stringify(r.body)}`).toBeLessThan(300);
  return r.body;
};

describe('the record bundle (Hackney)', () => {
  it(
    'sends each recipient the approved minutes with the reports the disclosure rules give them, once',
    { timeout: 120_000 },
    async () => {
      const s = await start({ LINK_RATE_LIMIT_BURST: '1000' });
      const base = hackneyInitialBody();
      const c = await create(s, { ...base, attendees: [...base.attendees, ...extraAttendees()] });
      await settle(s);
      const jade = c.attendees.find((a) => a.email === 'jade@family.example.com')!;
      const marcus = c.attendees.find((a) => a.role === 'parent' && !a.email)!;
      await s.advanceTo('2026-12-21T10:00');
      // Police: full report (text and a file) shared with Jade, and a version for the family. Social worker: shared, no family version. Health: not shared.
      const police = byRole(c, 'police').id;
      await uploadReport(
        s,
        c.id,
        police,
        {
          text: 'POLICE-FULL-TEXT the referrer was a neighbour',
          [`shared-${jade.id}`]: '2026-12-18',
          [`withheld-${jade.id}`]: 'the referrer',
        },
        [{ name: 'police full.pdf', data: Buffer.from('%PDF-1.4 POLICE-FULL-FILE') }],
      );
      await uploadReport(s, c.id, police, { _form: 'family', familyText: 'POLICE-FAMILY-TEXT two call-outs in 2026' });
      await uploadReport(s, c.id, byRole(c, 'social-worker').id, {
        text: 'SOCIAL-WORK-TEXT home conditions',
        [`shared-${jade.id}`]: '2026-12-19',
      });
      await uploadReport(s, c.id, c.attendees.find((a) => a.role === 'professional')!.id, {
        text: 'HEALTH-TEXT missed appointments',
      });
      await s.idle();

      await decidedConference(s, { conference: c });
      const m = `/api/conferences/${c.id}/minutes`;
      const before = await ok(s, 'GET', m);
      expect(before).toMatchObject({ document: 'record-bundle', dueAt: '2027-01-25T17:00:00+00:00', approvedAt: null });
      const chair = byRole(c, 'chair');
      await ok(s, 'POST', m, {
        text: 'The meeting went through the reports.\n\n## Discussion\n\nMINUTES-BODY the plan was agreed',
        confidentialSections: [{ heading: 'Police intelligence', text: 'BUNDLE-SECRET' }],
        by: chair.id,
      });
      await ok(s, 'POST', `${m}/approve`, { by: chair.id });
      await settle(s);
      const done = await until(
        'every bundle sent',
        async () => {
          const v = await ok(s, 'GET', m);
          return v.recipients.every((r: any) => ['sent', 'not-sent', 'waiting-to-print'].includes(r.status))
            ? v
            : undefined;
        },
        30_000,
      );

      // Professionals who may open the reports: minutes in full and every report (text and files).
      const hv = to(s, 'hv@nhs.example.org', BUNDLE);
      expect(hv).toHaveLength(1);
      expect(subject(hv[0]!)).toBe(`Conference record ${c.reference}: minutes and reports`);
      expect(text(hv[0]!)).toContain('BUNDLE-SECRET');
      const names = files(hv[0]!);
      expect(names).toContain(`${c.reference}-record.pdf`);
      expect(names.filter((n) => n.endsWith('.txt'))).toHaveLength(3);
      const attached = hv[0]!.parsed.attachments.map((a) => a.content.toString('latin1')).join(' ');
      for (const needle of ['POLICE-FULL-TEXT', 'POLICE-FULL-FILE', 'SOCIAL-WORK-TEXT', 'HEALTH-TEXT'])
        expect(attached).toContain(needle);
      // The minute taker records the meeting and does not read reports: the minutes only.
      const taker = to(s, 'minutes@example.gov.uk', BUNDLE);
      expect(taker).toHaveLength(1);
      expect(files(taker[0]!)).toEqual([`${c.reference}-record.pdf`]);
      expect(text(taker[0]!)).toContain('No reports are in this copy.');

      // Jade: her minutes, the police report's version for the family, and a pointer for the social work report.
      const mine = to(s, 'jade@family.example.com', BUNDLE);
      expect(mine).toHaveLength(1);
      expect(subject(mine[0]!)).toBe(`The record of your child protection meeting (reference ${c.reference})`);
      const jadeAll = text(mine[0]!) + mine[0]!.parsed.attachments.map((a) => a.content.toString('latin1')).join(' ');
      expect(jadeAll).toContain('MINUTES-BODY');
      expect(jadeAll).toContain('POLICE-FAMILY-TEXT');
      expect(text(mine[0]!)).toContain(
        "Social worker (Children's social care): shared with you, but not as a copy we can send: ask the social worker for it",
      );
      for (const never of ['BUNDLE-SECRET', 'POLICE-FULL', 'SOCIAL-WORK-TEXT', 'HEALTH-TEXT'])
        expect(jadeAll).not.toContain(never);

      // Marcus asked for post: the bundle is on the hard-copy queue, with nothing he was not given.
      const copy = done.recipients.find((r: any) => r.attendeeId === marcus.id);
      expect(copy).toMatchObject({ copy: 'family', channel: 'post', status: 'waiting-to-print' });
      const queued = (await ok(s, 'GET', `/api/conferences/${c.id}/hard-copies`)).hardCopies.find(
        (h: any) => h.document === 'record-bundle',
      );
      expect(queued).toMatchObject({ attendeeId: marcus.id, dueAt: '2027-01-25T17:00:00+00:00' });
      const pdf = await fetch(`${s.url}/api/conferences/${c.id}/hard-copies/${queued.blobId}`, {
        headers: { authorization: `Bearer ${TEST_API_KEY}` },
      });
      const printed = pdfText(Buffer.from(await pdf.arrayBuffer())).replace(/\s+/g, ' ');
      expect(printed).toContain('MINUTES-BODY');
      expect(printed).toContain('14 Example Street');
      for (const never of ['BUNDLE-SECRET', 'POLICE', 'SOCIAL-WORK-TEXT', 'HEALTH-TEXT'])
        expect(printed).not.toContain(never);

      // No separate minutes under Hackney (they travel in the bundle), nothing to the supporter linked to nobody, each bundle once.
      expect(s.smtp.messages.filter((x) => /^Minutes of child protection conference/.test(subject(x)))).toHaveLength(0);
      expect(to(s, 'supporter@friends.example.com', BUNDLE)).toHaveLength(0);
      await s.advanceTo('2027-01-26T09:00');
      expect(s.smtp.messages.filter((x) => BUNDLE.test(subject(x)))).toHaveLength(6);
    },
  );
});

describe('the minutes window (Hampshire, 10 working days) and bad input', () => {
  it(
    'refuses bad minutes naming the field and changing nothing; warns the chair, then records the miss once',
    { timeout: 120_000 },
    async () => {
      const s = await start();
      const body = hackneyInitialBody({ policy: 'hampshire', mode: 'in-person', venue: 'Civic Offices, Room 2' });
      const early = await create(s, body);
      const c = await create(s, body);
      await settle(s);
      // Before the decision: refused, and nothing is stored.
      const tooSoon = await s.api('POST', `/api/conferences/${early.id}/minutes`, { text: 'Minutes' });
      expect(tooSoon.status).toBe(409);
      expect(tooSoon.body.message).toMatch(/Minutes come after the decision/);

      await holdMeeting(s, c, { at: '2027-01-04T10:00', decideAt: '2027-01-04T11:45' });
      const m = `/api/conferences/${c.id}/minutes`;
      const chair = byRole(c, 'chair');
      await ok(s, 'POST', m, { text: '## Discussion\n\nAgreed.', by: chair.id });
      const bad: [unknown, string][] = [
        [{ text: '   ' }, 'text'],
        [{ text: '## One\n\nx', confidentialSections: ['s7'] }, 'confidentialSections.0'],
        [{ text: '## Excluded part: something nobody left for\n\nx' }, 'text.s1'],
        [{ text: 'x', by: byRole(c, 'police').id }, 'by'],
      ];
      for (const [input, field] of bad) {
        const r = await s.api('POST', m, input);
        expect(r.status, JSON.stringify(r.body)).toBe(400);
        expect(r.body.issues.map((i: any) => i.field)).toContain(field);
      }
      // The decision is not approved yet: the minutes cannot be.
      const early2 = await s.api('POST', `${m}/approve`, { by: chair.id });
      expect(early2.status).toBe(409);
      expect(early2.body.message).toMatch(/Approve the decision first/);
      const kept = await ok(s, 'GET', m);
      expect(kept).toMatchObject({ version: 1, approvedAt: null, text: '## Discussion\n\nAgreed.\n' });

      await ok(s, 'POST', `/api/conferences/${c.id}/decision/approve`, {});
      await settle(s);
      expect(kept.dueAt).toBe('2027-01-18T17:00:00+00:00');
      // Nobody approves the minutes: the chair is warned at the margin, then told the window was missed.
      await s.advanceTo('2027-01-18T13:30');
      const warn = await until('the warning', () => to(s, 'chair@example.gov.uk', /minutes not yet approved/)[0]);
      expect(subject(warn)).toBe(
        `${c.reference}: minutes not yet approved (minutes circulation due Mon 18 Jan 2027 17:00)`,
      );
      await s.advanceTo('2027-01-19T09:00');
      const missed = await until(
        'the miss',
        () => to(s, 'chair@example.gov.uk', /minutes circulation deadline missed/)[0],
      );
      expect(subject(missed)).toBe(
        `${c.reference}: minutes circulation deadline missed, minutes still not approved (was due Mon 18 Jan 2027 17:00)`,
      );
      const v = await ok(s, 'GET', m);
      expect(v.missed).toMatchObject({ dueAt: '2027-01-18T17:00:00+00:00', approved: false });
      const audit = (await ok(s, 'GET', `/api/conferences/${c.id}`)).audit.map((a: any) => a.action);
      expect(audit.filter((a: string) => a === 'minutes.missed')).toHaveLength(1);
      expect(audit).toContain('minutes.not-approved');
      await s.advanceTo('2027-01-20T09:00');
      expect(to(s, 'chair@example.gov.uk', /minutes circulation deadline missed/)).toHaveLength(1);
    },
  );
});
