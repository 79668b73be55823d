/**
 * A date-time as a person types it, read on London's clocks. With an offset (`Z`, `+01:00`) it is
 * one instant. Without one it is London wall time, and twice a year that is not one instant: the
 * night the clocks go forward an hour of wall times never happens, and the night they go back an
 * hour happens twice. Both are refused here, once, for every door (API, dashboard, command line),
 * rather than letting Luxon move the first on silently and take the second as its GMT occurrence.
 * Which it is, and the hour either side, is returned typed; the words are content's
 * (content/london-time-words.ts).
 */
import { DateTime } from 'luxon';
import { LONDON_ZONE } from './zone.ts';

export type LondonReading =
  | { kind: 'instant'; at: DateTime }
  | { kind: 'invalid'; why: string }
  /** The clocks go forward on `date`, from `from` straight to `to` (01:00 to 02:00). */
  | { kind: 'skipped'; date: string; from: string; to: string }
  /** The clocks go back on `date`, from `from` to `to` (02:00 to 01:00): the time is read twice. */
  | { kind: 'repeated'; date: string; from: string; to: string; offsets: readonly [first: number, second: number] };

/** A wall time that does not happen exactly once: the reason a door refuses it. */
export type LondonTimeRefusal = Extract<LondonReading, { kind: 'skipped' | 'repeated' }>;

const HAS_OFFSET = /(?:Z|[+-]\d{2}(?::?\d{2})?)$/i;
const WALL = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?$/;

/**
 * Readings already made, by the text read: a conference's timetable, every task and the body's own
 * times are the same few instants, read again and again (luxon and the zone's rules each time). The
 * reading depends on the text alone (London's zone is named, never the host's), and is frozen (its
 * DateTime is immutable), so sharing it changes nothing.
 */
const readings = new Map<string, LondonReading>();

/** Reads `text` (ISO 8601) as an instant; without an offset as London wall time, which must happen exactly once. */
export function readLondonTime(text: string): LondonReading {
  const known = readings.get(text);
  if (known) return known;
  const reading = Object.freeze(readAfresh(text));
  if (readings.size >= 2000) readings.clear();
  readings.set(text, reading);
  return reading;
}

function readAfresh(text: string): LondonReading {
  if (HAS_OFFSET.test(text) && /T/.test(text)) {
    const dt = DateTime.fromISO(text, { setZone: true });
    return dt.isValid ? { kind: 'instant', at: dt.setZone(LONDON_ZONE) } : invalid(dt);
  }
  const dt = DateTime.fromISO(text, { zone: LONDON_ZONE });
  if (!dt.isValid) return invalid(dt);
  const m = WALL.exec(text);
  if (!m) return { kind: 'instant', at: dt };
  const date = m[1]!;
  // The wall time as if it were UTC; each London offset of that weekend gives a candidate instant.
  const wall = DateTime.fromISO(text, { zone: 'UTC' });
  const offsets = [
    ...new Set([wall.minus({ days: 1 }), wall.plus({ days: 1 })].map((d) => d.setZone(LONDON_ZONE).offset)),
  ];
  const fits = offsets
    .map((offset) => ({ offset, at: wall.minus({ minutes: offset }).setZone(LONDON_ZONE) }))
    .filter((c) => c.at.offset === c.offset);
  const hour = wall.startOf('hour');
  const hhmm = (d: DateTime) => d.toFormat('HH:mm');
  if (fits.length === 0) {
    // London's clocks go forward a whole hour on the hour (01:00 to 02:00): the skipped hour is the one asked for.
    const gap = Math.max(...offsets) - Math.min(...offsets);
    return { kind: 'skipped', date, from: hhmm(hour), to: hhmm(hour.plus({ minutes: gap })) };
  }
  if (fits.length > 1) {
    const [first, second] = fits.sort((a, b) => a.at.toMillis() - b.at.toMillis());
    const gap = first!.offset - second!.offset;
    return {
      kind: 'repeated',
      date,
      from: hhmm(hour.plus({ minutes: gap })),
      to: hhmm(hour),
      offsets: [first!.offset, second!.offset],
    };
  }
  return { kind: 'instant', at: fits[0]!.at };
}

function invalid(dt: DateTime): LondonReading {
  return { kind: 'invalid', why: dt.invalidExplanation ?? dt.invalidReason ?? 'unreadable' };
}

/** `+01:00`, `+00:00`: an offset in minutes as ISO 8601 writes it. */
export function isoOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
