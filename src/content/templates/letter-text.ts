/**
 * A letter is written once as blocks and sent twice: as the email body and as a printable PDF
 * (attached, or on the hard-copy queue). This turns the blocks into the PDF's paragraphs.
 */
import type { Block, RenderedEmail } from './layout.ts';

export interface RenderedLetter extends RenderedEmail {
  /** The PDF's heading. */
  title: string;
  /** The PDF's paragraphs (`- ` starts a bullet), from the same blocks as the email. */
  paragraphs: string[];
}

export function blocksToParagraphs(blocks: readonly Block[]): string[] {
  const out: string[] = [];
  for (const b of blocks) {
    switch (b.kind) {
      case 'p':
        out.push(b.text);
        break;
      case 'heading':
        out.push(b.text);
        break;
      case 'list':
        out.push(...b.items.map((i) => `- ${i}`));
        break;
      case 'facts':
        out.push(...b.rows.map(([k, v]) => `${k}: ${v}`));
        break;
      case 'link':
        out.push(`${b.label}: ${b.href}`);
        break;
      case 'notice':
        out.push(b.text);
        break;
    }
  }
  return out;
}
