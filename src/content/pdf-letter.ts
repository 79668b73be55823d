/**
 * A printable letter for family members whose contact preference is post. The document's
 * metadata carries the reference only, so a file listing or PDF viewer never shows a name.
 */
import PDFDocument from 'pdfkit';

export interface LetterInput {
  title: string;
  /** Plain text paragraphs; a paragraph starting with "- " is printed as a bullet. */
  paragraphs: readonly string[];
  reference: string;
  /** Recipient's postal address, printed where a window envelope shows it. */
  addressLines?: readonly string[];
  /** Printed date line, e.g. "4 January 2027". */
  dateLine?: string;
  /** 16 pt type instead of 12 pt, for recipients who asked for large print. */
  largePrint?: boolean;
  /** Fixed creation date, for byte-identical output in tests. */
  createdAt?: Date;
}

/**
 * Renders with the built-in Helvetica, which covers Western European text (Windows-1252);
 * letters in other scripts need an embedded font, which this function does not yet load.
 */
export function renderLetterPdf(input: LetterInput): Promise<Buffer> {
  const size = input.largePrint ? 16 : 12;
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 64, bottom: 64, left: 64, right: 64 },
    bufferPages: true,
    lang: 'en-GB',
    info: {
      Title: `Letter ${input.reference}`,
      Subject: input.reference,
      Creator: 'cp-conference-bot',
      ...(input.createdAt ? { CreationDate: input.createdAt, ModDate: input.createdAt } : {}),
    },
  });

  const done = new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const width = doc.page.width - 128;
  doc.font('Helvetica').fontSize(size - 2).fillColor('#505a5f');
  doc.text(`Reference: ${input.reference}`, { align: 'right', width });
  if (input.dateLine) doc.text(input.dateLine, { align: 'right', width });
  doc.fillColor('#0b0c0c');
  if (input.addressLines?.length) {
    doc.moveDown(1).fontSize(size);
    for (const line of input.addressLines) doc.text(line, { width: width / 2 });
  }
  doc.moveDown(2).font('Helvetica-Bold').fontSize(size + 6).text(input.title, { width });
  doc.moveDown(0.8).font('Helvetica').fontSize(size);
  for (const para of input.paragraphs) {
    const bullet = para.startsWith('- ');
    doc.text(bullet ? `•  ${para.slice(2)}` : para, { width, align: 'left', lineGap: size / 4, indent: 0 });
    doc.moveDown(bullet ? 0.3 : 0.8);
  }

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.fontSize(9).fillColor('#505a5f').text(
      `${input.reference} · page ${i + 1} of ${range.count}`,
      64,
      doc.page.height - 40,
      { width, align: 'center', lineBreak: false },
    );
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}
