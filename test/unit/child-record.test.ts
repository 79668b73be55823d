import { describe, expect, it } from 'vitest';
import {
  categoriesOn,
  onPlanOverMonths,
  planHistory,
  timeOnPlan,
  withConference,
  type ChildConferenceEntry,
  type ChildRecord,
} from '../../src/domain/child-record.ts';

const AT = '2027-01-01T00:00:00Z';
const record = (previousPlansBefore?: number): ChildRecord => ({
  id: 'kabc123def456',
  conferences: [],
  createdAt: AT,
  updatedAt: AT,
  ...(previousPlansBefore !== undefined ? { previousPlansBefore } : {}),
});
let n = 0;
const entry = (
  heldOn: string,
  kind: ChildConferenceEntry['kind'],
  outcome: ChildConferenceEntry['outcome'],
  categories: ChildConferenceEntry['categories'] = [],
): ChildConferenceEntry => ({
  conferenceId: `conf${++n}`,
  reference: `CPC-${heldOn.slice(0, 4)}-${String(n).padStart(4, '0')}`,
  kind,
  childId: 'c1',
  heldOn,
  outcome,
  categories,
  approvedAt: `${heldOn}T12:00:00Z`,
});
const withAll = (r: ChildRecord, ...es: ChildConferenceEntry[]) => es.reduce((acc, e) => withConference(acc, e, AT), r);

describe('a child’s plans across conferences', () => {
  it('starts a plan at the initial conference, records category changes and reviews, and ends it at the review that steps down', () => {
    const initial = entry('2027-01-04', 'initial', 'child-protection-plan', ['neglect']);
    const review1 = entry('2027-04-05', 'review', 'child-protection-plan', ['neglect', 'emotional']);
    const review2 = entry('2027-10-04', 'review', 'child-in-need');
    // Recorded out of order (a retried job): the plans follow the dates held.
    const plans = planHistory(withAll(record(0), review2, initial, review1));
    expect(plans).toEqual([
      {
        childRecordId: 'kabc123def456',
        startedOn: '2027-01-04',
        startedAt: { reference: initial.reference, kind: 'initial' },
        endedOn: '2027-10-04',
        endedAt: { reference: review2.reference, kind: 'review', outcome: 'child-in-need' },
        categoryHistory: [
          { on: '2027-01-04', reference: initial.reference, categories: ['neglect'] },
          { on: '2027-04-05', reference: review1.reference, categories: ['neglect', 'emotional'] },
        ],
        reviews: [
          { on: '2027-04-05', reference: review1.reference },
          { on: '2027-10-04', reference: review2.reference },
        ],
        previousPlans: 0,
        references: [initial.reference, review1.reference, review2.reference],
      },
    ]);
    expect(categoriesOn(plans[0]!, '2027-03-31')).toEqual(['neglect']);
    expect(categoriesOn(plans[0]!, '2027-06-01')).toEqual(['neglect', 'emotional']);
  });

  it('counts previous plans: those known before plus earlier ones here; unknown stays unknown', () => {
    const first = [
      entry('2027-01-04', 'initial', 'child-protection-plan', ['physical']),
      entry('2027-04-05', 'review', 'no-further-action'),
    ];
    const again = entry('2027-09-06', 'initial', 'child-protection-plan', ['sexual']);
    expect(planHistory(withAll(record(2), ...first, again)).map((p) => p.previousPlans)).toEqual([2, 3]);
    expect(planHistory(withAll(record(), ...first, again)).map((p) => p.previousPlans)).toEqual([undefined, undefined]);
  });

  it('records the same conference once however often it is written', () => {
    const e = entry('2027-01-04', 'initial', 'child-protection-plan', ['neglect']);
    const r = withAll(record(), e, e, { ...e, categories: ['physical'] });
    expect(r.conferences).toHaveLength(1);
    expect(planHistory(r)[0]!.categoryHistory[0]!.categories).toEqual(['physical']);
  });

  it('an initial conference not leading to a plan starts none', () => {
    expect(planHistory(withAll(record(), entry('2027-01-04', 'initial', 'child-in-need')))).toEqual([]);
  });

  it('a transfer-in conference starts the plan here', () => {
    const [p] = planHistory(
      withAll(record(1), entry('2027-02-01', 'transfer-in', 'child-protection-plan', ['emotional'])),
    );
    expect(p!.startedAt.kind).toBe('transfer-in');
    expect(p!.previousPlans).toBe(1);
  });

  it('time on a plan, and "over 12 months"', () => {
    const [p] = planHistory(withAll(record(), entry('2027-01-04', 'initial', 'child-protection-plan', ['neglect'])));
    expect(timeOnPlan(p!, '2028-02-04')).toEqual({ days: 396, months: 13 });
    expect(timeOnPlan(p!, '2028-01-03')).toEqual({ days: 364, months: 11 });
    expect(onPlanOverMonths(p!, '2028-01-04')).toBe(false); // exactly 12 months
    expect(onPlanOverMonths(p!, '2028-01-05')).toBe(true);
    const [ended] = planHistory(
      withAll(
        record(),
        entry('2027-01-04', 'initial', 'child-protection-plan', ['neglect']),
        entry('2028-02-07', 'review', 'child-in-need'),
      ),
    );
    expect(timeOnPlan(ended!, '2029-01-01')).toEqual({ days: 399, months: 13 });
    expect(onPlanOverMonths(ended!, '2028-02-07')).toBe(false); // it ended that day
    expect(onPlanOverMonths(ended!, '2028-02-06')).toBe(true);
  });
});
