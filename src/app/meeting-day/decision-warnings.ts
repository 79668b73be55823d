import type { Conference } from '../../domain/conference.ts';
import { coreGroupMemberIds, offThePlan } from '../../domain/core-groups.ts';
import { familyReasonGap } from '../../domain/family-reasons.ts';
import { SLOT_ROLES } from '../../domain/family-slots.ts';
import { familyReasonWarning } from '../../content/family-reason-words.ts';

/**
 * What the chair should know about a recorded decision without it being refused: per child, the
 * family's plain-language reasons missing or the professional rationale again. `label` names the
 * child (the child's id by default: the API's answer carries no names).
 */
export function familyReasonWarnings(c: Conference, label: (childId: string) => string = (id) => id): string[] {
  return (c.decision?.outcomes ?? []).flatMap((o) => {
    const gap = familyReasonGap(o);
    return gap ? [familyReasonWarning(label(o.childId), gap)] : [];
  });
}

/** Professionals who work with the family, besides the social worker (who is always in the core group). */
const OTHER_AGENCIES = new Set(['professional', 'police', 'midwife']);

/**
 * A child protection plan whose core group leaves out every parent or carer on the plan, or every
 * professional but the social worker, while the conference has them: only those named (with the
 * social worker and the core group's chair) are invited to its meetings. The chair decides, so it
 * is a warning, not a refusal (trial finding: `coreGroup` left out, the first core group invited the
 * social worker alone, though the parents' invitation said "The core group is you and the main workers").
 */
export function coreGroupMemberWarnings(c: Conference): string[] {
  if (!c.decision?.outcomes.some((o) => o.outcome === 'child-protection-plan')) return [];
  const members = new Set(coreGroupMemberIds(c, c.coreGroups?.find((g) => g.state === 'booked')?.chairAttendeeId));
  const family = c.attendees.filter((a) => SLOT_ROLES.has(a.role) && !offThePlan(c, a));
  const agencies = c.attendees.filter((a) => OTHER_AGENCIES.has(a.role));
  const missing = [
    ...(family.length && !family.some((a) => members.has(a.id)) ? ['no parent or carer'] : []),
    ...(agencies.length && !agencies.some((a) => members.has(a.id))
      ? ['no professional besides the social worker']
      : []),
  ];
  if (!missing.length) return [];
  const only = [...members].every((id) => c.attendees.find((a) => a.id === id)?.role === 'social-worker');
  return [
    `The core group has ${missing.join(' and ')}: ${only ? 'only the social worker would be invited to its meetings' : 'they would not be invited to its meetings'}. Add its members to the decision's core group (coreGroup) before approving, if they should come.`,
  ];
}
