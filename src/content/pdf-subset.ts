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
 * The font file is put together the same way: fontkit encodes every table of it field by field for
 * each document, the hinting tables (cvt, prep, fpgm: a few thousand numbers) that never change
 * among them, about two thirds of the file's time. Here the tables that do not depend on the glyphs
 * are taken once per font from a file fontkit itself made, and each document's file is those bytes
 * (the glyph and metric counts written in), its glyphs, their offsets and metrics, in fontkit's
 * order and table directory: the same file.
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
  encode(): Uint8Array;
}
interface TtfFont {
  loca?: { offsets: number[]; version: number };
  createSubset(): TtfSubset;
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

/** The font file's tables in fontkit's order, and the bytes of those that are the same in every document. */
interface FileLayout {
  tags: string[];
  fixed: Map<string, Uint8Array>;
}

const layouts = new WeakMap<object, FileLayout | null>();

/** Where the counts sit: maxp's numGlyphs, hhea's numberOfMetrics (uint16 each). */
const MAXP_NUM_GLYPHS = 4;
const HHEA_NUMBER_OF_METRICS = 34;
const PER_DOCUMENT = new Set(['loca', 'glyf', 'hmtx']);

/**
 * The layout of the files fontkit makes from `font`, read from one it made (`encode` is fontkit's
 * own): the table directory (12 bytes, 16 a table) and the tables after it, one after another.
 * Null when a file is not laid out that way (then fontkit keeps encoding every file itself).
 */
function layoutOf(font: TtfFont, encode: (this: TtfSubset) => Uint8Array): FileLayout | null {
  let layout = layouts.get(font);
  if (layout !== undefined) return layout;
  const file = encode.call(font.createSubset());
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const count = view.getUint16(4);
  const tags: string[] = [];
  const fixed = new Map<string, Uint8Array>();
  let next = 12 + 16 * count;
  for (let i = 0; i < count; i++) {
    const entry = 12 + 16 * i;
    const tag = String.fromCharCode(...file.subarray(entry, entry + 4));
    const offset = view.getUint32(entry + 8);
    const length = view.getUint32(entry + 12);
    if (offset !== next || view.getUint32(entry + 4) !== 0) {
      next = -1;
      break;
    }
    next += length;
    tags.push(tag);
    if (!PER_DOCUMENT.has(tag)) fixed.set(tag, file.slice(offset, offset + length));
  }
  const known = ['head', 'hhea', 'maxp', ...PER_DOCUMENT].every((t) => tags.includes(t));
  layout = next === file.length && known ? { tags, fixed } : null;
  layouts.set(font, layout);
  return layout;
}

/** fontkit's TTFSubset.encode, with the tables that are the same in every document written from kept bytes. */
function encodeFile(this: TtfSubset, layout: FileLayout): Uint8Array {
  // As fontkit: every glyph, the list growing as composite glyphs add their components.
  this.glyf = [];
  this.offset = 0;
  this.loca = { offsets: [] };
  this.hmtx = { metrics: [] };
  for (let i = 0; i < this.glyphs.length; i++) this._addGlyph(this.glyphs[i]!);
  this.loca.offsets.push(this.offset);
  const long = this.font.loca!.version !== 0;
  const tables = layout.tags.map((tag): Uint8Array => {
    switch (tag) {
      case 'loca': {
        const offsets = this.loca.offsets;
        const bytes = new Uint8Array(offsets.length * (long ? 4 : 2));
        const view = new DataView(bytes.buffer);
        // The short format stores half the offset (fontkit's loca.preEncode).
        offsets.forEach((o, i) => (long ? view.setUint32(i * 4, o) : view.setUint16(i * 2, o >>> 1)));
        return bytes;
      }
      case 'glyf':
        return Buffer.concat(this.glyf);
      case 'hmtx': {
        const bytes = new Uint8Array(this.hmtx.metrics.length * 4);
        const view = new DataView(bytes.buffer);
        this.hmtx.metrics.forEach((m, i) => {
          view.setUint16(i * 4, m.advance);
          view.setInt16(i * 4 + 2, m.bearing);
        });
        return bytes;
      }
      case 'maxp':
      case 'hhea': {
        const bytes = layout.fixed.get(tag)!.slice();
        const [at, n] =
          tag === 'maxp' ? [MAXP_NUM_GLYPHS, this.glyf.length] : [HHEA_NUMBER_OF_METRICS, this.hmtx.metrics.length];
        new DataView(bytes.buffer).setUint16(at, n);
        return bytes;
      }
      default:
        return layout.fixed.get(tag)!;
    }
  });
  // fontkit's Directory: 'true', the table count and its binary search fields, then tag, checksum (0), offset, length.
  const count = tables.length;
  const power = 2 ** Math.floor(Math.log2(count));
  const head = Buffer.alloc(12 + 16 * count);
  head.write('true', 0, 'latin1');
  head.writeUInt16BE(count, 4);
  head.writeUInt16BE(power * 16, 6);
  head.writeUInt16BE(Math.log2(power), 8);
  head.writeUInt16BE(count * 16 - power * 16, 10);
  let offset = head.length;
  tables.forEach((t, i) => {
    head.write(layout.tags[i]!, 12 + 16 * i, 'latin1');
    head.writeUInt32BE(offset, 12 + 16 * i + 8);
    head.writeUInt32BE(t.length, 12 + 16 * i + 12);
    offset += t.length;
  });
  return Buffer.concat([head, ...tables], offset);
}

/** A document's subset of `font`, built from the kept glyph parts and file layout where the font allows it. */
export function keepGlyphParts(font: fontkit.Font, subset: unknown): void {
  const f = font as unknown as TtfFont;
  const s = subset as Partial<TtfSubset>;
  if (!f.loca || f._variationProcessor || typeof s._addGlyph !== 'function' || !Array.isArray(s.glyphs)) return;
  s._addGlyph = addGlyph;
  const own = s.encode;
  if (typeof own !== 'function') return;
  const layout = layoutOf(f, own);
  if (layout)
    s.encode = function (this: TtfSubset) {
      return encodeFile.call(this, layout);
    };
}
