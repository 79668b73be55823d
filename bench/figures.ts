/**
 * `npm run bench` section (alone: `BENCH_ONLY=figures npm run bench`): the figures for a year of
 * 10,000 conferences (`BENCH_FIGURES_CONFERENCES`) through `GET /api/figures?year=2027`.
 * The conferences are made up in memory (kinds, outcomes, reports on time / late / missing,
 * decisions circulated by email and by post, core groups, plan actions), each turned into its
 * figures record by the same code the store runs on every write, and written to the figures index;
 * each child gets a child record (some on a plan since the year before). Then the service is
 * started on that Redis and the figures asked for over HTTP: the time is the whole request, read
 * from the index (never the aggregates), added up, serialised.
 */
import { Redis } from 'ioredis';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import { circulationKeys, FIGURES_RECORD_VERSION, figuresRecord } from '../src/app/figures/record.ts';
import { PolicyRegistry } from '../src/app/shared/policy-registry.ts';
import { WorkingDayCalendar } from '../src/domain/calendar/working-days.ts';
import { deliveredRecipients } from '../src/domain/circulation.ts';
import type { Conference } from '../src/domain/conference.ts';
import type { HardCopy } from '../src/domain/deliveries.ts';
import { withConference, type ChildConferenceEntry } from '../src/domain/child-record.ts';
import type { ConferenceKind, Recommendation } from '../src/domain/vocabulary.ts';
import { PRESETS } from '../src/domain/policy/presets/index.ts';
import { createLogger } from '../src/infra/logger.ts';
import type { LedgerEntry } from '../src/ports/send-ledger.ts';
import { startRuntime } from '../src/runtime/start.ts';
import { DataCipher } from '../src/infra/data-cipher.ts';
import { RedisChildRecords } from '../src/storage/redis-child-records.ts';
import { RedisFiguresIndex } from '../src/storage/redis-figures.ts';
import { deleteKeysByPrefix } from '../src/storage/redis-keys.ts';
import { benchConfig } from './bench-config.ts';

export interface FiguresBench {
  conferences: number;
  children: number;
  recordsWrittenPerSecond: number;
  seedSeconds: number;
  /** GET /api/figures?year=2027, the first request and the median and slowest of the next five. */
  firstMs: number;
  p50Ms: number;
  maxMs: number;
  csvMs: number;
  /** A few of the answers, to show the year is really counted. */
  sample: { initialConferences: number; late: number; medianHours: number | null; onPlanOver12Months: number };
}

/** A small deterministic generator, so every run counts the same year. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const KEY = 'bench-figures-key-0123456789abcdef';

function attendee(
  id: string,
  role: Conference['attendees'][number]['role'],
  extra: Partial<Conference['attendees'][number]> = {},
): Conference['attendees'][number] {
  return {
    id,
    name: `Person ${id}`,
    role,
    interpreterNeeded: false,
    accessibilityNeeds: [],
    contactPreference: 'email',
    rsvp: 'accepted',
    ...extra,
  };
}

/** One made-up conference held on `day` (a working day of 2027), decided, approved and circulated. */
function conference(
  i: number,
  day: string,
  rnd: () => number,
  calendar: WorkingDayCalendar,
): { c: Conference; ledger: Record<string, LedgerEntry> } {
  const kind: ConferenceKind = rnd() < 0.55 ? 'initial' : rnd() < 0.93 ? 'review' : 'transfer-in';
  const children = Array.from({ length: 1 + Math.floor(rnd() * 2.2) }, (_, k) => ({
    id: `c${k + 1}`,
    unborn: false,
    firstName: 'Child',
    dateOfBirth: '2018-01-01',
  }));
  const start = DateTime.fromISO(`${day}T10:00`, { zone: 'Europe/London' });
  const decided = start.plus({ hours: 2 });
  const iso = (d: DateTime) => d.toISO({ suppressMilliseconds: true })!;
  const attendees = [
    attendee('a1', 'chair', { email: 'chair@example.gov.uk', agency: 'Safeguarding' }),
    attendee('a2', 'social-worker', { email: 'sw@example.gov.uk', agency: "Children's social care" }),
    attendee('a3', 'professional', { email: 'hv@nhs.example', agency: rnd() < 0.5 ? 'Health visiting' : 'School' }),
    attendee('a4', 'police', { email: 'police@police.example', agency: 'Police' }),
    attendee('a5', 'parent', { email: 'parent@example.com' }),
    attendee('a6', 'parent', { contactPreference: 'post', postalAddress: ['Parent', '1 Street', 'Town', 'AB1 2CD'] }),
  ];
  const reportDue = iso(
    DateTime.fromISO(calendar.addWorkingDays(day, -3), { zone: 'Europe/London' }).set({ hour: 10 }),
  );
  const reports: Conference['reports'] = {};
  for (const id of ['a2', 'a3', 'a4']) {
    const r = rnd();
    const receivedAt = r < 0.6 ? iso(start.minus({ days: 5 })) : r < 0.85 ? iso(start.minus({ days: 1 })) : undefined;
    reports[id] = {
      attendeeId: id,
      status: receivedAt ? 'received' : 'overdue',
      dueAt: reportDue,
      ...(receivedAt ? { receivedAt } : {}),
      submissions: [],
      history: [],
    };
  }
  const outcomes = children.map((ch) => {
    const r = rnd();
    const outcome: Recommendation =
      kind === 'review'
        ? r < 0.6
          ? 'child-protection-plan'
          : r < 0.9
            ? 'child-in-need'
            : 'no-further-action'
        : r < 0.85
          ? 'child-protection-plan'
          : r < 0.95
            ? 'child-in-need'
            : 'no-further-action';
    return {
      childId: ch.id,
      outcome,
      categories: outcome === 'child-protection-plan' ? (['neglect'] as const).slice() : [],
      rationale: 'r',
    };
  });
  // Strategy discussions 10 to 19 working days before: some initial conferences late.
  const strategy = kind === 'initial' ? calendar.addWorkingDays(day, -(10 + Math.floor(rnd() * 10))) : undefined;
  const printedAfterHours = rnd() < 0.8 ? 2 + rnd() * 20 : 24 + rnd() * 120;
  const printedAt = iso(decided.plus({ hours: printedAfterHours }));
  const hardCopies: HardCopy[] = [
    {
      blobId: `hardcopy-decision-letter-a6-v1`,
      attendeeId: 'a6',
      document: 'decision-letter',
      queuedAt: iso(decided),
      dueAt: iso(decided.plus({ hours: 24 })),
      ledgerKey: 'circulate-decision-a6-v1',
      printedAt,
      printedBy: 'coordinator',
    },
  ];
  const onPlan = outcomes.some((o) => o.outcome === 'child-protection-plan');
  const c: Conference = {
    id: `b${String(i).padStart(11, '0')}`,
    reference: `CPC-2027-${String(i + 1).padStart(5, '0')}`,
    policyId: 'hackney',
    kind,
    state: 'follow-up',
    version: 1,
    rev: 10,
    startsAt: iso(start),
    durationMinutes: 120,
    ...(strategy ? { strategyDiscussionOn: strategy } : {}),
    heldOn: day,
    mode: 'virtual',
    meetingProvider: 'local',
    children,
    attendees,
    timetable: {
      professionalsJoinAt: iso(start),
      endsAt: iso(decided),
      decisionCirculationDue: iso(decided.plus({ hours: 24 })),
      firstCoreGroupBy: iso(
        DateTime.fromISO(calendar.addWorkingDays(day, 10), { zone: 'Europe/London' }).set({ hour: 17 }),
      ),
    },
    reports,
    views: [],
    decision: {
      outcomes,
      dissent: [],
      plan: [
        {
          risk: 'r',
          task: 't',
          byWhom: 'b',
          timescale: 't',
          plannedOutcome: 'p',
          id: 'p1',
          dueOn: calendar.addWorkingDays(day, 20),
          status: rnd() < 0.7 ? 'done' : 'open',
          progress: [{ at: iso(start.plus({ days: 20 + Math.floor(rnd() * 15) })), by: 'a2', status: 'done' }],
        },
      ],
      coreGroup: ['a2', 'a3'],
      decidedAt: iso(decided),
      decidedBy: 'a1',
      approvedAt: iso(decided),
      approvedBy: 'a1',
    },
    coreGroups: onPlan
      ? [
          {
            id: 'cg1',
            revision: 1,
            state: 'booked',
            startsAt: iso(
              DateTime.fromISO(calendar.addWorkingDays(day, 5 + Math.floor(rnd() * 10)), { zone: 'Europe/London' }).set(
                { hour: 10 },
              ),
            ),
            endsAt: iso(start),
            durationMinutes: 90,
            mode: 'virtual',
            chairAttendeeId: 'a1',
            members: ['a2', 'a3'],
            bookedAt: iso(decided),
            bookedBy: 'a1',
            warnings: [],
          },
        ]
      : [],
    participation: children.map((ch) => ({
      childId: ch.id,
      way: rnd() < 0.3 ? 'attended' : rnd() < 0.7 ? 'advocate' : 'not-recorded',
      ...(rnd() < 2 ? { detail: 'd' } : {}),
      recordedAt: iso(decided),
      recordedBy: 'a1',
    })),
    hardCopies,
    history: [],
    createdAt: iso(start.minus({ days: 20 })),
    updatedAt: iso(decided),
  };
  const ledger: Record<string, LedgerEntry> = {};
  for (const r of deliveredRecipients(c, PRESETS['hackney']!)) {
    ledger[`circulate-decision-${r.key}-v1`] = {
      state: 'sent',
      at: new Date(decided.toMillis() + (1 + rnd() * 30) * 60_000).toISOString(),
      messageId: 'm',
    };
  }
  return { c, ledger };
}

/** Seeds a year of conferences, then times the figures request. */
export async function figuresBench(
  url: string,
  prefix: string,
  conferences = Number(process.env.BENCH_FIGURES_CONFERENCES ?? 10_000),
): Promise<FiguresBench> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cpc-bench-figures-'));
  const config = benchConfig({
    redisUrl: url,
    prefix,
    start: '2028-01-10T09:00:00Z',
    key: KEY,
    dataDir,
    env: { WORKERS: 'none' },
  });
  const redis = new Redis(url);
  const cipher = new DataCipher(config.dataEncryptionKey);
  const index = new RedisFiguresIndex(redis, prefix, cipher);
  const childRecords = new RedisChildRecords(redis, prefix, cipher);
  const policies = new PolicyRegistry(PRESETS);
  const calendar = new WorkingDayCalendar();
  const rnd = random(42);
  const days: string[] = [];
  for (let d = DateTime.fromISO('2027-01-04'); d.year === 2027; d = d.plus({ days: 1 }))
    if (calendar.isWorkingDay(d.toISODate()!)) days.push(d.toISODate()!);

  const t0 = performance.now();
  let children = 0;
  let recordMs = 0;
  for (let i = 0; i < conferences; i += 200) {
    const batch = Array.from({ length: Math.min(200, conferences - i) }, (_, k) =>
      conference(i + k, days[Math.floor(((i + k) / conferences) * days.length)]!, rnd, calendar),
    );
    const r0 = performance.now();
    await Promise.all(
      batch.map(({ c, ledger }) => {
        const policy = policies.get(c.policyId);
        return index.put(figuresRecord(c, policy, calendar, circulationKeys(c, policy), ledger));
      }),
    );
    recordMs += performance.now() - r0;
    // Each child's record: a review's child has been on a plan since an initial conference 8 to 20 months before.
    await Promise.all(
      batch.flatMap(({ c }) =>
        c.decision!.outcomes.map(async (o) => {
          const rec = await childRecords.mint({ at: c.createdAt });
          const entry = (e: Partial<ChildConferenceEntry>): ChildConferenceEntry => ({
            conferenceId: c.id,
            reference: c.reference,
            kind: c.kind,
            childId: o.childId,
            heldOn: c.heldOn!,
            outcome: o.outcome,
            categories: o.categories,
            approvedAt: c.decision!.approvedAt!,
            ...e,
          });
          const earlier =
            c.kind === 'review'
              ? [
                  entry({
                    conferenceId: `${c.id}x`,
                    reference: `${c.reference}-I`,
                    kind: 'initial',
                    heldOn: DateTime.fromISO(c.heldOn!)
                      .minus({ months: 8 + Math.floor(rnd() * 12) })
                      .toISODate()!,
                    outcome: 'child-protection-plan',
                    categories: ['neglect'],
                  }),
                ]
              : [];
          await childRecords.update(rec.id, (r) =>
            [...earlier, entry({})].reduce((acc, e) => withConference(acc, e, c.updatedAt), r),
          );
          children++;
        }),
      ),
    );
  }
  await index.markBuilt(FIGURES_RECORD_VERSION);
  const seedSeconds = (performance.now() - t0) / 1000;

  const rt = await startRuntime(config, createLogger({ level: 'error' }), { workers: false });
  const get = async (q: string) => {
    const s = performance.now();
    const res = await fetch(`${rt.url}/api/figures?${q}`, { headers: { authorization: `Bearer ${KEY}` } });
    const body = await res.text();
    if (res.status !== 200) throw new Error(`GET /api/figures?${q}: ${res.status} ${body.slice(0, 300)}`);
    return { ms: performance.now() - s, body };
  };
  const first = await get('year=2027');
  const times: number[] = [];
  for (let k = 0; k < 5; k++) times.push((await get('year=2027')).ms);
  const csv = await get('year=2027&format=csv');
  await rt.stop();
  await deleteKeysByPrefix(redis, prefix);
  redis.disconnect();

  const f = JSON.parse(first.body);
  times.sort((a, b) => a - b);
  return {
    conferences,
    children,
    recordsWrittenPerSecond: Math.round(conferences / (recordMs / 1000)),
    seedSeconds: Number(seedSeconds.toFixed(1)),
    firstMs: Math.round(first.ms),
    p50Ms: Math.round(times[2]!),
    maxMs: Math.round(times[4]!),
    csvMs: Math.round(csv.ms),
    sample: {
      initialConferences: f.initialConferences.total,
      late: f.initialConferences.late.length,
      medianHours: f.circulation.medianHours,
      onPlanOver12Months: f.childrenOnPlanOver12Months.over12Months,
    },
  };
}

export function printFiguresBench(r: FiguresBench): void {
  console.log(
    `figures for a year                ${r.p50Ms} ms median, ${r.maxMs} ms slowest, first ${r.firstMs} ms, CSV ${r.csvMs} ms (GET /api/figures?year=2027 over ${r.conferences} conferences and ${r.children} child records; target under 2,000 ms)`,
  );
  console.log(
    `  answers                         ${r.sample.initialConferences} initial conferences (${r.sample.late} late), median circulation ${r.sample.medianHours} h, ${r.sample.onPlanOver12Months} children on a plan for over 12 months; records written at ${r.recordsWrittenPerSecond}/s, seeding ${r.seedSeconds} s`,
  );
}
