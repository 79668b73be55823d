/**
 * Which items the chair's pre-meeting checklist has for a conference: the six every conference has,
 * "the arrangements are in place" where there are arrangements to make (interpreters, accessibility
 * needs, an advocacy referral) and "the interpreter is here" where someone needs one; then the
 * policy's own items (`checklistItems`: Cumbria's criteria for a plan, the child's objection to a
 * supporter, whether the interpreter is there), by their ids, bar one a built-in item on the list
 * already asks (`coveredBy`).
 */
import type { Conference } from './conference.ts';
import type { Policy } from './policy/schema.ts';
import { CHECKLIST_ITEMS } from './vocabulary.ts';

const CONDITIONAL: Record<string, (c: Pick<Conference, 'attendees' | 'tasks'>) => boolean> = {
  'arrangements-in-place': (c) => (c.tasks ?? []).some((t) => t.kind !== 'explain-decision'),
  'interpreter-present': (c) => c.attendees.some((a) => a.interpreterNeeded && a.role !== 'interpreter'),
};

/** The items every conference's checklist has, whatever its arrangements and policy. */
export const EVERY_CHECKLIST: readonly string[] = CHECKLIST_ITEMS.filter((i) => !CONDITIONAL[i]);

export function checklistItemsFor(
  c: Pick<Conference, 'attendees' | 'tasks'>,
  policy: Pick<Policy, 'checklistItems'>,
): string[] {
  const builtIn: string[] = CHECKLIST_ITEMS.filter((i) => !CONDITIONAL[i] || CONDITIONAL[i](c));
  // A policy's item a built-in one on the list already asks (coveredBy) is not asked twice.
  const own = policy.checklistItems.filter((i) => !i.coveredBy || !builtIn.includes(i.coveredBy));
  return [...builtIn, ...own.map((i) => i.id)];
}

/** Why an item is not on this conference's checklist, for the refusal of a tick. */
export function notOnChecklistBecause(item: string, policy: Pick<Policy, 'shortName' | 'checklistItems'>): string {
  if (item === 'interpreter-present') return 'nobody needs an interpreter';
  if (item === 'arrangements-in-place') return 'there is nothing to arrange';
  const covered = policy.checklistItems.find((i) => i.id === item)?.coveredBy;
  return covered ? `the item ${covered} asks the same here` : `not an item of the ${policy.shortName} policy`;
}

/** The arrangements not confirmed yet (before the meeting): what the chair checks before starting. */
export function openArrangements(c: Pick<Conference, 'tasks'>) {
  return (c.tasks ?? []).filter((t) => t.kind !== 'explain-decision' && t.status === 'open');
}
