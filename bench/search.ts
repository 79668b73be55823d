/**
 * `npm run bench` section (alone: `BENCH_ONLY=search npm run bench`): finding a conference by name
 * among 10,000 (`BENCH_SEARCH_CONFERENCES`) through `GET /api/conferences?q=…`, names encrypted at
 * rest and found through the keyed blind index (words and their 3-to-6-letter prefixes as HMACs).
 * The conferences are made up (40 surnames, a few "Testfamily"), written through the service's own
 * store, so the index is the one every write keeps; then each query is timed over HTTP: the whole
 * request (index lookup, decrypting and checking each candidate, sorting, paging, serialising).
 */
import { Redis } from 'ioredis';
import { DateTime } from 'luxon';
import type { Conference } from '../src/domain/conference.ts';
import { createLogger } from '../src/infra/logger.ts';
import { startRuntime } from '../src/runtime/start.ts';
import { deleteKeysByPrefix } from '../src/storage/redis-keys.ts';
import { benchConfig } from './bench-config.ts';

const KEY = 'bench-search-key-0123456789abcdef';
const SURNAMES = [
  'Smith',
  'Jones',
  'Taylor',
  'Brown',
  'Williams',
  'Wilson',
  'Johnson',
  'Davies',
  'Robinson',
  'Wright',
  'Thompson',
  'Evans',
  'Walker',
  'White',
  'Roberts',
  'Green',
  'Hall',
  'Wood',
  'Jackson',
  'Clarke',
  'Patel',
  'Khan',
  'Lewis',
  'James',
  'Phillips',
  'Mason',
  'Mitchell',
  'Rose',
  'Davis',
  'Rodriguez',
  'Cox',
  'Alexander',
  'Kowalski',
  'Nowak',
  'Okafor',
  'Adeyemi',
  'Murphy',
  'Kelly',
  'Sullivan',
  'Byrne',
];
const FIRST = ['Ruby', 'Leo', 'Amelia', 'Noah', 'Isla', 'Oliver', 'Ava', 'Jack', 'Mia', 'Harry', 'Zoe', 'Arlo'];

export interface SearchBench {
  conferences: number;
  seedSeconds: number;
  /** Per query: matches, the first request and the median and slowest of the next seven (ms). */
  queries: { q: string; matches: number; firstMs: number; p50Ms: number; maxMs: number }[];
}

function person(id: string, role: Conference['attendees'][number]['role'], name: string, agency?: string) {
  return {
    id,
    name,
    role,
    ...(agency ? { agency } : {}),
    email: `${id}@example.org`,
    interpreterNeeded: false,
    accessibilityNeeds: [],
    contactPreference: 'email' as const,
    rsvp: 'needs-action' as const,
  };
}

function conference(i: number, surname: string): Conference {
  const start = DateTime.fromISO('2027-03-01T10:00', { zone: 'Europe/London' }).plus({ days: i % 200 });
  const iso = (d: DateTime) => d.toISO({ suppressMilliseconds: true })!;
  const first = (k: number) => FIRST[(i + k) % FIRST.length]!;
  return {
    id: `s${String(i).padStart(11, '0')}`,
    reference: `CPC-2027-${String(i + 1).padStart(5, '0')}`,
    policyId: 'hackney',
    kind: 'initial',
    state: 'invited',
    version: 1,
    rev: 1,
    startsAt: iso(start),
    durationMinutes: 120,
    mode: 'virtual',
    meetingProvider: 'local',
    children: [
      { id: 'c1', unborn: false, firstName: first(0), lastName: surname, dateOfBirth: '2019-05-02' },
      { id: 'c2', unborn: false, firstName: first(5), lastName: surname, dateOfBirth: '2022-09-17' },
    ],
    attendees: [
      person('a1', 'chair', `Chair ${SURNAMES[(i * 7) % SURNAMES.length]}`, 'Safeguarding and Reviewing'),
      person('a2', 'social-worker', `Sam ${SURNAMES[(i * 3) % SURNAMES.length]}`, "Children's social care"),
      person('a3', 'professional', `Hana ${SURNAMES[(i * 11) % SURNAMES.length]}`, 'Health visiting'),
      person('a4', 'police', 'Pat Police', 'Police'),
      person('a5', 'parent', `${first(2)} ${surname}`),
      person('a6', 'parent', `${first(3)} ${surname}`),
    ],
    timetable: {
      parentsJoinAt: iso(start),
      professionalsJoinAt: iso(start.plus({ minutes: 30 })),
      endsAt: iso(start.plus({ hours: 2 })),
      reportsDue: iso(start.minus({ days: 3 })),
    },
    reports: {},
    views: [],
    history: [],
    createdAt: iso(start.minus({ days: 20 })),
    updatedAt: iso(start.minus({ days: 20 })),
  };
}

export async function searchBench(
  url: string,
  prefix: string,
  conferences = Number(process.env.BENCH_SEARCH_CONFERENCES ?? 10_000),
): Promise<SearchBench> {
  const config = benchConfig({
    redisUrl: url,
    prefix,
    start: '2027-02-01T09:00:00Z',
    key: KEY,
    env: { WORKERS: 'none' },
  });
  const redis = new Redis(url);
  const rt = await startRuntime(config, createLogger({ level: 'error' }), { workers: false });
  const t0 = performance.now();
  for (let i = 0; i < conferences; i += 100) {
    const batch = Array.from({ length: Math.min(100, conferences - i) }, (_, k) => i + k);
    // One in 2,000 is the Testfamily the coordinator is looking for.
    await Promise.all(
      batch.map((n) => rt.deps.store.create(conference(n, n % 2000 === 7 ? 'Testfamily' : SURNAMES[n % 40]!))),
    );
  }
  const seedSeconds = (performance.now() - t0) / 1000;
  const get = async (q: string): Promise<{ ms: number; matches: number }> => {
    const s = performance.now();
    const res = await fetch(`${rt.url}/api/conferences?q=${encodeURIComponent(q)}`, {
      headers: { authorization: `Bearer ${KEY}` },
    });
    const body = await res.text();
    // Search has its own per-client limit (30 at once, 60 a minute): wait as told, and time only the answer.
    if (res.status === 429) {
      await new Promise((r) => setTimeout(r, 1000 * Number(res.headers.get('retry-after') ?? 1)));
      return get(q);
    }
    if (res.status !== 200) throw new Error(`GET /api/conferences?q=${q}: ${res.status} ${body.slice(0, 300)}`);
    return { ms: performance.now() - s, matches: Number(res.headers.get('x-total-count') ?? JSON.parse(body).length) };
  };
  const queries: SearchBench['queries'] = [];
  // A whole surname, the start of one, a first name and the start of a surname, and a common start.
  for (const q of ['Testfamily', 'Test', 'ruby testf', 'Kowa']) {
    const first = await get(q);
    const times: number[] = [];
    for (let k = 0; k < 7; k++) times.push((await get(q)).ms);
    times.sort((a, b) => a - b);
    queries.push({
      q,
      matches: first.matches,
      firstMs: Math.round(first.ms),
      p50Ms: Math.round(times[3]!),
      maxMs: Math.round(times[6]!),
    });
  }
  await rt.stop();
  await deleteKeysByPrefix(redis, prefix);
  redis.disconnect();
  return { conferences, seedSeconds: Number(seedSeconds.toFixed(1)), queries };
}

export function printSearchBench(r: SearchBench): void {
  for (const q of r.queries)
    console.log(
      `search "${q.q}"`.padEnd(34) +
        `${q.p50Ms} ms median, ${q.maxMs} ms slowest, first ${q.firstMs} ms (${q.matches} found among ${r.conferences} conferences; target well under 1,000 ms)`,
    );
  console.log(`  seeding                         ${r.conferences} conferences through the store in ${r.seedSeconds} s`);
}
