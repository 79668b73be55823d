/**
 * What a PDF says and is, read by poppler (`poppler-utils`: pdftotext, pdfinfo, pdffonts), the
 * independent reader a printer's or a screen reader's software would be like. `.ci/run` installs it.
 */
import { execFileSync } from 'node:child_process';

const run = (tool: string, args: string[], pdf: Buffer): string =>
  execFileSync(tool, [...args, '-'], { input: pdf, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });

/** The text as laid out, one printed line per line, pages separated by a form feed. */
export function pdfLines(pdf: Buffer): string {
  return run('pdftotext', ['-enc', 'UTF-8', '-layout', '-'], pdf);
}

/**
 * The text with lines joined, so a phrase reads the same wherever the line broke: every run of
 * white space becomes one space, and a line that ended on a hyphen joins the next without one.
 */
export function pdfText(pdf: Buffer): string {
  return run('pdftotext', ['-enc', 'UTF-8', '-'], pdf)
    .replace(/-\n(?=\S)/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}

/** pdfinfo's fields: `Tagged`, `Title`, `PDF version`, `Page size`, `Pages`… */
export function pdfInfo(pdf: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of run('pdfinfo', [], pdf).split('\n')) {
    const m = /^([^:]+):\s*(.*)$/.exec(line);
    if (m) out[m[1]!.trim()] = m[2]!.trim();
  }
  return out;
}

/** pdfinfo -struct-text: the structure tree in reading order, with the text of each element. */
export function pdfStructure(pdf: Buffer): string {
  return run('pdfinfo', ['-struct-text'], pdf);
}

/** pdffonts: each font's name, type, and whether it is embedded (and subset, with a Unicode map). */
export function pdfFonts(pdf: Buffer): { name: string; type: string; embedded: boolean; unicode: boolean }[] {
  return run('pdffonts', [], pdf)
    .split('\n')
    .slice(2)
    .filter((l) => l.trim())
    .map((l) => {
      const cols = l.trim().split(/\s+/);
      // name, type (one or more words), encoding, emb, sub, uni, object, id
      const [emb, , uni] = cols.slice(-5, -2);
      return { name: cols[0]!, type: cols.slice(1, -6).join(' '), embedded: emb === 'yes', unicode: uni === 'yes' };
    });
}

/** Text in a rectangle of the first page, in millimetres from its top-left corner (pdftotext -x -y -W -H). */
export function pdfTextIn(pdf: Buffer, box: { left: number; top: number; width: number; height: number }): string {
  const pt = (mm: number) => String(Math.round((mm * 72) / 25.4));
  // pdftotext crops in pixels at -r resolution: at 72 dpi a pixel is a point.
  return run(
    'pdftotext',
    [
      '-enc',
      'UTF-8',
      '-f',
      '1',
      '-l',
      '1',
      '-r',
      '72',
      '-x',
      pt(box.left),
      '-y',
      pt(box.top),
      '-W',
      pt(box.width),
      '-H',
      pt(box.height),
      '-layout',
      '-',
    ],
    pdf,
  ).trim();
}

export interface PdfWord {
  /** 1-based. */
  page: number;
  text: string;
  /** Millimetres from the page's top-left corner. */
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** Every word with its box (pdftotext -bbox), in millimetres from the top-left corner of its page. */
export function pdfWords(pdf: Buffer): PdfWord[] {
  const mm = (pt: string) => (Number(pt) * 25.4) / 72;
  const words: PdfWord[] = [];
  let page = 0;
  for (const m of run('pdftotext', ['-bbox', '-'], pdf).matchAll(
    /<page [^>]*>|<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g,
  )) {
    if (m[0].startsWith('<page')) page++;
    else words.push({ page, text: m[5]!, left: mm(m[1]!), top: mm(m[2]!), right: mm(m[3]!), bottom: mm(m[4]!) });
  }
  return words;
}

/**
 * The document's language (the catalog's `/Lang`) and each structure element that names its own
 * (`Sect` en-GB for the English letter after a translation), read from the file's dictionaries.
 */
export function pdfLanguages(pdf: Buffer): { document?: string; parts: { tag: string; lang: string }[] } {
  const dicts = pdf.toString('latin1').match(/<<[^<>]*\/Lang \([^)]*\)[^<>]*>>/g) ?? [];
  const lang = (d: string) => /\/Lang \(([^)]*)\)/.exec(d)![1]!;
  const catalog = dicts.find((d) => d.includes('/Type /Catalog'));
  return {
    ...(catalog ? { document: lang(catalog) } : {}),
    parts: dicts.flatMap((d) => {
      const tag = /\/S \/(\w+)/.exec(d)?.[1];
      return tag ? [{ tag, lang: lang(d) }] : [];
    }),
  };
}
