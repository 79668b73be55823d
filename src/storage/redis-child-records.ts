/**
 * Child records in Redis: `<prefix>:child:<id>` holds the record (packed and encrypted at rest like
 * a conference: packed-json.ts, `b1:`; a record written as `v1:` text or plain JSON is still read), and the sorted set `<prefix>:children` indexes the records that have a conference,
 * scored by the London date of their last conference (as epoch ms), or +inf while a plan is open,
 * so "who could count in this period" is one range read. Keys carry the opaque id only: never a name.
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { planHistory, type ChildRecord } from '../domain/child-record.ts';
import { ConflictError, NotFoundError } from '../domain/errors.ts';
import { CHILD_RECORD_ID } from '../domain/ids.ts';
import type { ChildRecordStore } from '../ports.ts';
import { DecryptionError, type DataCipher } from '../infra/data-cipher.ts';
import { packJson, unpackJson } from './packed-json.ts';

/** `k` and 12 random base-36 characters (about 62 bits): unguessable, and claimed with SET NX so never given twice. */
export function newChildRecordId(): string {
  return `k${Array.from(randomBytes(12), (b) => (b % 36).toString(36)).join('')}`;
}

// Compare-and-set: the record is written only if it is still what the writer read (no WATCH, so
// the shared connection can be used by concurrent writers).
const CAS_SCRIPT = `
local current = redis.call('GET', KEYS[1])
if current == false then return -1 end
if current ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2])
if ARGV[3] == '' then redis.call('ZREM', KEYS[2], ARGV[4]) else redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4]) end
return 1
`;

/** The index score: open plan → +inf; otherwise the last conference's date; '' = not indexed (no conference yet). */
export function indexScore(r: ChildRecord): string {
  if (r.conferences.length === 0) return '';
  const plans = planHistory(r);
  if (plans.some((p) => p.endedOn === undefined)) return '+inf';
  return String(Date.parse(`${r.conferences[r.conferences.length - 1]!.heldOn}T00:00:00Z`));
}

export class RedisChildRecords implements ChildRecordStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly cipher?: DataCipher,
    private readonly newId: () => string = newChildRecordId,
  ) {}

  #key(id: string): string {
    return `${this.prefix}:child:${id}`;
  }

  #index(): string {
    return `${this.prefix}:children`;
  }

  #seal(r: ChildRecord): Buffer | string {
    const json = JSON.stringify(r);
    return this.cipher ? this.cipher.encryptBinary(packJson('child-record', json)) : json;
  }

  /**
   * The record stored under `id`'s key. One key seals every record, so a child's record copied from
   * another child's key decrypts: read as this child's, it would put that child's conferences and
   * plans on this one's record and in the figures, and the next update would keep them. It carries
   * its id (no byte more), so it is refused instead, whatever form it was written in.
   */
  #open(stored: Buffer, id: string): ChildRecord {
    let r: ChildRecord;
    if (this.cipher && stored.subarray(0, 3).toString('latin1') === 'b1:')
      r = JSON.parse(unpackJson(this.cipher.decryptBuffer(stored))) as ChildRecord;
    else {
      const text = stored.toString('utf8');
      r = JSON.parse(this.cipher ? this.cipher.decrypt(text) : text) as ChildRecord;
    }
    if (r.id !== id) throw new DecryptionError(`stored child record ${r.id} found under ${id}: refused`);
    return r;
  }

  async mint(init: { at: string; previousPlansBefore?: number }): Promise<ChildRecord> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const record: ChildRecord = {
        id: this.newId(),
        ...(init.previousPlansBefore !== undefined ? { previousPlansBefore: init.previousPlansBefore } : {}),
        conferences: [],
        createdAt: init.at,
        updatedAt: init.at,
      };
      if ((await this.redis.set(this.#key(record.id), this.#seal(record), 'NX')) === 'OK') return record;
    }
    throw new ConflictError('could not mint a child record id');
  }

  async get(id: string): Promise<ChildRecord | undefined> {
    if (!CHILD_RECORD_ID.test(id)) return undefined;
    const stored = await this.redis.getBuffer(this.#key(id));
    return stored === null ? undefined : this.#open(stored, id);
  }

  async update(id: string, mutate: (current: ChildRecord) => ChildRecord): Promise<ChildRecord> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const stored = await this.redis.getBuffer(this.#key(id));
      if (stored === null) throw new NotFoundError(`No child record ${id}`);
      const next: ChildRecord = { ...mutate(this.#open(stored, id)), id };
      const done = await this.redis.eval(
        CAS_SCRIPT,
        2,
        this.#key(id),
        this.#index(),
        stored,
        this.#seal(next),
        indexScore(next),
        id,
      );
      if (done === 1) return next;
      if (done === -1) throw new NotFoundError(`No child record ${id}`);
      await new Promise((r) => setTimeout(r, Math.random() * Math.min(2 ** attempt, 50)));
    }
    throw new ConflictError(`Child record ${id} kept changing; gave up`);
  }

  async list(options: { activeSince?: string } = {}): Promise<ChildRecord[]> {
    const min = options.activeSince ? String(Date.parse(`${options.activeSince}T00:00:00Z`)) : '-inf';
    const ids = await this.redis.zrangebyscore(this.#index(), min, '+inf');
    const out: ChildRecord[] = [];
    for (let i = 0; i < ids.length; i += 500) {
      const batch = ids.slice(i, i + 500);
      const raws = await this.redis.mgetBuffer(batch.map((id) => this.#key(id)));
      raws.forEach((raw, j) => {
        if (raw !== null) out.push(this.#open(raw, batch[j]!));
      });
    }
    return out;
  }
}
