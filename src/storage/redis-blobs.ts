/**
 * Files kept for a conference (reports' text and attachments, letters to print): one hash per
 * file, `data` (binary `b1:` envelope) and `meta` (encrypted JSON). Keys carry ids only. A letter's
 * PDF goes when it leaves the print list (`printedLetterFiles`).
 */
import type { Redis } from 'ioredis';
import { stillToPrint } from '../domain/letters.ts';
import type { DerivedRecords } from './derived-records.ts';
import type { DataCipher } from '../infra/data-cipher.ts';
import type { RedisKeys } from './redis-keys.ts';

export class RedisBlobs {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly cipher: DataCipher | undefined,
  ) {}

  async put(conferenceId: string, blobId: string, data: Buffer, meta: Record<string, string>): Promise<void> {
    const json = JSON.stringify(meta);
    await this.redis.hset(
      this.keys.blob(conferenceId, blobId),
      'data',
      this.cipher ? this.cipher.encryptBinary(data) : data,
      'meta',
      this.cipher ? this.cipher.encrypt(json) : json,
    );
  }

  async get(conferenceId: string, blobId: string): Promise<{ data: Buffer; meta: Record<string, string> } | undefined> {
    const h = await this.redis.hgetallBuffer(this.keys.blob(conferenceId, blobId));
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
