/**
 * Where every word of a PDF is printed, read by poppler (`pdftotext -bbox`), and a check of a letter
 * against GOV.UK Notify's precompiled-letter rules: A4, nothing in the 15 mm side margins or the
 * 5 mm top and bottom margins, on page one the name and address inside the address block and
 * nothing else in the blank band around it, and every font embedded.
 */
import { execFileSync } from 'node:child_process';

export interface PdfWord {
  page: number;
  /** Millimetres from the top-left corner of the page. */
  left: number;
  top: number;
  right: number;
  bottom: number;
  text: string;
}

const MM_PER_PT = 25.4 / 72;
const unescape = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

export function pdfWords(pdf: Buffer): { pages: { width: number; height: number }[]; words: PdfWord[] } {
  const out = execFileSync('pdftotext', ['-bbox', '-', '-'], {
    input: pdf,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const pages: { width: number; height: number }[] = [];
  const words: PdfWord[] = [];
  for (const chunk of out.split('<page ').slice(1)) {
    const size = /width="([\d.]+)" height="([\d.]+)"/.exec(chunk)!;
    pages.push({ width: Number(size[1]) * MM_PER_PT, height: Number(size[2]) * MM_PER_PT });
    for (const m of chunk.matchAll(
      /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g,
    )) {
      words.push({
        page: pages.length,
        left: Number(m[1]) * MM_PER_PT,
        top: Number(m[2]) * MM_PER_PT,
        right: Number(m[3]) * MM_PER_PT,
        bottom: Number(m[4]) * MM_PER_PT,
        text: unescape(m[5]!),
      });
    }
  }
  return { pages, words };
}

/** Notify's layout, in millimetres from the top-left corner (its template-preview service uses the same numbers). */
export const NOTIFY_LAYOUT = {
  side: 15,
  topBottom: 5,
  address: { left: 24.6, top: 39.5, right: 120, bottom: 66.3 },
  /** Page one: left of this and between `bandTop` and `bodyTop` only the address block may hold text. */
  senderLeft: 125,
  bandTop: 30,
  bodyTop: 95,
} as const;

/** Every way the letter breaks Notify's rules (empty when it passes), and the words in the address block. */
export function notifyLetterProblems(pdf: Buffer): { problems: string[]; addressBlock: string[] } {
  const { pages, words } = pdfWords(pdf);
  const L = NOTIFY_LAYOUT;
  const problems: string[] = [];
  pages.forEach((p, i) => {
    if (Math.abs(p.width - 210) > 1 || Math.abs(p.height - 297) > 1)
      problems.push(`page ${i + 1} is ${p.width.toFixed(1)} × ${p.height.toFixed(1)} mm, not A4`);
  });
  const at = (w: PdfWord) => `"${w.text}" on page ${w.page} at ${w.left.toFixed(1)}, ${w.top.toFixed(1)} mm`;
  for (const w of words) {
    const page = pages[w.page - 1]!;
    if (w.left < L.side || w.right > page.width - L.side || w.top < L.topBottom || w.bottom > page.height - L.topBottom)
      problems.push(`${at(w)} is in the margin`);
  }
  const inBlock = (w: PdfWord) =>
    w.left >= L.address.left && w.right <= L.address.right && w.top >= L.address.top && w.bottom <= L.address.bottom;
  const first = words.filter((w) => w.page === 1);
  const block = first.filter(inBlock);
  for (const w of first) {
    // Half a millimetre for the reader's glyph boxes (a line set exactly at 95 mm may read as 94.9).
    const inBand = w.left < L.senderLeft && w.bottom > L.bandTop + 0.5 && w.top < L.bodyTop - 0.5;
    if (inBand && !inBlock(w)) problems.push(`${at(w)} is in the blank area around the address block`);
  }
  if (!block.length) problems.push('nothing in the address block');
  // Lines of the block, top to bottom.
  const lines: string[] = [];
  let lastTop = -1;
  for (const w of [...block].sort((a, b) => a.top - b.top || a.left - b.left)) {
    if (Math.abs(w.top - lastTop) > 1) lines.push(w.text);
    else lines[lines.length - 1] += ` ${w.text}`;
    lastTop = w.top;
  }
  const fonts = execFileSync('pdffonts', ['-'], { input: pdf, encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
  for (const f of fonts)
    if (!/\byes\s+(?:yes|no)\s+(?:yes|no)\s+\d+\s+\d+\s*$/.test(f)) problems.push(`font not embedded: ${f.trim()}`);
  return { problems, addressBlock: lines };
}
