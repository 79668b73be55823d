/**
 * Every PDF we draw (family letters, the conference record, the chair's pack) starts here: A4,
 * PDF 1.7, tagged (a structure tree in reading order, MarkInfo Marked, headings, paragraphs and
 * lists as H1/H2/P/L), titled (the viewer shows the title, not the file name), in British English
 * (or a translated letter's own language, with its English part marked as English),
 * set in the embedded letter font (pdf-fonts.ts). Page furniture (page numbers) is marked as an
 * artifact, so a screen reader does not read it in the middle of a sentence. Metadata carries the
 * reference only: a file listing or a viewer's title bar never shows a name.
 */
import PDFDocument from 'pdfkit';
import { pdfFonts, printable } from './pdf-fonts.ts';
import { keepGlyphParts } from './pdf-subset.ts';

export type Doc = InstanceType<typeof PDFDocument>;
export type StructElement = PDFKit.PDFStructureElement;

/** Millimetres to PDF points. */
export const mm = (n: number): number => (n * 72) / 25.4;

export interface TaggedPdfOptions {
  /** Shown in the viewer's title bar: "Letter CPC-2027-0042". Never a name. */
  title: string;
  /** The reference. */
  subject: string;
  /**
   * The creation date, from the service's clock (or a stored moment: an approval, an export). Always
   * given: pdfkit would otherwise stamp the machine's real time, which a simulated clock never sees.
   */
  createdAt: Date;
  margins: { top: number; bottom: number; left: number; right: number };
  /** Keep pages open for page numbers drawn at the end (`numberPages`). */
  bufferPages?: boolean;
  /** The document's language (a translated letter's, e.g. `pl`); British English unless given. */
  lang?: string;
}

export interface TaggedPdf {
  doc: Doc;
  /** The Document element: every part is added to it in reading order. */
  root: StructElement;
  end(): Promise<Buffer>;
}

export const FONT = { body: 'Body', bold: 'Bold' } as const;

/** pdfkit's per-document font wrapper (not exported by pdfkit: taken from the first document that uses the font). */
type EmbeddedFontClass = new (
  doc: Doc,
  font: unknown,
  id: string,
) => { layoutCache?: Record<string, unknown>; subset: unknown };
let EmbeddedFont: EmbeddedFontClass | undefined;

/** Words laid out (glyphs and advances, the same in every document), per font; started afresh past this many. */
const LAYOUT_CACHE_WORDS = 20_000;
const layouts = { body: new Map<string, unknown>(), bold: new Map<string, unknown>() };
function sharedLayouts(which: 'body' | 'bold'): Record<string, unknown> {
  // pdfkit reads and writes the cache as a plain object: a Map behind a proxy, so it can be bounded.
  if (layouts[which].size > LAYOUT_CACHE_WORDS) layouts[which] = new Map();
  const words = layouts[which];
  return new Proxy(Object.create(null) as Record<string, unknown>, {
    get: (_t, k) => (typeof k === 'string' ? words.get(k) : undefined),
    set: (_t, k, v) => (typeof k === 'string' && words.set(k, v), true),
  });
}

/**
 * The letter font for a new document. pdfkit opens a font file afresh for every document (fontkit
 * decoding its tables and laying out every word from cold), which was about half the time a letter
 * took to draw. The parsed font is read-only, so every document shares the one copy (pdf-fonts.ts)
 * and the words already laid out; each document still gets its own pdfkit wrapper, with its own
 * subset of glyphs to embed and its own object ids, so the file is the same as before. The first
 * document opens the font pdfkit's own way, which also tells us pdfkit's wrapper class.
 */
function useSharedFonts(doc: Doc): void {
  const fonts = pdfFonts();
  const d = doc as unknown as { _fontFamilies: Record<string, unknown>; _fontCount: number; _font: unknown };
  if (!EmbeddedFont) {
    doc.registerFont(FONT.body, fonts.regular.data);
    doc.registerFont(FONT.bold, fonts.bold.data);
    doc.font(FONT.body);
    EmbeddedFont = (d._font as { constructor: EmbeddedFontClass }).constructor;
    return;
  }
  const body = new EmbeddedFont(doc, fonts.regular.font, `F${++d._fontCount}`);
  const bold = new EmbeddedFont(doc, fonts.bold.font, `F${++d._fontCount}`);
  body.layoutCache = sharedLayouts('body');
  bold.layoutCache = sharedLayouts('bold');
  keepGlyphParts(fonts.regular.font, body.subset);
  keepGlyphParts(fonts.bold.font, bold.subset);
  d._fontFamilies[FONT.body] = body;
  d._fontFamilies[FONT.bold] = bold;
}

export function taggedPdf(o: TaggedPdfOptions): TaggedPdf {
  const doc = new PDFDocument({
    // No default font: pdfkit would parse Helvetica's metrics for every document, and we never use it.
    font: null as unknown as string,
    size: 'A4',
    margins: o.margins,
    pdfVersion: '1.7',
    tagged: true,
    lang: o.lang ?? 'en-GB',
    displayTitle: true,
    bufferPages: o.bufferPages ?? false,
    info: {
      Title: o.title,
      Subject: o.subject,
      Creator: 'cp-conference-bot',
      Producer: 'cp-conference-bot',
      CreationDate: o.createdAt,
      ModDate: o.createdAt,
    },
  });
  useSharedFonts(doc);
  doc.font(FONT.body).fillColor('#0b0c0c');
  const done = new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const root = doc.struct('Document');
  doc.addStructure(root);
  return {
    doc,
    root,
    end: () => {
      root.end();
      doc.end();
      return done;
    },
  };
}

type TextOptions = PDFKit.Mixins.TextOptions;

export interface BlockStyle extends TextOptions {
  size: number;
  bold?: boolean;
  color?: string;
  /** Where it starts (points from the top-left corner); default: where the last text ended. */
  at?: { x: number; y: number };
}

/** A tagged block of text: `H1`, `H2`, `P`… in the font and size given, each character the font lacks shown as "?". */
export function block(
  t: TaggedPdf,
  tag: string,
  text: string,
  style: BlockStyle,
  parent: StructElement = t.root,
): void {
  const { size, bold, color, at, ...options } = style;
  parent.add(
    t.doc.struct(tag, {}, () => {
      t.doc
        .font(bold ? FONT.bold : FONT.body)
        .fontSize(size)
        .fillColor(color ?? '#0b0c0c');
      if (at) t.doc.text(printable(text), at.x, at.y, options);
      else t.doc.text(printable(text), options);
    }),
  );
  t.doc.font(FONT.body).fillColor('#0b0c0c');
}

/** Lines that belong together (an address): a `Div` with each line its own paragraph, so none runs into the next when read out. */
export function lines(t: TaggedPdf, text: readonly string[], style: BlockStyle): void {
  const div = t.doc.struct('Div');
  t.root.add(div);
  text.forEach((line, i) =>
    block(t, 'P', line, { ...style, ...(i === 0 && style.at ? { at: style.at } : { at: undefined }) }, div),
  );
  div.end();
}

/** A bulleted list (L > LI > Lbl + LBody), one bullet style everywhere. */
export function bulletList(t: TaggedPdf, items: readonly string[], style: { size: number } & TextOptions): void {
  if (!items.length) return;
  const { size, ...options } = style;
  const list = t.doc.struct('L');
  t.root.add(list);
  t.doc.font(FONT.body).fontSize(size).fillColor('#0b0c0c');
  t.doc.list(
    items.map((i) => printable(i)),
    {
      ...options,
      structParent: list,
      listType: 'bullet',
      bulletRadius: size / 6,
      bulletIndent: size * 0.6,
      textIndent: size * 1.2,
    } as TextOptions,
  );
  list.end();
}

/** Page furniture (a page number, a running reference): drawn, but not part of what is read out. */
export function artifact(t: TaggedPdf, draw: () => void): void {
  t.doc.markContent('Artifact', { type: 'Pagination' });
  draw();
  t.doc.endMarkedContent();
}

/** "CPC-2027-0042 · page 1 of 3" at the foot of every page, as page furniture. */
export function numberPages(
  t: TaggedPdf,
  reference: string,
  style: { left: number; width: number; fromBottom: number },
): void {
  const { doc } = t;
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    artifact(t, () => {
      doc.font(FONT.body).fontSize(9).fillColor('#505a5f');
      doc.text(`${reference} · page ${i + 1} of ${range.count}`, style.left, doc.page.height - style.fromBottom, {
        width: style.width,
        align: 'center',
        lineBreak: false,
      });
    });
    doc.page.margins.bottom = bottom;
  }
}
