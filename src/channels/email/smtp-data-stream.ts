/**
 * The last step before a message's bytes go to the SMTP server: nodemailer's DataStream doubles a
 * dot that starts a line and turns a bare LF into CRLF. It looks at every byte of the message in a
 * JavaScript loop, about a tenth of a worker's CPU per decision letter (51 KB, most of it the PDF
 * in base64). Only a byte after a line feed (or a chunk's first) can need either change, so this
 * does the same by jumping from line feed to line feed (Buffer#indexOf, native) and pushes exactly
 * the bytes nodemailer's loop pushes, chunk for chunk (test/unit/smtp-data-stream.test.ts compares
 * the two on random input cut at random places). Installed once, by the SMTP mailer.
 */
import DataStream from 'nodemailer/lib/smtp-connection/data-stream.js';

type TransformFn = (chunk: Buffer | string, encoding: BufferEncoding, done: (err?: Error | null) => void) => void;
interface DataStreamState {
  inByteCount: number;
  outByteCount: number;
  /** The previous chunk's last byte; false before the first. */
  lastByte: number | false;
  push(chunk: Buffer): boolean;
}

const proto = DataStream.prototype as unknown as { _transform: TransformFn };

/** nodemailer's own loop, kept for the comparison test. */
export const nodemailerTransform: TransformFn = proto._transform;

const DOT = Buffer.from('.');
const CRLF = Buffer.from('\r\n');

/** DataStream's `_transform`, line feed by line feed. */
export function escapeDataChunk(
  this: DataStreamState,
  input: Buffer | string,
  _encoding: BufferEncoding,
  done: (err?: Error | null) => void,
): void {
  if (!input || !input.length) return done();
  const chunk = typeof input === 'string' ? Buffer.from(input) : input;
  this.inByteCount += chunk.length;
  const parts: Buffer[] = [];
  let length = 0;
  let lastPos = 0;
  const cut = (to: number, add: Buffer) => {
    if (to > lastPos) parts.push(chunk.subarray(lastPos, to));
    parts.push(add);
    length += to - lastPos + add.length;
    lastPos = to;
  };
  // A dot first in the chunk starts a line when the stream starts or the last chunk ended one.
  if (chunk[0] === 0x2e && (!this.lastByte || this.lastByte === 0x0a)) cut(1, DOT);
  for (let nl = chunk.indexOf(0x0a); nl !== -1; nl = chunk.indexOf(0x0a, nl + 1)) {
    const before = nl ? chunk[nl - 1] : this.lastByte;
    if (before !== 0x0d) {
      cut(nl, CRLF);
      lastPos = nl + 1;
    }
    if (chunk[nl + 1] === 0x2e) cut(nl + 2, DOT);
  }
  if (parts.length) {
    if (lastPos < chunk.length) {
      parts.push(chunk.subarray(lastPos));
      length += chunk.length - lastPos;
    }
    this.outByteCount += length;
    this.push(Buffer.concat(parts, length));
  } else {
    this.outByteCount += chunk.length;
    this.push(chunk);
  }
  this.lastByte = chunk[chunk.length - 1]!;
  done();
}

/** Every SMTP connection of this process escapes its data line feed by line feed. */
export function useFastDataStream(): void {
  proto._transform = escapeDataChunk as unknown as TransformFn;
}
