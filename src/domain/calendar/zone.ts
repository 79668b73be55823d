/**
 * The service's one time zone. Every deadline, working day, letter date and calendar file is London
 * time across daylight saving; the policy schema accepts no other zone.
 */
import { IANAZone, type Zone } from 'luxon';

export const LONDON = 'Europe/London';

const HOUR_MS = 3_600_000;
/** Since 1 January 1848 London's clocks have only ever changed on the hour (UTC); before, on its local mean time. */
const ON_THE_HOUR_SINCE = Date.UTC(1848, 0, 1);
/** Hours kept (a little over eleven years of them, far more than any process asks about); then started afresh. */
const HOURS_KEPT = 100_000;

/**
 * Europe/London for luxon, each hour's offset worked out once. Luxon asks the zone for its offset
 * whenever a DateTime is made, moved or written out in it, and its own IANA zone asks Intl every time
 * (most of building a timetable and a conference's jobs went there). As London's clocks change only
 * on the hour, an hour's offset is that of every instant in it: the same answers as luxon's own zone
 * (test/unit/london-zone.test.ts), which also gives everything else (name, abbreviations).
 */
class LondonZone extends IANAZone {
  readonly #hours = new Map<number, number>();

  constructor() {
    super(LONDON);
  }

  override offset(ts: number): number {
    if (!(ts >= ON_THE_HOUR_SINCE)) return super.offset(ts);
    const hour = Math.floor(ts / HOUR_MS);
    let offset = this.#hours.get(hour);
    if (offset === undefined) {
      offset = super.offset(ts);
      if (this.#hours.size >= HOURS_KEPT) this.#hours.clear();
      this.#hours.set(hour, offset);
    }
    return offset;
  }
}

/** London as a luxon zone: pass it where luxon takes a zone (`{ zone: LONDON_ZONE }`, `setZone(LONDON_ZONE)`). */
export const LONDON_ZONE: Zone = new LondonZone();
