/**
 * The minutes through the running service (API, simulated time, BullMQ on the real Redis, a real
 * SMTP sink): drafted from the record, edited, approved by the chair only, then each recipient's
 * copy once — professionals in full, each parent without the confidential sections and the part
 * they were asked to leave, a parent's solicitor only where the policy asks (Cumbria) — and the
 * record bundle (Hackney) with the reports each reader may have. Assertions are on what people
 * receive and what the coordinator sees.
 */
import { describe, expect, it } from 'vitest';
import { getPreset } from '../../src/domain/policy/presets/index.ts';
import {
  CONFIDENTIAL,
  byRole,
  create,
  holdMeeting,
  settle,
  toldTheDecision,
  type Created,
} from '../helpers/decision-flow.ts';
import { FIXTURE_FAMILY_NAMES } from '../helpers/fixtures.ts';
import { pdfText } from '../helpers/pdf-text.ts';
import { hackneyInitialBody, startedServices, type TestService } from '../helpers/service.ts';
import { until } from '../helpers/wait.ts';

type Msg = TestService['smtp']['messages'][number];
const start = startedServices();

const JADE = 'jade@family.example.com';
const MARCUS = 'marcus@family.example.com';
const SOLICITOR = 'solicitor@law.example.com';
const FRIEND = 'friend@friends.example.com';
const PROS = [
  'chair@example.gov.uk',
  'sw@example.gov.uk',
  'hv@nhs.example.org',
  'police@police.example.uk',
  'minutes@example.gov.uk',
];
const PART = 'information from a third party';
const SECRET = 'CONFIDENTIAL-SECTION-TEXT the neighbour who referred';
const HEARD = 'EXCLUDED-PART-TEXT the police described the third-party information';

const subject = (m: Msg) => m.parsed.subject ?? '';
const text = (m: Msg) => (m.parsed.text ?? '').replace(/\s+/g, ' ');
const isMinutes = (m: Msg) =>
  /minutes|record of your|Conference record/i.test(subject(m)) &&
  !/due|not yet approved|deadline|at risk/.test(subject(m));
const minutesTo = (s: TestService, to: string) =>
  s.smtp.messages.filter((m) => m.envelopeTo.includes(to) && isMinutes(m));
const ok = async (s: TestService, method: string, path: string, body?: unknown) => {
  const r = await s.api(method, path, body);
  expect(r.status, `${method} ${path}: ${JSON.stringify(r.body)}`).toBeLessThan(300);
  return r.body;
};

/** Both parents by email; Jade's solicitor and Marcus's friend come as supporters; a minute taker and the child. */
function family(policy: string) {
  const b = hackneyInitialBody({
    policy,
    ...(policy === 'hampshire' ? { mode: 'in-person', venue: 'Civic Offices, Room 2' } : {}),
  }) as { attendees: Record<string, unknown>[] } & Record<string, unknown>;
  b.attendees = b.attendees.map((a) =>
    a['name'] === 'Marcus Testfamily' ? { name: 'Marcus Testfamily', role: 'parent', email: MARCUS } : a,
  );
  b.attendees.push(
    { name: 'Mina Minutes', email: 'minutes@example.gov.uk', role: 'minute-taker', agency: 'Business support' },
    { name: 'Sol Icitor', email: SOLICITOR, role: 'supporter', accompanies: 'a5', solicitor: true },
    { name: 'Fran Friend', email: FRIEND, role: 'supporter', accompanies: 'a6' },
    { name: 'Ruby Testfamily', role: 'child' },
  );
  return b;
}

async function decidedAndApproved(s: TestService, policy: string): Promise<Created> {
  const c = await create(s, family(policy));
  await settle(s);
  const jade = c.attendees.find((a) => a.email === JADE)!;
  await holdMeeting(s, c, {
    at: '2027-01-04T10:00',
    decideAt: '2027-01-04T11:45',
    exclude: { attendeeId: jade.id, part: PART, ground: getPreset(policy).exclusionGrounds[0]! },
  });
  await ok(s, 'POST', `/api/conferences/${c.id}/decision/approve`, {});
  await settle(s);
  // Jade left part of the meeting: her letter goes once the chair has told her.
  await toldTheDecision(s, c, jade.id);
  return c;
}

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

describe('a solicitor copy only where the policy asks', () => {
  it(
    'under Hampshire the solicitor gets no copy, and the minutes go within 10 working days',
    { timeout: 90_000 },
    async () => {
      const s = await start();
      const c = await decidedAndApproved(s, 'hampshire');
      const chair = byRole(c, 'chair');
      const v = await ok(s, 'GET', `/api/conferences/${c.id}/minutes`);
      expect(v.document).toBe('minutes');
      expect(v.dueAt).toBe('2027-01-18T17:00:00+00:00');
      await ok(s, 'POST', `/api/conferences/${c.id}/minutes`, {
        text: '## Discussion\n\nThe plan was agreed.\n\n## Referrer\n\nSECRET-HAMPSHIRE',
        confidentialSections: ['s2'],
        by: chair.id,
      });
      await ok(s, 'POST', `/api/conferences/${c.id}/minutes/approve`, { by: chair.id });
      await settle(s);
      await until(
        'every copy sent',
        async () => (await ok(s, 'GET', `/api/conferences/${c.id}/minutes`)).complete,
        30_000,
      );
      expect(minutesTo(s, SOLICITOR)).toHaveLength(0);
      expect(text(minutesTo(s, JADE)[0]!)).not.toContain('SECRET-HAMPSHIRE');
      expect(text(minutesTo(s, 'hv@nhs.example.org')[0]!)).toContain('SECRET-HAMPSHIRE');
      const sol = (await ok(s, 'GET', `/api/conferences/${c.id}/minutes`)).recipients.find(
        (r: any) => r.attendeeId === 'a8',
      );
      expect(sol).toMatchObject({
        copy: 'none',
        reason: "the hampshire policy sends no separate copy to a parent's solicitor",
      });
    },
  );
});
