import type { ChainableCommander, Redis } from 'ioredis';
import { ConflictError } from '../domain/errors.ts';
import { closeRedis } from '../infra/close-redis.ts';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Hands out dedicated connections for WATCH; a waiting queue keeps the connection count bounded. */
export class WatchPool {
  private readonly idle: Redis[] = [];
  private readonly waiters: ((conn: Redis) => void)[] = [];
  private readonly all: Redis[] = [];
  private closed = false;

  constructor(
    private readonly base: Redis,
    private readonly max: number,
    /** Rounds an optimistic write may lose before it gives up. */
    private readonly maxAttempts = 100,
  ) {}

  /**
   * Writes to one conference waiting their turn in this process, oldest first (the last one's
   * settling, by id; removed once nothing waits).
   */
  private readonly turns = new Map<string, Promise<unknown>>();

  /**
   * Runs `round` on a pooled connection until it returns a result (undefined: another writer got in
   * first). Writes to the same conference from this process take turns before they WATCH: the
   * invitation job and a conference's report requests all update it at once, and every round but
   * one was aborted and done again (decrypt, mutate, encrypt, indexes: a quarter of the rounds in
   * the notification bench). Other processes still meet at WATCH, as before.
   */
  async optimistic<T>(id: string, round: (conn: Redis) => Promise<T | undefined>): Promise<T> {
    const before = this.turns.get(id);
    const mine = before ? before.then(() => this.rounds(id, round)) : this.rounds(id, round);
    const settled = mine.then(
      () => undefined,
      () => undefined,
    );
    this.turns.set(id, settled);
    try {
      return await mine;
    } finally {
      if (this.turns.get(id) === settled) this.turns.delete(id);
    }
  }

  private async rounds<T>(id: string, round: (conn: Redis) => Promise<T | undefined>): Promise<T> {
    const conn = await this.acquire();
    try {
      for (let attempt = 0; attempt < this.maxAttempts; attempt++) {
        const result = await round(conn);
        if (result !== undefined) return result;
        // Back off with jitter so a crowd of writers on one conference spreads out.
        await sleep(Math.random() * Math.min(2 ** attempt, 100));
      }
      throw new ConflictError(`Conference ${id} kept changing; gave up after ${this.maxAttempts} attempts`);
    } finally {
      this.release(conn);
    }
  }

  async acquire(): Promise<Redis> {
    // After close (the runtime stopping while a request is still in flight) no new connection is
    // opened: it would never be closed and would keep reconnecting once Redis is gone.
    if (this.closed) throw new Error('the conference store is closed');
    const conn = this.idle.pop();
    if (conn) return conn;
    if (this.all.length < this.max) {
      const fresh = this.base.duplicate();
      // The base client logs connection trouble; a duplicate reconnects by itself and must not crash the process.
      fresh.on('error', () => {});
      this.all.push(fresh);
      return fresh;
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  release(conn: Redis): void {
    if (this.closed) return;
    const waiter = this.waiters.shift();
    if (waiter) waiter(conn);
    else this.idle.push(conn);
  }

  async close(): Promise<void> {
    this.closed = true;
    const conns = this.all.splice(0);
    this.idle.length = 0;
    await Promise.all(conns.map((c) => closeRedis(c)));
  }
}

/** EXEC of a watched transaction: false when a watched key changed; throws the first failed command's error. */
export async function execWatched(tx: ChainableCommander): Promise<boolean> {
  const replies = await tx.exec();
  if (replies === null) return false;
  const failed = replies.find(([err]) => err);
  if (failed?.[0]) throw failed[0];
  return true;
}
