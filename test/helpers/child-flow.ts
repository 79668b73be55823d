/**
 * Conferences through the coordinator and chair API, decided child by child: what the child-record
 * and census tests need (a plan started, continued with another category, ended at a review).
 */
import { expect } from 'vitest';
import { byRole, create, settle, NO_REPORTS_REASON, type Created } from './decision-flow.ts';
import { hackneyInitialBody, type TestService } from './service.ts';
import { until } from './wait.ts';

export type Outcome = {
  childId: string;
  outcome: 'child-protection-plan' | 'child-in-need' | 'no-further-action';
  categories?: string[];
};

async function ok(s: TestService, method: string, path: string, body?: unknown): Promise<any> {
  const r = await s.api(method, path, body);
  expect(r.status, `${method} ${path}: ${JSON.stringify(r.body)}`).toBeLessThan(300);
  return r.body;
}

export const view = async (s: TestService, id: string) => (await s.api('GET', `/api/conferences/${id}`)).body;

/** A Hackney conference about these children (a body's `children`), created at the current simulated time. */
export async function createFor(
  s: TestService,
  overrides: Record<string, unknown>,
): Promise<Created & { children: { id: string; recordId: string }[] }> {
  const c = await create(s, hackneyInitialBody(overrides));
  await settle(s);
  const v = await view(s, c.id);
  return { ...c, children: v.children };
}

/**
 * Holds the meeting at `at` (a London time), records the chair's decision per child and approves
 * it, then waits until each child's record has it.
 */
export async function decideAndApprove(s: TestService, c: Created, at: string, outcomes: Outcome[]): Promise<void> {
  await s.advanceTo(at);
  const base = `/api/conferences/${c.id}`;
  await ok(s, 'POST', `${base}/start`, {});
  await ok(s, 'POST', `${base}/attendance`, {
    present: c.attendees.filter((a) => a.role !== 'child').map((a) => a.id),
    apologies: [],
  });
  const sw = byRole(c, 'social-worker');
  await ok(s, 'POST', `${base}/decision`, {
    outcomes: outcomes.map((o) => ({
      childId: o.childId,
      outcome: o.outcome,
      categories: o.categories ?? [],
      rationale: 'The chair’s reasons',
    })),
    plan: outcomes.some((o) => o.outcome === 'child-protection-plan')
      ? [
          {
            risk: 'Missed appointments',
            task: 'Keep every appointment',
            byWhom: 'Parents',
            timescale: 'From now',
            plannedOutcome: 'All kept',
          },
        ]
      : [],
    coreGroup: [sw.id],
    withoutReportsReason: NO_REPORTS_REASON,
  });
  await ok(s, 'POST', `${base}/decision/approve`, {});
  await settle(s);
  await until('the children’s records', async () => {
    const v = await view(s, c.id);
    return v.audit.some((a: any) => a.action === 'child-plans.recorded') ? v : undefined;
  });
}

/** The review the bot drafted after `c`, confirmed (at `startsAt` if given). */
export async function confirmReview(
  s: TestService,
  c: Created,
  startsAt?: string,
): Promise<Created & { children: { id: string; recordId: string }[] }> {
  const v = await until('the review draft', async () => {
    const x = await view(s, c.id);
    return x.reviewDraftId ? x : undefined;
  });
  await ok(s, 'POST', `/api/conferences/${v.reviewDraftId}/confirm`, startsAt ? { startsAt } : {});
  await settle(s);
  const d = await view(s, v.reviewDraftId);
  return { id: d.id, reference: d.reference, attendees: d.attendees, timetable: d.timetable, children: d.children };
}
