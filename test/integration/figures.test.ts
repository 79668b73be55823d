/**
 * The figures page's numbers over a small year with known answers, on real Redis and the simulated
 * clock, every conference driven through the API as a coordinator and chair would:
 * - CPC-A, initial, January: strategy discussion 4 January, held 18 January (within 15 working
 *   days); the social worker's report on time, the police's late, health's missing; the decision
 *   letter by post printed three days later (72 hours: outside Hackney's 24-hour window); a core
 *   group within 10 working days; a plan action done before its due date; participation recorded
 *   per child (one not recorded, too young; one through an advocate).
 * - CPC-Z, initial, December 2026 (outside the year): Ruby goes on a plan.
 * - CPC-B, review, March: one child steps down to a child in need plan, Ruby (the same child record
 *   as at Z) stays on her plan, 13 months old on 31 December 2027;
 *   the child's view through the social worker; the posted letter printed after 6 hours.
 * - CPC-C, initial, June: strategy discussion 10 May, held 3 June: 2 working days late, because
 *   Monday 31 May (spring bank holiday) is not a working day (3 if it were counted); one child gave
 *   their view in person, the other ends with no further action (recorded as attended); the letter printed after 2 hours;
 *   the first core group late; a plan action left open past its due date.
 * - CPC-D, initial, booked for September and cancelled.
 * Then bad input: a period the wrong way round, an unknown policy, a year in the future.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { redisUrl } from '../helpers/redis.ts';
import { recordReport } from '../../src/app/reports/record-report.ts';
import { byRole, create, NO_REPORTS_REASON, settle, type Created } from '../helpers/decision-flow.ts';
import { hackneyInitialBody, startTestService, TEST_API_KEY, type TestService } from '../helpers/service.ts';

let s: TestService;
beforeAll(async () => {
  s = await startTestService();
});
afterAll(async () => s?.stop());

const ok = async (method: string, path: string, body?: unknown) => {
  const r = await s.api(method, path, body);
  expect(r.status, `${method} ${path}: ${JSON.stringify(r.body)}`).toBeLessThan(300);
  return r.body;
};
const marcus = (c: Created) => c.attendees.find((a) => a.role === 'parent' && !a.email)!;

/** Starts the meeting at `at`, everyone present, the child's views given, then the chair decides at `decideAt` and approves. */
async function hold(
  c: Created,
  o: {
    at: string;
    decideAt: string;
    outcomes: [string, string][];
    childViews?: Record<string, unknown>[];
    decision?: Record<string, unknown>;
  },
) {
  await s.advanceTo(o.at);
  const base = `/api/conferences/${c.id}`;
  await ok('POST', `${base}/start`, {});
  await ok('POST', `${base}/attendance`, {
    present: c.attendees.filter((a) => a.role !== 'child').map((a) => a.id),
    apologies: [],
  });
  for (const v of o.childViews ?? [])
    await ok('POST', `${base}/views`, { childsView: true, rationale: 'What I want the meeting to know', ...v });
  await s.advanceTo(o.decideAt);
  await ok('POST', `${base}/decision`, {
    outcomes: o.outcomes.map(([childId, outcome]) => ({
      childId,
      outcome,
      categories: outcome === 'child-protection-plan' ? ['neglect'] : [],
      rationale: 'The chair’s reasons',
      ...(outcome === 'child-protection-plan'
        ? { keyWorker: byRole(c, 'social-worker').id, visitingFrequency: 'every 10 working days' }
        : {}),
    })),
    plan: [
      {
        risk: 'Missed appointments',
        task: 'Keep every appointment',
        byWhom: 'Parents',
        timescale: 'From now',
        plannedOutcome: 'All kept',
      },
    ],
    coreGroup: [byRole(c, 'social-worker').id],
    withoutReportsReason: NO_REPORTS_REASON,
    ...o.decision,
  });
  await ok('POST', `${base}/decision/approve`, {});
  await settle(s);
  await s.idle(60_000);
}

/** Marks the posted decision letter printed at `at`. */
async function printDecisionLetter(c: Created, at: string) {
  await s.advanceTo(at);
  const v = (await s.api('GET', `/api/conferences/${c.id}`)).body;
  const letter = v.hardCopies.find(
    (h: { document: string; attendeeId: string }) => h.document === 'decision-letter' && h.attendeeId === marcus(c).id,
  );
  expect(letter, 'the decision letter is on the print list').toBeDefined();
  await ok('POST', `/api/conferences/${c.id}/hard-copies/${letter.blobId}/printed`, {});
}

describe('figures for a year', () => {
  let A: Created, B: Created, C: Created, D: Created;

  it('adds up a year of conferences, every figure as known', { timeout: 240_000 }, async () => {
    // Z, December 2026 (before the year): Ruby goes on a plan; B reviews it in March (same child record).
    const Z = await create(s, hackneyInitialBody({ startsAt: '2026-12-01T10:00', strategyDiscussionOn: '2026-11-20' }));
    const ruby = (await ok('GET', `/api/conferences/${Z.id}`)).children[0].recordId as string;
    expect(ruby).toMatch(/^k[a-z0-9]{12}$/);
    const [rubyBody, leoBody] = hackneyInitialBody().children;
    B = await create(
      s,
      hackneyInitialBody({
        kind: 'review',
        startsAt: '2027-03-15T10:00',
        strategyDiscussionOn: undefined,
        children: [leoBody, { ...rubyBody, recordId: ruby }],
      }),
    );
    // A strategy discussion is never after today: D's was on the day it was booked; A and C are booked
    // on the day of theirs, later in the year (below).
    D = await create(s, hackneyInitialBody({ startsAt: '2027-09-06T10:00', strategyDiscussionOn: '2026-12-01' }));
    // Three conferences' invitations and report requests (with their PDFs) take a while on a busy machine.
    await s.idle(90_000);
    await ok('POST', `/api/conferences/${D.id}/cancel`, {
      reason: 'The family moved to another authority',
      requestedBy: 'Coordinator',
    });

    await hold(Z, {
      at: '2026-12-01T10:00:00Z',
      decideAt: '2026-12-01T12:00:00Z',
      outcomes: [
        ['c1', 'child-protection-plan'],
        ['c2', 'child-in-need'],
      ],
    });

    // A: booked on the day of its strategy discussion, 4 January.
    await s.advanceTo('2027-01-04T09:00:00Z');
    A = await create(s, hackneyInitialBody({ startsAt: '2027-01-18T10:00', strategyDiscussionOn: '2027-01-04' }));
    await s.idle(60_000);
    // A: two reports, one on time (due 13 January), one late; health's never comes.
    const report = async (c: Created, role: string, at: string) => {
      await s.advanceTo(at);
      await recordReport(s.rt.deps, {
        conferenceId: c.id,
        attendeeId: byRole(c, role).id,
        channel: 'api',
        text: 'Report text',
        attachments: [],
      });
    };
    await report(A, 'social-worker', '2027-01-11T10:00:00Z');
    await report(A, 'police', '2027-01-15T10:00:00Z');
    await hold(A, {
      at: '2027-01-18T10:00:00Z',
      decideAt: '2027-01-18T12:00:00Z',
      outcomes: [
        ['c1', 'child-protection-plan'],
        ['c2', 'child-in-need'],
      ],
      decision: {
        firstCoreGroup: { startsAt: '2027-01-25T10:00', mode: 'virtual', chairAttendeeId: byRole(A, 'chair').id },
        plan: [
          {
            risk: 'Missed appointments',
            task: 'Keep every appointment',
            byWhom: 'Health visitor',
            timescale: 'A month',
            plannedOutcome: 'All kept',
            ownerAttendeeId: A.attendees.find((a) => a.role === 'professional')!.id,
            dueOn: '2027-02-15',
          },
        ],
      },
    });
    await printDecisionLetter(A, '2027-01-21T12:00:00Z');
    // The chair records how each child took part: c2 through an advocate; c1 not (too young).
    await ok('POST', `/api/conferences/${A.id}/participation`, {
      children: [
        { childId: 'c1', way: 'not-recorded', detail: 'Too young to give a view' },
        { childId: 'c2', way: 'advocate' },
      ],
    });
    await s.advanceTo('2027-02-10T10:00:00Z');
    await ok('POST', `/api/conferences/${A.id}/plan/p1`, { status: 'done', note: 'Every appointment kept' });

    // B: a review; c1 steps down to a child in need plan; c1's view through the social worker.
    await hold(B, {
      at: '2027-03-15T10:00:00Z',
      decideAt: '2027-03-15T12:00:00Z',
      outcomes: [
        ['c1', 'child-in-need'],
        ['c2', 'child-protection-plan'],
      ],
      childViews: [{ childId: 'c1', attendeeId: byRole(B, 'social-worker').id }],
    });
    await printDecisionLetter(B, '2027-03-15T18:00:00Z');

    // C: booked on the day of its strategy discussion, 10 May.
    await s.advanceTo('2027-05-10T09:00:00Z');
    C = await create(
      s,
      hackneyInitialBody({
        startsAt: '2027-06-03T10:00',
        strategyDiscussionOn: '2027-05-10',
        attendees: [...hackneyInitialBody().attendees, { name: 'Ruby Testfamily', role: 'child', childIds: ['c1'] }],
      }),
    );
    await s.idle(60_000);
    // C: late across the spring bank holiday; c1 came and spoke; c2 no further action.
    await hold(C, {
      at: '2027-06-03T09:00:00Z',
      decideAt: '2027-06-03T11:00:00Z',
      outcomes: [
        ['c1', 'child-protection-plan'],
        ['c2', 'no-further-action'],
      ],
      childViews: [{ childId: 'c1', attendeeId: byRole(C, 'child').id }],
      decision: {
        firstCoreGroup: { startsAt: '2027-06-24T10:00', mode: 'virtual', chairAttendeeId: byRole(C, 'chair').id },
        plan: [
          {
            risk: 'Missed appointments',
            task: 'Keep every appointment',
            byWhom: 'Social worker',
            timescale: 'Two weeks',
            plannedOutcome: 'All kept',
            ownerAttendeeId: byRole(C, 'social-worker').id,
            dueOn: '2027-06-18',
          },
        ],
      },
    });
    await printDecisionLetter(C, '2027-06-03T13:00:00Z');
    await ok('POST', `/api/conferences/${C.id}/participation`, { children: [{ childId: 'c2', way: 'attended' }] });
    // Into the next year: the figures for 2027 count plans on 31 December 2027.
    await s.advanceTo('2028-01-05T10:00:00Z');
    await s.idle(60_000);

    const r = await s.api('GET', '/api/figures?year=2027');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const f = r.body;
    expect(f.period).toEqual({ from: '2027-01-01', to: '2027-12-31', policy: null });
    expect(f.conferences).toEqual({
      total: 4,
      byKind: {
        initial: { total: 3, held: 2, cancelled: 1, notHeld: 0 },
        review: { total: 1, held: 1, cancelled: 0, notHeld: 0 },
        'pre-birth': { total: 0, held: 0, cancelled: 0, notHeld: 0 },
        'transfer-in': { total: 0, held: 0, cancelled: 0, notHeld: 0 },
      },
      byOutcome: { 'child-protection-plan': 3, 'child-in-need': 2, 'no-further-action': 1 },
    });
    expect(f.initialConferences).toEqual({
      total: 2,
      withinStatutory: 1,
      withinStatutoryShare: 0.5,
      late: [{ reference: C.reference, workingDaysLate: 2, strategyDiscussionOn: '2027-05-10', heldOn: '2027-06-03' }],
    });
    expect(f.reports).toEqual({
      requested: 9,
      onTime: 1,
      late: 1,
      missing: 7,
      byAgency: [
        { agency: "Children's social care", onTime: 1, late: 0, missing: 2 },
        { agency: 'Health visiting', onTime: 0, late: 0, missing: 3 },
        { agency: 'Police', onTime: 0, late: 1, missing: 2 },
      ],
    });
    // 72, 6 and 2 hours from the decision to the printed letter; only A's was outside the 24 hours.
    expect(f.circulation).toEqual({
      circulated: 3,
      complete: 3,
      waiting: 0,
      medianHours: 6,
      p90Hours: 72,
      withinWindowShare: 0.667,
      withinWindow: 2,
      withWindow: 3,
    });
    expect(f.minutesCirculation).toEqual({
      circulated: 0,
      complete: 0,
      waiting: 0,
      medianHours: null,
      p90Hours: null,
      withinWindowShare: null,
      withinWindow: 0,
      withWindow: 0,
    });
    // A: a record for each child (not recorded; advocate). B: none, so from the views (c1's through
    // the social worker; nothing for c2). C: c1 spoke in person (their view), c2's record says attended.
    expect(f.participation).toEqual({ children: 6, attended: 2, viewsByOtherMeans: 2, notRecorded: 2 });
    expect(f.outcomes).toEqual({
      initialChildren: 4,
      initialNotLeadingToPlan: 2,
      initialNotLeadingToPlanShare: 0.5,
      reviewChildren: 2,
      reviewsSteppingDown: 1,
      reviewsSteppingDownShare: 0.5,
      plansEnded: 1,
    });
    // Ruby: on a plan since 1 December 2026 (Z), continued at the review (B): 13 months on 31 December
    // 2027. A's and C's children on a plan since January and June: under 12 months.
    expect(f.childrenOnPlanOver12Months).toEqual({
      asOf: '2027-12-31',
      onPlan: 3,
      over12Months: 1,
      over12MonthsShare: 0.333,
    });
    expect(f.coreGroups).toEqual({ held: 2, withinLimits: 1, withinLimitsShare: 0.5, noLimit: 0 });
    expect(f.planActions).toEqual({ due: 2, doneOnTime: 1, doneLate: 0, overdue: 1, doneOnTimeShare: 0.5 });
    expect(f.months).toHaveLength(12);
    expect(f.months[0]).toEqual({
      month: '2027-01',
      circulation: { complete: 1, medianHours: 72 },
      reports: { onTime: 1, late: 1, missing: 1 },
    });
    expect(f.months[2]).toEqual({
      month: '2027-03',
      circulation: { complete: 1, medianHours: 6 },
      reports: { onTime: 0, late: 0, missing: 3 },
    });
    expect(f.months[5]).toEqual({
      month: '2027-06',
      circulation: { complete: 1, medianHours: 2 },
      reports: { onTime: 0, late: 0, missing: 3 },
    });
    expect(f.months[8]).toEqual({
      month: '2027-09',
      circulation: { complete: 0, medianHours: null },
      reports: { onTime: 0, late: 0, missing: 0 },
    });
    expect(f.howCounted.initialConferences).toContain('15th working day after the strategy discussion');

    // Records lost (or stored before figures existed) are built again from the conferences.
    const redis = new Redis(redisUrl());
    await redis.del(
      `${s.prefix}:figures:records`,
      `${s.prefix}:figures:revs`,
      `${s.prefix}:figures:dates`,
      `${s.prefix}:figures:version`,
    );
    await redis.quit();
    expect((await s.api('GET', '/api/figures?year=2027')).body).toEqual(f);

    // A period and a policy narrow it.
    const spring = (await s.api('GET', '/api/figures?from=2027-03-01&to=2027-06-30&policy=hackney')).body;
    expect(spring.conferences.total).toBe(2);
    expect(spring.initialConferences.late.map((l: { reference: string }) => l.reference)).toEqual([C.reference]);
    expect((await s.api('GET', '/api/figures?year=2027&policy=cumbria')).body.conferences.total).toBe(0);

    // The same numbers as CSV.
    const csv = await fetch(`${s.url}/api/figures?year=2027&format=csv`, {
      headers: { authorization: `Bearer ${TEST_API_KEY}` },
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toContain('figures-2027-01-01-to-2027-12-31.csv');
    const text = await csv.text();
    expect(text).toContain(`Initial conferences within 15 working days,late: ${C.reference} (working days late),2\r\n`);
    expect(text).toContain('Decision and plan: time to the last recipient,median hours,6\r\n');
    expect(text).toContain('Reports received by the deadline,Police: late,1\r\n');
  });

  it('refuses bad input, naming the field', async () => {
    const bad = async (q: string) => {
      const r = await s.api('GET', `/api/figures?${q}`);
      expect(r.status, q).toBe(400);
      return r.body.issues.map((i: { field: string }) => i.field);
    };
    expect(await bad('from=2026-06-01&to=2026-01-01')).toEqual(['to']);
    expect(await bad('year=2026&policy=nowhere')).toEqual(['policy']);
    // The clock stands in 2027 (or 2026 if run alone): 2030 has no figures yet.
    expect(await bad('year=2030')).toEqual(['year']);
    expect(await bad('from=2027-02-30')).toEqual(['from']);
    expect(await bad('year=2027&colour=blue')).toEqual(['colour']);
    expect(await bad('format=pdf')).toEqual(['format']);
    const r = await s.api('GET', '/api/figures?from=2026-06-01&to=2026-01-01');
    expect(r.body.message).toContain('the period is the wrong way round');
  });
});
