import { describe, expect, it } from 'vitest';
import { pdfFonts } from '../../src/content/pdf-fonts.ts';
import { keepGlyphParts } from '../../src/content/pdf-subset.ts';

interface Subset {
  includeGlyph(id: number): number;
  encode(): Uint8Array;
}
type Font = {
  layout(text: string): { glyphs: { id: number }[] };
  createSubset(): Subset;
  getGlyph(id: number): { _decode(): { numberOfContours: number } | null };
};

/** The embedded font of a document that uses `text`, as fontkit builds it and from the kept glyph parts. */
function subsets(font: Font, text: string): { own: Buffer; kept: Buffer } {
  const own = font.createSubset();
  const kept = font.createSubset();
  keepGlyphParts(font as never, kept);
  for (const g of font.layout(text).glyphs) {
    own.includeGlyph(g.id);
    kept.includeGlyph(g.id);
  }
  return { own: Buffer.from(own.encode()), kept: Buffer.from(kept.encode()) };
}

describe('the letter font embedded in a PDF, from glyph parts kept across documents', () => {
  const text = 'Ms Zoë Łukasiewicz, café, Ăâîșț, ỹẽũ ắằẳ, Ελληνικά Ώ, Привет Ё Ї, Ǆǅǆ Ĳ ﬁ: plain words too';

  it('is the same font file fontkit builds, for accented letters made of other glyphs as for plain ones', () => {
    for (const { font } of [pdfFonts().regular, pdfFonts().bold]) {
      const f = font as unknown as Font;
      // The text has composite glyphs (a letter drawn from a base and an accent), whose component ids are renumbered.
      expect(f.layout(text).glyphs.some((g) => (f.getGlyph(g.id)._decode()?.numberOfContours ?? 0) < 0)).toBe(true);
      const first = subsets(f, text);
      expect(first.kept.equals(first.own)).toBe(true);
      // A later document, from the parts the first kept, in another order with other glyphs.
      const second = subsets(f, `Привет ${text.split('').reverse().join('')} 0123456789`);
      expect(second.kept.equals(second.own)).toBe(true);
      expect(second.kept.equals(first.kept)).toBe(false);
    }
  });

  it('is put together from the tables kept per font (hinting tables, header), not encoded by fontkit each time', () => {
    for (const { font } of [pdfFonts().regular, pdfFonts().bold]) {
      const subset = (font as unknown as Font).createSubset();
      const fontkitsOwn = subset.encode;
      keepGlyphParts(font, subset);
      expect(subset.encode).not.toBe(fontkitsOwn);
      // Only the missing glyph: the smallest file, still fontkit's bytes.
      expect(Buffer.from(subset.encode()).equals(Buffer.from(fontkitsOwn.call(subset)))).toBe(true);
    }
  });
});
