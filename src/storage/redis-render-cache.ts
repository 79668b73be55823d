/**
 * The render-once cache in Redis: one hash per conference, `<prefix>:conf:<id>:renders`, each field
 * `<artefact>:<fingerprint of the inputs>` (a keyed HMAC: no names, nothing to confirm a guess
 * with), each value the artefact encrypted at rest like the aggregate. The hash expires
 * `ttlMs` after its last write and is dropped when the fan-out finishes (forget), so it holds a
 * conference's artefacts for the minutes its circulation takes, not for good.
 *
 * Every worker process reads the same hash, so a second worker reuses what the first rendered.
 * Within a process, concurrent jobs asking for the same entry share one render (single flight);
 * two processes missing at the same instant both render the same bytes, which is harmless.
 * A process also keeps the last few artefacts it rendered or read in memory (`LOCAL_ENTRIES`,
 * for at most the TTL), so the rest of a fan-out's jobs neither fetch nor decrypt them again: an
 * entry is named by the fingerprint of everything it is drawn from, so a kept copy can only ever
 * be the same bytes Redis holds.
 */
import type { Redis } from 'ioredis';
import type { RenderCache, RenderedArtefact } from '../ports.ts';
import type { DataCipher } from '../infra/data-cipher.ts';
import { redisKeys, type RedisKeys } from './redis-keys.ts';

/** Long enough for any fan-out (a retry waits out the send lease and backoff), short enough not to linger. @defaultValue 15 minutes */
export const RENDER_CACHE_TTL_MS = 15 * 60_000;

/** Bumped when the renderers' output for the same inputs changes, so an entry from older code is never reused. */
const RENDER_VERSION = 1;

/** Artefacts a process keeps in memory (about 25 KB each: a decision letter). @defaultValue 64 */
export const LOCAL_ENTRIES = 64;

export class RedisRenderCache implements RenderCache {
  readonly #keys: RedisKeys;
  readonly #inFlight = new Map<string, Promise<Buffer>>();
  /** Oldest first (a Map keeps insertion order): `<key>\n<field>` → the artefact and when it lapses. */
  readonly #local = new Map<string, { bytes: Buffer; until: number }>();

  constructor(
    private readonly redis: Redis,
    prefix: string,
    private readonly cipher: DataCipher,
    private readonly ttlMs: number = RENDER_CACHE_TTL_MS,
  ) {
    this.#keys = redisKeys(prefix);
  }

  /** The hash field for an artefact made from `inputs` (exported for tests through `fieldFor`). */
  fieldFor(artefact: RenderedArtefact, inputs: unknown): string {
    return `${artefact}:${this.cipher.fingerprint('render', `${RENDER_VERSION}\n${artefact}\n${JSON.stringify(inputs)}`)}`;
  }

  async getOrRender(
    conferenceId: string,
    artefact: RenderedArtefact,
    inputs: unknown,
    render: () => Promise<Buffer>,
  ): Promise<Buffer> {
    const key = this.#keys.renders(conferenceId);
    const field = this.fieldFor(artefact, inputs);
    const flight = `${key}\n${field}`;
    const kept = this.#local.get(flight);
    if (kept && kept.until > Date.now()) return kept.bytes;
    const pending = this.#inFlight.get(flight);
    if (pending) return pending;
    const p = this.#load(key, field, `render:${conferenceId}/${field}`, render)
      .then((bytes) => {
        this.#keep(flight, bytes);
        return bytes;
      })
      .finally(() => this.#inFlight.delete(flight));
    this.#inFlight.set(flight, p);
    return p;
  }

  #keep(flight: string, bytes: Buffer): void {
    this.#local.delete(flight);
    this.#local.set(flight, { bytes, until: Date.now() + this.ttlMs });
    for (const oldest of this.#local.keys()) {
      if (this.#local.size <= LOCAL_ENTRIES) break;
      this.#local.delete(oldest);
    }
  }

  /**
   * `boundTo`: the conference and entry, sealed with the artefact (no byte more). One key seals every
   * entry, so another conference's letter copied under this one's field would otherwise be sent to
   * this conference's recipients; sealed so, it does not open here and is rendered afresh.
   */
  async #load(key: string, field: string, boundTo: string, render: () => Promise<Buffer>): Promise<Buffer> {
    const stored = await this.redis.hgetBuffer(key, field);
    if (stored) {
      try {
        return this.cipher.decryptBuffer(stored, boundTo);
      } catch {
        // Written under another key or field, or altered: render afresh and overwrite it.
      }
    }
    const made = await render();
    // Keeping it is an optimisation: a failed write must not fail the send.
    await this.redis
      .multi()
      .hset(key, field, this.cipher.encryptBinary(made, boundTo))
      .pexpire(key, this.ttlMs)
      .exec()
      .catch(() => undefined);
    return made;
  }

  async forget(conferenceId: string): Promise<void> {
    const key = this.#keys.renders(conferenceId);
    for (const flight of [...this.#local.keys()]) if (flight.startsWith(`${key}\n`)) this.#local.delete(flight);
    await this.redis.del(key);
  }
}
