import type { Redis } from 'ioredis';

/** Hands out dedicated connections for WATCH; a waiting queue keeps the connection count bounded. */
export class WatchPool {
  private readonly idle: Redis[] = [];
  private readonly waiters: ((conn: Redis) => void)[] = [];
  private readonly all: Redis[] = [];

  constructor(
    private readonly base: Redis,
    private readonly max: number,
  ) {}

  async acquire(): Promise<Redis> {
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
    const waiter = this.waiters.shift();
    if (waiter) waiter(conn);
    else this.idle.push(conn);
  }

  async close(): Promise<void> {
    const conns = this.all.splice(0);
    this.idle.length = 0;
    await Promise.all(conns.map((c) => c.quit().catch(() => c.disconnect())));
  }
}
