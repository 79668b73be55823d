/**
 * How a conference and its list summary are written to Redis: encrypted when the store has a cipher
 * (always at run time), deflated first with a dictionary of what such JSON repeats (packed-json.ts),
 * in the binary envelope (`b1:`). Values written by earlier versions are still read: a conference as
 * plain JSON, `v1:` or `v2:` (deflated without a dictionary, base64 text), a summary as `b1:` raw deflate.
 */
import type { Conference } from '../domain/conference.ts';
import type { ConferenceSummary } from '../ports.ts';
import { summaryOf } from '../app/conference/conference-summary.ts';
import { DecryptionError, type DataCipher } from '../infra/data-cipher.ts';
import { packJson, unpackJson } from './packed-json.ts';

const BINARY = 'b1:';
const isBinary = (stored: Buffer) => stored.subarray(0, 3).toString('latin1') === BINARY;

/**
 * The record under a conference's key must be that conference's: the envelope is sealed with one key
 * for every record, so a record copied from another key decrypts. Read as this one, it would show
 * another family's children on this conference's pages, and the next update would write them back
 * under this id for good.
 */
export function ownRecord(c: Conference, id: string): Conference {
  if (c.id !== id) throw new DecryptionError(`stored record of conference ${c.id} found under ${id}: refused`);
  return c;
}

export class ConferenceCodec {
  constructor(private readonly cipher: DataCipher | undefined) {}

  /** The JSON of a conference or summary from what is stored, whichever form it was written in. */
  open(stored: Buffer): string {
    if (this.cipher && isBinary(stored)) return unpackJson(this.cipher.decryptBuffer(stored));
    const text = stored.toString('utf8');
    return this.cipher ? this.cipher.decrypt(text) : text;
  }

  /** The conference itself, the largest value: about 1 KB of a 8 KB JSON once packed (2.9 KB as `v2:`). */
  sealConference(c: Conference): Buffer | string {
    const json = JSON.stringify(c);
    return this.cipher ? this.cipher.encryptBinary(packJson('conference', json)) : json;
  }

  /** The conference stored under `id`'s key; refused when it is another conference's record. */
  parse(stored: Buffer, id: string): Conference {
    return ownRecord(JSON.parse(this.open(stored)) as Conference, id);
  }

  /** The list's summary: packed, then encrypted as binary (under 120 bytes, a fifth of the `v1:` text). */
  sealSummary(c: Conference): Buffer | string {
    const json = JSON.stringify(summaryOf(c));
    return this.cipher ? this.cipher.encryptBinary(packJson('summary', json)) : json;
  }

  /**
   * The summary stored under `id`'s key, opened as a conference is (written before as `b1:` raw
   * deflate, `unpackJson` reads it too); undefined when it is another conference's. Sealed with the
   * one key, a summary copied from another conference's key decrypts, and the list would show that
   * one's reference, state and dates as this one's; it carries its id, as the record does (no byte more).
   */
  openSummary(stored: Buffer, id: string): ConferenceSummary | undefined {
    const s = JSON.parse(this.open(stored)) as ConferenceSummary;
    return s.id === id ? s : undefined;
  }
}
