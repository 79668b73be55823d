/**
 * Every policy preset through one running service: the situation of the per-preset integration
 * tests. One service serves all of a file's tests (starting one is the slow part); the simulated
 * clock only goes forward, so each preset's conference is on its own Monday, later than the last,
 * and each test finds its own conference and mail by its reference.
 */
import { afterAll, beforeAll } from 'vitest';
import { DateTime } from 'luxon';
import { hackneyInitialBody, startTestService, type TestService } from './service.ts';

/** A policy preset and how its conference meets. */
export interface Preset {
  policy: string;
  mode: 'virtual' | 'in-person';
}

/** A preset with the Monday its conference is on. */
export interface PresetOnItsMonday extends Preset {
  /** The Monday, as an ISO date: '2027-01-04'. */
  on: string;
  /** The Monday as letters say it: 'Monday 4 January 2027'. */
  spoken: string;
}

/** The five presets: Hampshire's conference meets in person, the others by video. */
export const PRESETS: readonly Preset[] = [
  { policy: 'statutory', mode: 'virtual' },
  { policy: 'hackney', mode: 'virtual' },
  { policy: 'cumbria', mode: 'virtual' },
  { policy: 'hampshire', mode: 'in-person' },
  { policy: 'bexley', mode: 'virtual' },
];

const day = (iso: string) => DateTime.fromISO(iso, { zone: 'Europe/London' });

/** The ISO date `days` after `iso` (before it, for a negative number). */
export const daysAfter = (iso: string, days: number): string => day(iso).plus({ days }).toISODate()!;

/** An ISO date as letters say it: 'Monday 4 January 2027'. */
export const spoken = (iso: string): string => day(iso).toFormat('cccc d LLLL yyyy');

/**
 * Each preset on its own Monday, in the order given: the first on `from` (4 January 2027 unless
 * said), each next `weeksApart` weeks after the last (one unless said).
 */
export function presetsOnMondays(
  options: { presets?: readonly Preset[]; from?: string; weeksApart?: number } = {},
): PresetOnItsMonday[] {
  const { presets = PRESETS, from = '2027-01-04', weeksApart = 1 } = options;
  return presets.map((p, i) => {
    const on = daysAfter(from, 7 * weeksApart * i);
    return { ...p, on, spoken: spoken(on) };
  });
}

/**
 * The conference a coordinator posts for a preset: the Hackney initial conference under the
 * preset's policy, meeting its way (in person at the Civic Offices), at 10:00 on its Monday where
 * it has one; `overrides` last.
 */
export function presetConference(p: Preset & { on?: string }, overrides: Record<string, unknown> = {}) {
  return hackneyInitialBody({
    policy: p.policy,
    mode: p.mode,
    ...(p.mode === 'in-person' ? { venue: 'Civic Offices, Room 2' } : {}),
    ...(p.on ? { startsAt: `${p.on}T10:00` } : {}),
    ...overrides,
  });
}

/**
 * One service for every test of the file (or of the describe block it is called in): started
 * before the first, stopped after the last. The object returned is the service once started.
 */
export function oneService(): TestService {
  const s = {} as TestService;
  beforeAll(async () => {
    Object.assign(s, await startTestService());
  }, 60_000);
  afterAll(async () => {
    await s.stop?.();
  });
  return s;
}
