/**
 * A printable letter for family members whose contact preference is post (or who get it through
 * the social worker), drawn from the same blocks as the email: headings, paragraphs, one bullet
 * style, the reply code in a box, never markdown-like marks. Page one follows the UK window-envelope
 * layout GOV.UK Notify requires of precompiled letters (letter-layout.ts): the addressee's name and
 * address in the address block, the sender, reference and date to its right, the letter from 95 mm
 * down; later pages keep clear of the margins. Tagged, titled, en-GB (a translated letter in its
 * own language, the English after it marked as English), in the embedded letter font
 * (tagged-pdf.ts). The metadata carries the reference only.
 */
import { fitAddress, LETTER_PAGE, lineHeight } from './letter-layout.ts';
import { printable } from './pdf-fonts.ts';
import { block, bulletList, FONT, lines, mm, numberPages, taggedPdf, type TaggedPdf } from './tagged-pdf.ts';
import type { Block } from './templates/layout.ts';

export interface LetterInput {
  title: string;
  /** The letter's blocks (the same as its email's). */
  blocks: readonly Block[];
  reference: string;
  /** Who it is from (the policy's sender name), printed beside the address. */
  sender?: string;
  /** Who it goes to: their name and postal address, in the envelope window. Absent for a letter handed over. */
  addressee?: { name: string; lines: readonly string[] };
  /** Printed date line, e.g. "4 January 2027". */
  dateLine?: string;
  /** 16 pt type instead of 12 pt, for recipients who asked for large print. */
  largePrint?: boolean;
  /** The creation date: the service's clock or a stored moment (never the machine's real time). */
  createdAt: Date;
  /** A reviewed translation's language: the document's Lang (British English unless given). */
  lang?: string;
  /** Where the English letter after a translation starts (a block index): a section marked `en-GB`. */
  englishFrom?: number;
}

const MARGINS = { top: mm(20), bottom: mm(25), left: mm(LETTER_PAGE.address.left), right: mm(20) };
const GREY = '#505a5f';

/** The name and address in Notify's address block, clipped to it (an address checked at the door always fits). */
function addressBlock(t: TaggedPdf, addressee: NonNullable<LetterInput['addressee']>): void {
  const { doc } = t;
  const box = LETTER_PAGE.address;
  const fit = fitAddress(addressee.name, addressee.lines);
  const size = fit.ok ? fit.size : 8;
  doc.save();
  doc.rect(mm(box.left), mm(box.top), mm(box.width), mm(box.height)).clip();
  lines(t, fit.lines, {
    size,
    at: { x: mm(box.left + 0.5), y: mm(box.top + 1) },
    width: mm(box.width - 1),
    lineGap: 0,
    lineBreak: false,
  });
  doc.restore();
}

/** Sender, reference and date in the area to the right of the address. */
function senderBlock(t: TaggedPdf, input: LetterInput): void {
  const area = LETTER_PAGE.sender;
  const text = [
    ...(input.sender ? [input.sender] : []),
    `Reference: ${input.reference}`,
    ...(input.dateLine ? [input.dateLine] : []),
  ];
  lines(t, text, {
    size: 10,
    color: GREY,
    at: { x: mm(area.left), y: mm(LETTER_PAGE.address.top) },
    width: mm(area.right - area.left),
  });
}

function draw(t: TaggedPdf, b: Block, size: number, width: number): void {
  const { doc } = t;
  const body = { size, width, lineGap: size / 4 };
  switch (b.kind) {
    case 'p':
      block(t, 'P', b.text, body);
      break;
    case 'heading':
      doc.moveDown(0.3);
      block(t, 'H2', b.text, { ...body, size: size + 2, bold: true });
      break;
    case 'list':
      bulletList(t, b.items, body);
      break;
    case 'phones':
      // On paper a phone number is its text (no link to dial).
      bulletList(
        t,
        b.items.map((i) => i.text),
        body,
      );
      break;
    case 'facts':
      for (const [k, v] of b.rows) labelled(t, `${k}: `, v, body);
      break;
    case 'link':
      labelled(t, `${b.label}: `, b.href, body);
      break;
    case 'code':
      replyCodeBox(t, b, size, width);
      break;
    case 'notice': {
      const top = doc.y;
      block(t, 'P', b.text, {
        ...body,
        bold: true,
        at: { x: doc.page.margins.left + mm(4), y: top },
        width: width - mm(4),
      });
      doc
        .save()
        .rect(doc.page.margins.left, top, 3, doc.y - top)
        .fill('#1d70b8')
        .restore();
      doc.x = doc.page.margins.left;
      break;
    }
  }
  doc.moveDown(0.6);
}

/** "Label: value" as one paragraph, the label in bold. */
function labelled(
  t: TaggedPdf,
  label: string,
  value: string,
  o: { size: number; width: number; lineGap: number },
): void {
  const { doc } = t;
  t.root.add(
    doc.struct('P', {}, () => {
      doc
        .font(FONT.bold)
        .fontSize(o.size)
        .fillColor('#0b0c0c')
        .text(printable(label), { width: o.width, lineGap: o.lineGap, continued: true });
      doc.font(FONT.body).text(printable(value));
    }),
  );
}

/** The short address and the code, boxed, large enough to copy without a mistake. */
function replyCodeBox(t: TaggedPdf, b: Extract<Block, { kind: 'code' }>, size: number, width: number): void {
  const { doc } = t;
  const pad = mm(4);
  const needed = 3 * lineHeight(size + 4) + 2 * pad;
  if (doc.y + needed > doc.page.height - doc.page.margins.bottom) doc.addPage();
  const top = doc.y;
  const x = doc.page.margins.left + pad;
  doc.y = top + pad;
  block(t, 'P', b.label, { size, bold: true, at: { x, y: doc.y }, width: width - 2 * pad });
  labelled(t, 'Go to: ', b.address, { size: size + 2, width: width - 2 * pad, lineGap: 2 });
  labelled(t, 'Your code: ', b.code, { size: size + 4, width: width - 2 * pad, lineGap: 2 });
  const bottom = doc.y + pad;
  doc
    .save()
    .lineWidth(1.5)
    .strokeColor('#0b0c0c')
    .rect(doc.page.margins.left, top, width, bottom - top)
    .stroke()
    .restore();
  doc.x = doc.page.margins.left;
  doc.y = bottom;
}

export function renderLetterPdf(input: LetterInput): Promise<Buffer> {
  const size = input.largePrint ? 16 : 12;
  const t = taggedPdf({
    title: `Letter ${input.reference}`,
    subject: input.reference,
    margins: MARGINS,
    bufferPages: true,
    createdAt: input.createdAt,
    ...(input.lang ? { lang: input.lang } : {}),
  });
  const { doc } = t;
  const width = doc.page.width - MARGINS.left - MARGINS.right;
  if (input.addressee) addressBlock(t, input.addressee);
  senderBlock(t, input);
  doc.x = MARGINS.left;
  doc.y = mm(LETTER_PAGE.bodyTop);
  block(t, 'H1', input.title, { size: size + 6, bold: true, width });
  doc.moveDown(0.8);
  const english = input.lang ? (input.englishFrom ?? input.blocks.length) : input.blocks.length;
  for (const b of input.blocks.slice(0, english)) draw(t, b, size, width);
  if (english < input.blocks.length) {
    // The English letter after a translation: its own section, spoken as English.
    const sect = doc.struct('Sect', { lang: 'en-GB' });
    t.root.add(sect);
    const inSect: TaggedPdf = { ...t, root: sect };
    for (const b of input.blocks.slice(english)) draw(inSect, b, size, width);
    sect.end();
  }
  numberPages(t, input.reference, { left: MARGINS.left, width, fromBottom: mm(15) });
  return t.end();
}
