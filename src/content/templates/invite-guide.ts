/**
 * What a parent's invitation promises from the authority's guide for parents (Cumbria's, reference
 * 003): who the meeting is about and who chairs it, the policy's own "before the meeting" points
 * (`parentsGuide`), and what happens after it, worked out from the policy's core group and review
 * timings. Short sentences, one per line, so the easy read invitation carries them too.
 */
import type { Policy } from '../../domain/policy/schema.ts';
import { describeDuration } from '../../domain/timetable-rules.ts';
import type { ConferenceKind } from '../../domain/vocabulary.ts';
import { heading, list, p, type Block } from './layout.ts';

export interface InviteGuideInput {
  policy: Policy;
  kind: ConferenceKind;
  /** The first names of this parent's own children ("your baby" for one not born yet). */
  childNames?: readonly string[];
  /** The chair's name. */
  chair?: string;
}

const and = (xs: readonly string[]) =>
  xs.length > 1 ? `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}` : (xs[0] ?? '');

/** "The meeting is about Ruby and Leo." and "The chair is Chair Person." */
export function aboutBlocks(input: InviteGuideInput): Block[] {
  const out: Block[] = [];
  if (input.childNames?.length) out.push(p(`The meeting is about ${and(input.childNames)}.`));
  if (input.chair) out.push(p(`The chair is ${input.chair}. The chair is independent and runs the meeting.`));
  return out;
}

/** The policy's own points for parents before the meeting (none: nothing). */
export function beforeBlocks(policy: Policy): Block[] {
  return policy.parentsGuide.length ? [heading('Before the meeting'), list([...policy.parentsGuide])] : [];
}

/** A guide point's sentences: a sentence ends at ".", "!" or "?" before the next capital letter. */
const sentences = (text: string): string[] =>
  text
    .split(/(?<=[.!?])\s+(?=[A-Z])/)
    .map((x) => x.trim())
    .filter(Boolean);

/** The same points in easy read: each sentence on its own line (one idea per line). */
export function easyBeforeBlocks(policy: Policy): Block[] {
  return policy.parentsGuide.length
    ? [heading('Before the meeting'), ...policy.parentsGuide.flatMap(sentences).map((x) => p(x))]
    : [];
}

/** What happens after the meeting, from the policy's timings. */
export function afterBlocks(input: InviteGuideInput): Block[] {
  const { policy } = input;
  const first = policy.coreGroup.first;
  const cadence = policy.coreGroup.cadence;
  const items: string[] = [];
  if (input.kind === 'review') {
    items.push('If the child protection plan continues, the core group keeps meeting to check it.');
    if (cadence) items.push(`The core group meets at least every ${describeDuration(cadence)}.`);
    if (policy.review.later)
      items.push(`The next review meeting is held within ${describeDuration(policy.review.later)}.`);
    items.push('If the plan ends, you may be offered a child in need plan instead.');
  } else {
    if (first)
      items.push(
        first.amount === 0 && first.unit === 'hours'
          ? 'With a child protection plan, the core group meets straight after the meeting.'
          : `With a child protection plan, the core group meets within ${describeDuration(first)}.`,
      );
    items.push('The core group is you and the main workers. It checks the plan is working.');
    if (cadence) items.push(`After that, it meets at least every ${describeDuration(cadence)}.`);
    if (policy.review.first) items.push(`A review meeting is held within ${describeDuration(policy.review.first)}.`);
    items.push('Without a child protection plan, you may be offered a child in need plan.');
  }
  items.push('A child in need plan is help your family agrees with the social worker.');
  return [heading('What happens after the meeting'), list(items)];
}
