/**
 * Who sees what, through the running service (real Redis, real SMTP sink): the letters each person
 * receives follow the disclosure table. An interpreter who came with a parent gets that parent's
 * plain-language letter, a manager copied under Hampshire gets no confidential notes, and each
 * parent of half-siblings gets only their own children's decisions.
 */
import { describe, expect, it } from 'vitest';
import {
  CONFIDENTIAL,
  HV_RATIONALE,
  POLICE_RATIONALE,
  create,
  holdMeeting,
  settle,
  type Created,
} from '../helpers/decision-flow.ts';
import { hackneyInitialBody, startedServices, type TestService } from '../helpers/service.ts';
import { linkPath, PageClient } from '../helpers/pages.ts';
import { until } from '../helpers/wait.ts';

type Msg = TestService['smtp']['messages'][number];
const start = startedServices();

const JADE = 'jade@family.example.com';
const MARCUS = 'marcus@family.example.com';
const INTERPRETER = 'interpreter@language.example.com';
const CHILD_WORDS = 'CHILD-WORDS I do not feel safe at home';
const CHILD_SHARE = 'Ruby wants to keep going to her football club';
const subject = (m: Msg) => m.parsed.subject ?? '';
const text = (m: Msg) => (m.parsed.text ?? '').replace(/\s+/g, ' ');
const isDecision = (m: Msg) =>
  /^Decision of child protection conference|^The decision of your child protection meeting/.test(subject(m));
const letterTo = (s: TestService, email: string) =>
  until(
    `the decision letter to ${email}`,
    () => s.smtp.messages.find((m) => m.envelopeTo.includes(email) && isDecision(m)),
    20_000,
  );

async function approve(s: TestService, c: Created): Promise<void> {
  const r = await s.api('POST', `/api/conferences/${c.id}/decision/approve`, {});
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  await settle(s);
}

/**
 * Half-siblings: Ruby (c1) is Jade's, Leo (c2) is Marcus's. Both parents by email; an interpreter
 * comes with Jade (a5).
 */
function halfSiblings(overrides: Record<string, unknown> = {}) {
  const b = hackneyInitialBody(overrides) as { attendees: Record<string, unknown>[] } & Record<string, unknown>;
  b.attendees = [
    ...b.attendees.map((a) =>
      a.name === 'Jade Testfamily'
        ? { ...a, childIds: ['c1'] }
        : a.name === 'Marcus Testfamily'
          ? { name: 'Marcus Testfamily', role: 'parent', email: MARCUS, childIds: ['c2'] }
          : a,
    ),
    { name: 'Ines Interpreter', email: INTERPRETER, role: 'interpreter', language: 'Portuguese', accompanies: 'a5' },
  ];
  return b;
}

describe('who receives which decision letter', () => {
  it(
    'gives each parent of half-siblings only their own children, and the interpreter exactly the parent’s plain letter',
    { timeout: 90_000 },
    async () => {
      const s = await start();
      const c = await create(s, halfSiblings());
      await settle(s);
      const stored = (await s.api('GET', `/api/conferences/${c.id}`)).body.attendees;
      expect(stored.find((a: any) => a.email === JADE)).toMatchObject({ id: 'a5', childIds: ['c1'] });
      await holdMeeting(s, c, { at: '2027-01-04T10:00', decideAt: '2027-01-04T11:45' });
      // Nothing reaches the family (or the interpreter) before the chair approves.
      await settle(s);
      expect(s.smtp.messages.filter(isDecision)).toHaveLength(0);
      await approve(s, c);

      const jade = text(await letterTo(s, JADE));
      expect(jade).toContain('Ruby will have a child protection plan');
      expect(jade).not.toContain('Leo');
      const marcus = text(await letterTo(s, MARCUS));
      expect(marcus).toContain('Leo will have a child in need plan');
      expect(marcus).not.toContain('Ruby');

      const interp = await letterTo(s, INTERPRETER);
      expect(subject(interp)).toBe(`The decision of your child protection meeting (reference ${c.reference})`);
      const words = text(interp);
      expect(words).toContain('Ruby will have a child protection plan');
      expect(words).not.toContain('Leo');
      for (const secret of [CONFIDENTIAL, 'CONFIDENTIAL', POLICE_RATIONALE, HV_RATIONALE])
        expect(words).not.toContain(secret);
      // The same words as Jade's own letter: never more than the parent gets.
      expect(words).toBe(jade);
      // The professionals still get everything, for both children.
      const pro = text(await letterTo(s, 'hv@nhs.example.org'));
      expect(pro).toContain(CONFIDENTIAL);
      expect(pro).toContain('Leo');
      const status = (await s.api('GET', `/api/conferences/${c.id}`)).body.circulation.recipients;
      expect(status.find((r: any) => r.attendeeId === 'a7')).toMatchObject({
        copy: 'family',
        letterOf: 'a5',
        channel: 'email',
      });
    },
  );

  it(
    'sends a manager copied under Hampshire the professionals’ letter without the confidential notes',
    { timeout: 90_000 },
    async () => {
      const s = await start();
      const c = await create(
        s,
        hackneyInitialBody({ policy: 'hampshire', mode: 'in-person', venue: 'Civic Offices, Room 2' }),
      );
      await settle(s);
      await holdMeeting(s, c, { at: '2027-01-04T10:00', decideAt: '2027-01-04T11:45' });
      // The child's own view, as the chair took it (written straight to the record: the round is closed once decided).
      await s.rt.deps.store.update(c.id, (x) => ({
        ...x,
        views: [
          ...x.views,
          {
            childId: 'c1',
            childsVoice: { via: 'chair' as const },
            recordedBy: 'a1',
            categories: [],
            rationale: CHILD_WORDS,
            mayShare: CHILD_SHARE,
            at: x.views[0]!.at,
          },
        ],
      }));
      await approve(s, c);
      const sw = text(await letterTo(s, 'sw@example.gov.uk'));
      expect(sw).toContain(CONFIDENTIAL);
      expect(sw).toContain(CHILD_WORDS);
      for (const manager of ['sw.manager@example.gov.uk', 'police.manager@police.example.uk']) {
        const copy = await letterTo(s, manager);
        const words = text(copy);
        expect(words).toContain('Copy for the manager');
        expect(words).toContain('Child protection plan');
        expect(words).not.toContain(CONFIDENTIAL);
        expect(words).not.toContain('CONFIDENTIAL: not to be shared');
        // Not at the conference: none of the child's own words, only what the chair marked shareable.
        expect(words).not.toContain(CHILD_WORDS);
        expect(words).toContain(CHILD_SHARE);
        expect(copy.parsed.attachments).toHaveLength(1);
      }
    },
  );

  it(
    'lets a parent give a view only for their own children, and shows them only theirs',
    { timeout: 60_000 },
    async () => {
      const s = await start();
      const c = await create(s, halfSiblings());
      await settle(s);
      await s.advanceTo('2027-01-04T10:00');
      expect((await s.api('POST', `/api/conferences/${c.id}/start`, {})).status).toBe(200);
      const before = (await s.api('GET', `/api/conferences/${c.id}`)).body.views;
      const r = await s.api('POST', `/api/conferences/${c.id}/views`, {
        attendeeEmail: MARCUS,
        childId: 'c1',
        recommendation: 'child-in-need',
        rationale: 'Not my child',
      });
      expect(r.status).toBe(400);
      expect(r.body.issues).toEqual([{ field: 'childId', message: "c1 is not one of a6's children (c2)" }]);
      expect((await s.api('GET', `/api/conferences/${c.id}`)).body.views).toEqual(before);
      expect(
        (
          await s.api('POST', `/api/conferences/${c.id}/views`, {
            attendeeEmail: MARCUS,
            childId: 'c2',
            recommendation: 'child-in-need',
            rationale: 'Mine',
          })
        ).status,
      ).toBe(201);
      // Marcus's own views page has Leo's form only; nobody on it is still waiting for Ruby from him.
      const page = await new PageClient(s.url).get(await linkPath(s, c.id, 'a6', 'views'));
      expect(page.status).toBe(200);
      expect(page.text).toContain('name="childId" value="c2"');
      expect(page.text).not.toContain('name="childId" value="c1"');
      const missing = (await s.api('GET', `/api/conferences/${c.id}/views`)).body.missing;
      expect(missing.filter((m: any) => m.attendeeId === 'a6')).toEqual([]);
      expect(missing.filter((m: any) => m.attendeeId === 'a5').map((m: any) => m.childId)).toEqual(['c1']);
    },
  );

  it(
    'refuses a parent linked to a child who is not in the conference, naming the field, and creates nothing',
    { timeout: 30_000 },
    async () => {
      const s = await start();
      const b = halfSiblings();
      (b.attendees[5] as Record<string, unknown>).childIds = ['c3'];
      const before = (await s.api('GET', '/api/conferences')).body;
      const r = await s.api('POST', '/api/conferences', b);
      expect(r.status).toBe(400);
      expect(r.body.issues).toEqual([
        {
          field: 'attendees.5.childIds.0',
          message: 'no child c3 in this conference (children are c1 to c2 in the order given)',
        },
      ]);
      const police = { ...b, attendees: b.attendees.map((a, i) => (i === 3 ? { ...a, childIds: ['c1'] } : a)) };
      const r2 = await s.api('POST', '/api/conferences', police);
      expect(r2.status).toBe(400);
      expect(r2.body.issues[0].field).toBe('attendees.3.childIds');
      expect((await s.api('GET', '/api/conferences')).body).toEqual(before);
    },
  );
});
