/**
 * What the chaos suite runs against: a real redis-server it can stop and start on the same port
 * and data directory (append-only file, fsync on every write, so a restart loses nothing), worker
 * child processes it can SIGKILL, and an SMTP sink that can refuse mail.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Redis } from 'ioredis';
import { startMailSink } from '../../bench/mail-sink.ts';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const a = srv.address();
      srv.close(() => (typeof a === 'object' && a ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Whether a Redis at `url` answers PONG now (not refused, not LOADING; no retries). */
export async function redisAnswers(url: string, connectTimeoutMs = 2_000): Promise<boolean> {
  const c = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: connectTimeoutMs,
  });
  c.on('error', () => {}); // refused: the answer is "no"
  try {
    await c.connect();
    return (await c.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    c.disconnect();
  }
}

/** Whether a Redis on 127.0.0.1:`port` answers PONG now. */
export const pingRedis = (port: number): Promise<boolean> => redisAnswers(`redis://127.0.0.1:${port}`, 10_000);

/**
 * A redis-server child on 127.0.0.1:`port` with `settings` added, once it answers PONG (while it
 * loads an append-only file it answers LOADING).
 */
export async function startRedisServer(port: number, settings: string[]): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', ...settings], {
    stdio: 'ignore',
  });
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (await pingRedis(port)) return child;
    await sleep(50);
  }
  throw new Error('redis-server did not start');
}

/** SIGTERM (Redis flushes and exits cleanly), and SIGKILL if it is still there after 10 s. */
export async function stopRedisServer(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(10_000)]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

export class ChaosRedis {
  #child: ChildProcess | undefined;
  readonly url: string;
  constructor(
    readonly port: number,
    readonly dir: string,
  ) {
    this.url = `redis://127.0.0.1:${port}`;
    mkdirSync(dir, { recursive: true });
  }

  async start(): Promise<void> {
    this.#child = await startRedisServer(this.port, [
      '--dir',
      path.resolve(this.dir),
      '--appendonly',
      'yes',
      '--appendfsync',
      'always',
      '--save',
      '',
      '--maxmemory-policy',
      'noeviction',
    ]);
  }

  /** SIGTERM (Redis flushes and exits cleanly), then start again on the same port and directory. */
  async restart(): Promise<number> {
    const t0 = performance.now();
    await this.stop();
    await this.start();
    return performance.now() - t0;
  }

  async stop(): Promise<void> {
    await stopRedisServer(this.#child);
  }
}

export interface SinkMessage {
  to: string[];
  messageId: string;
  /** The Date header as sent. */
  date: string;
  /** performance.now() when accepted. */
  at: number;
}

export interface ChaosSmtp {
  url: string;
  messages: SinkMessage[];
  refuse: boolean;
  refusedRcpts: number;
  close(): Promise<void>;
}

/** Keeps (recipient, Message-ID) of each accepted message; refuses every RCPT with 451 while `refuse` is set. */
export async function startChaosSmtp(): Promise<ChaosSmtp> {
  const sink = { messages: [] as SinkMessage[], refuse: false, refusedRcpts: 0 } as ChaosSmtp;
  const smtp = await startMailSink({
    refuse: () => {
      if (sink.refuse) sink.refusedRcpts++;
      return sink.refuse;
    },
    onHeader: (head, to) =>
      sink.messages.push({
        to,
        messageId: /^Message-ID:\s*(.+)$/im.exec(head)?.[1]?.trim() ?? '',
        date: /^Date:\s*(.+)$/im.exec(head)?.[1]?.trim() ?? '',
        at: performance.now(),
      }),
  });
  sink.url = `smtp://127.0.0.1:${smtp.port}`;
  sink.close = () => smtp.close();
  return sink;
}

/** A worker process (`src/worker.ts` under tsx) that can be SIGKILLed and replaced. */
export class WorkerPool {
  readonly procs: (ChildProcess | undefined)[] = [];
  constructor(
    private readonly env: Record<string, string>,
    private readonly size: number,
    private readonly onLine: (line: string) => void = () => {},
  ) {}

  async startAll(): Promise<void> {
    await Promise.all(Array.from({ length: this.size }, (_, i) => this.spawn(i)));
  }

  spawn(i: number): Promise<void> {
    // `node --import tsx`, not the tsx CLI: the CLI runs the script in a child process, which a
    // SIGKILL to the CLI would leave running.
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/worker.ts'], {
      env: { ...process.env, ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.procs[i] = child;
    const ready = new Promise<void>((resolve, reject) => {
      let out = '';
      let err = '';
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        for (const l of d.toString().split('\n')) if (l.trim()) this.onLine(l);
        if (out.includes('worker ready')) resolve();
      });
      child.stderr!.on('data', (d: Buffer) => {
        err += d.toString();
        this.onLine(d.toString());
      });
      child.once('exit', (code) =>
        reject(new Error(`worker exited before ready (${code}): ${out.slice(-500)} ${err.slice(-1000)}`)),
      );
    });
    return ready;
  }

  /** SIGKILL one worker (no chance to release locks or finish a send), and start its replacement unless `replace` is false. */
  kill(i: number, replace = true): Promise<void> {
    this.procs[i]?.kill('SIGKILL');
    return replace ? this.spawn(i).catch(() => undefined) : Promise.resolve();
  }

  async stopAll(): Promise<void> {
    await Promise.all(
      this.procs.map(async (p) => {
        if (!p || p.exitCode !== null || p.signalCode) return;
        const exited = new Promise<void>((r) => p.once('exit', () => r()));
        p.kill('SIGTERM');
        await Promise.race([exited, sleep(10_000)]);
        if (p.exitCode === null) p.kill('SIGKILL');
      }),
    );
  }
}
