/**
 * Every PDF we draw (family letters, the conference record, the chair's pack) starts here: A4,
 * PDF 1.7, tagged (a structure tree in reading order, MarkInfo Marked, headings, paragraphs and
 * lists as H1/H2/P/L), titled (the viewer shows the title, not the file name), in British English,
 * set in the embedded letter font (pdf-fonts.ts). Page furniture (page numbers) is marked as an
 * artifact, so a screen reader does not read it in the middle of a sentence. Metadata carries the
 * reference only: a file listing or a viewer's title bar never shows a name.
 */
import PDFDocument from 'pdfkit';
import { pdfFonts, printable } from './pdf-fonts.ts';

export type Doc = InstanceType<typeof PDFDocument>;
export type StructElement = PDFKit.PDFStructureElement;

/** Millimetres to PDF points. */
export const mm = (n: number): number => (n * 72) / 25.4;

export interface TaggedPdfOptions {
  /** Shown in the viewer's title bar: "Letter CPC-2027-0042". Never a name. */
  title: string;
  /** The reference. */
  subject: string;
  /** Fixed creation date, for byte-identical output (a resend, a retried job, a test). */
  createdAt?: Date;
  margins: { top: number; bottom: number; left: number; right: number };
  /** Keep pages open for page numbers drawn at the end (`numberPages`). */
  bufferPages?: boolean;
}

export interface TaggedPdf {
  doc: Doc;
  /** The Document element: every part is added to it in reading order. */
  root: StructElement;
  end(): Promise<Buffer>;
}

export const FONT = { body: 'Body', bold: 'Bold' } as const;

export function taggedPdf(o: TaggedPdfOptions): TaggedPdf {
  const doc = new PDFDocument({
    size: 'A4',
    margins: o.margins,
    pdfVersion: '1.7',
    tagged: true,
    lang: 'en-GB',
    displayTitle: true,
    bufferPages: o.bufferPages ?? false,
    info: {
      Title: o.title,
      Subject: o.subject,
      Creator: 'cp-conference-bot',
      Producer: 'cp-conference-bot',
      ...(o.createdAt ? { CreationDate: o.createdAt, ModDate: o.createdAt } : {}),
    },
  });
  const fonts = pdfFonts();
  doc.registerFont(FONT.body, fonts.regular.data);
  doc.registerFont(FONT.bold, fonts.bold.data);
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
