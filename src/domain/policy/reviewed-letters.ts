/**
 * Family letters an authority has had translated and reviewed, per language (a policy's
 * `reviewedLetters`). A family member whose language has one gets it, with the English letter after
 * it; anyone else who reads another language gets the English letter and the coordinator and chair
 * are told a translation or an interpreter is needed. Nothing is ever machine-translated.
 */
import { z } from 'zod/v4';

/**
 * The family letters a reviewed translation can be given for: the conference invitation, the
 * decision (outcome) letter, the minutes' covering letter, a core group invitation, the letter that
 * the conference is cancelled or postponed, the letter withdrawing a family member's own invitation
 * (they were removed from a conference that goes on) and a core group's cancellation.
 */
export const TRANSLATABLE_LETTERS = [
  'invitation',
  'decision',
  'minutes',
  'core-group-invitation',
  'cancellation',
  'withdrawal',
  'core-group-cancellation',
] as const;
export type TranslatableLetter = (typeof TRANSLATABLE_LETTERS)[number];

/**
 * What a reviewed text may fill in: the reference, and the date and time of the meeting the letter is
 * about (in the letter's language): the family's own time to join for an invitation, a cancellation
 * or a withdrawal, the conference's date and start for the decision and the minutes, the core
 * group's for its invitation and its cancellation.
 */
export const LETTER_PLACEHOLDERS = ['reference', 'date', 'time'] as const;

const PLACEHOLDER = /\{\{\s*([^}]*?)\s*\}\}/g;

/** Text with only known placeholders: an unknown one is refused, naming it. */
const templated = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .superRefine((text, ctx) => {
      for (const m of text.matchAll(PLACEHOLDER))
        if (!(LETTER_PLACEHOLDERS as readonly string[]).includes(m[1]!))
          ctx.addIssue({
            code: 'custom',
            message: `unknown placeholder {{${m[1]}}}: expected ${LETTER_PLACEHOLDERS.map((x) => `{{${x}}}`).join(', ')}`,
          });
    });

/** Letters that never replace an earlier one, so have no `updatedNotice`. */
const NO_UPDATE: ReadonlySet<TranslatableLetter> = new Set(['withdrawal', 'core-group-cancellation']);

export const ReviewedLetter = z
  .object({
    letter: z.enum(TRANSLATABLE_LETTERS),
    /** ISO 639-1 code, e.g. `pl`. */
    language: z.string().regex(/^[a-z]{2,3}$/, 'expected a language code such as "pl"'),
    /** What people write for the language in `language` on an attendee, besides the code: `Polish`, `polski`. */
    names: z.array(z.string().min(1).max(40)).max(10).default([]),
    /** Who checked the translation (a qualified translator or a reviewer the authority names). */
    reviewedBy: z.string().min(1).max(200),
    reviewedOn: z.iso.date(),
    /** True for a sample that ships with the code: an example to adapt, not a reviewed letter to send. */
    example: z.boolean().default(false),
    subject: templated(200),
    /**
     * Said first when the letter replaces an earlier one (a new time, or arrangements confirmed); for a
     * cancellation, when the meeting is postponed and a new date will follow. Not needed (never said)
     * for a withdrawal or a core group cancellation.
     */
    updatedNotice: templated(400).optional(),
    paragraphs: z.array(templated(2000)).min(1).max(30),
    /** The heading over the English letter that follows ("The same letter in English"). */
    englishHeading: templated(200),
  })
  .strict()
  .superRefine((r, ctx) => {
    if (!r.updatedNotice && !NO_UPDATE.has(r.letter))
      ctx.addIssue({
        code: 'custom',
        path: ['updatedNotice'],
        message: `needed for the ${r.letter} letter: it is said first when the letter replaces an earlier one${r.letter === 'cancellation' ? ' (the meeting is postponed and a new date will follow)' : ''}`,
      });
  });
export type ReviewedLetter = z.infer<typeof ReviewedLetter>;

export const ReviewedLetters = z
  .array(ReviewedLetter)
  .max(50)
  .superRefine((list, ctx) => {
    list.forEach((r, i) => {
      if (list.findIndex((x) => x.letter === r.letter && x.language === r.language) !== i)
        ctx.addIssue({
          code: 'custom',
          path: [i, 'language'],
          message: `a second reviewed ${r.letter} in "${r.language}": keep one`,
        });
    });
  })
  .default([]);

const ENGLISH = /^(en|en-gb|english)$/i;

/** Whether someone who gave `language` reads English letters (nothing given: yes). */
export const readsEnglish = (language: string | undefined): boolean =>
  !language?.trim() || ENGLISH.test(language.trim());

/** The reviewed `letter` for someone who gave `language` (by code or one of its names), if the policy has one. */
export function reviewedLetterFor(
  letters: readonly ReviewedLetter[],
  letter: TranslatableLetter,
  language: string | undefined,
): ReviewedLetter | undefined {
  const want = language?.trim().toLowerCase();
  if (!want || readsEnglish(want)) return undefined;
  return letters.find(
    (r) => r.letter === letter && (r.language === want || r.names.some((n) => n.trim().toLowerCase() === want)),
  );
}

/** The template's text with its placeholders filled in. */
export const fillPlaceholders = (text: string, values: Record<(typeof LETTER_PLACEHOLDERS)[number], string>): string =>
  text.replace(PLACEHOLDER, (_, k: string) => values[k as keyof typeof values] ?? '');
