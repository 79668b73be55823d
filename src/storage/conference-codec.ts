/**
 * How a conference and its list summary are written to Redis: encrypted when the store has a cipher
 * (always at run time), deflated first because both are JSON that repeats itself. Values written
 * by earlier versions (plain, `v1:`) are still read.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Conference } from '../domain/conference.ts';
import type { ConferenceSummary } from '../ports.ts';
import { summaryOf } from '../app/conference/conference-summary.ts';
import type { DataCipher } from '../infra/data-cipher.ts';

export class ConferenceCodec {
  constructor(private readonly cipher: DataCipher | undefined) {}

  /** Reads an envelope or a legacy plain value alike. */
  open(stored: string): string {
    return this.cipher ? this.cipher.decrypt(stored) : stored;
  }

  /** The conference itself, the largest value: deflated before it is encrypted (`v2:`), about four times smaller. */
  sealConference(c: Conference): string {
    const json = JSON.stringify(c);
    return this.cipher ? this.cipher.encrypt(json, { compact: true }) : json;
  }

  parse(stored: string): Conference {
    return JSON.parse(this.open(stored)) as Conference;
  }

  /** The list's summary: deflated, then encrypted as binary (a few hundred bytes, a third of the `v1:` text). */
  sealSummary(c: Conference): Buffer | string {
    const json = JSON.stringify(summaryOf(c));
    return this.cipher ? this.cipher.encryptBinary(deflateRawSync(json)) : json;
  }

  openSummary(stored: Buffer): ConferenceSummary {
    const binary = this.cipher && stored.subarray(0, 3).toString('latin1') === 'b1:';
    const json = binary
      ? inflateRawSync(this.cipher!.decryptBuffer(stored)).toString('utf8')
      : this.open(stored.toString('utf8'));
    return JSON.parse(json) as ConferenceSummary;
  }
}
