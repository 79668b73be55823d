/**
 * The conference is cancelled: one wording for professionals, one plain one for families, and one
 * for whoever comes with the family (a supporter, advocate or interpreter: not their meeting, not
 * their social worker, and no report to send).
 */
import type { Policy } from '../../domain/policy/schema.ts';
import { longDate, shortDate, time } from '../format.ts';
import { footer, notice, p, type Block } from './layout.ts';
import { renderLetter, type RenderedLetter } from './letter-text.ts';

export interface CancellationInput {
  reference: string;
  policy: Policy;
  audience: 'professional' | 'family' | 'companion';
  /** The start that is cancelled (the recipient's own join time). ISO instant. */
  startsAt: string;
  /**
   * Reason in words fit for the audience (the coordinator chooses it); omit rather than
   * include anything confidential.
   */
  reason?: string;
  /** A new date will follow (a reschedule sends a separate updated invitation). */
  newDateToFollow?: boolean;
  /** A letter on paper: no email to reply to. */
  onPaper?: boolean;
  /** Only this person's invitation is withdrawn (they were removed): the meeting goes ahead without them. */
  withdrawn?: boolean;
}

export function cancellationEmail(input: CancellationInput): RenderedLetter {
  if (input.withdrawn) return withdrawalEmail(input);
  const { reference } = input;
  const was = `${longDate(input.startsAt)} at ${time(input.startsAt)}`;
  const family = input.audience !== 'professional';
  const companion = input.audience === 'companion';
  const subject = companion
    ? `Child protection meeting on ${shortDate(input.startsAt)} is cancelled (reference ${reference})`
    : family
      ? `Your meeting on ${shortDate(input.startsAt)} is cancelled (reference ${reference})`
      : `Child protection conference ${reference}: cancelled (was ${shortDate(input.startsAt)})`;
  const preview = family
    ? `Reference ${reference}: the meeting on ${was} will not go ahead.`
    : `${reference} on ${was} is cancelled.`;
  const blocks: Block[] = [
    notice(family ? `The meeting on ${was} will not go ahead.` : `The conference on ${was} is cancelled.`),
  ];
  if (input.reason) blocks.push(p(input.reason));
  blocks.push(
    p(
      input.newDateToFollow
        ? family
          ? 'We will write to you with the new date and time.'
          : 'A new invitation with the new date and time will follow.'
        : companion
          ? 'You do not need to come. Please remove it from your calendar.'
          : family
            ? 'Your social worker will tell you what happens next.'
            : 'Please remove it from your calendar. You do not need to send a report for this date.',
    ),
  );
  return finish(input, { subject, preview, blocks });
}

/**
 * Someone removed from a conference that goes on: their own invitation is withdrawn. Never "the
 * conference is cancelled", which is not true and which they might pass on.
 */
function withdrawalEmail(input: CancellationInput): RenderedLetter {
  const { reference } = input;
  const was = `${longDate(input.startsAt)} at ${time(input.startsAt)}`;
  const family = input.audience !== 'professional';
  const subject = family
    ? `You no longer need to come to the meeting on ${shortDate(input.startsAt)} (reference ${reference})`
    : `Child protection conference ${reference}: your invitation is withdrawn (${shortDate(input.startsAt)})`;
  const preview = family
    ? `Reference ${reference}: you no longer need to come to the meeting on ${was}.`
    : `${reference} on ${was}: your invitation is withdrawn.`;
  const blocks: Block[] = [
    notice(
      family
        ? `You no longer need to come to the meeting on ${was}.`
        : `Your invitation to the conference on ${was} is withdrawn: you are no longer expected to attend.`,
    ),
    p(
      input.audience === 'companion'
        ? 'Please remove it from your calendar. Your links to it no longer work.'
        : family
          ? 'Your social worker will tell you what happens next.'
          : 'Please remove it from your calendar. You do not need to send a report, and your links to it no longer work.',
    ),
  ];
  return finish(input, { subject, preview, blocks });
}

/** Both letters end alike: a family's with where to ask, then the sender and reference. */
function finish(
  input: CancellationInput,
  letter: { subject: string; preview: string; blocks: Block[] },
): RenderedLetter {
  const family = input.audience !== 'professional';
  // Whoever comes with the family asks the family's social worker, who is not theirs.
  const whose = input.audience === 'companion' ? 'the' : 'your';
  const blocks = family
    ? [
        ...letter.blocks,
        p(
          input.onPaper
            ? `If you have any questions, contact ${whose} social worker.`
            : `If you have any questions, reply to this email or contact ${whose} social worker.`,
        ),
      ]
    : letter.blocks;
  return renderLetter({
    ...letter,
    blocks,
    footer: footer(input.policy, input.reference, family ? 'family' : 'working'),
  });
}
