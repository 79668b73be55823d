/**
 * The chair's conference pack as one PDF: a cover (who the conference is about, every report with
 * when it came and whom in the family it was shared with, what is still missing), then each report
 * in the order it arrived: a page for the author and the pasted text, followed by the pages of any
 * PDF they sent. pdfkit draws the pages; pdf-lib joins the authors' own PDFs in, so their pages are
 * copied as they are rather than re-drawn. A file that is not a readable PDF (a Word document, an
 * encrypted or damaged PDF) is listed and goes with the email instead. Metadata carries the
 * reference only.
 */
import PDFDocument from 'pdfkit';
import { PDFDocument as PdfLib } from 'pdf-lib';

type Doc = InstanceType<typeof PDFDocument>;

export interface PackReport {
  /** "Pat Police, Police (Police)". */
  author: string;
  /** "Monday 21 December 2026 at 11:00", with "(late)" where it was. */
  received: string;
  version: number;
  /** "Jade Testfamily (parent): shared on 18 December 2026". */
  sharing: string[];
  text?: string;
  files: { name: string; content: Buffer; contentType?: string }[];
}

export interface PackInput {
  reference: string;
  /** "Initial child protection conference, Monday 4 January 2027, professionals join at 10:30". */
  conference: string;
  children: string[];
  family: string[];
  reports: PackReport[];
  /** "Hana Health, Professional (Health visiting): due Tuesday 29 December 2026 at 17:00 (overdue)". */
  missing: string[];
  /** "Monday 28 December 2026 at 17:00". */
  preparedAt: string;
  /** Fixed creation date, so a resend is the same file. */
  createdAt: Date;
}

export interface RenderedPack {
  pdf: Buffer;
  /** Files that could not be joined into the PDF, to attach beside it. */
  separate: PackReport['files'];
}

/** Helvetica covers Windows-1252 only: anything else is replaced rather than printed as garbage. */
const printable = (s: string) => s.replace(/[^\x09\x0a\x0d\x20-\x7e\xa0-\xff\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u20ac]/g, '?');

function draw(reference: string, createdAt: Date, paint: (doc: Doc) => void): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 56, bottom: 56, left: 56, right: 56 },
    lang: 'en-GB',
    info: { Title: `Conference pack ${reference}`, Subject: reference, Creator: 'cp-conference-bot', CreationDate: createdAt, ModDate: createdAt },
  });
  const done = new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (b: Buffer) => chunks.push(b));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  paint(doc);
  doc.end();
  return done;
}

const heading = (doc: Doc, text: string) => doc.moveDown(0.8).font('Helvetica-Bold').fontSize(13).text(printable(text)).moveDown(0.3).font('Helvetica').fontSize(10.5);
const line = (doc: Doc, text: string) => doc.text(printable(text), { lineGap: 2 });
const bullets = (doc: Doc, items: string[], none: string) => {
  if (!items.length) return line(doc, none);
  for (const item of items) line(doc, `•  ${item}`);
  return doc;
};

async function readablePdf(file: PackReport['files'][number]): Promise<PdfLib | undefined> {
  const looksPdf = file.contentType === 'application/pdf' || /\.pdf$/i.test(file.name) || file.content.subarray(0, 5).toString('latin1') === '%PDF-';
  if (!looksPdf) return undefined;
  try {
    return await PdfLib.load(file.content);
  } catch {
    return undefined;
  }
}

export async function renderConferencePack(input: PackInput): Promise<RenderedPack> {
  const loaded = await Promise.all(input.reports.map((r) => Promise.all(r.files.map(readablePdf))));
  const separate = input.reports.flatMap((r, i) => r.files.filter((_, j) => !loaded[i]![j]));

  const cover = await draw(input.reference, input.createdAt, (doc) => {
    doc.font('Helvetica-Bold').fontSize(18).text(printable(`Conference pack ${input.reference}`));
    doc.font('Helvetica').fontSize(10.5).fillColor('#505a5f').text(printable(`Prepared ${input.preparedAt} for the chair. Confidential: not to be shared with the family as it stands.`)).fillColor('#0b0c0c');
    heading(doc, 'The conference');
    line(doc, input.conference);
    bullets(doc, input.children, 'No children recorded.');
    if (input.family.length) line(doc, `Parents and carers: ${input.family.join('; ')}`);
    heading(doc, `Reports received (${input.reports.length})`);
    bullets(
      doc,
      input.reports.map((r, i) => `${i + 1}. ${r.author}, received ${r.received}${r.version > 1 ? `, version ${r.version}` : ''}`),
      'No reports have been received.',
    );
    heading(doc, `Reports missing (${input.missing.length})`);
    bullets(doc, input.missing, 'None: every requested report has arrived.');
    heading(doc, 'Shared with the family');
    for (const r of input.reports) {
      doc.font('Helvetica-Bold').text(printable(r.author)).font('Helvetica');
      bullets(doc, r.sharing, 'No parent or carer in this conference.');
      doc.moveDown(0.3);
    }
    if (separate.length) {
      heading(doc, 'Sent with this pack as separate files');
      bullets(doc, separate.map((f) => f.name), '');
    }
  });

  const pack = await PdfLib.create();
  pack.setTitle(`Conference pack ${input.reference}`);
  pack.setSubject(input.reference);
  pack.setCreator('cp-conference-bot');
  pack.setProducer('cp-conference-bot');
  pack.setCreationDate(input.createdAt);
  pack.setModificationDate(input.createdAt);
  const append = async (from: PdfLib) => {
    for (const page of await pack.copyPages(from, from.getPageIndices())) pack.addPage(page);
  };
  await append(await PdfLib.load(cover));
  for (const [i, r] of input.reports.entries()) {
    const section = await draw(input.reference, input.createdAt, (doc) => {
      doc.font('Helvetica-Bold').fontSize(15).text(printable(`Report ${i + 1}: ${r.author}`));
      doc.font('Helvetica').fontSize(10.5).fillColor('#505a5f').text(printable(`Received ${r.received}${r.version > 1 ? `; version ${r.version}, the latest` : ''}`)).fillColor('#0b0c0c');
      heading(doc, 'Shared with the family');
      bullets(doc, r.sharing, 'No parent or carer in this conference.');
      const joined = r.files.filter((_, j) => loaded[i]![j]).map((f) => f.name);
      const apart = r.files.filter((_, j) => !loaded[i]![j]).map((f) => f.name);
      if (joined.length) line(doc.moveDown(0.5), `The author's document follows: ${joined.join(', ')}.`);
      if (apart.length) line(doc.moveDown(0.5), `Sent with this pack as a separate file: ${apart.join(', ')}.`);
      if (r.text?.trim()) {
        heading(doc, 'The report');
        for (const para of r.text.trim().split(/\n\s*\n/)) line(doc, para.trim()).moveDown(0.5);
      }
    });
    await append(await PdfLib.load(section));
    for (const doc of loaded[i]!) if (doc) await append(doc);
  }
  return { pdf: Buffer.from(await pack.save({ useObjectStreams: false })), separate };
}
