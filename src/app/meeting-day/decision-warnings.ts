import type { Conference } from '../../domain/conference.ts';
import { familyReasonGap } from '../../domain/family-reasons.ts';
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
