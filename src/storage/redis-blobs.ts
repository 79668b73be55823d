/**
 * Files kept for a conference (reports' text and attachments, letters to print): one string per
 * file, its metadata's JSON and its bytes sealed together in one binary envelope (`b1:`; plain,
 * `p1:`, in the store's own tests), the metadata's length first (4 bytes). A file of a few dozen
 * bytes then takes about 150 bytes of Redis instead of 520: kept as a hash of `data` and `meta`
 * before, whose `meta` field was over the 64 bytes a listpack hash allows. Files written as such a
 * hash are still read. Keys carry ids only. A letter's PDF goes when it leaves the print list
 * (`printedLetterFiles`).
 */
import type { Redis } from 'ioredis';
import { stillToPrint } from '../domain/letters.ts';
import type { DerivedRecords } from './derived-records.ts';
import type { DataCipher } from '../infra/data-cipher.ts';
import type { RedisKeys } from './redis-keys.ts';

const PLAIN = 'p1:';

/**
 * What a file's envelope is sealed as: its conference and id. One key seals every file, so a file
 * copied under another's key (another conference's report, another letter) would otherwise open as
 * that one; sealed so, it is refused there. A file sealed before this still opens (data-cipher.ts).
 */
export const boundTo = (conferenceId: string, blobId: string) => `file:${conferenceId}/${blobId}`;

export class RedisBlobs {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly cipher: DataCipher | undefined,
  ) {}

  async put(conferenceId: string, blobId: string, data: Buffer, meta: Record<string, string>): Promise<void> {
    const key = this.keys.blob(conferenceId, blobId);
    // DEL first: a file written before as a hash under the same id is replaced, not refused (WRONGTYPE).
    await this.redis
      .multi()
      .del(key)
      .set(key, this.valueOf(conferenceId, blobId, data, meta))
      .exec();
  }

  /** What a file is stored as: its metadata's length, metadata and bytes, sealed (plain, `p1:`, without a cipher). */
  valueOf(conferenceId: string, blobId: string, data: Buffer, meta: Record<string, string>): Buffer {
    const json = Buffer.from(JSON.stringify(meta), 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32BE(json.length);
    const plain = Buffer.concat([length, json, data]);
    return this.cipher
      ? this.cipher.encryptBinary(plain, boundTo(conferenceId, blobId))
      : Buffer.concat([Buffer.from(PLAIN, 'latin1'), plain]);
  }

  async get(conferenceId: string, blobId: string): Promise<{ data: Buffer; meta: Record<string, string> } | undefined> {
    const key = this.keys.blob(conferenceId, blobId);
    let stored: Buffer | null;
    try {
      stored = await this.redis.getBuffer(key);
    } catch (err) {
      if (err instanceof Error && err.message.startsWith('WRONGTYPE')) return this.getHash(key);
      throw err;
    }
    if (stored === null) return undefined;
    const unsealed = stored.subarray(0, 3).toString('latin1') === PLAIN;
    if (unsealed) this.cipher?.refusePlainValue();
    const plain =
      unsealed || !this.cipher ? stored.subarray(3) : this.cipher.decryptBound(stored, boundTo(conferenceId, blobId));
    const length = plain.readUInt32BE(0);
    return {
      meta: JSON.parse(plain.subarray(4, 4 + length).toString('utf8')) as Record<string, string>,
      data: plain.subarray(4 + length),
    };
  }

  /** A file as written before: a hash of `data` (binary envelope) and `meta` (encrypted JSON). */
  private async getHash(key: string): Promise<{ data: Buffer; meta: Record<string, string> } | undefined> {
    const h = await this.redis.hgetallBuffer(key);
    if (!h.data) return undefined;
    const data = this.cipher ? this.cipher.decryptBuffer(h.data) : h.data;
    const meta = h.meta ? (this.cipher?.decrypt(h.meta) ?? h.meta.toString('utf8')) : '{}';
    return { data, meta: JSON.parse(meta) as Record<string, string> };
  }

  async delete(conferenceId: string, blobId: string): Promise<void> {
    await this.redis.del(this.keys.blob(conferenceId, blobId));
  }

  /** Every file id of a conference (SCAN, never KEYS). */
  async list(conferenceId: string): Promise<string[]> {
    const head = this.keys.blob(conferenceId, '');
    const ids: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await this.redis.scan(cursor, 'MATCH', `${head}*`, 'COUNT', 500);
      ids.push(...batch.map((k) => k.slice(head.length)));
      cursor = next;
    } while (cursor !== '0');
    return [...new Set(ids)].sort();
  }
}

/**
 * A letter's PDF is kept while it is on the print list, and dropped in the same transaction as the
 * write that takes it off (printed, withdrawn by a later version, or about a meeting already held):
 * the paper copy is what was sent, and the record keeps when it was printed and by whom. A letter
 * with GOV.UK Notify keeps its PDF (Notify may refuse it, and then it is printed here).
 */
export function printedLetterFiles(keys: RedisKeys): DerivedRecords {
  return {
    prepare: (next, prev) =>
      Promise.resolve((tx) => {
        const now = new Map((next.hardCopies ?? []).map((h) => [h.blobId, h]));
        for (const h of prev?.hardCopies ?? []) {
          const after = now.get(h.blobId);
          if (stillToPrint(prev!, h) && (!after || !stillToPrint(next, after))) tx.del(keys.blob(next.id, h.blobId));
        }
      }),
    remove: () => undefined,
  };
}
