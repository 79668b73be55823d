/**
 * Start-up as a person runs it: `npx tsx src/main.ts` with a clean environment (embedded Redis,
 * outbox folder, development key), plus the ways start-up must refuse clearly. The refusals start
 * src/main.ts as one node process (`node --import tsx`): the same program, without npm's exec and
 * the tsx CLI in front (two more node processes, seconds of CPU each).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../../src/config.ts';
import { redisAnswers } from '../../scripts/chaos/infra.ts';
import { redisUrl } from '../helpers/redis.ts';
import { hackneyInitialBody } from '../helpers/service.ts';
import { PRODUCTION_ENV } from '../helpers/config.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const DEV_KEY = 'dev-coordinator-key-change-me';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

interface Spawned {
  child: ChildProcess;
  out: () => string;
  err: () => string;
  exited: Promise<number | null>;
}

/** `how`: `npx` as a person types it, or `node` (node --import tsx src/main.ts, one process). */
function start(env: Record<string, string>, how: 'npx' | 'node' = 'node'): Spawned {
  let out = '';
  let err = '';
  const [cmd, args] =
    how === 'npx' ? ['npx', ['tsx', 'src/main.ts']] : [process.execPath, ['--import', 'tsx', 'src/main.ts']];
  const child = spawn(cmd, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, out: () => out, err: () => err, exited };
}

async function waitFor(p: Spawned, re: RegExp, timeoutMs = 40_000): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const m = re.exec(p.out());
    if (m) return m;
    if (p.child.exitCode !== null) throw new Error(`exited ${p.child.exitCode} before ${re}:\n${p.out()}\n${p.err()}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${re}:\n${p.out()}\n${p.err()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** stderr lines that are the program's own, not npm's chatter about the user's npmrc. */
const ownLines = (s: string) =>
  s
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !/^npm (warn|notice)/i.test(l));

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

/** Every process below `root` (Linux /proc). */
function descendants(root: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parentOf.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      /* gone */
    }
  }
  const out: number[] = [];
  const walk = (pid: number) => {
    for (const [child, parent] of parentOf)
      if (parent === pid) {
        out.push(child);
        walk(child);
      }
  };
  walk(root);
  return out;
}

describe('a development start with a clean environment', () => {
  let dataDir: string;
  let proc: Spawned;
  let port: number;
  let redisUrl: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'cpc-startup-'));
    port = await freePort();
    const inbound = await freePort();
    proc = start({ DATA_DIR: dataDir, PORT: String(port), INBOUND_SMTP_PORT: String(inbound) }, 'npx');
    const m = await waitFor(proc, /Conference bot ready: .*redis (redis:\/\/[^\s)]+)/);
    redisUrl = m[1]!;
  }, 60_000);

  afterAll(async () => {
    // Whatever happened above, leave no service or redis-server behind.
    if (proc?.child.pid) {
      for (const pid of descendants(proc.child.pid).reverse()) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }
      if (proc.child.exitCode === null) proc.child.kill('SIGKILL');
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints each default once, then the ready line', () => {
    const lines = proc.out().split('\n');
    const defaults = lines.filter((l) => l.startsWith('default:'));
    expect(defaults.length).toBeGreaterThanOrEqual(4);
    expect(new Set(defaults).size).toBe(defaults.length);
    for (const name of ['PUBLIC_BASE_URL', 'REDIS_URL', 'SMTP_URL', 'COORDINATOR_API_KEY']) {
      expect(defaults.filter((l) => l.includes(name))).toHaveLength(1);
    }
    expect(lines.filter((l) => l.startsWith('Conference bot ready'))).toHaveLength(1);
    const readyAt = lines.findIndex((l) => l.startsWith('Conference bot ready'));
    expect(lines.findIndex((l) => l.startsWith('default:'))).toBeLessThan(readyAt);
  });

  it('answers /healthz', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(res.status).toBe(200);
  });

  it('the embedded Redis is durable and never evicts', async () => {
    const redis = new Redis(redisUrl);
    try {
      const get = async (k: string) => ((await redis.config('GET', k)) as string[])[1];
      expect(await get('appendonly')).toBe('yes');
      expect(await get('appendfsync')).toBe('everysec');
      expect(await get('maxmemory-policy')).toBe('noeviction');
      expect(await get('dir')).toBe(path.join(dataDir, 'redis'));
    } finally {
      redis.disconnect();
    }
  });

  it('a conference posted with the development key lands as .eml invitations in the outbox', async () => {
    // The clock is real here: put the conference a few weeks after today.
    const day = new Date(Date.now() + 30 * 86400_000);
    while (day.getUTCDay() === 0 || day.getUTCDay() === 6) day.setUTCDate(day.getUTCDate() + 1);
    const res = await fetch(`http://127.0.0.1:${port}/api/conferences`, {
      method: 'POST',
      headers: { authorization: `Bearer ${DEV_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify(
        hackneyInitialBody({ startsAt: `${day.toISOString().slice(0, 10)}T10:00`, strategyDiscussionOn: undefined }),
      ),
    });
    expect(res.status, await res.clone().text()).toBe(201);

    const outbox = path.join(dataDir, 'outbox');
    const calendarOf = (m: Awaited<ReturnType<typeof simpleParser>>) =>
      m.attachments.filter((a) => /^text\/calendar$/i.test(a.contentType));
    const deadline = Date.now() + 20_000;
    let invites: Awaited<ReturnType<typeof simpleParser>>[] = [];
    // Chair, social worker, health visitor, police and the parent who has email (report requests also land here).
    while (Date.now() < deadline) {
      const files = existsSync(outbox) ? readdirSync(outbox).filter((f) => f.endsWith('.eml')) : [];
      const mails = await Promise.all(files.map((f) => simpleParser(readFileSync(path.join(outbox, f)))));
      invites = mails.filter((m) => calendarOf(m).length > 0);
      if (invites.length >= 5) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(invites.length).toBe(5);
    for (const m of invites) {
      const parts = calendarOf(m);
      expect(parts).toHaveLength(1);
      const ics = parts[0]!.content.toString();
      expect(ics).toMatch(/^METHOD:REQUEST\r?$/m);
      expect(ics).toMatch(/BEGIN:VEVENT/);
    }
  });

  it('SIGTERM stops it with exit code 0 and stops the embedded Redis', async () => {
    expect(await redisAnswers(redisUrl, 1000)).toBe(true);
    // npm exec does not pass SIGTERM on to its child when not in a terminal, so signal the
    // service process itself (the node process running src/main.ts under npx → sh → tsx).
    const service = descendants(proc.child.pid!).find((pid) => /loader\.mjs.*src\/main\.ts/.test(cmdline(pid)));
    expect(service, descendants(proc.child.pid!).map(cmdline).join('\n')).toBeDefined();
    process.kill(service!, 'SIGTERM');
    const code = await proc.exited;
    expect(code, proc.err()).toBe(0);
    const deadline = Date.now() + 10_000;
    while ((await redisAnswers(redisUrl, 1000)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(await redisAnswers(redisUrl, 1000)).toBe(false);
  });
});

describe('start-up refusals', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'cpc-startup-bad-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('no redis-server binary: exit 1 with one clear line mentioning REDIS_URL', async () => {
    const p = start({
      DATA_DIR: dataDir,
      PORT: String(await freePort()),
      INBOUND_SMTP_PORT: String(await freePort()),
      REDIS_SERVER_BIN: '/nonexistent',
    });
    expect(await p.exited).toBe(1);
    const lines = ownLines(p.err());
    expect(lines, p.err()).toHaveLength(1);
    expect(lines[0]).toMatch(/REDIS_URL/);
    expect(lines[0]).toMatch(/redis-server/);
    expect(p.out()).not.toMatch(/Conference bot ready/);
  });

  it('a configured Redis that does not answer: exit 1 with one clear line, not a "ready" service', async () => {
    const deadPort = await freePort();
    const p = start({
      DATA_DIR: dataDir,
      PORT: String(await freePort()),
      INBOUND_SMTP_PORT: String(await freePort()),
      REDIS_URL: `redis://:hunter2@127.0.0.1:${deadPort}`,
      // It asks again until this runs out (10 s by default): a second is enough to see it give up.
      REDIS_WAIT_MS: '1000',
    });
    expect(await p.exited).toBe(1);
    const lines = ownLines(p.err());
    expect(lines, p.err()).toHaveLength(1);
    expect(lines[0]).toMatch(/REDIS_URL/);
    expect(lines[0]).toMatch(/within 1 s/);
    expect(lines[0]).not.toContain('hunter2');
    expect(p.out()).not.toMatch(/Conference bot ready/);
  }, 30_000);

  it('a Redis password never appears in the ready line', async () => {
    const port = await freePort();
    const url = new URL(redisUrl());
    url.password = 'hunter2';
    const p = start({
      DATA_DIR: dataDir,
      PORT: String(port),
      INBOUND_SMTP_PORT: String(await freePort()),
      REDIS_URL: url.toString(),
      REDIS_PREFIX: `t${process.pid}x${port}`,
      WORKERS: 'none',
    });
    try {
      const m = await waitFor(p, /Conference bot ready.*\n/);
      expect(m[0]).not.toContain('hunter2');
      expect(m[0]).toContain('redis://');
    } finally {
      // One node process (no npm or tsx CLI in front): it is the service.
      p.child.kill('SIGTERM');
      await p.exited;
    }
  }, 40_000);

  it('bad values: exit 2 listing every one', async () => {
    const p = start({ DATA_DIR: dataDir, PORT: 'abc', REDIS_URL: 'http://x' });
    expect(await p.exited).toBe(2);
    const err = p.err();
    expect(err).toMatch(/PORT/);
    expect(err).toMatch(/REDIS_URL/);
    expect(p.out()).not.toMatch(/default:/);
  });

  it('a policy file whose escalation route names nobody: exit 2 naming the field, before Redis is asked', async () => {
    const file = path.join(dataDir, 'nobody-told.yaml');
    writeFileSync(
      file,
      [
        'extends: statutory',
        'id: nobody-told',
        'name: Nobody told',
        'authority: Nobody Told Council (fictional)',
        'example: true',
        'basis: test policy',
        'views:',
        '  disagreement:',
        '    escalation:',
        '      professional: { tell: [], resolveWithinWorkingDays: 5 }',
        '',
      ].join('\n'),
    );
    // A Redis that does not answer would be exit 1 naming REDIS_URL: the policy is refused before it is asked.
    const p = start({
      DATA_DIR: dataDir,
      PORT: String(await freePort()),
      INBOUND_SMTP_PORT: String(await freePort()),
      REDIS_URL: `redis://127.0.0.1:${await freePort()}`,
      REDIS_WAIT_MS: '1000',
      POLICY_FILE: file,
    });
    expect(await p.exited).toBe(2);
    const err = ownLines(p.err()).join('\n');
    expect(err).toContain(
      `POLICY_FILE ${file}: views.disagreement.escalation.professional.tell: name at least one person the escalation goes to`,
    );
    expect(err).not.toMatch(/REDIS_URL|Failed to start/);
    expect(p.out()).not.toMatch(/Conference bot ready/);
  }, 30_000);

  it('a policy file with a core group every 0 weeks and a two-line sender name: exit 2 naming both fields', async () => {
    const file = path.join(dataDir, 'zero-cadence.yaml');
    writeFileSync(
      file,
      [
        'extends: hackney',
        'id: zero-cadence',
        'coreGroup:',
        '  cadence: { amount: 0, unit: weeks }',
        'sender:',
        '  name: "Safeguarding\\nBcc: everyone@example.com"',
        '',
      ].join('\n'),
    );
    const p = start({
      DATA_DIR: dataDir,
      PORT: String(await freePort()),
      INBOUND_SMTP_PORT: String(await freePort()),
      REDIS_URL: `redis://127.0.0.1:${await freePort()}`,
      REDIS_WAIT_MS: '1000',
      POLICY_FILE: file,
    });
    expect(await p.exited).toBe(2);
    const err = ownLines(p.err()).join('\n');
    expect(err).toContain(
      `POLICY_FILE ${file}: coreGroup.cadence.amount: at least 1: a core group cannot recur every 0 days`,
    );
    expect(err).toContain(
      `POLICY_FILE ${file}: sender.name: one line of text: no line breaks or control characters (it is the From header)`,
    );
    expect(p.out()).not.toMatch(/Conference bot ready/);
  }, 30_000);

  it('a closure days file that is not a calendar: exit 2 naming CLOSURE_DAYS_ICS, before Redis is asked', async () => {
    const file = path.join(dataDir, 'closures.ics');
    writeFileSync(file, 'Office closed 29, 30 and 31 December\n');
    const missing = path.join(dataDir, 'no-such-closures.ics');
    for (const [closures, problem] of [
      [file, `CLOSURE_DAYS_ICS ${file}: not an iCalendar file: it must start with BEGIN:VCALENDAR`],
      [missing, `CLOSURE_DAYS_ICS ${missing}: cannot be read (ENOENT)`],
    ] as const) {
      const p = start({
        DATA_DIR: dataDir,
        PORT: String(await freePort()),
        INBOUND_SMTP_PORT: String(await freePort()),
        REDIS_URL: `redis://127.0.0.1:${await freePort()}`,
        REDIS_WAIT_MS: '1000',
        CLOSURE_DAYS_ICS: closures,
      });
      expect(await p.exited).toBe(2);
      const err = ownLines(p.err()).join('\n');
      expect(err).toContain(problem);
      expect(err).not.toMatch(/REDIS_URL|Failed to start/);
      expect(p.out()).not.toMatch(/Conference bot ready/);
    }
  }, 30_000);

  it('production without credentials: exit 2 naming each missing setting', async () => {
    const p = start({ DATA_DIR: dataDir, NODE_ENV: 'production' });
    expect(await p.exited).toBe(2);
    const err = p.err();
    for (const name of ['MICROSOFT_APP_ID', 'COORDINATOR_API_KEY', 'PUBLIC_BASE_URL', 'SMTP_URL'])
      expect(err).toContain(name);
  });
});

describe('readConfig in production', () => {
  const complete = { ...PRODUCTION_ENV, SMTP_URL: 'smtp://mail.example.gov.uk:587' };

  it('accepts a complete configuration, with TLS required by default', () => {
    const c = readConfig(complete);
    expect(c.SMTP_REQUIRE_TLS).toBe(true);
    expect(c.meetingProvider).toBe('teams');
  });

  it('refuses SMTP_REQUIRE_TLS=false on smtp://', () => {
    let error: unknown;
    try {
      readConfig({ ...complete, SMTP_REQUIRE_TLS: 'false' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.join('\n')).toMatch(/SMTP_REQUIRE_TLS/);
  });

  it.each(['0', 'no'])('refuses SMTP_REQUIRE_TLS=%s on smtp:// too', (v) => {
    expect(() => readConfig({ ...complete, SMTP_REQUIRE_TLS: v })).toThrow(/SMTP_REQUIRE_TLS/);
  });

  it('a blank number takes its default (an empty PORT is not port 0); a non-number is refused', () => {
    const c = readConfig({ PORT: '', INBOUND_SMTP_PORT: ' ', JOB_ATTEMPTS: '', COORDINATOR_EMAIL: '' });
    expect(c.PORT).toBe(3978);
    expect(c.INBOUND_SMTP_PORT).toBe(2525);
    expect(c.JOB_ATTEMPTS).toBe(6);
    expect(c.COORDINATOR_EMAIL).toBeUndefined();
    for (const bad of ['1e3', '0x10', '80.5', '-1', '70000'])
      expect(() => readConfig({ PORT: bad }), bad).toThrow(/PORT/);
  });

  it('allows SMTP_REQUIRE_TLS=false with smtps:// (TLS from the first byte)', () => {
    expect(() =>
      readConfig({ ...complete, SMTP_URL: 'smtps://mail.example.gov.uk:465', SMTP_REQUIRE_TLS: 'false' }),
    ).not.toThrow();
  });
});
