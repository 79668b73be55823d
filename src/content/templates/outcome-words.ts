/**
 * How every decision letter says what kind of conference it was and what the decision does to each
 * child's plan (domain/plan-change.ts): a plan starts, continues, or ends and steps down to a child
 * in need plan (with what that means), or there is no further action. The standard and easy read
 * family letters and the professionals' letter all take their words from here.
 */
import type { PlanChange } from '../../domain/plan-change.ts';
import type { ConferenceKind } from '../../domain/vocabulary.ts';

/** The meeting as a family reads it: "the review child protection meeting (…)". */
const FAMILY_MEETING: Record<ConferenceKind, string> = {
  initial: 'the child protection meeting',
  review: 'the review child protection meeting (the meeting that looks at how the child protection plan is going)',
  'pre-birth': 'the child protection meeting held before your baby is born',
  'transfer-in':
    'the child protection meeting held because your family moved to this area with a child protection plan',
};
export const familyMeeting = (kind: ConferenceKind): string => FAMILY_MEETING[kind];

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const their = (name: string) => `${name}'s`;

/** The one-line decision at the top of a child's part of the family letter. */
export function familyDecisionLine(change: PlanChange, name: string): string {
  switch (change) {
    case 'new-plan':
      return `The decision: ${name} will have a child protection plan.`;
    case 'plan-continues':
      return `The decision: ${their(name)} child protection plan continues.`;
    case 'plan-ends-child-in-need':
      return `The decision: ${their(name)} child protection plan ends. ${cap(name)} will have a child in need plan instead.`;
    case 'plan-ends':
      return `The decision: ${their(name)} child protection plan ends. There will be no further action under child protection procedures.`;
    case 'child-in-need':
      return `The decision: ${name} will have a child in need plan.`;
    case 'no-further-action':
      return `The decision: ${name} will have no further action under child protection procedures.`;
  }
}

/** What a child in need plan means, for a family: help they agree to, without a core group or review conference. */
export const CHILD_IN_NEED_MEANS =
  'What a child in need plan means: your family keeps getting help from the social worker and other workers, and you agree to it. The social worker writes the plan with you, and you meet with the workers to check how it is going. It is not a child protection plan: there is no core group and no review conference. If the worries grow again, the social worker can ask for another child protection meeting.';

/** The same in easy read, one idea per line. */
export const EASY_CHILD_IN_NEED_MEANS = [
  'A child in need plan is help for your family.',
  'You agree to it.',
  'The social worker writes it with you.',
  'You meet the workers to check how it is going.',
  'There is no core group.',
  'There is no review conference.',
];

/** The decision's first lines in easy read. */
export function easyDecisionLines(change: PlanChange, name: string): string[] {
  switch (change) {
    case 'new-plan':
      return [`The decision: ${name} will have a child protection plan.`];
    case 'plan-continues':
      return [`The decision: ${their(name)} child protection plan goes on.`];
    case 'plan-ends-child-in-need':
      return [
        `The decision: ${their(name)} child protection plan stops.`,
        `${cap(name)} will have a child in need plan.`,
      ];
    case 'plan-ends':
      return [
        `The decision: ${their(name)} child protection plan stops.`,
        'Nothing more will happen under child protection.',
      ];
    case 'child-in-need':
      return [`The decision: ${name} will have a child in need plan.`];
    case 'no-further-action':
      return [`The decision: ${name} will have no further action under child protection procedures.`];
  }
}

/** The professionals' letter: what the decision does to the plan, beside the decision itself. */
export const PROFESSIONAL_CHANGE: Record<PlanChange, string> = {
  'new-plan': 'Child protection plan starts',
  'plan-continues': 'Child protection plan continues',
  'plan-ends-child-in-need':
    'Child protection plan ends: steps down to a child in need plan (agreed with the family and led by the social worker; no core group or review conference)',
  'plan-ends': 'Child protection plan ends: no further action under child protection procedures',
  'child-in-need': 'No child protection plan: child in need plan (agreed with the family and led by the social worker)',
  'no-further-action': 'No child protection plan: no further action under child protection procedures',
};

/** "What happens next" where no child has a plan: say what a step down means rather than only what stops. */
export function familyNoPlanNext(anyChildInNeed: boolean): string {
  return anyChildInNeed
    ? 'There will be no core group and no review conference. The social worker will agree the child in need plan with you and meet with you and the other workers to check how it is going.'
    : 'There will be no core group and no review meeting. Your social worker will explain what happens now.';
}

/** Easy read: what kind of meeting it was (nothing more for an initial conference). */
export const EASY_KIND_LINES: Record<ConferenceKind, string[]> = {
  initial: [],
  review: ['It was a review meeting.', 'It looked at how the child protection plan is going.'],
  'pre-birth': ['It was a meeting before your baby is born.'],
  'transfer-in': [
    'It was a meeting because your family moved here.',
    'There was a child protection plan where you lived before.',
  ],
};
