/**
 * A child keeps one identity across the initial conference and its reviews: the record is given
 * when the conference is created, carried by the drafted review, and each approved decision is
 * written to it, so the plan's start, categories, reviews and end follow the child.
 */
import { describe, expect, it } from 'vitest';
import { confirmReview, createFor, decideAndApprove } from '../helpers/child-flow.ts';
import { hackneyInitialBody, startedServices } from '../helpers/service.ts';

const start = startedServices();

describe('a child across conferences', () => {
  it('keeps one record from the initial conference to the review that ends the plan', { timeout: 90_000 }, async () => {
    const s = await start();
    const initial = await createFor(s, {});
    const [ruby, leo] = initial.children;
    expect(ruby!.recordId).toMatch(/^k[a-z0-9]{12}$/);
    expect(leo!.recordId).toMatch(/^k[a-z0-9]{12}$/);
    expect(ruby!.recordId).not.toBe(leo!.recordId);

    await decideAndApprove(s, initial, '2027-01-04T10:00', [
      { childId: 'c1', outcome: 'child-protection-plan', categories: ['neglect'] },
      { childId: 'c2', outcome: 'child-in-need' },
    ]);
    let rec = (await s.api('GET', `/api/children/${ruby!.recordId}`)).body;
    expect(rec.plans).toEqual([
      expect.objectContaining({
        startedOn: '2027-01-04',
        startedAt: { reference: initial.reference, kind: 'initial', strategyDiscussionOn: '2026-12-01' },
        onPlan: true,
        reviews: [],
        categoryHistory: [{ on: '2027-01-04', reference: initial.reference, categories: ['neglect'] }],
      }),
    ]);
    expect(rec.plans[0].endedOn).toBeUndefined();
    // Leo's initial conference did not lead to a plan: recorded, no plan.
    const leoRec = (await s.api('GET', `/api/children/${leo!.recordId}`)).body;
    expect(leoRec.conferences.map((e: any) => [e.reference, e.outcome])).toEqual([
      [initial.reference, 'child-in-need'],
    ]);
    expect(leoRec.plans).toEqual([]);

    // The review reviews Ruby's plan only, and knows her by the same record.
    const review = await confirmReview(s, initial, '2027-03-29T10:00');
    expect(review.children.map((c) => [c.id, c.recordId])).toEqual([['c1', ruby!.recordId]]);
    await decideAndApprove(s, review, '2027-03-29T10:00', [{ childId: 'c1', outcome: 'child-in-need' }]);
    rec = (await s.api('GET', `/api/children/${ruby!.recordId}`)).body;
    expect(rec.plans).toHaveLength(1);
    expect(rec.plans[0]).toMatchObject({
      startedOn: '2027-01-04',
      endedOn: '2027-03-29',
      endedAt: { reference: review.reference, kind: 'review', outcome: 'child-in-need' },
      reviews: [{ on: '2027-03-29', reference: review.reference }],
      references: [initial.reference, review.reference],
      onPlan: false,
      timeOnPlan: { days: 84, months: 2 },
    });

    // No key names a child; the child's keys carry the opaque id only.
    const keys = await s.redisKeys();
    expect(keys.filter((k) => /ruby|leo|testfamily/i.test(k))).toEqual([]);
    expect(keys).toContain(`${s.prefix}:child:${ruby!.recordId}`);
  });

  it(
    'links a child who comes back to their record, and refuses a record that does not exist',
    { timeout: 60_000 },
    async () => {
      const s = await start();
      const first = await createFor(s, {
        children: [{ firstName: 'Ruby', lastName: 'Testfamily', dateOfBirth: '2019-05-02', previousPlans: 1 }],
      });
      const bad = await s.api(
        'POST',
        '/api/conferences',
        hackneyInitialBody({
          startsAt: '2027-02-01T10:00',
          children: [{ firstName: 'Ruby', dateOfBirth: '2019-05-02', recordId: 'k000000000000' }],
        }),
      );
      expect(bad.status).toBe(400);
      expect(bad.body.issues).toEqual([
        {
          field: 'children.0.recordId',
          message: 'no child record k000000000000 (see GET /api/children/k000000000000)',
        },
      ]);
      const again = await createFor(s, {
        startsAt: '2027-02-01T10:00',
        children: [{ firstName: 'Ruby', dateOfBirth: '2019-05-02', recordId: first.children[0]!.recordId }],
      });
      expect(again.children[0]!.recordId).toBe(first.children[0]!.recordId);
      expect((await s.api('GET', '/api/children/not-an-id')).body.issues).toEqual([
        { field: 'recordId', message: 'expected a child record id such as k0123456789ab' },
      ]);
      expect((await s.api('GET', '/api/children/k999999999999')).status).toBe(404);
      expect((await s.api('GET', `/api/children/${first.children[0]!.recordId}`)).body.previousPlansBefore).toBe(1);
    },
  );
});
