/**
 * Packed records (src/storage/packed-json.ts): JSON deflated with a preset dictionary behind a format
 * byte. The dictionaries must never change, or what was written with them could not be read.
 */
import { createHash, randomBytes } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { isPacked, packJson, unpackJson, type PackedKind } from '../../src/storage/packed-json.ts';
import * as dictionaries from '../../src/storage/packing-dictionaries.ts';
import { makeConference } from '../helpers/fixtures.ts';

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

describe('packed JSON', () => {
  it('keeps every dictionary byte for byte (values written with one inflate only with the same bytes)', () => {
    expect(Object.fromEntries(Object.entries(dictionaries).map(([name, d]) => [name, sha256(d)]))).toEqual({
      AUDIT_V1: 'de05b7cfec79653f26628cdc693c9ef527fb037ca40767b87ffd6f9107e540ae',
      CHILD_RECORD_V1: '2b2d13cdb3e77131ec4bac7e3866ee1742777db6c40495eb54c244e35ab6451c',
      CONFERENCE_V1: '28c318914ec55c970970dc339e0ad2e4cdbc58a0f04db128e4a706b07a419e36',
      FIGURES_V1: 'c90a9fe72fa44e443d833cc22331e5d69ab8ac7809fcab5f388de7e9480fde34',
      SUMMARY_V1: 'e2d49ec7317723bb6abed849f694fb3124267df8d2f82322294e23194d4bd3fc',
    });
  });

  it('round-trips each kind, and a conference packs to well under what deflate alone gives', () => {
    const json = JSON.stringify(makeConference());
    for (const kind of ['conference', 'summary', 'audit', 'figures', 'child-record'] as PackedKind[]) {
      const packed = packJson(kind, json);
      expect(isPacked(packed)).toBe(true);
      expect(unpackJson(packed)).toBe(json);
    }
    expect(packJson('conference', json).length).toBeLessThan(deflateRawSync(json).length * 0.7);
  });

  it('still reads raw deflate written before dictionaries, which never starts like a packed record', () => {
    for (let i = 0; i < 300; i++) {
      const json = JSON.stringify({ n: i, pad: randomBytes(i % 50).toString('base64'), at: new Date(i).toISOString() });
      const raw = deflateRawSync(json);
      expect(isPacked(raw)).toBe(false);
      expect(unpackJson(raw)).toBe(json);
    }
    expect(() => unpackJson(Buffer.from([0xfe, 1, 2]))).toThrow(/unknown format \(0xfe\)/);
  });
});
