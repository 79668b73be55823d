/**
 * The chair's conference pack as one PDF: a cover (who the conference is about, every report with
 * when it came and whom in the family it was shared with, what is still missing), then each report
 * in the order it arrived: a page for the author and the pasted text, followed by the pages of any
 * PDF they sent. pdfkit draws our pages as one tagged document (tagged-pdf.ts: structure in
 * reading order, title, en-GB, embedded font); pdf-lib then inserts the authors' own PDFs after
 * their section, copied as they are rather than re-drawn, keeping our catalogue (structure tree,
 * language, title) intact. The authors' pages carry no tags of ours (their own are not carried
 * over): docs/architecture.md "PDFs". A file that is not a readable PDF (a Word document, an
 * encrypted or damaged PDF) is listed and goes with the email instead. Metadata carries the
 * reference only.
 */
import { PDFDocument as PdfLib, PDFName } from 'pdf-lib';
import { block, bulletList, taggedPdf, type TaggedPdf } from './tagged-pdf.ts';

export interface PackReport {
  /** "Pat Police, Police"; "Hana Health, Professional (Health visiting)". */
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

const SIZE = 10.5;
const heading = (t: TaggedPdf, text: string, tag = 'H2') => {
  t.doc.moveDown(0.8);
  block(t, tag, text, { size: 13, bold: true });
  t.doc.moveDown(0.3);
};
const line = (t: TaggedPdf, text: string) => block(t, 'P', text, { size: SIZE, lineGap: 2 });
const bullets = (t: TaggedPdf, items: string[], none: string) =>
  items.length ? bulletList(t, items, { size: SIZE, lineGap: 2 }) : line(t, none);

async function readablePdf(file: PackReport['files'][number]): Promise<PdfLib | undefined> {
  const looksPdf =
    file.contentType === 'application/pdf' ||
    /\.pdf$/i.test(file.name) ||
    file.content.subarray(0, 5).toString('latin1') === '%PDF-';
  if (!looksPdf) return undefined;
  try {
    // Refused rather than half read (pdf-lib would otherwise skip broken objects, printing to the console):
    // a PDF it cannot read whole goes to the chair as its own attachment.
    const doc = await PdfLib.load(file.content, { throwOnInvalidObject: true });
    // A file that only starts like a PDF loads without a catalogue and fails on its pages later,
    // which would stop the whole pack reaching the chair: its pages are read here, or it goes apart.
    return doc.getPageCount() > 0 ? doc : undefined;
  } catch {
    return undefined;
  }
}

function cover(t: TaggedPdf, input: PackInput, separate: PackReport['files']): void {
  block(t, 'H1', `Conference pack ${input.reference}`, { size: 18, bold: true });
  block(
    t,
    'P',
    `Prepared ${input.preparedAt} for the chair. Confidential: not to be shared with the family as it stands.`,
    { size: SIZE, color: '#505a5f' },
  );
  heading(t, 'The conference');
  line(t, input.conference);
  bullets(t, input.children, 'No children recorded.');
  if (input.family.length) line(t, `Parents and carers: ${input.family.join('; ')}`);
  heading(t, `Reports received (${input.reports.length})`);
  bullets(
    t,
    input.reports.map(
      (r, i) => `${i + 1}. ${r.author}, received ${r.received}${r.version > 1 ? `, version ${r.version}` : ''}`,
    ),
    'No reports have been received.',
  );
  heading(t, `Reports missing (${input.missing.length})`);
  bullets(t, input.missing, 'None: every requested report has arrived.');
  heading(t, 'Shared with the family');
  for (const r of input.reports) {
    block(t, 'H3', r.author, { size: SIZE, bold: true });
    bullets(t, r.sharing, 'No parent or carer in this conference.');
    t.doc.moveDown(0.3);
  }
  if (separate.length) {
    heading(t, 'Sent with this pack as separate files');
    bullets(
      t,
      separate.map((f) => f.name),
      '',
    );
  }
}

function section(t: TaggedPdf, r: PackReport, i: number, joined: string[], apart: string[]): void {
  block(t, 'H1', `Report ${i + 1}: ${r.author}`, { size: 15, bold: true });
  block(t, 'P', `Received ${r.received}${r.version > 1 ? `; version ${r.version}, the latest` : ''}`, {
    size: SIZE,
    color: '#505a5f',
  });
  heading(t, 'Shared with the family');
  bullets(t, r.sharing, 'No parent or carer in this conference.');
  if (joined.length) {
    t.doc.moveDown(0.5);
    line(t, `The author's document follows: ${joined.join(', ')}.`);
  }
  if (apart.length) {
    t.doc.moveDown(0.5);
    line(t, `Sent with this pack as a separate file: ${apart.join(', ')}.`);
  }
  if (r.text?.trim()) {
    heading(t, 'The report');
    for (const para of r.text.trim().split(/\n\s*\n/)) {
      line(t, para.trim());
      t.doc.moveDown(0.5);
    }
  }
}

export async function renderConferencePack(input: PackInput): Promise<RenderedPack> {
  const loaded = await Promise.all(input.reports.map((r) => Promise.all(r.files.map(readablePdf))));
  const separate = input.reports.flatMap((r, i) => r.files.filter((_, j) => !loaded[i]![j]));

  const t = taggedPdf({
    title: `Conference pack ${input.reference}`,
    subject: input.reference,
    createdAt: input.createdAt,
    margins: { top: 56, bottom: 56, left: 56, right: 56 },
  });
  let pages = 1;
  t.doc.on('pageAdded', () => pages++);
  cover(t, input, separate);
  /** After which of our pages each report's own PDFs go. */
  const after: number[] = [];
  for (const [i, r] of input.reports.entries()) {
    t.doc.addPage();
    section(
      t,
      r,
      i,
      r.files.filter((_, j) => loaded[i]![j]).map((f) => f.name),
      r.files.filter((_, j) => !loaded[i]![j]).map((f) => f.name),
    );
    after.push(pages);
  }
  const drawn = await t.end();
  if (!loaded.some((docs) => docs.some(Boolean))) return { pdf: drawn, separate };

  const pack = await PdfLib.load(drawn, { updateMetadata: false });
  // Last report first, so the page numbers recorded for earlier ones still hold.
  for (let i = input.reports.length - 1; i >= 0; i--) {
    let at = after[i]!;
    for (const from of loaded[i]!) {
      if (!from) continue;
      for (const page of await pack.copyPages(from, from.getPageIndices())) {
        // Their structure-tree key would point into ours: their pages are not part of our tree.
        page.node.delete(PDFName.of('StructParents'));
        pack.insertPage(at++, page);
      }
    }
  }
  return { pdf: Buffer.from(await pack.save({ useObjectStreams: false })), separate };
}
