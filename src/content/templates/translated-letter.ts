/**
 * A family letter in the reader's language from the authority's reviewed translation
 * (domain/policy/reviewed-letters.ts): the reviewed text with the reference and the family's own date
 * and time filled in (the date in that language), then the full English letter under the template's
 * own heading, so nothing the reviewed text leaves out is lost. Without a reviewed translation the
 * English letter is returned as it is: never machine-translated. The letter is tagged with the
 * translation's language, and the English letter after it as English (email and PDF).
 */
import { reviewedLetterFor, fillPlaceholders, type TranslatableLetter } from '../../domain/policy/reviewed-letters.ts';
import type { Attendee } from '../../domain/conference-parts.ts';
import type { Policy } from '../../domain/policy/schema.ts';
import { largeType } from './easy-read.ts';
import { london, time } from '../format.ts';
import { footer, heading, notice, p } from './layout.ts';
import { renderLetter, type RenderedLetter } from './letter-text.ts';

export interface TranslationInput {
  policy: Pick<Policy, 'reviewedLetters' | 'sender'>;
  reference: string;
  letter: TranslatableLetter;
  language: string | undefined;
  /** The meeting the letter is about (the family's own time to join for an invitation): what {{date}} and {{time}} say. */
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
  const own = [
    ...(input.updated && t.updatedNotice ? [notice(fill(t.updatedNotice))] : []),
    ...t.paragraphs.map((x) => p(fill(x))),
    heading(fill(t.englishHeading)),
  ];
  return renderLetter({
    subject,
    preview: subject,
    blocks: [...own, ...english.blocks],
    // Tagged in its language (email and PDF), the English letter after it as English.
    lang: t.language,
    englishFrom: own.length,
    footer: footer(input.policy, input.reference, 'family'),
    largePrint: input.largePrint,
    title: subject,
  });
}

/** A family member's letter in their language where the policy has a reviewed translation of it (else the English letter, unchanged). */
export function forFamilyReader(
  english: RenderedLetter,
  input: Omit<TranslationInput, 'language' | 'largePrint'> & {
    reader: Pick<Attendee, 'language' | 'accessibilityNeeds'>;
  },
): RenderedLetter {
  const { reader, ...rest } = input;
  return inReviewedTranslation(english, {
    ...rest,
    language: reader.language,
    largePrint: largeType(reader),
  });
}
