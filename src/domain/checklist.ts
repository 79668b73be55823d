/**
 * Which items the chair's pre-meeting checklist has for a conference: the six every conference has,
 * "the arrangements are in place" where there are arrangements to make (interpreters, accessibility
 * needs, an advocacy referral) and "the interpreter is here" where someone needs one; then the
 * policy's own items (`checklistItems`: Cumbria's criteria for a plan, the child's objection to a
 * supporter, whether the interpreter is there), by their ids.
 */
import type { Conference } from './conference.ts';
import type { Policy } from './policy/schema.ts';
import { CHECKLIST_ITEMS } from './vocabulary.ts';

const CONDITIONAL: Record<string, (c: Pick<Conference, 'attendees' | 'tasks'>) => boolean> = {
  'arrangements-in-place': (c) => (c.tasks ?? []).some((t) => t.kind !== 'explain-decision'),
  'interpreter-present': (c) => c.attendees.some((a) => a.interpreterNeeded && a.role !== 'interpreter'),
};

export function checklistItemsFor(
  c: Pick<Conference, 'attendees' | 'tasks'>,
  policy: Pick<Policy, 'checklistItems'>,
): string[] {
  return [
    ...CHECKLIST_ITEMS.filter((i) => !CONDITIONAL[i] || CONDITIONAL[i](c)),
    ...policy.checklistItems.map((i) => i.id),
  ];
}

/** The arrangements not confirmed yet (before the meeting): what the chair checks before starting. */
export function openArrangements(c: Pick<Conference, 'tasks'>) {
  return (c.tasks ?? []).filter((t) => t.kind !== 'explain-decision' && t.status === 'open');
}
