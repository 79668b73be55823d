/**
 * Ids inside a conference: attendees `a1, a2, …`, children `c1, …`, stored documents `b1, …`.
 * Each comes from a counter kept with the aggregate that only goes up, so an id is never given to
 * anyone else: a removed attendee's personal links, reply address, ledger keys and job ids keep
 * pointing at nobody rather than at whoever is added next.
 */
import type { Conference } from './conference.ts';

export const ID_KINDS = ['attendee', 'child', 'blob'] as const;
export type IdKind = (typeof ID_KINDS)[number];
/** The highest number issued so far for each kind of id. */
export type IdCounters = Record<IdKind, number>;

const PREFIX: Record<IdKind, string> = { attendee: 'a', child: 'c', blob: 'b' };
const NUMBER = '\\d{1,6}';

/**
 * The shape of every id and reference, once: sources to embed in larger patterns (reply addresses,
 * link payloads, file names, chat commands). Anchored tests are below.
 */
export const ID_PATTERN = {
  attendee: `a${NUMBER}`,
  child: `c${NUMBER}`,
  blob: `b${NUMBER}`,
  /** A conference's stored id (random, lower-case letters and digits). */
  conference: '[a-z0-9]{6,32}',
  /** A child's record across conferences (child-record.ts): `k` and random lower-case letters and digits. */
  childRecord: 'k[a-z0-9]{6,32}',
  /** The human reference, `CPC-2027-0042`. */
  reference: 'CPC-\\d{4}-\\d{3,6}',
} as const;

const exact = (source: string): RegExp => new RegExp(`^${source}$`);
export const ATTENDEE_ID = exact(ID_PATTERN.attendee);
export const CHILD_ID = exact(ID_PATTERN.child);
export const CONFERENCE_ID = exact(ID_PATTERN.conference);
export const CHILD_RECORD_ID = exact(ID_PATTERN.childRecord);
export const REFERENCE = exact(ID_PATTERN.reference);

const EXACT: Record<IdKind, RegExp> = {
  attendee: new RegExp(`^a(${NUMBER})$`),
  child: new RegExp(`^c(${NUMBER})$`),
  blob: new RegExp(`^b(${NUMBER})$`),
};
/** An attendee id inside a ledger key or job id, e.g. `send-invites-a6-update1-v1`. */
const IN_KEY = new RegExp(`(?:^|-)a(${NUMBER})(?=-|$)`, 'g');

/** Every string value and object key anywhere in `value` (ids live in keys, values and arrays alike). */
function* strings(value: unknown, depth = 0): Generator<string> {
  if (depth > 12) return;
  if (typeof value === 'string') yield value;
  else if (Array.isArray(value)) for (const v of value) yield* strings(v, depth + 1);
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) {
      yield k;
      yield* strings(v, depth + 1);
    }
}

function highest(kind: IdKind, found: Iterable<string>): number {
  let max = 0;
  for (const s of found) {
    const m = EXACT[kind].exec(s);
    if (m) max = Math.max(max, Number(m[1]));
  }
  return max;
}

/** The highest attendee number mentioned in ledger keys or job ids (`…-a7-…`). */
export function highestAttendeeInKeys(keys: Iterable<string>): number {
  let max = 0;
  for (const k of keys) for (const m of k.matchAll(IN_KEY)) max = Math.max(max, Number(m[1]));
  return max;
}

/**
 * The conference's counters. A conference stored before counters existed gets counters above every
 * id it mentions anywhere (attendees, reports, link versions, views, attendance, hard copies…) and
 * above `seen` (what the caller found outside the aggregate: the audit trail, the send ledger), so
 * an attendee removed before the upgrade is not given out again either.
 */
export function idCounters(c: Conference, seen: { attendee?: number; blob?: number } = {}): IdCounters {
  const stored = c.idCounters;
  if (stored && ID_KINDS.every((k) => Number.isInteger(stored[k]))) return stored;
  const mentioned = [...strings({ ...c, idCounters: undefined })];
  return {
    attendee: Math.max(stored?.attendee ?? 0, highest('attendee', mentioned), seen.attendee ?? 0),
    child: Math.max(stored?.child ?? 0, highest('child', mentioned)),
    blob: Math.max(stored?.blob ?? 0, highest('blob', mentioned), seen.blob ?? 0),
  };
}

/** Issues `count` fresh ids of a kind; returns them with the conference carrying the moved counter. */
export function allocateIds(
  c: Conference,
  kind: IdKind,
  count: number,
  seen?: { attendee?: number; blob?: number },
): { conference: Conference; ids: string[] } {
  const counters = idCounters(c, seen);
  const first = counters[kind] + 1;
  const ids = Array.from({ length: count }, (_, i) => `${PREFIX[kind]}${first + i}`);
  return { conference: { ...c, idCounters: { ...counters, [kind]: counters[kind] + count } }, ids };
}

/** Counters for a conference built from scratch with these attendees and children (and no documents yet). */
export function countersFor(attendees: readonly { id: string }[], children: readonly { id: string }[]): IdCounters {
  return {
    attendee: highest(
      'attendee',
      attendees.map((a) => a.id),
    ),
    child: highest(
      'child',
      children.map((c) => c.id),
    ),
    blob: 0,
  };
}
