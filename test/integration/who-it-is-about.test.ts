/**
 * Professionals are told who a conference is about: each child by name with a date of birth, and
 * the parents, in the body of their invitation, report request, Teams card and personal pages;
 * never in a subject, a calendar file or anywhere a family member's companion reads. A policy can
 * keep the names on the personal page only.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { reportPromptCard, type ReportPromptModel } from '../../src/content/cards/report-prompt.ts';
import { byRole, create, settle } from '../helpers/decision-flow.ts';
import { linkPath, PageClient, uploadReport } from '../helpers/pages.ts';
import { pdfText } from '../helpers/pdf-text.ts';
import { quietPolicyFile } from '../helpers/quiet-policy.ts';
import { hackneyInitialBody, startTestService, type TestService } from '../helpers/service.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanups.splice(0)) await c();
});

const body = () => {
  const base = hackneyInitialBody();
  return {
    ...base,
    children: [...base.children, { unborn: true, lastName: 'Testfamily', expectedDueDate: '2027-03-14' }],
    attendees: [
      ...base.attendees,
      // Attendees are numbered in the order given: the mother, Jade, is a5.
      {
        name: 'Ines Interpreter',
        email: 'interpreter@lang.example.com',
        role: 'interpreter',
        language: 'Polish',
        accompanies: 'a5',
      },
    ],
  };
};

type Mail = TestService['smtp']['messages'][number];
const to = (s: TestService, address: string, subject: RegExp): Mail => {
  const m = s.smtp.messages.find((x) => x.envelopeTo.includes(address) && subject.test(x.parsed.subject ?? ''));
  expect(m, `a message "${subject}" to ${address}`).toBeTruthy();
  return m!;
};
const calendarParts = (m: Mail) =>
  m.parsed.attachments.filter((a) => /calendar/i.test(a.contentType)).map((a) => a.content.toString('utf8'));

const CHILDREN = [
  'Ruby Testfamily, born 2 May 2019',
  'Leo Testfamily, born 17 September 2022',
  'Unborn baby (Testfamily), due 14 March 2027',
];
const FAMILY = 'Parents and carers: 1. Jade Testfamily (parent); 2. Marcus Testfamily (parent).';

describe('who the conference is about', () => {
  it(
    'names the children and parents in a professional invitation and report request, never in the subject or calendar file',
    { timeout: 60_000 },
    async () => {
      const s = await startTestService();
      cleanups.push(() => s.stop());
      const c = await create(s, body());
      const interp = byRole(c, 'interpreter');
      await settle(s);

      const invite = to(s, 'police@police.example.uk', /invitation/);
      for (const child of CHILDREN) expect(invite.parsed.text).toContain(child);
      expect(invite.parsed.text).toContain('Who the conference is about');
      expect(invite.parsed.text).toContain(FAMILY);
      expect(invite.parsed.html).toContain('Ruby Testfamily, born 2 May 2019');
      for (const text of [invite.parsed.subject ?? '', ...calendarParts(invite)]) {
        expect(text).not.toMatch(/Ruby|Leo|Testfamily|Jade|Marcus/);
      }
      expect(calendarParts(invite).length).toBe(1);

      const request = to(s, 'police@police.example.uk', /^Report request/);
      expect(request.parsed.text).toContain('Leo Testfamily, born 17 September 2022');
      expect(request.parsed.text).toContain(FAMILY);
      expect(request.parsed.subject).not.toMatch(/Ruby|Leo|Testfamily/);

      // The chair and the social worker are told; family members and their companions are not.
      expect(to(s, 'chair@example.gov.uk', /invitation/).parsed.text).toContain(CHILDREN[0]);
      for (const address of ['jade@family.example.com', 'interpreter@lang.example.com']) {
        for (const m of s.smtp.messages.filter((x) => x.envelopeTo.includes(address))) {
          expect(m.parsed.text ?? '', `${m.parsed.subject} to ${address}`).not.toContain('born 2 May 2019');
          expect(m.parsed.text ?? '').not.toContain('Who the conference is about');
        }
      }

      // The professional's own pages name them too; the page title does not.
      const pages = new PageClient(s.url);
      const report = await pages.get(await linkPath(s, c.id, byRole(c, 'police').id, 'report'));
      expect(report.status).toBe(200);
      expect(report.text).toContain('Ruby Testfamily, born 2 May 2019');
      expect(report.text).toContain('Jade Testfamily (parent)');
      expect(/<title>([^<]*)</.exec(report.text)?.[1]).not.toMatch(/Ruby|Testfamily/);
      const rsvp = await pages.get(await linkPath(s, c.id, interp.id, 'rsvp'));
      expect(rsvp.status).toBe(200);
      expect(rsvp.text).not.toContain('Ruby Testfamily');
    },
  );

  it('a policy that keeps names off email puts them on the personal page only', { timeout: 60_000 }, async () => {
    const { file, remove } = quietPolicyFile();
    cleanups.push(remove);
    const s = await startTestService({ POLICY_FILE: file });
    cleanups.push(() => s.stop());
    const c = await create(s, hackneyInitialBody({ policy: 'quietshire' }));
    await settle(s);
    const invite = to(s, 'police@police.example.uk', /invitation/);
    const request = to(s, 'police@police.example.uk', /^Report request/);
    for (const m of [invite, request]) {
      expect(m.parsed.text).not.toMatch(/Ruby|Leo|Testfamily|Jade|Marcus/);
      expect(m.parsed.text).toContain(
        'Names are not sent by email: your personal page shows which children and family this conference is about.',
      );
    }
    const page = await new PageClient(s.url).get(await linkPath(s, c.id, byRole(c, 'police').id, 'report'));
    expect(page.text).toContain('Ruby Testfamily, born 2 May 2019');

    // The chair's emailed notice of a report and the conference pack keep to numbers too.
    await s.advanceTo('2026-12-21T10:00');
    const jade = c.attendees.find((a) => a.role === 'parent')!;
    await uploadReport(s, c.id, byRole(c, 'police').id, { text: 'Police report', [`shared-${jade.id}`]: '2026-12-18' });
    await s.advanceTo('2026-12-29T17:00');
    await s.idle();
    const toChair = s.smtp.messages.filter(
      (m) =>
        m.envelopeTo.includes('chair@example.gov.uk') && /report received|conference pack/.test(m.parsed.subject ?? ''),
    );
    expect(toChair.map((m) => m.parsed.subject)).toEqual([
      `${c.reference}: report received from the police`,
      `${c.reference}: conference pack (1 report, 2 missing)`,
    ]);
    expect(toChair[0]!.parsed.text).toContain('parent or carer 1: shared on 18 December 2026');
    for (const m of toChair) {
      expect(m.parsed.text).not.toMatch(/Ruby|Leo|Testfamily|Jade|Marcus/);
      for (const a of m.parsed.attachments)
        if (a.contentType === 'application/pdf')
          expect(pdfText(a.content)).not.toMatch(/Ruby|Leo|Testfamily|Jade|Marcus/);
    }
  });

  it('the Teams report card names them in its body, or points to the page', () => {
    const base: ReportPromptModel = {
      conferenceId: 'x',
      reference: 'CPC-2027-0001',
      kind: 'request',
      roleLabel: 'Police',
      dueAt: 'Tue 29 Dec 2026 17:00',
      conferenceAt: 'Mon 4 Jan 2027 10:30',
      sections: [],
      parents: [],
      received: false,
      rsvp: 'needs-action',
    };
    const named = JSON.stringify(
      reportPromptCard(
        { ...base, whoItIsAbout: { children: [CHILDREN[0]!], family: ['Jade Testfamily (parent)'] } },
        '29:police',
      ),
    );
    expect(named).toContain('Ruby Testfamily, born 2 May 2019');
    expect(named).toContain('Jade Testfamily (parent)');
    const hidden = JSON.stringify(reportPromptCard({ ...base, namesOnPageOnly: true }, '29:police'));
    expect(hidden).not.toContain('Testfamily');
    expect(hidden).toContain('your personal page');
  });
});
