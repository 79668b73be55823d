/**
 * What decision letters say about the family's own part, through the running service: a family
 * that disagrees is pointed to the authority's route for families (not the professionals'
 * escalation procedure), and the family's view, recorded for the whole family, is never put in
 * the mouth of a parent who was not there.
 */
import { describe, expect, it } from 'vitest';
import {
  FAMILY_REASON,
  FAMILY_VIEW,
  PRO_REASON_C1,
  create,
  extraAttendees,
  holdMeeting,
  settle,
  type Created,
} from '../helpers/decision-flow.ts';
import { hackneyInitialBody, startedServices, type TestService } from '../helpers/service.ts';
import { until as pollUntil } from '../helpers/wait.ts';

type Msg = TestService['smtp']['messages'][number];
const start = startedServices();

const JADE = 'jade@family.example.com';
const MARCUS = 'marcus@family.example.com';
const PROFESSIONAL_ROUTE = 'professional disagreement';
const HACKNEY_FAMILY_ROUTE =
  'the Service Manager for Safeguarding and Reviewing first, then the Children and Families Complaints Team';

const subject = (m: Msg) => m.parsed.subject ?? '';
const text = (m: Msg) => (m.parsed.text ?? '').replace(/\s+/g, ' ');
const view = async (s: TestService, id: string) => (await s.api('GET', `/api/conferences/${id}`)).body;
const isDecision = (m: Msg) =>
  /^Decision of child protection conference|^The decision of your child protection meeting/.test(subject(m));

const until = <T>(
  what: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 20_000,
) => pollUntil(what, probe, timeoutMs);
const letterTo = (s: TestService, email: string) =>
  until(`the decision letter to ${email}`, () =>
    s.smtp.messages.find((m) => m.envelopeTo.includes(email) && isDecision(m)),
  );

async function approve(s: TestService, c: Created): Promise<void> {
  const r = await s.api('POST', `/api/conferences/${c.id}/decision/approve`, {});
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  await settle(s);
}

/** Both parents by email (Marcus too), optionally each with their own time with the chair. */
function parentsByEmail(slots?: { jade: string; marcus: string }) {
  const b = hackneyInitialBody() as { attendees: Record<string, unknown>[] } & Record<string, unknown>;
  b.attendees = b.attendees.map((a) =>
    a.name === 'Jade Testfamily'
      ? { ...a, ...(slots ? { preMeetingStartsAt: slots.jade } : {}) }
      : a.name === 'Marcus Testfamily'
        ? {
            name: 'Marcus Testfamily',
            role: 'parent',
            email: MARCUS,
            ...(slots ? { preMeetingStartsAt: slots.marcus } : {}),
          }
        : a,
  );
  return b;
}

describe("the family's disagreement", () => {
  it(
    "is recorded with the authority's route for families, and the professionals' letter says so",
    { timeout: 60_000 },
    async () => {
      const s = await start();
      const base = hackneyInitialBody();
      const c = await create(s, { ...base, attendees: [...base.attendees, ...extraAttendees()] });
      await settle(s);
      // The family asks for a child in need plan for Ruby; the chair decides on a child protection plan.
      await holdMeeting(s, c, {
        at: '2027-01-04T10:00',
        decideAt: '2027-01-04T11:45',
        familyRecommendation: 'child-in-need',
      });
      const decided = await view(s, c.id);
      const agencies = "the local safeguarding partnership's procedure for resolving professional disagreement";
      const hv = c.attendees.find((a) => a.role === 'professional')!;
      const police = c.attendees.find((a) => a.role === 'police')!;
      expect(decided.decision.dissent).toEqual([
        {
          childId: 'c1',
          onBehalfOfFamily: true,
          recommendation: 'child-in-need',
          escalationRoute: HACKNEY_FAMILY_ROUTE,
        },
        { childId: 'c2', attendeeId: hv.id, recommendation: 'child-protection-plan', escalationRoute: agencies },
        { childId: 'c2', attendeeId: police.id, recommendation: 'child-protection-plan', escalationRoute: agencies },
      ]);

      // The chair corrects the reasons for the family. Too long: refused, naming the field, nothing changes.
      const outcomes = decided.decision.outcomes as Record<string, unknown>[];
      const correct = (familyRationale: string) =>
        s.api('POST', `/api/conferences/${c.id}/decision`, {
          outcomes: outcomes.map((o) => (o['childId'] === 'c1' ? { ...o, familyRationale } : o)),
          plan: (decided.decision.plan as Record<string, unknown>[]).map(({ id: _i, revision: _r, ...row }) => row),
          coreGroup: decided.decision.coreGroup,
          withoutReportsReason: 'Reports were given orally at the meeting',
        });
      const tooLong = await correct('x'.repeat(4001));
      expect(tooLong.status).toBe(400);
      expect(JSON.stringify(tooLong.body)).toContain('outcomes.0.familyRationale');
      expect((await view(s, c.id)).decision.outcomes[0].familyRationale).toBe(FAMILY_REASON);
      // The professional rationale again (other case and punctuation): recorded, with a warning.
      const same = await correct(`${PRO_REASON_C1.toUpperCase()}!`);
      expect(same.status, JSON.stringify(same.body)).toBe(201);
      expect(same.body.warnings).toContain(
        'c1: the reasons for the family are the professional reasons word for word: their letter will not quote them; write them in plain words',
      );

      await approve(s, c);
      const pro = text(await letterTo(s, 'hv@nhs.example.org'));
      expect(pro).toContain('Disagreement recorded: The family (Child in need plan).');
      expect(pro).toContain(`A family member who disagrees with the decision can take it to ${HACKNEY_FAMILY_ROUTE}.`);
      // The agencies' route stays, for the health visitor's own dissent about Leo.
      expect(pro).toContain(
        "An agency that disagrees with the chair's decision may escalate it under the local safeguarding partnership's procedure",
      );

      const family = text(await letterTo(s, JADE));
      expect(family).not.toContain(PROFESSIONAL_ROUTE);
      expect(family).toContain('If you disagree or are unhappy');
      expect(family).toContain('first contact the Service Manager for Safeguarding and Reviewing');
      // The family's joint view is quoted as the family's, never as Jade's own words.
      expect(family).toContain(`The family's view recorded at the meeting: ${FAMILY_VIEW}`);
      expect(family).not.toContain('What you told the meeting');
      // Never the professional rationale word for word: the social worker will explain instead.
      expect(family.toLowerCase()).not.toContain(PRO_REASON_C1.toLowerCase());
      expect(family).toContain('Your social worker will explain to you why the chair decided this.');
      expect(pro).toContain(`Rationale: ${PRO_REASON_C1}`);
    },
  );
});

describe("the family's view in a letter to a parent who was absent", () => {
  it(
    'is never sent to them (it may be the other parent’s words), nor called a present parent’s own',
    { timeout: 60_000 },
    async () => {
      const s = await start();
      const c = await create(s, parentsByEmail());
      await settle(s);
      const jade = c.attendees.find((a) => a.email === JADE)!;
      await holdMeeting(s, c, { at: '2027-01-04T10:00', decideAt: '2027-01-04T11:45', absent: [jade.id] });
      await approve(s, c);
      const letter = text(await letterTo(s, JADE));
      expect(letter).toContain('We are sorry you could not come to the child protection meeting');
      expect(letter).not.toContain('What you told the meeting');
      expect(letter).not.toContain(FAMILY_VIEW);
      expect(letter).not.toContain("The family's view");
      // Marcus was there: it is still the family's view, not his own ("What you told the meeting" quotes only a parent's own view).
      const marcus = text(await letterTo(s, MARCUS));
      expect(marcus).toContain(`The family's view recorded at the meeting: ${FAMILY_VIEW}`);
      expect(marcus).not.toContain('What you told the meeting');
      // The chair put Jade in the core group and not Marcus: only Jade is told it is "you and the main workers".
      expect(letter).toContain('The core group (you and the main workers) will meet by');
      expect(marcus).toContain('The core group of workers will meet by');
      expect(marcus).not.toMatch(/you and the main workers|workers and you/);
    },
  );

  it(
    "is left out where parents had separate slots too, and never called a present parent's own",
    { timeout: 60_000 },
    async () => {
      const s = await start();
      const c = await create(s, parentsByEmail({ jade: '2027-01-04T10:00', marcus: '2027-01-04T10:05' }));
      await settle(s);
      const marcus = c.attendees.find((a) => a.email === MARCUS)!;
      await holdMeeting(s, c, { at: '2027-01-04T10:00', decideAt: '2027-01-04T11:45', absent: [marcus.id] });
      await approve(s, c);

      const absent = text(await letterTo(s, MARCUS));
      expect(absent).toContain('We are sorry you could not come to the child protection meeting');
      expect(absent).not.toContain('What you told the meeting');
      expect(absent).not.toContain(FAMILY_VIEW);
      expect(absent).not.toContain("The family's view");
      // Jade was there, but with separate slots the view is the family's, not necessarily hers.
      const present = text(await letterTo(s, JADE));
      expect(present).not.toContain('What you told the meeting');
      expect(present).toContain(`The family's view recorded at the meeting: ${FAMILY_VIEW}`);
    },
  );
});

describe("an absent parent's letter and the social worker's visit", () => {
  it('promises no visit under a policy that asks for none (Hackney)', { timeout: 60_000 }, async () => {
    const s = await start();
    const c = await create(s, parentsByEmail());
    await settle(s);
    const jade = c.attendees.find((a) => a.email === JADE)!;
    await holdMeeting(s, c, { at: '2027-01-04T10:00', decideAt: '2027-01-04T11:45', absent: [jade.id] });
    await approve(s, c);
    const letter = text(await letterTo(s, JADE));
    expect(letter).toContain(
      'We are sorry you could not come to the child protection meeting on Monday 4 January 2027. This letter sets out what was decided.',
    );
    expect(letter).not.toMatch(/visit you|in person|has been asked/i);
    // Nobody was asked to visit her either.
    expect(s.smtp.messages.some((m) => subject(m).includes('absent parent'))).toBe(false);
  });

  it(
    'says the social worker will visit where the policy asks for it (Cumbria), only once they were asked',
    { timeout: 60_000 },
    async () => {
      const s = await start();
      const c = await create(s, { ...parentsByEmail(), policy: 'cumbria' });
      await settle(s);
      const jade = c.attendees.find((a) => a.email === JADE)!;
      const marcus = c.attendees.find((a) => a.email === MARCUS)!;
      await holdMeeting(s, c, { at: '2027-01-04T10:00', decideAt: '2027-01-04T11:45', absent: [jade.id, marcus.id] });
      await approve(s, c);
      // The social worker is asked first, and the letters wait.
      const asks = s.smtp.messages.filter(
        (m) => m.envelopeTo.includes('sw@example.gov.uk') && subject(m).includes('please tell an absent parent'),
      );
      expect(asks).toHaveLength(2);
      expect(
        s.smtp.messages.filter((m) => isDecision(m) && (m.envelopeTo.includes(JADE) || m.envelopeTo.includes(MARCUS))),
      ).toHaveLength(0);

      // Nobody confirms for Jade: her letter still waits the next working day (the social worker is reminded).
      await s.advanceTo('2027-01-05T09:30');
      await settle(s);
      const toParents = () =>
        s.smtp.messages.filter((m) => isDecision(m) && (m.envelopeTo.includes(JADE) || m.envelopeTo.includes(MARCUS)));
      expect(toParents()).toHaveLength(0);

      // The coordinator sends hers without the visit, saying why: it says the visit was asked for.
      const released = await s.api('POST', `/api/conferences/${c.id}/circulation/${jade.id}/release`, {
        reason: 'She has asked for the letter before the visit',
      });
      expect(released.status, JSON.stringify(released.body)).toBeLessThan(300);
      await settle(s);
      const jadeLetter = text(await letterTo(s, JADE));
      expect(jadeLetter).toContain(
        'We are sorry you could not come to the child protection meeting on Monday 4 January 2027. Your social worker has been asked to visit you and tell you about the decision in person.',
      );
      expect(jadeLetter).not.toContain(FAMILY_VIEW);

      // Marcus's letter still waits for his visit.
      expect(toParents().filter((m) => m.envelopeTo.includes(MARCUS))).toHaveLength(0);
    },
  );

  it('says the visit has happened once the social worker confirms it', { timeout: 60_000 }, async () => {
    const s = await start();
    const c = await create(s, { ...parentsByEmail(), policy: 'cumbria' });
    await settle(s);
    const jade = c.attendees.find((a) => a.email === JADE)!;
    await holdMeeting(s, c, { at: '2027-01-04T10:00', decideAt: '2027-01-04T11:45', absent: [jade.id] });
    await approve(s, c);
    expect(
      (
        await s.api('POST', `/api/conferences/${c.id}/circulation/${jade.id}/told`, {
          explainedBy: 'social-worker',
          how: 'in-person',
          view: 'did-not-wish',
        })
      ).status,
    ).toBe(202);
    await settle(s);
    const letter = text(await letterTo(s, JADE));
    expect(letter).toContain(
      'On Monday 4 January 2027 your social worker met you to explain what was decided. You did not want to give a view then. You can still tell the chair or your social worker what you think. This letter sets out what was decided.',
    );
    expect(letter).not.toContain('has been asked to visit');
    // Marcus was there: no visit, no apology.
    const marcus = text(await letterTo(s, MARCUS));
    expect(marcus).toContain('Thank you for coming to the child protection meeting');
    expect(marcus).not.toMatch(/visit you|in person/);
  });
});

describe("the plan's actions in a parent's letter", () => {
  it(
    'show only the rows for that parent’s own children (half-siblings), and a row for no child in particular to both',
    { timeout: 60_000 },
    async () => {
      const s = await start();
      const body = parentsByEmail();
      // Ruby (c1) is Jade's only; Leo (c2) is both parents'.
      body.attendees = body.attendees.map((a) =>
        a['name'] === 'Jade Testfamily'
          ? { ...a, childIds: ['c1', 'c2'] }
          : a['name'] === 'Marcus Testfamily'
            ? { ...a, childIds: ['c2'] }
            : a,
      );
      const c = await create(s, body);
      await settle(s);
      const row = (task: string, childIds?: string[]) => ({
        risk: 'r',
        task,
        byWhom: 'the social worker',
        timescale: 'weekly',
        plannedOutcome: 'o',
        ...(childIds ? { childIds } : {}),
      });
      await holdMeeting(s, c, {
        at: '2027-01-04T10:00',
        decideAt: '2027-01-04T11:45',
        plan: [row('RUBY-ONLY-ACTION', ['c1']), row('LEO-ONLY-ACTION', ['c2']), row('WHOLE-FAMILY-ACTION')],
      });
      await approve(s, c);
      const jade = text(await letterTo(s, JADE));
      const marcus = text(await letterTo(s, MARCUS));
      for (const t of ['RUBY-ONLY-ACTION', 'LEO-ONLY-ACTION', 'WHOLE-FAMILY-ACTION']) expect(jade).toContain(t);
      expect(marcus).toContain('LEO-ONLY-ACTION');
      expect(marcus).toContain('WHOLE-FAMILY-ACTION');
      expect(marcus).not.toContain('RUBY-ONLY-ACTION');
    },
  );

  it(
    'a plan row for a child who is not in the conference is refused, naming the field',
    { timeout: 60_000 },
    async () => {
      const s = await start();
      const c = await create(s, parentsByEmail());
      await settle(s);
      await holdMeeting(s, c, { at: '2027-01-04T10:00' });
      const r = await s.api('POST', `/api/conferences/${c.id}/decision`, {
        outcomes: [
          { childId: 'c1', outcome: 'child-in-need', rationale: 'x' },
          { childId: 'c2', outcome: 'child-in-need', rationale: 'x' },
        ],
        plan: [{ risk: 'r', task: 't', byWhom: 'b', timescale: 't', plannedOutcome: 'o', childIds: ['c9'] }],
        withoutReportsReason: 'Reports were given orally',
      });
      expect(r.status).toBe(400);
      expect(r.body.issues).toContainEqual({ field: 'plan.0.childIds.0', message: `no child c9 in ${c.reference}` });
    },
  );
});
