/**
 * The coordinator and the chair are told when a family member reads another language: which of
 * their letters the policy has a reviewed translation for, and that the rest go in English, so a
 * translation or an interpreter is arranged. By role and reference only (no names in the subject).
 */
import {
  TRANSLATABLE_LETTERS,
  type ReviewedLetter,
  type TranslatableLetter,
} from '../../domain/policy/reviewed-letters.ts';
import type { Policy } from '../../domain/policy/schema.ts';
import { calendarDate } from '../format.ts';
import { footer, notice, p, renderEmail, type RenderedEmail } from './layout.ts';

/** How the note names each letter a reviewed translation can be given for. */
const LETTER_NAMES: Record<TranslatableLetter, string> = {
  invitation: 'the invitation',
  decision: 'the decision letter',
  minutes: "the minutes' covering letter",
  'core-group-invitation': 'core group invitations',
  cancellation: 'the letter if the conference is cancelled or postponed',
  withdrawal: 'the letter if their own invitation is withdrawn',
  'core-group-cancellation': 'core group cancellations',
};

const joined = (xs: readonly string[]) =>
  xs.length < 2 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`;

export function translationNeeded(input: {
  reference: string;
  policy: Pick<Policy, 'shortName' | 'sender'>;
  /** "a parent", "a carer". */
  who: string;
  language: string;
  /** The policy's reviewed letters in their language (none: every letter goes in English). */
  reviewed: readonly ReviewedLetter[];
}): RenderedEmail {
  const { reference, policy, reviewed } = input;
  const inLanguage = TRANSLATABLE_LETTERS.filter((l) => reviewed.some((r) => r.letter === l));
  const inEnglish = TRANSLATABLE_LETTERS.filter((l) => !inLanguage.includes(l));
  const by = [...new Set(reviewed.map((r) => `${r.reviewedBy}, ${calendarDate(r.reviewedOn)}`))];
  const sent = inLanguage.length
    ? `${cap(joined(inLanguage.map((l) => LETTER_NAMES[l])))} go in ${input.language} from the ${policy.shortName} policy's reviewed translations (reviewed by ${by.join('; ')}), each with the English letter after it.` +
      (inEnglish.length
        ? ` ${cap(joined(inEnglish.map((l) => LETTER_NAMES[l])))} have no reviewed ${input.language} version and go in English.`
        : '')
    : `The ${policy.shortName} policy has no reviewed ${input.language} letters, so their invitation went in English, and so will their other letters.`;
  const examples = reviewed.filter((r) => r.example).map((r) => LETTER_NAMES[r.letter]);
  return renderEmail({
    subject: `${reference}: translation or interpreter needed for a family member's letters`,
    preview: `${reference}: a family member reads ${input.language}; letters without a reviewed translation go in English.`,
    blocks: [
      notice(`${cap(input.who)} in this conference reads ${input.language}.`),
      p(sent),
      ...(examples.length
        ? [
            p(
              `The ${input.language} text of ${joined(examples)} is an example that ships with the service, not a translation reviewed for your authority: replace it with your own reviewed text before it is used for a family.`,
            ),
          ]
        : []),
      p(
        'Arrange a translation reviewed by a qualified translator, or an interpreter to go through each English letter with them. Nothing is machine-translated.',
      ),
    ],
    footer: footer(policy, reference),
  });
}

const cap = (s: string) => `${s[0]!.toUpperCase()}${s.slice(1)}`;
