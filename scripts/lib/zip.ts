/** The Teams app package's ZIP, written and read with fflate (deflate, CRC-checked on read). */
import { unzipSync, zipSync, type ZipOptions } from 'fflate';

export interface ZipEntry {
  name: string;
  data: Buffer;
}

/** A fixed timestamp, so the same inputs give the same bytes. */
const MTIME = new Date('2024-01-01T00:00:00Z');

export function writeZip(entries: readonly ZipEntry[]): Buffer {
  const files = Object.fromEntries<[Uint8Array, ZipOptions]>(
    entries.map((e) => [e.name, [new Uint8Array(e.data), { level: 9 as const, mtime: MTIME }]]),
  );
  return Buffer.from(zipSync(files));
}

export function readZip(zip: Buffer): ZipEntry[] {
  return Object.entries(unzipSync(new Uint8Array(zip))).map(([name, data]) => ({ name, data: Buffer.from(data) }));
}
