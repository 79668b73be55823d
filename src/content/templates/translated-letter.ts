/**
 * A family letter in the reader's language from the authority's reviewed translation
 * (domain/policy/reviewed-letters.ts): the reviewed text with the reference and the family's own date
 * and time filled in (the date in that language), then the full English letter under the template's
 * own heading, so nothing the reviewed text leaves out is lost. Without a reviewed translation the
 * English letter is returned as it is: never machine-translated.
 */
import { reviewedLetterFor, fillPlaceholders, type TranslatableLetter } from '../../domain/policy/reviewed-letters.ts';
import type { Policy } from '../../domain/policy/schema.ts';
import { london, time } from '../format.ts';
import { heading, notice, p } from './layout.ts';
import { renderLetter, type RenderedLetter } from './letter-text.ts';

export interface TranslationInput {
  policy: Pick<Policy, 'reviewedLetters' | 'sender'>;
  reference: string;
  letter: TranslatableLetter;
  language: string | undefined;
  /** The family's own time to join: what {{date}} and {{time}} say. */
  at: string;
  updated: boolean;
  largePrint: boolean;
}

export function inReviewedTranslation(english: RenderedLetter, input: TranslationInput): RenderedLetter {
  const t = reviewedLetterFor(input.policy.reviewedLetters, input.letter, input.language);
  if (!t) return english;
  const values = {
    reference: input.reference,
    date: london(input.at).setLocale(t.language).toFormat('cccc d MMMM yyyy'),
    time: time(input.at),
  };
  const fill = (text: string) => fillPlaceholders(text, values);
  // Subjects and previews carry the reference, never a name.
  const subject = t.subject.includes('{{reference}}') ? fill(t.subject) : `${fill(t.subject)} (${input.reference})`;
  return renderLetter({
    subject,
    preview: subject,
    blocks: [
      ...(input.updated ? [notice(fill(t.updatedNotice))] : []),
      ...t.paragraphs.map((x) => p(fill(x))),
      heading(fill(t.englishHeading)),
      ...english.blocks,
    ],
    footer: `${input.policy.sender.name} · reference ${input.reference}`,
    largePrint: input.largePrint,
    title: subject,
  });
}
