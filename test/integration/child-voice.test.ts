/**
 * The child's voice around the conference (issue #19.1), through the running service with a Cumbria
 * conference (advocate offered from 11, NYAS; children's version of the plan in words and pictures):
 * a 13-year-old and a 6-year-old. Before the meeting the coordinator has a task to refer the
 * 13-year-old (only) to NYAS, due the policy's working days before; the child's advocate gets their
 * own invitation naming which child they speak for by number and age (never a name, never the
 * parents' time or letter); how each child takes part is recorded (a child not in the conference is
 * refused naming the field, through the API and the chair's page, changing nothing) and listed for
 * the professionals. After approval the social worker has a task to explain the decision to
 * each child of an age to understand, shown in the professionals' letter and confirmed through the API.
 * Under the other presets (no advocate age) no referral is opened, yet the advocate still gets their
 * own invitation, each child's way of taking part is recorded and listed for the professionals, and
 * the social worker is asked to explain the decision to each child of an age to understand, without
 * a children's version of the plan (Cumbria's policy switch). One service for the file: the clock
 * only goes forward, so each conference is later than the last.
 */
import { describe, expect, it } from 'vitest';
import { create, decidedConference, holdMeeting, settle } from '../helpers/decision-flow.ts';
import { daysAfter, oneService, PRESETS, presetsOnMondays } from '../helpers/every-preset.ts';
import { TEST_API_KEY, hackneyInitialBody, notAfterToday, type TestService } from '../helpers/service.ts';
import { PageClient, csrfOf, linkPath, plainText, snapshot } from '../helpers/pages.ts';
import { until } from '../helpers/wait.ts';

const s = oneService();
type Msg = TestService['smtp']['messages'][number];
const text = (m: Msg) => (m.parsed.text ?? '').replace(/\s+/g, ' ');
const ADVOCATE = 'ada@nyas.example.org';
const CHILDREN = [
  { firstName: 'Ruby', lastName: 'Testfamily', dateOfBirth: '2013-05-02' },
  { firstName: 'Leo', lastName: 'Testfamily', dateOfBirth: '2020-09-17' },
];

function body(policy: string, more: Record<string, unknown> = {}) {
  const b = hackneyInitialBody({ policy, children: CHILDREN, ...more }) as {
    attendees: Record<string, unknown>[];
  } & Record<string, unknown>;
  b.attendees.push({ name: 'Ada Advocate', role: 'advocate', email: ADVOCATE, agency: 'NYAS', childIds: ['c1'] });
  return b;
}

describe("the child's voice: advocacy referral, the advocate's invitation, the explanation after the decision", () => {
  it(
    'Hackney: no advocate age in the policy, so no referral; an advocate who comes with a parent cannot be linked to children',
    { timeout: 60_000 },
    async () => {
      const c = await create(s, body('hackney'));
      await settle(s);
      expect((await s.api('GET', `/api/conferences/${c.id}/tasks`)).body.tasks).toEqual([]);
      const jade = c.attendees.find((a) => a.role === 'parent')!;
      const r = await s.api('POST', `/api/conferences/${c.id}/attendees`, {
        attendee: {
          name: 'Pip Advocate',
          role: 'advocate',
          email: 'pip@example.org',
          accompanies: jade.id,
          childIds: ['c1'],
        },
        requestedBy: 'a1',
      });
      expect(r.status).toBe(400);
      expect(r.body.issues).toEqual([
        {
          field: 'attendee.childIds',
          message:
            "only a parent or carer (their own children), a child's advocate (the children they speak for) or a child (which child they are) is linked to children (this attendee is advocate coming with a parent or carer)",
        },
      ]);
    },
  );

  it(
    'Cumbria: refers the 13-year-old to NYAS, invites her advocate for her, and asks the social worker to explain the decision',
    { timeout: 90_000 },
    async () => {
      const c = await create(s, body('cumbria'));
      await settle(s);
      const tasks = (await s.api('GET', `/api/conferences/${c.id}/tasks`)).body.tasks;
      // Five working days before Monday 4 January 2027, skipping Christmas and the Boxing Day holiday (Monday 28).
      expect(tasks).toEqual([
        {
          id: 't1',
          kind: 'refer-to-advocacy',
          subject: 'c1',
          detail: 'the child (aged 13) to NYAS (National Youth Advocacy Service) for an advocate',
          dueAt: '2026-12-23T17:00:00+00:00',
          status: 'open',
        },
      ]);

      // Nobody records the referral by its due date: the social worker is reminded and the coordinator told, once, without names.
      await s.advanceTo('2026-12-23T17:05');
      const chase = (who: string) =>
        until(`the referral chaser to ${who}`, () =>
          s.smtp.messages.find(
            (m) => m.envelopeTo.includes(who) && m.parsed.subject === `${c.reference}: advocacy referral not made yet`,
          ),
        );
      const toSw = text(await chase('sw@example.gov.uk'));
      expect(toSw).toContain('Child 1 (aged 13): was due Wednesday 23 December 2026 at 17:00');
      expect(toSw).toContain('Please refer the child now');
      // The chair meets the parents at 10:00; the social worker joins with the professionals at 10:30.
      expect(toSw).toContain('reach the meeting on Monday 4 January 2027 at 10:30,');
      expect(text(await chase('coordinator@example.gov.uk'))).toContain('The social worker has been reminded.');
      // The chair is told too: they can ask at the meeting how the child's views will be heard.
      const toChair = text(await chase('chair@example.gov.uk'));
      expect(toChair).toContain('Child 1 (aged 13): was due Wednesday 23 December 2026 at 17:00');
      expect(toChair).toContain(
        'You chair the meeting on Monday 4 January 2027 at 10:00. The social worker has been reminded and the coordinator told.',
      );
      expect(toSw + toChair).not.toMatch(/Ruby|Testfamily/);
      await s.advanceTo('2026-12-24T09:00');
      expect(
        s.smtp.messages.filter((m) => m.parsed.subject === `${c.reference}: advocacy referral not made yet`),
      ).toHaveLength(3);

      // The advocate's own invitation: which child, by number and age; when the meeting starts; none of the parents' wording.
      const invite = await until('the advocate’s invitation', () =>
        s.smtp.messages.find(
          (m) => m.envelopeTo.includes(ADVOCATE) && /as the child’s advocate/.test(m.parsed.subject ?? ''),
        ),
      );
      const t = text(invite);
      expect(t).toContain(
        'as the advocate for this child: Child 1, aged 13. The social worker or the advocacy service will tell you who they are.',
      );
      expect(t).toContain('when the meeting starts');
      expect(t).not.toMatch(
        /Ruby|Leo|Testfamily|2013|You can bring a solicitor|to talk with the chair|To ask for an advocate/,
      );
      expect(invite.parsed.subject).not.toMatch(/Ruby|Testfamily/);

      // The coordinator confirms the referral is made (the dashboard's button does the same).
      const done = await s.api('POST', `/api/conferences/${c.id}/tasks/t1/done`, { by: 'Coordinator Cara' });
      expect(done.status, JSON.stringify(done.body)).toBe(200);
      expect(done.body).toMatchObject({ kind: 'refer-to-advocacy', status: 'done' });

      // How each child takes part: Ruby through her advocate, Leo in words and pictures. A child not in
      // the conference is refused naming the field, through the API and on the chair's page, and nothing changes.
      const before = await snapshot(s, c.id);
      const wrong = await s.api('POST', `/api/conferences/${c.id}/participation`, {
        children: [
          { childId: 'c1', way: 'advocate' },
          { childId: 'c3', way: 'attended' },
        ],
      });
      expect(wrong.status).toBe(400);
      expect(wrong.body.issues).toEqual([
        { field: 'children.1.childId', message: 'no child c3 in this conference (children: c1, c2)' },
      ]);
      const chairPath = await linkPath(s, c.id, 'a1', 'chair');
      const chair = new PageClient(s.url);
      const chairPage = await chair.get(chairPath);
      const onPage = await chair.post(chairPath, {
        _csrf: csrfOf(chairPage.text),
        action: 'participation',
        childId: 'c3',
        way: 'attended',
      });
      expect(onPage.status).toBe(400);
      expect(plainText(onPage.text)).toContain('no child c3 in this conference (children: c1, c2)');
      expect(await snapshot(s, c.id)).toEqual(before);
      expect((await s.api('GET', `/api/conferences/${c.id}/participation`)).body.participation).toEqual([]);
      const recorded = await s.api('POST', `/api/conferences/${c.id}/participation`, {
        children: [
          { childId: 'c1', way: 'advocate' },
          { childId: 'c2', way: 'drawing-or-letter' },
        ],
      });
      expect(recorded.status, JSON.stringify(recorded.body)).toBe(200);

      await decidedConference(s, { conference: c, approveAt: '2027-01-04T11:50' });
      const after = (await s.api('GET', `/api/conferences/${c.id}/tasks`)).body.tasks;
      // Both children are of an age to understand (5 and over); due five working days after approval.
      expect(after.slice(1)).toEqual([
        {
          id: 't2',
          kind: 'explain-decision',
          subject: 'c1',
          detail: "the decision to the child (aged 13), with a children's version of the plan (words and pictures)",
          dueAt: '2027-01-11T17:00:00+00:00',
          status: 'open',
        },
        {
          id: 't3',
          kind: 'explain-decision',
          subject: 'c2',
          // Leo has a child in need plan: there is no children's version of one.
          detail: 'the decision to the child (aged 6)',
          dueAt: '2027-01-11T17:00:00+00:00',
          status: 'open',
        },
      ]);
      // Today's work lists them after the meeting, naming the child in words (never `c1`).
      const work = async () =>
        (await s.api('GET', '/api/worklist')).body.items.filter(
          (i: { conferenceId: string; kind: string }) => i.conferenceId === c.id && i.kind === 'explain-to-child',
        );
      const lines = (await work()).map((i: { what: string; next: string }) => `${i.what} / ${i.next}`);
      expect(lines).toEqual([
        expect.stringMatching(
          /^Explain the decision to the child \(aged 13\), with a children's version of the plan \(words and pictures\): for Child 1: Ruby \w+, aged 13 \/ Ask the social worker/,
        ),
        expect.stringMatching(/^Explain the decision to the child \(aged 6\).*: for Child 2: Leo \w+, aged 6 \//),
      ]);
      expect(lines.join('\n')).not.toMatch(/\bc\d\b/);
      // On the conference's page they have their own heading, apart from the arrangements for the meeting.
      const desk = new PageClient(s.url);
      const signIn = await desk.get('/dashboard/sign-in');
      await desk.post('/dashboard/sign-in', { key: TEST_API_KEY, _csrf: csrfOf(signIn.text) });
      const page = (await desk.get(`/dashboard/c/${c.id}`)).text;
      const section = (id: string) => page.split(`<h2 id="${id}">`)[1]?.split('<h2')[0] ?? '';
      expect(section('explain-to-children')).toContain('Explaining the decision to the children');
      expect(section('explain-to-children')).toContain('Explain the decision to the child (aged 13)');
      expect(section('arrangements')).not.toContain('Explain the decision');
      expect(section('arrangements')).toContain('Refer');
      const today = (await desk.get('/dashboard')).text;
      expect(today).toContain('decisions to explain to children');
      const letter = await until('the social worker’s decision letter', () =>
        s.smtp.messages.find(
          (m) =>
            m.envelopeTo.includes('sw@example.gov.uk') &&
            /^Decision of child protection conference/.test(m.parsed.subject ?? ''),
        ),
      );
      expect(text(letter)).toContain(
        'The social worker explains the decision to Child 1: Ruby (born Thursday 2 May 2013) by Monday 11 January 2027 at 17:00, with a children’s version of the plan (words and pictures).',
      );
      expect(text(letter)).toContain(
        'The social worker explains the decision to Child 2: Leo (born Thursday 17 September 2020) by Monday 11 January 2027 at 17:00.',
      );
      expect(text(letter)).toContain('How the children took part');
      expect(text(letter)).toContain('Child 1: Ruby (born Thursday 2 May 2013): views given through an advocate');
      expect(text(letter)).toContain(
        'Child 2: Leo (born Thursday 17 September 2020): views given in a drawing, letter or words and pictures',
      );
      // Recorded as done, audited; the advocate is sent nothing about the decision (the child is sent nothing).
      expect((await s.api('POST', `/api/conferences/${c.id}/tasks/t2/done`, { by: 'Sam Social' })).status).toBe(200);
      const audit = (await s.api('GET', `/api/conferences/${c.id}`)).body.audit.filter(
        (e: { action: string }) => e.action === 'task.done',
      );
      expect(
        audit.map((e: { detail: { kind: string; subject: string } }) => [e.detail.kind, e.detail.subject]),
      ).toEqual([
        ['refer-to-advocacy', 'c1'],
        ['explain-decision', 'c1'],
      ]);
      // Done: it leaves today's work; the other child's stays.
      expect((await work()).map((i: { taskId: string }) => i.taskId)).toEqual(['t3']);
      expect(
        s.smtp.messages.filter((m) => m.envelopeTo.includes(ADVOCATE)).map((m) => m.parsed.subject ?? ''),
      ).not.toContainEqual(expect.stringMatching(/[Dd]ecision/));
    },
  );

  it(
    'Cumbria: a referral opened later (the meeting moved past the child’s 11th birthday) gets its chaser without another reschedule',
    { timeout: 90_000 },
    async () => {
      const b = hackneyInitialBody({
        policy: 'cumbria',
        startsAt: '2027-02-01T10:00',
        children: [{ firstName: 'Ruby', lastName: 'Testfamily', dateOfBirth: '2016-02-10' }],
      });
      const c = await create(s, b);
      await settle(s);
      // Aged 10 on 1 February: no referral yet.
      expect((await s.api('GET', `/api/conferences/${c.id}/tasks`)).body.tasks).toEqual([]);
      const moved = await s.api('POST', `/api/conferences/${c.id}/reschedule`, {
        startsAt: '2027-02-15T10:00',
        reason: 'The chair is ill',
        requestedBy: 'Coordinator Cara',
      });
      expect(moved.status, JSON.stringify(moved.body)).toBe(200);
      const tasks = (await s.api('GET', `/api/conferences/${c.id}/tasks`)).body.tasks;
      expect(tasks).toEqual([
        expect.objectContaining({
          id: 't1',
          kind: 'refer-to-advocacy',
          subject: 'c1',
          dueAt: '2027-02-08T17:00:00+00:00',
        }),
      ]);
      // Its own chaser, of the current version, exactly once.
      const chasers = (await s.rt.deps.jobs.pending(c.id)).filter((j) => j.step === 'advocacy-referral-due');
      expect(chasers.map((j) => ({ seq: j.seq, runAt: j.runAt }))).toEqual([
        { seq: 1, runAt: '2027-02-08T17:00:00.000Z' },
      ]);
      await s.advanceTo('2027-02-08T17:05');
      await until('the referral chaser', () =>
        s.smtp.messages.find(
          (m) =>
            m.envelopeTo.includes('sw@example.gov.uk') &&
            m.parsed.subject === `${c.reference}: advocacy referral not made yet`,
        ),
      );
    },
  );

  /** The other presets, a week apart from 1 March 2027 (before the clocks change). */
  const OTHERS = presetsOnMondays({
    presets: PRESETS.filter((p) => p.policy !== 'cumbria'),
    from: '2027-03-01',
  }).map((p) => ({ ...p, strategy: daysAfter(p.on, -20) }));
  it.each(OTHERS)(
    "$policy: no referral (no advocate age), the advocate's own invitation, each child's participation, and the explanation to each child after approval",
    { timeout: 90_000 },
    async (p) => {
      const c = await create(
        s,
        body(p.policy, {
          startsAt: `${p.on}T10:00`,
          strategyDiscussionOn: notAfterToday(s, p.strategy),
          mode: p.mode,
          ...(p.mode === 'in-person' ? { venue: 'Civic Offices, Room 2' } : {}),
        }),
      );
      await settle(s);
      expect((await s.api('GET', `/api/conferences/${c.id}/tasks`)).body.tasks).toEqual([]);
      // The advocate's own invitation, never the parents' letter.
      const invite = await until('the advocate’s invitation', () =>
        s.smtp.messages.find(
          (m) =>
            m.envelopeTo.includes(ADVOCATE) &&
            (m.parsed.subject ?? '').includes(c.reference) &&
            /as the child’s advocate/.test(m.parsed.subject ?? ''),
        ),
      );
      expect(text(invite)).toContain('as the advocate for this child: Child 1, aged 13.');
      expect(text(invite)).not.toMatch(/Ruby|Leo|Testfamily|You can bring a solicitor|to talk with the chair/);
      // How each child takes part: Ruby through her advocate, Leo in words and pictures.
      const recorded = await s.api('POST', `/api/conferences/${c.id}/participation`, {
        children: [
          { childId: 'c1', way: 'advocate' },
          { childId: 'c2', way: 'drawing-or-letter' },
        ],
      });
      expect(recorded.status, JSON.stringify(recorded.body)).toBe(200);
      // A child not in the conference is refused, naming the field; nothing changes.
      const before = await snapshot(s, c.id);
      const wrong = await s.api('POST', `/api/conferences/${c.id}/participation`, {
        children: [{ childId: 'c3', way: 'attended' }],
      });
      expect(wrong.status).toBe(400);
      expect(wrong.body.issues).toEqual([
        { field: 'children.0.childId', message: 'no child c3 in this conference (children: c1, c2)' },
      ]);
      expect(await snapshot(s, c.id)).toEqual(before);

      await holdMeeting(s, c, { at: `${p.on}T10:30` });
      expect((await s.api('POST', `/api/conferences/${c.id}/decision/approve`, {})).status).toBe(200);
      await settle(s);
      const after = (await s.api('GET', `/api/conferences/${c.id}/tasks`)).body.tasks;
      // Both children are of an age to understand; no children's version of the plan outside Cumbria.
      expect(
        after.map((t: { kind: string; subject: string; detail: string }) => [t.kind, t.subject, t.detail]),
      ).toEqual([
        ['explain-decision', 'c1', 'the decision to the child (aged 13)'],
        ['explain-decision', 'c2', 'the decision to the child (aged 6)'],
      ]);
      const letter = await until('the professionals’ decision letter', () =>
        s.smtp.messages.find(
          (m) =>
            m.envelopeTo.includes('hv@nhs.example.org') &&
            (m.parsed.subject ?? '').includes(c.reference) &&
            /^Decision of child protection conference/.test(m.parsed.subject ?? ''),
        ),
      );
      const t = text(letter);
      expect(t).toContain('How the children took part');
      expect(t).toContain('Child 1: Ruby (born Thursday 2 May 2013): views given through an advocate');
      expect(t).toContain(
        'Child 2: Leo (born Thursday 17 September 2020): views given in a drawing, letter or words and pictures',
      );
      expect(t).toMatch(
        /The social worker explains the decision to Child 1: Ruby \(born Thursday 2 May 2013\) by \w+ \d+ \w+ 2027 at 17:00\./,
      );
      expect(t).not.toContain('children’s version of the plan');
      expect((await s.api('POST', `/api/conferences/${c.id}/tasks/t1/done`, { by: 'Sam Social' })).status).toBe(200);
      expect(
        (await s.api('GET', `/api/conferences/${c.id}/tasks`)).body.tasks.map((x: { status: string }) => x.status),
      ).toEqual(['done', 'open']);
    },
  );
});
