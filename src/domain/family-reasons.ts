/**
 * The chair's reasons for the family: a plain-language "why" per child beside the professional
 * rationale. A family letter quotes only this, never the professional rationale word for word; a
 * missing version, or one that is the professional rationale again, is a warning for the chair
 * (the decision is still recorded), and the letter then says the reasons will be explained.
 */
import type { ChildOutcome } from './conference.ts';

/** Case, spacing and punctuation do not make a different text. */
export function normalisedReason(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export type FamilyReasonGap = 'missing' | 'same-as-professional';

/** What is wrong with the family's version of one child's reasons, if anything. */
export function familyReasonGap(o: Pick<ChildOutcome, 'rationale' | 'familyRationale'>): FamilyReasonGap | undefined {
  const family = normalisedReason(o.familyRationale ?? '');
  if (!family) return 'missing';
  return family === normalisedReason(o.rationale) ? 'same-as-professional' : undefined;
}

/** The reasons a family letter may quote for this child: the family's version, and only when it is one. */
export function familyReason(o: Pick<ChildOutcome, 'rationale' | 'familyRationale'>): string | undefined {
  return familyReasonGap(o) ? undefined : o.familyRationale!.trim();
}
