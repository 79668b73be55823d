/**
 * The coordinator and the chair are told when a family member reads another language: which of
 * their letters the policy has a reviewed translation for, and that the rest go in English, so a
 * translation or an interpreter is arranged. By role and reference only (no names in the subject).
 */
import type { ReviewedLetter } from '../../domain/policy/reviewed-letters.ts';
import type { Policy } from '../../domain/policy/schema.ts';
import { calendarDate } from '../format.ts';
import { notice, p, renderEmail, type RenderedEmail } from './layout.ts';

export function translationNeeded(input: {
  reference: string;
  policy: Pick<Policy, 'id' | 'sender'>;
  /** "a parent", "a carer". */
  who: string;
  language: string;
  /** The reviewed invitation they were sent, if the policy has one. */
  reviewed?: ReviewedLetter;
}): RenderedEmail {
  const { reference, policy, reviewed } = input;
  const sent = reviewed
    ? `Their invitation went in ${input.language} from the ${policy.id} policy's reviewed translation (reviewed by ${reviewed.reviewedBy}, ${calendarDate(reviewed.reviewedOn)}), with the English letter after it. Their other letters (the decision, the minutes, core groups) have no reviewed ${input.language} version and go in English.`
    : `The ${policy.id} policy has no reviewed ${input.language} letters, so their invitation went in English, and so will their other letters.`;
  return renderEmail({
    subject: `${reference}: translation or interpreter needed for a family member's letters`,
    preview: `${reference}: a family member reads ${input.language}; letters without a reviewed translation go in English.`,
    blocks: [
      notice(`${input.who[0]!.toUpperCase()}${input.who.slice(1)} in this conference reads ${input.language}.`),
      p(sent),
      ...(reviewed?.example
        ? [
            p(
              `The ${input.language} invitation is an example that ships with the service, not a translation reviewed for your authority: replace it with your own reviewed text before it is used for a family.`,
            ),
          ]
        : []),
      p(
        'Arrange a translation reviewed by a qualified translator, or an interpreter to go through each English letter with them. Nothing is machine-translated.',
      ),
    ],
    footer: `${policy.sender.name} · ${reference}`,
  });
}
