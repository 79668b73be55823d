/**
 * A letter is written once as blocks and sent twice: as the email body and as a printable PDF
 * (attached, or on the hard-copy queue). The PDF is drawn from the same blocks (pdf-letter.ts), so
 * headings, lists and notices are structure on paper too, never markdown-like marks.
 */
import { renderEmail, type Block, type LayoutInput, type RenderedEmail } from './layout.ts';

export interface RenderedLetter extends RenderedEmail {
  /** The PDF's heading. */
  title: string;
  /** What the PDF draws, the same blocks as the email. */
  blocks: Block[];
  /** A reviewed translation's language (the PDF's and the email's); British English when absent. */
  lang?: string;
  /** Where the English letter after a translation starts (a block index). */
  englishFrom?: number;
}

/** The email and the letter from one set of blocks; the letter's heading is the subject unless given. */
export function renderLetter(input: LayoutInput & { title?: string }): RenderedLetter {
  const { title, ...layout } = input;
  return {
    ...renderEmail(layout),
    title: title ?? input.subject,
    blocks: input.blocks,
    ...(input.lang ? { lang: input.lang, englishFrom: input.englishFrom ?? input.blocks.length } : {}),
  };
}

/** A letter's language for its PDF (a reviewed translation's, with where its English part starts); nothing for English. */
export const letterLanguage = (letter: Pick<RenderedLetter, 'lang' | 'englishFrom' | 'blocks'>) =>
  letter.lang ? { lang: letter.lang, englishFrom: letter.englishFrom ?? letter.blocks.length } : {};
