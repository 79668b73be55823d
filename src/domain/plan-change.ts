/**
 * What a conference's decision does to a child's plan, by the kind of conference: a review or a
 * transfer-in conference looks at a child protection plan already in place, so a plan there
 * continues and any other outcome ends it (a child in need plan is a step down); an initial or
 * pre-birth conference starts a plan or does not.
 */
import type { ConferenceKind, Recommendation } from './vocabulary.ts';

export const PLAN_CHANGES = [
  'new-plan',
  'plan-continues',
  'plan-ends-child-in-need',
  'plan-ends',
  'child-in-need',
  'no-further-action',
] as const;
export type PlanChange = (typeof PLAN_CHANGES)[number];

/** The child comes to this kind of conference on a child protection plan (here or in the area they left). */
export const comesOnPlan = (kind: ConferenceKind): boolean => kind === 'review' || kind === 'transfer-in';

export function planChange(kind: ConferenceKind, outcome: Recommendation): PlanChange {
  const had = comesOnPlan(kind);
  switch (outcome) {
    case 'child-protection-plan':
      return had ? 'plan-continues' : 'new-plan';
    case 'child-in-need':
      return had ? 'plan-ends-child-in-need' : 'child-in-need';
    case 'no-further-action':
      return had ? 'plan-ends' : 'no-further-action';
  }
}
