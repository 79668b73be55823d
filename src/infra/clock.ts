import type { Clock } from '../ports.ts';

export const systemClock: Clock = { now: () => new Date() };

/**
 * Time for demos and tests: starts where it is told and only moves forward when asked
 * (POST /api/dev/clock). Refused in production by config.
 */
export class SimulatedClock implements Clock {
  #now: number;
  /** `onAdvance` hears every move (the runtime keeps the position in Redis, so a restart resumes there). */
  constructor(
    start: Date,
    private readonly onAdvance?: (now: Date) => void,
  ) {
    this.#now = start.getTime();
  }
  now(): Date {
    return new Date(this.#now);
  }
  /** Moves forward only: a simulated clock never runs backwards. */
  advanceTo(instant: Date): void {
    if (instant.getTime() <= this.#now) return;
    this.#now = instant.getTime();
    this.onAdvance?.(new Date(this.#now));
  }
}
