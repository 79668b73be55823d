/**
 * JSON records kept small: deflated with a preset dictionary of what that kind of record repeats
 * (packing-dictionaries.ts), behind one format byte naming the dictionary. The caller then seals the
 * bytes in the cipher's binary envelope (`b1:`), so they are never stored readable.
 *
 * A format byte has bits 1 and 2 both set: no raw deflate stream can start with it (that block type
 * is reserved), so bytes deflated without a dictionary before (list summaries, folded audit entries)
 * are told apart and still read. A record of a few hundred bytes mostly repeats its keys and states:
 * the dictionary makes those a few bits each (a conference 2.1 KB deflated to about 1 KB, a list
 * summary 240 bytes to about 80).
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { AUDIT_V1, CHILD_RECORD_V1, CONFERENCE_V1, FIGURES_V1, SUMMARY_V1 } from './packing-dictionaries.ts';

export type PackedKind = 'conference' | 'summary' | 'audit' | 'figures' | 'child-record';

/** Format byte → dictionary; a byte is never reused for another dictionary. */
const DICTIONARIES = new Map<number, Buffer>([
  [0x06, Buffer.from(CONFERENCE_V1, 'utf8')],
  [0x0e, Buffer.from(SUMMARY_V1, 'utf8')],
  [0x16, Buffer.from(AUDIT_V1, 'utf8')],
  [0x1e, Buffer.from(FIGURES_V1, 'utf8')],
  [0x26, Buffer.from(CHILD_RECORD_V1, 'utf8')],
]);

/** The format each kind is written in now. */
const CURRENT: Record<PackedKind, number> = {
  conference: 0x06,
  summary: 0x0e,
  audit: 0x16,
  figures: 0x1e,
  'child-record': 0x26,
};

/** True when `bytes` start with a format byte (else they are raw deflate, or not packed at all). */
export function isPacked(bytes: Buffer): boolean {
  return bytes.length > 0 && (bytes[0]! & 0x06) === 0x06;
}

/** `json` deflated with its kind's dictionary, after the format byte. */
export function packJson(kind: PackedKind, json: string): Buffer {
  const format = CURRENT[kind];
  const packed = deflateRawSync(json, { dictionary: DICTIONARIES.get(format)! });
  return Buffer.concat([Buffer.from([format]), packed]);
}

/** The JSON back: packed bytes, or raw deflate written before there were dictionaries. */
export function unpackJson(bytes: Buffer): string {
  if (!isPacked(bytes)) return inflateRawSync(bytes).toString('utf8');
  const dictionary = DICTIONARIES.get(bytes[0]!);
  if (!dictionary) throw new Error(`packed record in an unknown format (0x${bytes[0]!.toString(16)})`);
  return inflateRawSync(bytes.subarray(1), { dictionary }).toString('utf8');
}
