/**
 * Reports are shared with the family before the conference (Hackney: by the report deadline). At
 * the deadline an author whose report is in but not recorded as shared with every parent or carer
 * is asked once to share it and record when; the chair's list before the conference names every
 * report still not shared. A date can be recorded on the personal page without sending the report
 * again, one parent at a time.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { byRole, create, settle } from '../helpers/decision-flow.ts';
import { csrfOf, linkPath, PageClient, plainText, uploadReport } from '../helpers/pages.ts';
import {
  hackneyInitialBody,
  sendInbound,
  startTestService,
  TEST_API_KEY,
  type TestService,
} from '../helpers/service.ts';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.splice(0)) await c();
});

const mailTo = (s: TestService, address: string, subject: RegExp) =>
  s.smtp.messages.filter((m) => m.envelopeTo.includes(address) && subject.test(m.parsed.subject ?? ''));

describe('sharing reports with the family', () => {
  it(
    'chases an author whose report is not shared by the deadline, lets them record it on their page, and tells the chair what is still not shared',
    { timeout: 90_000 },
    async () => {
      const s = await startTestService();
      cleanups.push(() => s.stop());
      const c = await create(s, hackneyInitialBody());
      await settle(s);
      const [jade, marcus] = c.attendees.filter((a) => a.role === 'parent');
      await s.advanceTo('2026-12-21T10:00');
      await uploadReport(s, c.id, byRole(c, 'police').id, {
        text: 'Police report',
        [`shared-${jade!.id}`]: '2026-12-18',
      });
      await uploadReport(s, c.id, byRole(c, 'social-worker').id, { text: 'Social work report' });

      // The thank-you already says whom it is not recorded as shared with.
      await s.idle();
      const thanks = mailTo(s, 'police@police.example.uk', /^Report received/);
      expect(thanks[0]!.parsed.text).toContain('It is not recorded as shared with parent or carer 2.');
      expect(mailTo(s, 'sw@example.gov.uk', /^Report received/)[0]!.parsed.text).toContain(
        'It is not recorded as shared with parent or carer 1, parent or carer 2.',
      );

      await s.advanceTo('2026-12-29T17:00');
      await s.idle();
      const police = mailTo(s, 'police@police.example.uk', /please share your report/);
      expect(police).toHaveLength(1);
      expect(police[0]!.parsed.subject).toBe(`${c.reference}: please share your report with the family`);
      expect(police[0]!.parsed.text).toContain(
        'We have your report, but not that you shared it with parent or carer 2.',
      );
      expect(police[0]!.parsed.text).toMatch(/Record when you shared it: http:\/\/\S+\/l\//);
      const sw = mailTo(s, 'sw@example.gov.uk', /please share your report/);
      expect(sw[0]!.parsed.text).toContain('not that you shared it with parent or carer 1, parent or carer 2.');
      // The health visitor's report has not arrived: their own chasers deal with that, not this.
      expect(mailTo(s, 'hv@nhs.example.org', /please share/)).toHaveLength(0);

      // The police officer records the second parent on the page, without sending the report again.
      const path = await linkPath(s, c.id, byRole(c, 'police').id, 'report');
      const client = new PageClient(s.url);
      const page = await client.get(path);
      expect(page.text).toContain('Recorded: shared on 18 December 2026');
      const res = await client.post(path, {
        _csrf: csrfOf(page.text),
        _form: 'sharing',
        [`shared-${marcus!.id}`]: '2026-12-29',
      });
      expect(res.status, res.text).toBe(303);
      expect((await client.get(res.location!)).text).toContain('We have saved when you shared your report.');
      const view = (await s.api('GET', `/api/conferences/${c.id}`)).body;
      const sharing = view.reports[byRole(c, 'police').id].submissions.at(-1).sharedWithFamily;
      expect(sharing.map((x: any) => [x.parentId, x.sharedOn]).sort()).toEqual(
        [
          [jade!.id, '2026-12-18'],
          [marcus!.id, '2026-12-29'],
        ].sort(),
      );
      expect(view.reports[byRole(c, 'police').id].submissions).toHaveLength(1);

      // The coordinator's dashboard shows whom each report was shared with.
      const desk = new PageClient(s.url);
      const signIn = await desk.get('/dashboard/sign-in');
      expect((await desk.post('/dashboard/sign-in', { key: TEST_API_KEY, _csrf: csrfOf(signIn.text) })).status).toBe(
        303,
      );
      const dashboard = (await desk.get(`/dashboard/c/${c.id}`)).text;
      expect(dashboard).toContain(
        'shared with Jade Testfamily, Parent on 18 December 2026; shared with Marcus Testfamily, Parent on 29 December 2026',
      );
      expect(dashboard).toContain('not shared with Jade Testfamily, Parent; not shared with Marcus Testfamily, Parent');

      // An empty sharing form is refused, naming the field, and changes nothing.
      const again = await client.get(path);
      const empty = await client.post(path, { _csrf: csrfOf(again.text), _form: 'sharing' });
      expect(empty.status).toBe(400);
      expect(empty.text).toContain('Enter the date you shared it with at least one parent or carer');

      // The chair's list the working day before (after the escalations): the missing report, and the one still not shared.
      await s.advanceTo('2026-12-31T10:30');
      await s.idle();
      const flag = mailTo(s, 'chair@example.gov.uk', /not yet received/);
      expect(flag).toHaveLength(1);
      const text = flag[0]!.parsed.text ?? '';
      expect(text).toContain('Not recorded as shared with the family');
      expect(text).toContain(
        "Social worker (Children's social care): not shared with parent or carer 1, parent or carer 2",
      );
      expect(text).not.toMatch(/Police \(Police\): not shared/);
      expect(mailTo(s, 'police@police.example.uk', /please share your report/)).toHaveLength(1);
    },
  );
});

describe('sharing recorded in an emailed report', () => {
  it(
    'takes "Shared with parent or carer N on …" lines out of the report, and a reply of only such lines records them without a new version',
    { timeout: 60_000 },
    async () => {
      const s = await startTestService();
      cleanups.push(() => s.stop());
      const c = await create(s, hackneyInitialBody());
      await settle(s);
      const [jade, marcus] = c.attendees.filter((a) => a.role === 'parent');
      const police = byRole(c, 'police');
      const request = mailTo(s, 'police@police.example.uk', /^Report request/)[0]!;
      expect(request.parsed.text).toContain(
        'Parents and carers: 1. Jade Testfamily (parent); 2. Marcus Testfamily (parent).',
      );
      expect(request.parsed.text).toContain(
        '"Shared with parent or carer 1 on YYYY-MM-DD" (the date you shared it, as year-month-day)',
      );
      const replyTo = request.parsed.replyTo!.value[0]!.address!;
      await s.advanceTo('2026-12-21T10:00');

      await sendInbound(s, {
        from: 'Pat Police <police@police.example.uk>',
        to: replyTo,
        subject: `RE: ${request.parsed.subject}`,
        text: "Report attached.\nShared with parent or carer 1 on 2026-12-18\nWithheld from parent or carer 1: the caller's name\n\nPat",
        attachments: [
          { filename: 'police.pdf', content: Buffer.from('%PDF-1.4 police'), contentType: 'application/pdf' },
        ],
      });
      await s.idle();
      let r = (await s.api('GET', `/api/conferences/${c.id}`)).body.reports[police.id];
      expect(r.status).toBe('received');
      expect(r.submissions).toHaveLength(1);
      expect(r.submissions[0].sharedWithFamily).toEqual([
        { parentId: jade!.id, sharedOn: '2026-12-18', withheld: "the caller's name" },
      ]);
      const notice = s.smtp.messages.find(
        (m) => m.envelopeTo.includes('chair@example.gov.uk') && /report received/.test(m.parsed.subject ?? ''),
      )!;
      expect(notice.parsed.text).toContain(
        "Jade Testfamily (parent): shared on 18 December 2026; withheld: the caller's name",
      );
      expect(notice.parsed.text).not.toContain('Shared with parent or carer 1 on');

      // Only a sharing line, replying to the thank-you: the sharing is recorded, the report is not replaced.
      const thanks = mailTo(s, 'police@police.example.uk', /^Report received/)[0]!;
      // A signature beside the line is not a new version of the report.
      await sendInbound(s, {
        from: 'police@police.example.uk',
        to: thanks.parsed.replyTo!.value[0]!.address!,
        subject: 'RE: shared',
        text: 'Shared with parent or carer 2 on 2026-12-21\n\nKind regards\nPat Police\nDC 1234\n\n> earlier mail',
      });
      await s.idle();
      r = (await s.api('GET', `/api/conferences/${c.id}`)).body.reports[police.id];
      expect(r.submissions).toHaveLength(1);
      expect(r.submissions[0].sharedWithFamily.map((x: any) => [x.parentId, x.sharedOn]).sort()).toEqual(
        [
          [jade!.id, '2026-12-18'],
          [marcus!.id, '2026-12-21'],
        ].sort(),
      );
      // Correcting a date keeps what was withheld from that parent.
      await sendInbound(s, {
        from: 'police@police.example.uk',
        to: thanks.parsed.replyTo!.value[0]!.address!,
        subject: 'RE: shared',
        text: 'Shared with parent or carer 1 on 2026-12-19',
      });
      await s.idle();
      r = (await s.api('GET', `/api/conferences/${c.id}`)).body.reports[police.id];
      expect(r.submissions[0].sharedWithFamily.find((x: any) => x.parentId === jade!.id)).toEqual({
        parentId: jade!.id,
        sharedOn: '2026-12-19',
        withheld: "the caller's name",
      });
    },
  );
});

describe('an emailed report that cannot be filed', () => {
  it(
    "tells its author what to put right, by their reply address, and the conference's coordinator under its reference; nothing is filed",
    { timeout: 60_000 },
    async () => {
      const s = await startTestService();
      cleanups.push(() => s.stop());
      const c = await create(s, hackneyInitialBody());
      await settle(s);
      const police = byRole(c, 'police');
      const request = mailTo(s, 'police@police.example.uk', /^Report request/)[0]!;
      await s.advanceTo('2026-12-21T10:00');
      // A sharing date still to come: the whole email is refused, as bad input is.
      await sendInbound(s, {
        from: 'Pat Police <police@police.example.uk>',
        to: request.parsed.replyTo!.value[0]!.address!,
        subject: `RE: ${request.parsed.subject}`,
        text: 'Report attached.\nShared with parent or carer 1 on 2026-12-28\n\nPat',
        attachments: [
          { filename: 'police.pdf', content: Buffer.from('%PDF-1.4 police'), contentType: 'application/pdf' },
        ],
      });
      await s.idle();
      const r = (await s.api('GET', `/api/conferences/${c.id}`)).body.reports[police.id];
      expect(r.status).not.toBe('received');
      expect(r.submissions).toEqual([]);

      const [notFiled, ...more] = mailTo(s, 'police@police.example.uk', /^Report not filed/);
      expect(more).toEqual([]);
      expect(notFiled!.parsed.subject).toBe(`Report not filed for ${c.reference}`);
      const text = notFiled!.parsed.text!.replace(/\s+/g, ' ');
      expect(text).toContain('We could not file the email you sent on Monday 21 December 2026 at 10:00');
      expect(text).toContain('- the date you shared it with parent or carer 1 cannot be in the future');
      expect(text).toContain('reply to this email again, with your report attached');
      expect(notFiled!.parsed.replyTo!.value[0]!.address).toMatch(/^[^@]+\+r-/);
      // The coordinator hears under the conference's reference, from its own mailbox.
      const notice = mailTo(s, 'coordinator@example.gov.uk', /a reply was not filed$/)[0]!;
      expect(notice.parsed.subject).toBe(`${c.reference}: a reply was not filed`);
      expect(notice.parsed.from!.value[0]!.address).toBe(request.parsed.from!.value[0]!.address);
      expect(notice.parsed.text).toContain('They have been told what to put right');
      expect(
        s.smtp.messages.filter(
          (m) => m.envelopeTo.includes('chair@example.gov.uk') && /report received/.test(m.parsed.subject ?? ''),
        ),
      ).toEqual([]);

      // Replying to that email with the date put right files the report.
      await sendInbound(s, {
        from: 'police@police.example.uk',
        to: notFiled!.parsed.replyTo!.value[0]!.address!,
        subject: 'RE: not filed',
        text: 'Report attached.\nShared with parent or carer 1 on 2026-12-18',
        attachments: [
          { filename: 'police.pdf', content: Buffer.from('%PDF-1.4 police'), contentType: 'application/pdf' },
        ],
      });
      await s.idle();
      expect((await s.api('GET', `/api/conferences/${c.id}`)).body.reports[police.id].status).toBe('received');

      // With the report filed, a sharing line that cannot be recorded does not ask for the report again.
      const thanks = mailTo(s, 'police@police.example.uk', /^Report received/).at(-1)!;
      await sendInbound(s, {
        from: 'police@police.example.uk',
        to: thanks.parsed.replyTo!.value[0]!.address!,
        subject: 'RE: received',
        text: 'Shared with parent or carer 2 on 2026-12-30',
      });
      await s.idle();
      const again = mailTo(s, 'police@police.example.uk', /^Report not filed/);
      expect(again).toHaveLength(2);
      const second = again[1]!.parsed.text!.replace(/\s+/g, ' ');
      expect(second).toContain('- the date you shared it with parent or carer 2 cannot be in the future');
      expect(second).toContain('Your report itself is already filed');
      expect(second).toContain('There is no need to attach your report again.');
      expect(second).not.toContain('with your report attached');
      expect(second).not.toContain('Upload your report');
    },
  );
});

describe('a cancelled conference', () => {
  it(
    'takes no report by any door: an email reply to the request is not filed and the chair hears nothing',
    { timeout: 60_000 },
    async () => {
      const s = await startTestService();
      cleanups.push(() => s.stop());
      const c = await create(s, hackneyInitialBody());
      await settle(s);
      const police = byRole(c, 'police');
      const request = mailTo(s, 'police@police.example.uk', /^Report request/)[0]!;
      expect(
        (
          await s.api('POST', `/api/conferences/${c.id}/cancel`, {
            reason: 'Family moved away',
            requestedBy: 'coordinator',
          })
        ).status,
      ).toBe(200);
      await s.idle();
      const before = s.smtp.messages.length;
      await sendInbound(s, {
        from: 'Pat Police <police@police.example.uk>',
        to: request.parsed.replyTo!.value[0]!.address!,
        subject: 'RE: report',
        text: 'Here is my report after all.',
      }).catch(() => undefined);
      await s.idle();
      const v = (await s.api('GET', `/api/conferences/${c.id}`)).body;
      expect(v.state).toBe('cancelled');
      expect(v.reports[police.id].status).not.toBe('received');
      expect(v.reports[police.id].submissions).toEqual([]);
      expect(s.smtp.messages.slice(before).filter((m) => m.envelopeTo.includes('chair@example.gov.uk'))).toEqual([]);
    },
  );
});

describe('parent numbers', () => {
  it(
    'stay with each parent when another is removed, so an emailed sharing line never lands on someone else',
    { timeout: 60_000 },
    async () => {
      const s = await startTestService();
      cleanups.push(() => s.stop());
      const base = hackneyInitialBody();
      const c = await create(s, {
        ...base,
        attendees: [...base.attendees, { name: 'Carl Carer', role: 'carer', email: 'carl@family.example.com' }],
      });
      await settle(s);
      const [jade, marcus] = c.attendees.filter((a) => a.role === 'parent');
      const carl = c.attendees.find((a) => a.role === 'carer')!;
      const request = mailTo(s, 'police@police.example.uk', /^Report request/)[0]!;
      expect(request.parsed.text).toContain(
        'Parents and carers: 1. Jade Testfamily (parent); 2. Marcus Testfamily (parent); 3. Carl Carer (carer).',
      );
      expect(
        (
          await s.api('POST', `/api/conferences/${c.id}/attendees/${jade!.id}/remove`, {
            reason: 'No contact order',
            requestedBy: 'coordinator',
          })
        ).status,
      ).toBeLessThan(300);
      await s.advanceTo('2026-12-21T10:00');
      await sendInbound(s, {
        from: 'police@police.example.uk',
        to: request.parsed.replyTo!.value[0]!.address!,
        subject: 'RE: report',
        text: 'Police report.\nShared with parent or carer 2 on 2026-12-20',
        attachments: [{ filename: 'r.pdf', content: Buffer.from('%PDF-1.4 r'), contentType: 'application/pdf' }],
      });
      await s.idle();
      const r = (await s.api('GET', `/api/conferences/${c.id}`)).body.reports[byRole(c, 'police').id];
      expect(r.submissions[0].sharedWithFamily).toEqual([{ parentId: marcus!.id, sharedOn: '2026-12-20' }]);
      expect(r.submissions[0].sharedWithFamily.some((x: any) => x.parentId === carl.id)).toBe(false);
    },
  );
});

describe('withheld from a parent without a sharing date', () => {
  it(
    'refuses the report on the page, naming the date field, rather than dropping what was withheld unseen',
    { timeout: 60_000 },
    async () => {
      const s = await startTestService();
      cleanups.push(() => s.stop());
      const c = await create(s, hackneyInitialBody());
      await settle(s);
      const [, marcus] = c.attendees.filter((a) => a.role === 'parent');
      await s.advanceTo('2026-12-21T10:00');
      const police = byRole(c, 'police').id;
      const path = await linkPath(s, c.id, police, 'report');
      const client = new PageClient(s.url);
      const form = new FormData();
      form.append('_csrf', csrfOf((await client.get(path)).text));
      form.append('text', 'Police report');
      form.append(`withheld-${marcus!.id}`, "the mother's new address");
      const res = await client.request('POST', path, form);
      expect(res.status).toBe(400);
      expect(plainText(res.text)).toContain(
        'Give the date you shared it with parent or carer 2 as well as what was withheld',
      );
      // Nothing changed: the report is still awaited.
      const view = (await s.api('GET', `/api/conferences/${c.id}`)).body;
      expect(view.reports[police].status).toBe('requested');
    },
  );
});
