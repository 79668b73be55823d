/**
 * A policy's reviewed translations are printed (letters by post, PDFs attached to emails) in the one
 * letter font (content/pdf-fonts.ts). Text in a script the font lacks would come out as "?", so a
 * policy whose reviewed text has such characters is refused when it loads, naming the field
 * (`reviewedLetters.0.paragraphs.2`) and the characters, never found out on a family's letter.
 */
import { describeCharacters, unprintable } from '../../content/pdf-fonts.ts';
import { ValidationError, type FieldIssue } from '../../domain/errors.ts';
import type { Policy } from '../../domain/policy/schema.ts';

/** The policy as it is, or a ValidationError naming each reviewed text the letter font cannot print. */
export function printablePolicy(policy: Policy, sourceName: string): Policy {
  const issues: FieldIssue[] = [];
  policy.reviewedLetters.forEach((r, i) => {
    const texts: [string, string][] = [
      ['subject', r.subject],
      ...(r.updatedNotice ? [['updatedNotice', r.updatedNotice] as [string, string]] : []),
      ...r.paragraphs.map((x, j): [string, string] => [`paragraphs.${j}`, x]),
      ['englishHeading', r.englishHeading],
    ];
    for (const [field, text] of texts) {
      const missing = unprintable(text);
      if (missing.length)
        issues.push({
          field: `reviewedLetters.${i}.${field}`,
          message:
            `has characters the letter font cannot print: ${describeCharacters(missing)}. ` +
            'Letters are printed in a font with Latin (including Polish, Romanian, Turkish and Vietnamese letters), Greek and Cyrillic script, left to right: ' +
            `a ${r.language} letter in another script cannot be sent as a reviewed translation (the family gets English and the coordinator is told)`,
        });
    }
  });
  if (issues.length) throw new ValidationError(`Invalid policy file ${sourceName}`, issues);
  return policy;
}
