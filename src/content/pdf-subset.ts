/**
 * The glyphs a PDF embeds, taken apart once per process. Every PDF embeds the subset of the letter
 * font it uses, and fontkit builds each subset from cold: for every glyph of every document it
 * decodes the glyph's whole outline (all its points) only to learn whether it is made of other
 * glyphs (an accented letter often is), and copies its bytes out of the font. That was about a
 * sixth of the time a letter took to draw. The font is shared and read-only (pdf-fonts.ts), so what
 * a glyph contributes is the same in every document: its bytes, its components (where in its bytes
 * each one's id goes), its advance and its left side bearing. Those are kept per font and glyph;
 * each document still numbers its own glyphs and writes its components' new ids into its own copy of
 * the bytes, exactly as fontkit does, so the embedded font (and the file) is the same.
 *
 * Only for a TrueType font without variations (DejaVu Sans): anything else keeps fontkit's own way.
 */
import type * as fontkit from 'fontkit';

/** What fontkit's TrueType subset (TTFSubset) has and does; not in fontkit's types. */
interface TtfSubset {
  font: TtfFont;
  glyphs: number[];
  glyf: Uint8Array[];
  offset: number;
  loca: { offsets: number[] };
  hmtx: { metrics: { advance: number; bearing: number }[] };
  includeGlyph(gid: number): number;
  _addGlyph(gid: number): number;
}
interface TtfFont {
  loca?: { offsets: number[] };
  _variationProcessor?: unknown;
  _getTableStream(table: string): { pos: number; readBuffer(n: number): Uint8Array };
  getGlyph(gid: number): {
    advanceWidth: number;
    _decode(): { numberOfContours: number; components?: { glyphID: number; pos: number }[] } | null;
    _getMetrics(): { leftBearing: number };
  };
}

interface GlyphPart {
  bytes: Uint8Array;
  /** A composite glyph's components: their glyph ids and where each id sits in the bytes. */
  components: { glyphID: number; pos: number }[] | undefined;
  advance: number;
  bearing: number;
}

const parts = new WeakMap<object, Map<number, GlyphPart>>();

function partOf(font: TtfFont, gid: number): GlyphPart {
  let glyphs = parts.get(font);
  if (!glyphs) parts.set(font, (glyphs = new Map()));
  let part = glyphs.get(gid);
  if (!part) {
    // As fontkit's TTFSubset._addGlyph reads them.
    const glyph = font.getGlyph(gid);
    const glyf = glyph._decode();
    const offsets = font.loca!.offsets;
    const stream = font._getTableStream('glyf');
    stream.pos += offsets[gid]!;
    part = {
      bytes: stream.readBuffer(offsets[gid + 1]! - offsets[gid]!),
      components:
        glyf && glyf.numberOfContours < 0
          ? (glyf.components ?? []).map((c) => ({ glyphID: c.glyphID, pos: c.pos }))
          : undefined,
      advance: glyph.advanceWidth,
      bearing: glyph._getMetrics().leftBearing,
    };
    glyphs.set(gid, part);
  }
  return part;
}

/** fontkit's TTFSubset._addGlyph, from the kept parts. */
function addGlyph(this: TtfSubset, gid: number): number {
  const part = partOf(this.font, gid);
  let bytes = part.bytes;
  if (part.components) {
    // This document's own copy, with its own ids for the components (which it includes in turn).
    bytes = new Uint8Array(bytes);
    const view = new DataView(bytes.buffer);
    for (const c of part.components) view.setUint16(c.pos, this.includeGlyph(c.glyphID));
  }
  this.glyf.push(bytes);
  this.loca.offsets.push(this.offset);
  this.hmtx.metrics.push({ advance: part.advance, bearing: part.bearing });
  this.offset += bytes.length;
  return this.glyf.length - 1;
}

/** A document's subset of `font`, built from the kept glyph parts where the font allows it. */
export function keepGlyphParts(font: fontkit.Font, subset: unknown): void {
  const f = font as unknown as TtfFont;
  const s = subset as Partial<TtfSubset>;
  if (!f.loca || f._variationProcessor || typeof s._addGlyph !== 'function' || !Array.isArray(s.glyphs)) return;
  s._addGlyph = addGlyph;
}
