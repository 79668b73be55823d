/**
 * The one typeface every PDF we make is set in: DejaVu Sans, regular and bold, from the registry
 * package `dejavu-fonts-ttf`, embedded (as a subset) in each file. It covers Latin with Latin
 * Extended (Polish, Romanian, Turkish, Czech, Vietnamese…), Greek and Cyrillic; it has no Indic,
 * Thai or CJK letters, and right-to-left scripts are refused because pdfkit would print them backwards. Names, addresses and languages are checked against it when they are
 * entered (`unprintable`, refused with the field named); text we cannot refuse (a professional's
 * pasted report) has each character without a glyph replaced by "?" (`printable`), never drawn as
 * an empty box. Why DejaVu and not Noto Sans: docs/architecture.md "PDFs".
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';

const resolve = createRequire(import.meta.url).resolve;

export interface LoadedFont {
  /** The TrueType file, registered with pdfkit. */
  data: Buffer;
  font: fontkit.Font;
}

function load(file: string): LoadedFont {
  let path: string;
  try {
    path = resolve(`dejavu-fonts-ttf/ttf/${file}`);
  } catch {
    throw new Error('The letter font is missing: the npm package dejavu-fonts-ttf is not installed (run npm install)');
  }
  const data = readFileSync(path);
  return { data, font: fontkit.create(data) as fontkit.Font };
}

let loaded: { regular: LoadedFont; bold: LoadedFont } | undefined;

/** Read once, on first use. */
export function pdfFonts(): { regular: LoadedFont; bold: LoadedFont } {
  loaded ??= { regular: load('DejaVuSans.ttf'), bold: load('DejaVuSans-Bold.ttf') };
  return loaded;
}

/** Line breaks, tabs and other controls are layout, not glyphs. */
const LAYOUT = /[\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200d\u2028\u2029\ufeff]/;

/**
 * Right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko…): the font has some of their
 * letters, but pdfkit lays text out left to right only, so they would print backwards.
 */
const RIGHT_TO_LEFT = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\u{10800}-\u{10fff}\u{1e800}-\u{1efff}]/u;

const covered = (ch: string): boolean => {
  const { regular, bold } = pdfFonts();
  const cp = ch.codePointAt(0)!;
  return !RIGHT_TO_LEFT.test(ch) && regular.font.hasGlyphForCodePoint(cp) && bold.font.hasGlyphForCodePoint(cp);
};

/** The distinct characters of `text` (composed, NFC) that the letter font cannot draw, in order of appearance. */
export function unprintable(text: string): string[] {
  const missing = new Set<string>();
  for (const ch of text.normalize('NFC')) {
    if (LAYOUT.test(ch) || missing.has(ch)) continue;
    if (!covered(ch)) missing.add(ch);
  }
  return [...missing];
}

/** `"ا" (U+0627), "ب" (U+0628)`: what a refusal names. */
export function describeCharacters(chars: readonly string[], max = 5): string {
  const named = chars
    .slice(0, max)
    .map((ch) => `"${ch}" (U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`);
  return chars.length > max ? `${named.join(', ')} and ${chars.length - max} more` : named.join(', ');
}

/** The message a field gets when the letter font cannot print it. */
export function unprintableMessage(chars: readonly string[]): string {
  return (
    `has characters our letters cannot print: ${describeCharacters(chars)}. ` +
    'Letters and PDFs are printed in a font with Latin (including Polish, Romanian, Turkish and Vietnamese letters), Greek and Cyrillic script: ' +
    'write it as it should appear on an envelope in one of those'
  );
}

/** Printable ASCII and line breaks: drawn as they are (when both fonts have every ASCII letter, which DejaVu does). */
const PLAIN = /^[\x20-\x7e\n]*$/;
let asciiCovered: boolean | undefined;
const plainAscii = (text: string): boolean => {
  asciiCovered ??= [...Array(0x7f - 0x20).keys()].every((i) => covered(String.fromCharCode(0x20 + i)));
  return asciiCovered && PLAIN.test(text);
};

/**
 * Text as it will be drawn: composed (NFC), tabs as spaces, invisible controls dropped, each
 * character the font lacks replaced by "?". Most of a letter is plain ASCII, which is already all
 * of that: returned as it is, without looking each character up in both fonts (that was about a
 * tenth of the time a letter took to draw).
 */
export function printable(text: string): string {
  if (plainAscii(text)) return text;
  let out = '';
  for (const ch of text.normalize('NFC')) {
    if (ch === '\n') out += ch;
    else if (ch === '\t') out += ' ';
    else if (!LAYOUT.test(ch)) out += covered(ch) ? ch : '?';
  }
  return out;
}
