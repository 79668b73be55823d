/**
 * The words around the chair's reasons for the family (domain/family-reasons.ts): the field's label
 * and hint on the chair's page and the Teams card, the warning when the family version is missing or
 * is the professional rationale again, and what a family letter says when there is no family version.
 */
import type { FamilyReasonGap } from '../domain/family-reasons.ts';

export const FAMILY_REASON_LABEL = 'Why, in plain words for the family';
export const FAMILY_REASON_HINT =
  'The family’s letters quote this, never your reasons above. Short sentences, no jargon or acronyms.';
/** The chair's page and card: the family version as recorded. */
export const FAMILY_REASON_FACT = 'Why, for the family';

const GAP: Record<FamilyReasonGap, string> = {
  missing:
    'no reasons in plain words for the family: their letter will say the social worker will explain why, until you add them',
  'same-as-professional':
    'the reasons for the family are the professional reasons word for word: their letter will not quote them; write them in plain words',
};

/** A warning, not an error: the decision is recorded either way. `who` names the child ("c1", or the child's label on the chair's own page). */
export function familyReasonWarning(who: string, gap: FamilyReasonGap): string {
  return `${who}: ${GAP[gap]}`;
}

/** The standard family letter, per child. */
export const familyReasonLine = (reason: string | undefined): string =>
  reason
    ? `Why the chair decided this: ${reason}`
    : 'Your social worker will explain to you why the chair decided this.';

/** The easy-read letter, per child: one idea per line. */
export const easyFamilyReasonLines = (reason: string | undefined): string[] =>
  reason ? ['Why the chair decided this:', reason] : ['Your social worker will tell you why the chair decided this.'];
