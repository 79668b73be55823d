/**
 * The minutes through the running service (API, simulated time, BullMQ on the real Redis, a real
 * SMTP sink): drafted from the record, edited, approved by the chair only, then each recipient's
 * copy once — professionals in full, each parent without the confidential sections and the part
 * they were asked to leave, a parent's solicitor only where the policy asks (Cumbria) — and the
 * record bundle (Hackney) with the reports each reader may have. Assertions are on what people
 * receive and what the coordinator sees.
 */
import { getPreset } from '../../src/domain/policy/presets/index.ts';
import { describe, expect, it } from 'vitest';
import { longDate } from '../../src/content/format.ts';
import { CONFIDENTIAL, byRole, settle, type Created } from '../helpers/decision-flow.ts';
import { FIXTURE_FAMILY_NAMES } from '../helpers/fixtures.ts';
import {
  FRIEND,
  JADE,
  MARCUS,
  PART,
  PROS,
  SOLICITOR,
  HEARD,
  SECRET,
  decidedAndApproved,
  isMinutes,
  minutesTo,
  ok,
  subject,
  text,
} from '../helpers/minutes-flow.ts';
import { pdfText } from '../helpers/pdf-text.ts';
import { plainText, signedInDashboard } from '../helpers/pages.ts';
import { TEST_API_KEY, startedServices, type TestService } from '../helpers/service.ts';
import { until } from '../helpers/wait.ts';

const start = startedServices();

describe('minutes under Cumbria (parents get the minutes without confidential parts; a separate copy to a parent’s solicitor)', () => {
  it(
    'drafts from the record, is approved by the chair only, then reaches each recipient once in the right copy',
    { timeout: 90_000 },
    async () => {
      const s = await start();
      const c = await decidedAndApproved(s, 'cumbria');
      const base = `/api/conferences/${c.id}/minutes`;
      const taker = byRole(c, 'minute-taker');
      const chair = byRole(c, 'chair');

      // The minute taker starts from the draft the bot builds from the record.
      const draft = await ok(s, 'POST', `${base}/draft`, { by: taker.id });
      const headings = draft.sections.map((x: any) => x.heading);
      expect(headings).toContain('Attendance and apologies');
      expect(headings).toContain('Reports received');
      expect(headings).toContain('What are we worried about?');
      expect(headings.some((h: string) => /^Child 1: Ruby .*: views and decision$/.test(h))).toBe(true);
      expect(headings).toContain(`Excluded part: ${PART}`);
      expect(draft.sections.find((x: any) => x.heading === 'Confidential notes')).toMatchObject({
        confidential: true,
        text: CONFIDENTIAL,
      });
      expect(draft.sections.find((x: any) => x.heading === `Excluded part: ${PART}`).part).toBe(PART);
      expect(draft.text).toContain('Take the child to every health appointment');

      // The minute taker edits it: what was said in the part Jade left, and a confidential section of their own.
      const edited = (draft.text as string)
        .replace(/(## Excluded part: [^\n]*\n\n)[^\n]*/, `$1${HEARD}`)
        .replaceAll('To be written by the chair.', 'Written up by the minute taker.');
      // Sent back without the draft's confidential marks (the text as GET gives it, `confidentialSections: []`),
      // the confidential notes would reach the parents: refused naming the section, nothing saved.
      const unmarked = await s.api('POST', base, { text: edited, confidentialSections: [], by: taker.id });
      expect(unmarked.status).toBe(400);
      const notes = draft.sections.find((x: any) => x.heading === 'Confidential notes').id;
      expect(unmarked.body.issues).toContainEqual({
        field: 'confidentialSections',
        message: `"Confidential notes" (${notes}) holds what the family may not read (another parent's view, the child's own words, the confidential notes or the chair's reasons for deciding without a safeguard): list ${notes} in confidentialSections, or delete the section`,
      });
      expect(unmarked.body.issues.every((i: any) => i.field === 'confidentialSections')).toBe(true);
      expect((await ok(s, 'GET', base)).version).toBe(1);
      const saved = await ok(s, 'POST', base, {
        text: edited,
        confidentialSections: [...draft.confidentialSections, { heading: 'Referrer', text: SECRET }],
        by: taker.id,
      });
      expect(saved.version).toBe(2);
      expect(saved.sections.at(-1)).toMatchObject({ heading: 'Referrer', confidential: true });

      // Only the chair approves: the minute taker is refused by name and nothing changes.
      const refused = await s.api('POST', `${base}/approve`, { by: taker.id });
      expect(refused.status).toBe(400);
      expect(refused.body.issues).toEqual([
        { field: 'by', message: `${taker.id} is a minute taker: only the chair (${chair.id}) approves the minutes` },
      ]);
      const noOne = await s.api('POST', `${base}/approve`, {});
      expect(noOne.status).toBe(400);
      expect(noOne.body.issues[0].field).toBe('by');
      expect((await ok(s, 'GET', base)).approvedAt).toBeNull();
      await settle(s);
      expect(s.smtp.messages.filter(isMinutes)).toHaveLength(0);

      await ok(s, 'POST', `${base}/approve`, { by: chair.id });
      await settle(s);
      const done = await until(
        'every copy sent',
        async () => {
          const v = await ok(s, 'GET', base);
          return v.complete ? v : undefined;
        },
        30_000,
      );
      expect(done.circulatedAt).not.toBeNull();

      // Professionals: the full minutes, confidential sections marked, once each.
      for (const to of PROS) {
        const got = minutesTo(s, to);
        expect(got, to).toHaveLength(1);
        expect(subject(got[0]!)).toBe(`Minutes of child protection conference ${c.reference}`);
        for (const needle of [SECRET, HEARD, CONFIDENTIAL, 'CONFIDENTIAL: Referrer'])
          expect(text(got[0]!), `${to}: ${needle}`).toContain(needle);
      }
      // Jade: her copy, without the confidential sections or the part she was asked to leave (email and PDF).
      const [jade] = minutesTo(s, JADE);
      expect(minutesTo(s, JADE)).toHaveLength(1);
      expect(subject(jade!)).toBe(`The minutes of your child protection meeting (reference ${c.reference})`);
      const jadePdf = pdfText(jade!.parsed.attachments.find((a) => a.contentType === 'application/pdf')!.content);
      for (const body of [text(jade!), jadePdf.replace(/\s+/g, ' ')]) {
        for (const secret of [SECRET, HEARD, CONFIDENTIAL, PART]) expect(body).not.toContain(secret);
        expect(body).toContain('Some parts are not in your copy');
        expect(body).toContain('Take the child to every health appointment');
      }
      // Marcus was in the room for that part: he has it, but not what it was about in its heading.
      const marcus = text(minutesTo(s, MARCUS)[0]!);
      expect(marcus).toContain(HEARD);
      expect(marcus).toContain('A part of the meeting');
      expect(marcus).not.toContain(PART);
      expect(marcus).not.toContain(SECRET);
      // Jade's solicitor: a separate copy, Jade's (nothing Jade may not have). Marcus's friend and the child: nothing.
      const sol = minutesTo(s, SOLICITOR);
      expect(sol).toHaveLength(1);
      expect(subject(sol[0]!)).toBe(
        `Minutes of child protection conference ${c.reference}: copy for a parent's solicitor`,
      );
      expect(text(sol[0]!)).toContain('for the solicitor of parent or carer 1');
      for (const secret of [SECRET, HEARD, CONFIDENTIAL]) expect(text(sol[0]!)).not.toContain(secret);
      expect(minutesTo(s, FRIEND)).toHaveLength(0);
      const status = Object.fromEntries(done.recipients.map((r: any) => [r.key, r]));
      expect(status[c.attendees.find((a) => a.email === FRIEND)!.id]).toMatchObject({
        copy: 'none',
        reason: 'the minutes go to the parent or carer, not to whoever comes with them',
      });
      for (const m of s.smtp.messages.filter(isMinutes))
        for (const name of FIXTURE_FAMILY_NAMES) expect(subject(m)).not.toContain(name);

      // Once: jobs re-run, a second approval is refused, nobody gets another copy.
      expect((await s.api('POST', `${base}/approve`, { by: chair.id })).status).toBe(409);
      await s.advanceTo('2027-02-01T09:00');
      expect(s.smtp.messages.filter(isMinutes)).toHaveLength(PROS.length + 3);
    },
  );
});

/** Where the presets' minutes differ from Cumbria's: no solicitor's copy, and each its own window (none in Working Together). */
const OTHER_PRESETS = [
  { policy: 'hampshire', dueAt: '2027-01-18T17:00:00+00:00', window: '10 working days' },
  { policy: 'bexley', dueAt: '2027-01-07T11:45:00+00:00', window: '72 hours' },
  { policy: 'statutory', dueAt: null, window: 'no deadline' },
];

describe('a solicitor copy only where the policy asks', () => {
  it.each(OTHER_PRESETS)(
    'under $policy the solicitor gets no copy, the family no confidential section, and the minutes are due: $window',
    { timeout: 90_000 },
    async ({ policy, dueAt }) => {
      const s = await start();
      const c = await decidedAndApproved(s, policy);
      const chair = byRole(c, 'chair');
      // No window and no minutes yet (Working Together names none): nothing to show yet.
      expect((await ok(s, 'GET', `/api/conferences/${c.id}/minutes`)).dueAt ?? null).toBe(dueAt);
      const saved = await ok(s, 'POST', `/api/conferences/${c.id}/minutes`, {
        text: `## Discussion\n\nThe plan was agreed.\n\n## Referrer\n\nSECRET-${policy}`,
        confidentialSections: ['s2'],
        by: chair.id,
      });
      expect([saved.document, saved.dueAt]).toEqual(['minutes', dueAt]);
      await ok(s, 'POST', `/api/conferences/${c.id}/minutes/approve`, { by: chair.id });
      await settle(s);
      await until(
        'every copy sent',
        async () => (await ok(s, 'GET', `/api/conferences/${c.id}/minutes`)).complete,
        30_000,
      );
      expect(minutesTo(s, SOLICITOR)).toHaveLength(0);
      expect(minutesTo(s, JADE)).toHaveLength(1);
      expect(text(minutesTo(s, JADE)[0]!)).toContain('The plan was agreed.');
      expect(text(minutesTo(s, JADE)[0]!)).not.toContain(`SECRET-${policy}`);
      expect(text(minutesTo(s, 'hv@nhs.example.org')[0]!)).toContain(`SECRET-${policy}`);
      const sol = (await ok(s, 'GET', `/api/conferences/${c.id}/minutes`)).recipients.find(
        (r: any) => r.attendeeId === 'a8',
      );
      expect(sol).toMatchObject({
        copy: 'none',
        reason: `the ${getPreset(policy).shortName} policy sends no separate copy to a parent's solicitor`,
      });
    },
  );
});

/** Waits until every recipient of the current version has their copy (a posted one: on the print queue). */
const circulated = (s: TestService, base: string) =>
  until(
    'every copy sent',
    async () => {
      const v = await ok(s, 'GET', base);
      const gone = v.recipients.every((r: any) => ['sent', 'not-sent', 'waiting-to-print'].includes(r.status));
      return v.approvedAt && gone ? v : undefined;
    },
    30_000,
  );

describe('correcting approved minutes (the chair alone, with a reason; each recipient once, in their own copy)', () => {
  it(
    'refuses the minute taker and the coordinator, then sends the corrected version once, saying what it corrects',
    { timeout: 90_000 },
    async () => {
      const s = await start();
      // A grandmother reached through the social worker, an aunt by post: each copy is handed over or printed.
      const c = await decidedAndApproved(s, 'cumbria', [
        { name: 'Gran Testfamily', role: 'carer', contactPreference: 'via-social-worker' },
        {
          name: 'Aunt Testfamily',
          role: 'carer',
          contactPreference: 'post',
          postalAddress: ['Aunt Testfamily', '3 Example Road', 'Testtown', 'TE1 2ST'],
        },
      ]);
      const base = `/api/conferences/${c.id}/minutes`;
      const taker = byRole(c, 'minute-taker');
      const chair = byRole(c, 'chair');
      const [gran, aunt] = c.attendees.filter((a) => a.role === 'carer') as [
        Created['attendees'][number],
        Created['attendees'][number],
      ];
      const handOver = () => minutesTo(s, 'sw@example.gov.uk').filter((m) => /please give a carer/.test(subject(m)));
      const own = (to: string) => minutesTo(s, to).filter((m) => !/please give a carer/.test(subject(m)));
      const v1 = (day: string) =>
        `## Discussion\n\nThe next core group is on ${day}.\n\n## Excluded part: ${PART}\n\n${HEARD}\n\n## Referrer\n\n${SECRET}`;
      await ok(s, 'POST', base, { text: v1('Tuesday'), confidentialSections: ['s3'], by: chair.id });
      await ok(s, 'POST', `${base}/approve`, { by: chair.id });
      const first = await circulated(s, base);
      const sentOn = longDate(first.circulatedAt ?? first.approvedAt);
      const before = s.smtp.messages.filter(isMinutes).length;
      expect(before).toBe(PROS.length + 4);
      expect(handOver().map(subject)).toEqual([`${c.reference}: please give a carer their copy of the minutes`]);

      // Only the chair corrects: the minute taker and the coordinator on their own are refused, naming why.
      const REASON = 'The date of the next core group was wrong';
      const corrected = { text: v1('Thursday'), confidentialSections: ['s3'], reason: REASON };
      const byTaker = await s.api('POST', `${base}/correction`, { ...corrected, by: taker.id });
      expect(byTaker.status).toBe(403);
      expect(byTaker.body.message).toBe(
        `Not corrected: ${taker.id} is a minute taker: only the chair (${chair.id}) corrects approved minutes. Nothing was changed.`,
      );
      const byCoordinator = await s.api('POST', `${base}/correction`, corrected);
      expect(byCoordinator.status).toBe(403);
      expect(byCoordinator.body.message).toContain('the coordinator cannot correct the minutes on their own');
      // Bad input names the field and changes nothing.
      const noReason = await s.api('POST', `${base}/correction`, { ...corrected, reason: ' ', by: chair.id });
      expect(noReason.status).toBe(400);
      expect(noReason.body.issues.map((i: any) => i.field)).toEqual(['reason']);
      expect((await ok(s, 'GET', base)).version).toBe(first.version);

      // The chair's correction waits for the chair's approval: nothing goes out before it.
      const saved = await ok(s, 'POST', `${base}/correction`, { ...corrected, by: chair.id });
      expect(saved.corrects).toMatchObject({ version: first.version, reason: REASON, by: chair.id });
      expect(saved.approvedAt).toBeNull();
      // The minute taker cannot edit the chair's correction either.
      expect((await s.api('POST', base, { text: v1('Friday'), by: taker.id })).status).toBe(409);
      await settle(s);
      expect(s.smtp.messages.filter(isMinutes)).toHaveLength(before);

      await ok(s, 'POST', `${base}/approve`, { by: chair.id });
      await circulated(s, base);
      const line = `This corrects the minutes sent on ${sentOn}: ${REASON}`;
      for (const to of [...PROS, JADE, MARCUS, SOLICITOR]) {
        const got = own(to);
        expect(got, to).toHaveLength(2);
        expect(subject(got[1]!), to).toMatch(/^Corrected: /);
        expect(text(got[1]!), to).toContain(line);
        expect(text(got[1]!), to).toContain('The next core group is on Thursday.');
        expect(text(got[0]!), to).not.toContain('Thursday');
      }
      expect(text(minutesTo(s, 'police@police.example.uk')[1]!)).toContain(SECRET);
      // Jade's corrected copy: still without the confidential section or the part she was asked to leave (email and PDF).
      const jade = minutesTo(s, JADE)[1]!;
      const jadePdf = pdfText(jade.parsed.attachments.find((a) => a.contentType === 'application/pdf')!.content);
      for (const body of [text(jade), jadePdf.replace(/\s+/g, ' ')]) {
        expect(body).toContain(line);
        for (const secret of [SECRET, HEARD, PART]) expect(body).not.toContain(secret);
      }
      expect(text(minutesTo(s, MARCUS)[1]!)).toContain(HEARD);
      expect(minutesTo(s, FRIEND)).toHaveLength(0);
      // The social worker's covering email for the grandmother's copy says it is a correction, of what and why.
      const cover = handOver()[1]!;
      expect(subject(cover)).toBe(`Corrected: ${c.reference}: please give a carer their corrected copy of the minutes`);
      expect(text(cover)).toContain(line);
      expect(text(cover)).toContain(
        `Their corrected copy of the minutes is attached as a PDF. It replaces the copy sent on ${sentOn}: please give it to them, tell them what was corrected and why`,
      );
      expect(text(cover)).not.toMatch(/Gran|Testfamily/);
      const granPdf = pdfText(cover.parsed.attachments.find((a) => a.contentType === 'application/pdf')!.content);
      expect(granPdf.replace(/\s+/g, ' ')).toContain(line);
      expect(granPdf).not.toContain(SECRET);
      // The aunt's corrected copy waits on the print queue, named as the correction.
      const desk = await signedInDashboard(s.url, TEST_API_KEY);
      const queue = plainText((await desk.get('/dashboard/print-queue')).text);
      expect(queue).toContain('Corrected minutes of the conference CPC-');
      expect(
        (await s.api('GET', `/api/conferences/${c.id}`)).body.hardCopies.filter(
          (h: any) => h.attendeeId === aunt.id && h.document === 'minutes',
        ),
      ).toHaveLength(2);
      // She was not asked to leave any part: her copy has what was said in the part Jade left.
      expect(granPdf.replace(/\s+/g, ' ')).toContain(HEARD);
      expect(gran.role).toBe('carer');

      // Who corrected what and why is in the audit trail; jobs run again send nobody anything more.
      const audit = await s.rt.deps.store.readAudit(c.id);
      expect(audit.find((e) => e.action === 'minutes.corrected')).toMatchObject({
        actor: 'coordinator',
        detail: { corrects: first.version, reason: REASON, chair: chair.id, requestedBy: chair.id },
      });
      await s.advanceTo('2027-02-15T09:00');
      expect(s.smtp.messages.filter(isMinutes)).toHaveLength(2 * before);
    },
  );
});
