/**
 * The text drawn in a PDF made by pdfkit with its standard fonts: inflates each content stream and
 * decodes the hex strings of its TJ/Tj operators (WinAnsi). Enough to assert what a letter says.
 */
import { inflateSync } from 'node:zlib';

export function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const out: string[] = [];
  // Each stream is read by its dictionary's /Length, not up to the next "endstream": compressed bytes
  // can hold anything, and a stream cut short by a lucky byte pattern would lose a page's text.
  const streams = /\/Length (\d+)[^>]*>>\s*stream\r?\n/g;
  for (let m = streams.exec(raw); m; m = streams.exec(raw)) {
    const body = raw.slice(m.index + m[0].length, m.index + m[0].length + Number(m[1]));
    let content: string;
    try {
      content = inflateSync(Buffer.from(body, 'latin1')).toString('latin1');
    } catch {
      content = body;
    }
    const ops = /\[((?:<[0-9a-fA-F]*>|[-\d.\s])*)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj/g;
    for (let op = ops.exec(content); op; op = ops.exec(content)) {
      const hex = op[1] !== undefined ? [...op[1].matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => h[1]).join('') : op[2]!;
      out.push(Buffer.from(hex, 'hex').toString('latin1'));
    }
  }
  return out.join('\n');
}
