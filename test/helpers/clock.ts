import type { Clock } from '../../src/ports.ts';

/** A clock tests move by hand, so leases, deadlines and reminders run in simulated time. */
export class FakeClock implements Clock {
  private ms: number;

  constructor(start: string | Date = '2027-03-01T09:00:00.000Z') {
    this.ms = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.ms);
  }

  set(iso: string): void {
    const ms = Date.parse(iso);
    if (Number.isNaN(ms)) throw new Error(`FakeClock.set: not an ISO instant: ${iso}`);
    this.ms = ms;
  }

  advance(ms: number): void {
    this.ms += ms;
  }
}
