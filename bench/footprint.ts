/**
 * Redis footprint of an active conference (`BENCH_ONLY=footprint npm run bench`, or
 * `npx tsx bench/footprint.ts` on its own). On a private redis-server:
 *  1. N conferences (BENCH_FOOTPRINT_CONFERENCES, 10; two children, seven attendees, one in
 *     BENCH_FOOTPRINT_POST_EVERY = 5 with a parent who gets letters by post) run their whole
 *     lifecycle through the API in simulated time: invitations, reminders, a report by email, the
 *     meeting, views, decision, approval, circulation, hard copies, the first core group and the
 *     review drafted, the coordinator printing each letter on the print list as it comes; then every key is measured with MEMORY USAGE and shared per conference (the
 *     draft review counts with the conference it follows). Fixed costs (BullMQ's capped event
 *     stream, the newest JOB_KEEP_COMPLETED completed jobs) are shown apart;
 *  2. those conferences are copied, key for key (aggregate re-encrypted under a new id and
 *     reference with its summary, figures record and indexes; ledger, audit, files, ids of jobs that
 *     ran, and every queued job with its place in the delayed set), until BENCH_FOOTPRINT_LOAD
 *     (50,000) are active in the one Redis; then used memory, the dashboard's list page and one
 *     conference's view (dashboard page and API) are timed. Child records are not copied.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Redis } from 'ioredis';
import type { Conference } from '../src/domain/conference.ts';
import { createLogger } from '../src/infra/logger.ts';
import { startRuntime, type Runtime } from '../src/runtime/start.ts';
import { conferenceBody, driver, holdMeeting, sendReport, type Created } from '../scripts/chaos/drive.ts';
import { freePort, startChaosSmtp, startRedisServer, stopRedisServer } from '../scripts/chaos/infra.ts';
import { waitForDrain } from '../scripts/chaos/tally.ts';
import { signedInDashboard } from '../test/helpers/pages.ts';
import { benchConfig } from './bench-config.ts';

const KEY = 'bench-footprint-key-0123456789abcdef';

export interface FootprintFigures {
  /** Bytes of Redis per active conference after its whole lifecycle (MEMORY USAGE of its keys and its share of the queue's sets). */
  redisBytesPerActiveConference: number;
  footprint: {
    /** The same without the files kept for it (letters by post as PDFs, reports' attachments). */
    bytesWithoutFiles: number;
    conferences: number;
    /** Per conference, by kind of key. */
    bytesByKind: Record<string, number>;
    /** Not per conference: BullMQ's event stream (capped) and other fixed keys. */
    fixedBytes: number;
    /** Per conference: jobs pending (the future's deadlines) and ids of jobs that ran. */
    jobsPerConference: { pending: number; ran: number };
    auditEntriesPerConference: number;
    ledgerEntriesPerConference: number;
    lifecycleSeconds: number;
    load?: {
      conferences: number;
      usedMemoryBytes: number;
      usedMemoryPerConference: number;
      loadSeconds: number;
      /** GET /dashboard: today's work across every conference and the first 50 of the list. */
      dashboardHomeMs: number;
      dashboardHomeBytes: number;
      /** GET /dashboard/find?sort=date&page=500: a page deep in the list of all conferences. */
      dashboardListPageMs: number;
      /** GET /api/conferences?page=1&pageSize=50. */
      apiListPageMs: number;
      conferencePageMs: number;
      conferenceApiMs: number;
    };
    seconds: number;
  };
}

/** A redis-server of the bench's own (no persistence: only memory is measured), so nothing else's keys count. */
async function privateRedis(dir: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const child = await startRedisServer(port, [
    '--dir',
    dir,
    '--save',
    '',
    '--appendonly',
    'no',
    '--maxmemory-policy',
    'noeviction',
  ]);
  return { url: `redis://127.0.0.1:${port}`, stop: () => stopRedisServer(child) };
}

async function usedMemory(redis: Redis): Promise<number> {
  return Number(/used_memory:(\d+)/.exec(await redis.info('memory'))?.[1] ?? NaN);
}

async function scanAll(redis: Redis, match: string): Promise<string[]> {
  const out: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', match, 'COUNT', 1000);
    out.push(...keys);
    cursor = next;
  } while (cursor !== '0');
  return out;
}

const FILES = 'files (blobs)';

/** Which kind of data a key holds (its name carries ids only). `fixed`: not per conference. */
function kindOf(key: string, prefix: string, completed: Set<string>): string {
  const bull = `${prefix}-bull:workflow:`;
  if (key.startsWith(bull)) {
    const rest = key.slice(bull.length);
    // The event stream is capped, and only the newest JOB_KEEP_COMPLETED completed jobs stay.
    if (rest === 'events' || rest === 'completed' || completed.has(rest.replace(/:logs$/, ''))) return 'fixed';
    if (/^(conf-|retention-sweep-)/.test(rest))
      return rest.endsWith(':logs') ? 'job logs' : 'queued jobs (one hash each)';
    return `queue ${rest}`;
  }
  const m = /^[^:]+:conf:[a-z0-9]+(?::(audit|log|ledger|jobs|ran|blob|summary))?/.exec(key);
  if (m)
    return m[1]
      ? {
          audit: 'audit trail (stream)',
          log: 'audit trail',
          ledger: 'send ledger',
          jobs: 'job tracking (pending)',
          ran: 'job tracking (ran)',
          blob: FILES,
          summary: 'list summary',
        }[m[1]]!
      : 'conference (aggregate)';
  if (key.startsWith(`${prefix}:idx`)) return 'lookup indexes';
  if (key.startsWith(`${prefix}:s:`) || key.startsWith(`${prefix}:search`)) return 'search index';
  if (key.startsWith(`${prefix}:work`)) return 'worklist index';
  if (key.startsWith(`${prefix}:figures:`)) return 'figures records';
  if (key.startsWith(`${prefix}:child:`) || key === `${prefix}:children`) return 'child records';
  if (key.startsWith(`${prefix}:ref:`) || key === `${prefix}:conferences`) return 'index and references';
  if (key.startsWith(`${prefix}:reply-code:`)) return 'reply codes';
  return 'other';
}

async function measure(redis: Redis, prefix: string, conferences: number) {
  const keys = [...(await scanAll(redis, `${prefix}:*`)), ...(await scanAll(redis, `${prefix}-bull:*`))];
  const completed = new Set(await redis.zrange(`${prefix}-bull:workflow:completed`, 0, -1));
  const byKind: Record<string, number> = {};
  let fixed = 0;
  const detail: [string, number][] = [];
  for (let i = 0; i < keys.length; i += 500) {
    const batch = keys.slice(i, i + 500);
    const p = redis.pipeline();
    for (const k of batch) p.memory('USAGE', k, 'SAMPLES', 0);
    const sizes = (await p.exec())!.map(([, v]) => Number(v ?? 0));
    batch.forEach((k, j) => {
      if (process.env.BENCH_FOOTPRINT_DETAIL) detail.push([k, sizes[j]!]);
      const kind = kindOf(k, prefix, completed);
      if (kind === 'fixed') fixed += sizes[j]!;
      else byKind[kind] = (byKind[kind] ?? 0) + sizes[j]!;
    });
  }
  // BENCH_FOOTPRINT_DETAIL=1: the 40 largest keys (names carry ids only).
  for (const [k, v] of detail.sort((a, b) => b[1] - a[1]).slice(0, 40)) process.stdout.write(`    ${k} ${v}\n`);
  const perConference = Object.fromEntries(
    Object.entries(byKind)
      .sort(([, a], [, b]) => b - a)
      .map(([k, v]) => [k, Math.round(v / conferences)]),
  );
  const total = Object.values(byKind).reduce((a, b) => a + b, 0);
  return {
    perConference,
    total: Math.round(total / conferences),
    withoutFiles: Math.round((total - (byKind[FILES] ?? 0)) / conferences),
    fixed,
  };
}

interface Source {
  conference: Conference;
  /** Every key kept under the conference (ledger, audit, files, ran ids), by suffix, as DUMP gives it. */
  keys: { suffix: string; dump: Buffer }[];
  /** Its queued jobs: BullMQ hash and place in the delayed set. */
  queued: { id: string; dump: Buffer; score: string | null }[];
}

async function sourceOf(rt: Runtime, redis: Redis, prefix: string, id: string): Promise<Source> {
  const conference = (await rt.deps.store.get(id))!;
  const head = `${prefix}:conf:${id}`;
  const keys = [];
  // The aggregate, its list summary and the pending-job set are written by store.create and rebuilt below.
  for (const key of await scanAll(redis, `${head}:*`)) {
    const suffix = key.slice(head.length);
    if (suffix === ':summary' || suffix === ':jobs') continue;
    keys.push({ suffix, dump: (await redis.dumpBuffer(key))! });
  }
  const queued = [];
  for (const jobId of await redis.smembers(`${head}:jobs`)) {
    const dump = await redis.dumpBuffer(`${prefix}-bull:workflow:${jobId}`);
    if (dump) queued.push({ id: jobId, dump, score: await redis.zscore(`${prefix}-bull:workflow:delayed`, jobId) });
  }
  return { conference, keys, queued };
}

/** Copies a conference (and everything kept for it) under a new id and reference. */
async function cloneConference(rt: Runtime, redis: Redis, prefix: string, s: Source, n: number): Promise<void> {
  const id = `f${n.toString(36).padStart(11, '0')}`;
  await rt.deps.store.create({ ...s.conference, id, reference: `CPC-2099-${String(n).padStart(5, '0')}` });
  const dst = `${prefix}:conf:${id}`;
  const bull = `${prefix}-bull:workflow:`;
  const p = redis.pipeline();
  for (const k of s.keys) p.restore(dst + k.suffix, 0, k.dump);
  for (const q of s.queued) {
    const newId = q.id.replace(s.conference.id, id);
    p.restore(`${bull}${newId}`, 0, q.dump);
    p.sadd(`${dst}:jobs`, newId);
    if (q.score !== null) p.zadd(`${bull}delayed`, q.score, newId);
  }
  await p.exec();
}

export async function footprint(
  options: { conferences?: number; load?: number; log?: (l: string) => void } = {},
): Promise<FootprintFigures> {
  const log = options.log ?? ((l: string) => process.stdout.write(`${l}\n`));
  const n = options.conferences ?? Number(process.env.BENCH_FOOTPRINT_CONFERENCES ?? 10);
  const load = options.load ?? Number(process.env.BENCH_FOOTPRINT_LOAD ?? 50_000);
  const postEvery = Number(process.env.BENCH_FOOTPRINT_POST_EVERY ?? 5);
  const t0 = performance.now();
  const dir = mkdtempSync(path.join(tmpdir(), 'cpc-footprint-'));
  const server = await privateRedis(dir);
  const smtp = await startChaosSmtp();
  const prefix = 'fp';
  const config = benchConfig({
    redisUrl: server.url,
    prefix,
    start: '2026-12-01T09:00:00Z',
    smtpUrl: smtp.url,
    key: KEY,
    dataDir: dir,
    env: {
      COORDINATOR_EMAIL: 'coordinator@example.gov.uk',
      LOG_LEVEL: 'error',
      INBOUND_SENDER_BURST: '10000',
      INBOUND_GLOBAL_BURST: '100000',
    },
  });
  const rt = await startRuntime(config, createLogger({ level: 'error' }));
  const redis = new Redis(server.url);
  try {
    const d = driver(rt.url, KEY, log);
    const advance = async (to: string) => {
      await d.api('POST', '/api/dev/clock', { advanceTo: to });
      await waitForDrain(rt, 120_000);
    };
    // The coordinator prints each letter on the print list (as the print alert asks) before the clock moves on.
    const printLetters = async () => {
      const queue = (await d.api('GET', '/api/hard-copies')) as { conferenceId: string; blobId: string }[];
      for (const h of queue)
        await d.api('POST', `/api/conferences/${h.conferenceId}/hard-copies/${h.blobId}/printed`, {});
      await waitForDrain(rt, 120_000);
    };
    const created: Created[] = [];
    // One conference in POST_EVERY has a parent who gets letters by post (their PDFs are kept to print); the others' parents all have email.
    for (let i = 0; i < n; i++) {
      const body = conferenceBody(i);
      if (i % postEvery !== 0)
        body.attendees = body.attendees.map((a) =>
          a.contactPreference === 'post'
            ? { name: a.name, role: a.role, email: `parent2-${i}@family.example.com`, contactPreference: 'email' }
            : a,
        );
      created.push(await d.api('POST', '/api/conferences', body));
    }
    await waitForDrain(rt, 120_000);
    await printLetters();
    await advance('2026-12-22T09:00:00Z');
    const mailbox = rt.deps.policies.get('hackney').reportsMailbox;
    for (const c of created) await sendReport(rt.inbound!.port, config.LINK_SECRET, mailbox, c);
    await advance('2027-01-04T10:00:00Z');
    for (const c of created) await holdMeeting(d, c);
    await waitForDrain(rt, 120_000);
    await printLetters();
    // Past circulation, the hard copies, the first core group (10 working days) and its record.
    await advance('2027-02-05T09:00:00Z');
    const lifecycleSeconds = (performance.now() - t0) / 1000;
    const m = await measure(redis, prefix, n);
    const counts = { pending: 0, finished: 0, audit: 0, ledger: 0 };
    for (const c of created) {
      counts.pending += (await rt.deps.jobs.pending(c.id)).length;
      counts.finished += await redis.hlen(`${prefix}:conf:${c.id}:ran`);
      counts.audit += (await rt.deps.store.readAudit(c.id)).length;
      counts.ledger += Object.keys(await rt.deps.ledger.list(c.id)).length;
    }
    const completedTotal = await redis.zcard(`${prefix}-bull:workflow:completed`);
    log(
      `footprint: ${n} conferences through their lifecycle in ${lifecycleSeconds.toFixed(1)} s; ${m.total} bytes of Redis per active conference, ${m.withoutFiles} without its files`,
    );
    for (const [kind, bytes] of Object.entries(m.perConference))
      log(`  ${kind.padEnd(28)} ${String(bytes).padStart(7)} bytes`);
    log(
      `  (fixed, not per conference: ${m.fixed} bytes for BullMQ's capped event stream and the ${completedTotal} newest completed jobs, at most JOB_KEEP_COMPLETED)`,
    );
    log(
      `  per conference: ${(counts.pending / n).toFixed(1)} pending jobs, ${(counts.finished / n).toFixed(1)} jobs that ran (ids only), ${(counts.audit / n).toFixed(1)} audit entries, ${(counts.ledger / n).toFixed(1)} ledger entries`,
    );

    let loadFigures: NonNullable<FootprintFigures['footprint']['load']> | undefined;
    if (load > 0) {
      const tl = performance.now();
      const sources: Source[] = [];
      for (const c of created) sources.push(await sourceOf(rt, redis, prefix, c.id));
      const batch = 200;
      for (let i = created.length; i < load; i += batch) {
        await Promise.all(
          Array.from({ length: Math.min(batch, load - i) }, (_, k) =>
            cloneConference(rt, redis, prefix, sources[(i + k) % sources.length]!, i + k),
          ),
        );
      }
      const loadSeconds = (performance.now() - tl) / 1000;
      const used = await usedMemory(redis);
      const dash = await signedInDashboard(rt.url, KEY);
      let t = performance.now();
      const home = await dash.get('/dashboard');
      const dashboardHomeMs = performance.now() - t;
      if (home.status !== 200) throw new Error(`dashboard answered ${home.status}`);
      t = performance.now();
      const deep = await dash.get(`/dashboard/find?sort=date&page=${Math.max(1, Math.floor(load / 100))}`);
      const dashboardListPageMs = performance.now() - t;
      if (deep.status !== 200) throw new Error(`dashboard list page answered ${deep.status}`);
      t = performance.now();
      const apiList = await fetch(`${rt.url}/api/conferences?page=1&pageSize=50`, {
        headers: { authorization: `Bearer ${KEY}` },
      });
      await apiList.arrayBuffer();
      const apiListPageMs = performance.now() - t;
      const one = created[0]!.id;
      t = performance.now();
      const page = await dash.get(`/dashboard/c/${one}`);
      const conferencePageMs = performance.now() - t;
      if (page.status !== 200) throw new Error(`conference page answered ${page.status}`);
      t = performance.now();
      const view = await fetch(`${rt.url}/api/conferences/${one}`, { headers: { authorization: `Bearer ${KEY}` } });
      await view.arrayBuffer();
      const conferenceApiMs = performance.now() - t;
      loadFigures = {
        conferences: load,
        usedMemoryBytes: used,
        usedMemoryPerConference: Math.round(used / load),
        loadSeconds: Number(loadSeconds.toFixed(1)),
        dashboardHomeMs: Math.round(dashboardHomeMs),
        dashboardHomeBytes: home.text.length,
        dashboardListPageMs: Math.round(dashboardListPageMs),
        apiListPageMs: Math.round(apiListPageMs),
        conferencePageMs: Math.round(conferencePageMs),
        conferenceApiMs: Math.round(conferenceApiMs),
      };
      log(
        `footprint: ${load.toLocaleString('en-GB')} active conferences in one Redis: used memory ${(used / 1024 / 1024).toFixed(0)} MiB (${loadFigures.usedMemoryPerConference} bytes each; copied in ${loadFigures.loadSeconds} s)`,
      );
      log(
        `  dashboard home (today's work and the list's first 50) ${loadFigures.dashboardHomeMs} ms (${(loadFigures.dashboardHomeBytes / 1024).toFixed(0)} KiB of HTML); a page of the list deep down ${loadFigures.dashboardListPageMs} ms; GET /api/conferences?page=1&pageSize=50 ${loadFigures.apiListPageMs} ms`,
      );
      log(
        `  one conference: dashboard page ${loadFigures.conferencePageMs} ms, GET /api/conferences/:id ${loadFigures.conferenceApiMs} ms`,
      );
    }
    return {
      redisBytesPerActiveConference: m.total,
      footprint: {
        bytesWithoutFiles: m.withoutFiles,
        conferences: n,
        bytesByKind: m.perConference,
        fixedBytes: m.fixed,
        jobsPerConference: {
          pending: Number((counts.pending / n).toFixed(1)),
          ran: Number((counts.finished / n).toFixed(1)),
        },
        auditEntriesPerConference: Number((counts.audit / n).toFixed(1)),
        ledgerEntriesPerConference: Number((counts.ledger / n).toFixed(1)),
        lifecycleSeconds: Number(lifecycleSeconds.toFixed(1)),
        ...(loadFigures ? { load: loadFigures } : {}),
        seconds: Math.round((performance.now() - t0) / 1000),
      },
    };
  } finally {
    redis.disconnect();
    await rt.stop();
    await smtp.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `BENCH_ONLY=footprint npm run bench` (or this file run on its own): this section alone, its keys merged into bench/results/latest.json. */
export async function footprintOnly(): Promise<void> {
  const f = await footprint();
  process.stdout.write(`footprint section took ${f.footprint.seconds} s\n`);
  const file = 'bench/results/latest.json';
  const previous = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  mkdirSync('bench/results', { recursive: true });
  writeFileSync(file, JSON.stringify({ ...previous, ...f, footprintAt: new Date().toISOString() }, null, 2));
  process.stdout.write(`redisBytesPerActiveConference and footprint written to ${file}\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await footprintOnly();
  process.exit(0);
}
