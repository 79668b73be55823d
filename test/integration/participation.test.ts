/**
 * How each child took part (issue #19.1), through the running service: the coordinator records it
 * per child (attended, views given another way, or not recorded and why), a later record replaces
 * the earlier one, and the professionals' decision letter lists it; a child with nothing recorded
 * says so. Never in the family's letter. Bad input names the field and changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countParticipation } from '../../src/domain/participation.ts';
import { create, decidedConference, settle } from '../helpers/decision-flow.ts';
import { PageClient, csrfOf, linkPath, snapshot } from '../helpers/pages.ts';
import { hackneyInitialBody, startTestService, type TestService } from '../helpers/service.ts';
import { until } from '../helpers/wait.ts';

// One service for the file: each test's conference a week after the last (the clock only goes forward).
let s: TestService;
beforeAll(async () => {
  s = await startTestService();
}, 60_000);
afterAll(async () => {
  await s?.stop();
});
type Msg = TestService['smtp']['messages'][number];
const text = (m: Msg) => (m.parsed.text ?? '').replace(/\s+/g, ' ');
const letterTo = (s: TestService, email: string, reference: string) =>
  until(
    `the decision letter to ${email}`,
    () =>
      s.smtp.messages.find(
        (m) =>
          m.envelopeTo.includes(email) &&
          (m.parsed.subject ?? '').includes(reference) &&
          /^Decision of child protection conference|^The decision of your child protection meeting/.test(
            m.parsed.subject ?? '',
          ),
      ),
    20_000,
  );

describe("the child's participation record", () => {
  it(
    'is recorded per child, refused naming the field when wrong, and listed in the professionals’ decision letter',
    { timeout: 90_000 },
    async () => {
      const c = await create(s, hackneyInitialBody());
      await settle(s);
      const path = `/api/conferences/${c.id}/participation`;

      // Bad input: an unknown child, a missing reason, an unknown way, a child twice: nothing changes.
      const before = await snapshot(s, c.id);
      const bad = async (body: unknown, issues: { field: string; message: string | RegExp }[]) => {
        const r = await s.api('POST', path, body);
        expect(r.status, JSON.stringify(r.body)).toBe(400);
        expect(r.body.issues).toEqual(
          issues.map((i) => ({
            field: i.field,
            message: typeof i.message === 'string' ? i.message : expect.stringMatching(i.message),
          })),
        );
      };
      await bad(
        {
          children: [
            { childId: 'c1', way: 'attended' },
            { childId: 'c7', way: 'advocate' },
          ],
        },
        [{ field: 'children.1.childId', message: 'no child c7 in this conference (children: c1, c2)' }],
      );
      await bad({ children: [{ childId: 'c2', way: 'not-recorded' }] }, [
        { field: 'children.0.detail', message: 'required: say why the child’s views were not recorded' },
      ]);
      await bad({ children: [{ childId: 'c2', way: 'other' }] }, [
        { field: 'children.0.detail', message: 'required: say what the other way was' },
      ]);
      await bad({ children: [{ childId: 'c1', way: 'sang' }] }, [{ field: 'children.0.way', message: /attended/ }]);
      await bad(
        {
          children: [
            { childId: 'c1', way: 'attended' },
            { childId: 'c1', way: 'advocate' },
          ],
        },
        [{ field: 'children.1.childId', message: 'c1 is given twice' }],
      );
      expect(await snapshot(s, c.id)).toEqual(before);

      // Before the meeting: Ruby will give her views through her advocate; Leo's were not asked yet.
      let r = await s.api('POST', path, { children: [{ childId: 'c1', way: 'advocate' }], by: 'Social worker' });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body.participation).toEqual([
        { childId: 'c1', way: 'advocate', recordedAt: expect.any(String), recordedBy: 'coordinator' },
      ]);
      let stored = (await s.api('GET', path)).body.participation;
      expect(
        countParticipation([
          {
            children: [
              { id: 'c1', unborn: false },
              { id: 'c2', unborn: false },
            ],
            participation: stored,
          },
        ]),
      ).toEqual({ attended: 0, viewsByOtherMeans: 1, notRecorded: 1, children: 2 });

      // On the day Ruby came herself: the later record replaces the earlier one.
      r = await s.api('POST', path, {
        children: [
          { childId: 'c1', way: 'attended' },
          {
            childId: 'c2',
            way: 'not-recorded',
            detail: 'LEOWHY aged four, seen at home with a drawing the social worker could not bring',
          },
        ],
      });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      stored = (await s.api('GET', path)).body.participation;
      expect(stored.map((p: { childId: string; way: string }) => [p.childId, p.way])).toEqual([
        ['c1', 'attended'],
        ['c2', 'not-recorded'],
      ]);
      const audit = (await s.rt.deps.store.readAudit(c.id)).filter((e) => e.action === 'participation.recorded');
      expect(audit.map((e) => e.detail)).toEqual([
        { children: [{ childId: 'c1', way: 'advocate' }], requestedBy: 'Social worker' },
        {
          children: [
            { childId: 'c1', way: 'attended' },
            { childId: 'c2', way: 'not-recorded' },
          ],
        },
      ]);
      // The reason stays in the record, out of the audit trail.
      expect(JSON.stringify(audit)).not.toContain('LEOWHY');

      await decidedConference(s, { conference: c, meeting: { at: '2027-01-04T10:30' } });
      const pro = text(await letterTo(s, 'hv@nhs.example.org', c.reference));
      expect(pro).toContain('How the children took part');
      expect(pro).toContain('Child 1: Ruby (born Thursday 2 May 2019): attended the conference');
      expect(pro).toContain(
        'Child 2: Leo (born Saturday 17 September 2022): views not recorded (why: LEOWHY aged four, seen at home with a drawing the social worker could not bring)',
      );
      const family = text(await letterTo(s, 'jade@family.example.com', c.reference));
      expect(family).not.toMatch(/LEOWHY|How the children took part/);
    },
  );

  it('tells the professionals when nothing was recorded for a child', { timeout: 90_000 }, async () => {
    const c = await create(s, hackneyInitialBody({ startsAt: '2027-01-11T10:00', strategyDiscussionOn: '2026-12-01' }));
    await settle(s);
    expect(
      (
        await s.api('POST', `/api/conferences/${c.id}/participation`, {
          children: [{ childId: 'c2', way: 'drawing-or-letter' }],
        })
      ).status,
    ).toBe(200);
    await decidedConference(s, { conference: c, meeting: { at: '2027-01-11T10:30' } });
    const pro = text(await letterTo(s, 'hv@nhs.example.org', c.reference));
    expect(pro).toContain('Child 1: Ruby (born Thursday 2 May 2019): how the child took part is not recorded yet');
    expect(pro).toContain(
      'Child 2: Leo (born Saturday 17 September 2022): views given in a drawing, letter or words and pictures',
    );
  });

  it(
    'is recorded by the chair on the chair’s page, refused naming the field when incomplete',
    { timeout: 90_000 },
    async () => {
      const c = await create(
        s,
        hackneyInitialBody({ startsAt: '2027-01-18T10:00', strategyDiscussionOn: '2026-12-01' }),
      );
      await settle(s);
      const chairPath = await linkPath(s, c.id, 'a1', 'chair');
      const chair = new PageClient(s.url);
      let page = await chair.get(chairPath);
      expect(page.text).toContain('How each child took part');
      expect(page.text).toContain('how the child took part is not recorded yet');
      // "Not recorded" needs a reason: refused, naming it; nothing recorded.
      const bad = await chair.post(chairPath, {
        _csrf: csrfOf(page.text),
        action: 'participation',
        childId: 'c1',
        way: 'not-recorded',
      });
      expect(bad.status).toBe(400);
      expect(bad.text).toContain('required: say why the child’s views were not recorded');
      const blank = await chair.post(chairPath, { _csrf: csrfOf(page.text), action: 'participation', childId: 'c1' });
      expect(blank.status).toBe(400);
      expect(blank.text).toContain('Choose how the child took part');
      expect((await s.api('GET', `/api/conferences/${c.id}/participation`)).body.participation).toEqual([]);
      const done = await chair.post(chairPath, {
        _csrf: csrfOf(page.text),
        action: 'participation',
        childId: 'c1',
        way: 'advocate',
      });
      expect(done.status, done.text).toBe(303);
      page = await chair.get(done.location!);
      expect(page.text).toContain('Recorded how the child took part.');
      expect(page.text).toContain('views given through an advocate');
      await decidedConference(s, { conference: c, meeting: { at: '2027-01-18T10:30' } });
      const pro = text(await letterTo(s, 'hv@nhs.example.org', c.reference));
      expect(pro).toContain('Child 1: Ruby (born Thursday 2 May 2019): views given through an advocate');
      const audit = (await s.api('GET', `/api/conferences/${c.id}`)).body.audit.find(
        (e: { action: string }) => e.action === 'participation.recorded',
      );
      expect(audit.actor).toBe('a1');
    },
  );
});
