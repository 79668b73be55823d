/**
 * Starts a private redis-server for the embedded default (no REDIS_URL): append-only file on,
 * no eviction (a queue must never lose a job to memory pressure), data under DATA_DIR/redis.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Redis } from 'ioredis';

export class RedisBinaryMissingError extends Error {
  override name = 'RedisBinaryMissingError';
}

export interface EmbeddedRedis {
  url: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitForPing(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with code ${child.exitCode}`);
    const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => {}); // refused while the server is still starting: expected, retried below
    try {
      await client.connect();
      if ((await client.ping()) === 'PONG') return;
    } catch (err) {
      lastError = err;
    } finally {
      client.disconnect();
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`redis-server did not answer within ${timeoutMs} ms: ${String(lastError)}`);
}

export async function startEmbeddedRedis(options: {
  bin: string;
  dataDir: string;
  port?: number;
  onLog?: (line: string) => void;
}): Promise<EmbeddedRedis> {
  const dir = path.resolve(options.dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
  const port = options.port ?? (await freePort());
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--appendonly',
    'yes',
    '--appendfsync',
    'everysec',
    '--maxmemory-policy',
    'noeviction',
    '--save',
    '',
    '--protected-mode',
    'yes',
  ];
  const child = spawn(options.bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const spawnError = new Promise<never>((_, reject) =>
    child.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'ENOENT'
          ? new RedisBinaryMissingError(
              `redis-server not found ("${options.bin}"): install Redis 7 (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis) or set REDIS_URL to a running Redis`,
            )
          : err,
      ),
    ),
  );
  child.stdout?.on('data', (d: Buffer) => options.onLog?.(d.toString().trim()));
  child.stderr?.on('data', (d: Buffer) => options.onLog?.(d.toString().trim()));
  const url = `redis://127.0.0.1:${port}`;
  await Promise.race([waitForPing(url, child, 15_000), spawnError]);

  return {
    url,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}
