/**
 * Where things go on the first page of a posted letter: the UK window-envelope layout that GOV.UK
 * Notify's precompiled letters require (A4 portrait; measurements in millimetres from the top-left
 * corner of the page). The address sits in Notify's address block, which is also the window of a
 * C5/DL envelope; the sender and reference sit in the area to its right; the letter itself starts
 * at 95 mm. Nothing is printed in the 15 mm side margins or the 5 mm top and bottom margins, or in
 * the blank band around the address block (Notify prints its own marks there). docs/architecture.md
 * "PDFs" has the drawing.
 */
import { pdfFonts } from './pdf-fonts.ts';

export const LETTER_PAGE = {
  /** Nothing is printed closer to the left or right edge. */
  sideMargin: 15,
  /** Nothing is printed closer to the top or bottom edge. */
  topBottomMargin: 5,
  /** The address block: name first, postcode last, at most 7 lines. */
  address: { left: 24.6, top: 39.5, width: 95.4, height: 26.8 },
  /** The sender's block (logo area above the address, service area to its right). */
  sender: { left: 125, top: 5, right: 195, bottom: 95 },
  heading: { left: 15, top: 5, right: 125, bottom: 30 },
  /** The first page's text starts here. */
  bodyTop: 95,
} as const;

/** Notify refuses a letter whose address has fewer than 3 or more than 7 lines. */
export const ADDRESS_LINES = { min: 3, max: 7 } as const;

const SIZES = [11, 10.5, 10, 9.5, 9, 8.5, 8];
const PT_PER_MM = 72 / 25.4;
/** Kept clear inside the block, so a descender or a rounding never crosses its edge. */
const INSET = 1;

const normalise = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase();

/** The lines in the window: the addressee's name, then the address (unless it already starts with the name). */
export function windowLines(name: string, address: readonly string[]): string[] {
  const lines = address.map((l) => l.trim()).filter(Boolean);
  return lines[0] && normalise(lines[0]) === normalise(name) ? lines : [name.trim(), ...lines];
}

/** Line height pdfkit uses for the regular letter font at `size` points. */
export function lineHeight(size: number): number {
  const f = pdfFonts().regular.font;
  return ((f.ascent - f.descent + f.lineGap) / f.unitsPerEm) * size;
}

function widthOf(text: string, size: number): number {
  const f = pdfFonts().regular.font;
  return (f.layout(text.normalize('NFC')).advanceWidth / f.unitsPerEm) * size;
}

export type AddressFit =
  | { ok: true; size: number; lines: string[] }
  /** `line`: the index in the address of the line at fault (-1: the name); absent when it is the whole address. */
  | { ok: false; problem: string; lines: string[]; line?: number };

/**
 * The largest type size (11 pt down to 8 pt) at which the name and address fit the address block,
 * or what is wrong: too many lines, too few, or a line too long for the window at 8 pt.
 */
export function fitAddress(name: string, address: readonly string[]): AddressFit {
  const lines = windowLines(name, address);
  if (lines.length > ADDRESS_LINES.max)
    return {
      ok: false,
      lines,
      problem: `the name and address take ${lines.length} lines; an envelope window holds ${ADDRESS_LINES.max} (the name and at most ${ADDRESS_LINES.max - 1} address lines, postcode last)`,
    };
  if (lines.length < ADDRESS_LINES.min)
    return {
      ok: false,
      lines,
      problem: `the name and address need at least ${ADDRESS_LINES.min} lines (street and town or postcode)`,
    };
  const box = LETTER_PAGE.address;
  const width = (box.width - INSET) * PT_PER_MM;
  const height = (box.height - 2 * INSET) * PT_PER_MM;
  for (const size of SIZES) {
    if (lines.length * lineHeight(size) <= height && lines.every((l) => widthOf(l, size) <= width))
      return { ok: true, size, lines };
  }
  const long = lines.findIndex((l) => widthOf(l, SIZES.at(-1)!) > width);
  const named = lines.length > address.length;
  const line = long < 0 ? undefined : long - (named ? 1 : 0);
  const what = line === -1 ? 'the name is' : 'this line is';
  return {
    ok: false,
    lines,
    ...(line !== undefined ? { line } : {}),
    problem:
      long < 0
        ? 'the address is too tall for the envelope window'
        : `${what} too long for the envelope window (about 55 characters fit): split it over two lines`,
  };
}
