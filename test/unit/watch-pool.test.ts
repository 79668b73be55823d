import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { WatchPool } from '../../src/storage/watch-pool.ts';

/** A base client whose duplicates count as open until they are quit. */
function fakeBase() {
  const open = new Set<object>();
  const base = {
    duplicate() {
      const conn = {
        on: () => conn,
        quit: async () => void open.delete(conn),
        disconnect: () => void open.delete(conn),
      };
      open.add(conn);
      return conn;
    },
  };
  return { base: base as unknown as Redis, open };
}

describe('WatchPool', () => {
  it('closes every connection it opened, and opens none once closed (a request still in flight at stop)', async () => {
    const { base, open } = fakeBase();
    const pool = new WatchPool(base, 4);
    await pool.optimistic('c1', async () => 'done');
    expect(open.size).toBe(1);
    await pool.close();
    expect(open.size).toBe(0);
    await expect(pool.optimistic('c1', async () => 'late')).rejects.toThrow('the conference store is closed');
    expect(open.size).toBe(0);
  });
});
