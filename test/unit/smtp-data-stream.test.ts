import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import DataStream from 'nodemailer/lib/smtp-connection/data-stream.js';
import { describe, expect, it } from 'vitest';
import { escapeDataChunk, nodemailerTransform } from '../../src/channels/email/smtp-data-stream.ts';

type Transform = typeof nodemailerTransform;

/** What an SMTP connection writes for `chunks` (each pushed chunk kept apart), with the given escaping. */
async function wire(chunks: Buffer[], transform: Transform): Promise<{ pushed: string[]; counts: number[] }> {
  const stream = new DataStream() as unknown as InstanceType<typeof DataStream> & {
    _transform: Transform;
    inByteCount: number;
    outByteCount: number;
  };
  stream._transform = transform;
  const pushed: string[] = [];
  const sink = new Writable({
    write(c: Buffer, _e, cb) {
      pushed.push(c.toString('latin1'));
      cb();
    },
  });
  const source = async function* () {
    for (const c of chunks) yield c;
  };
  await pipeline(source, stream, sink);
  return { pushed, counts: [stream.inByteCount, stream.outByteCount] };
}

/** A deterministic pseudo-random sequence (no flaky seeds). */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

describe('SMTP data escaping, line feed by line feed', () => {
  it('doubles a dot that starts a line and turns bare line feeds into CRLF, as nodemailer does', async () => {
    const message = Buffer.from('.first\n..two\r\n.three\nplain\r\nlast.\n.');
    const ours = await wire([message], escapeDataChunk as unknown as Transform);
    expect(ours.pushed.join('')).toBe('..first\r\n...two\r\n..three\r\nplain\r\nlast.\r\n..\r\n.\r\n');
    expect(ours).toEqual(await wire([message], nodemailerTransform));
  });

  it('writes the same bytes, chunk for chunk, as nodemailer for random input cut at random places', async () => {
    const next = random(23);
    const alphabet = [0x2e, 0x0a, 0x0d, 0x61, 0x00, 0x2e, 0x0a];
    for (let round = 0; round < 400; round++) {
      const bytes = Buffer.from(
        Array.from({ length: Math.floor(next() * 60) }, () => alphabet[Math.floor(next() * alphabet.length)]!),
      );
      const chunks: Buffer[] = [];
      for (let at = 0; at < bytes.length;) {
        const size = 1 + Math.floor(next() * 8);
        chunks.push(bytes.subarray(at, at + size));
        at += size;
      }
      const ours = await wire(chunks, escapeDataChunk as unknown as Transform);
      expect(ours, JSON.stringify(chunks.map((c) => c.toString('latin1')))).toEqual(
        await wire(chunks, nodemailerTransform),
      );
    }
  });
});
