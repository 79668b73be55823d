/** The review conference was confirmed after its statutory deadline: the coordinator and the chair are told, with the reason. */
import type { Policy } from '../../domain/policy/schema.ts';
import { dateAndTime, longDate, shortDate } from '../format.ts';
import { footer, notice, p, renderEmail, type RenderedEmail } from './layout.ts';

export function lateReviewNotice(input: {
  reference: string;
  previousReference: string;
  policy: Policy;
  reviewBy: string;
  startsAt: string;
  reason: string;
}): RenderedEmail {
  return renderEmail({
    subject: `${input.reference}: review conference after its deadline (${shortDate(input.reviewBy)})`,
    preview: `${input.reference}: confirmed for ${shortDate(input.startsAt)}, after the review deadline.`,
    blocks: [
      notice(
        `The review conference ${input.reference} was confirmed for ${dateAndTime(input.startsAt)}, after its statutory deadline of ${longDate(input.reviewBy)} (the review of ${input.previousReference}).`,
      ),
      p(`The reason recorded: ${input.reason.trim()}`),
      p(
        'The child protection plan continues until the review. Bring the review forward if you can, and record why it is late in the minutes.',
      ),
    ],
    footer: footer(input.policy, input.reference),
  });
}
