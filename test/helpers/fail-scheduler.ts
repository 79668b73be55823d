/** Failures injected into a running test service's job scheduler, as when Redis drops the connection at that moment. */
import type { ScheduledJob } from '../../src/ports/jobs.ts';
import type { TestService } from './service.ts';

type Method = 'schedule' | 'cancelConference' | 'cancelAttendee' | 'cancelSteps';

/** The service's scheduler fails `method` while `when` says so (given the call's arguments), until released. */
export function failScheduler(
  s: TestService,
  method: Method,
  when: (jobs?: ScheduledJob[], ...rest: unknown[]) => boolean,
) {
  const scheduler = s.rt.scheduler;
  const real = scheduler[method].bind(scheduler) as (...a: unknown[]) => Promise<unknown>;
  let failures = 0;
  (scheduler as unknown as Record<string, unknown>)[method] = async (...a: unknown[]) => {
    if (when(a[0] as ScheduledJob[] | undefined, ...a.slice(1))) {
      failures++;
      throw new Error('Connection is closed.');
    }
    return real(...a);
  };
  return {
    failures: () => failures,
    release: () => {
      (scheduler as unknown as Record<string, unknown>)[method] = real;
    },
  };
}

/** Fails `schedule` the first time it is asked to queue a job `hit` picks, then works. */
export function failOnceScheduling(s: TestService, hit: (j: ScheduledJob) => boolean) {
  let once = true;
  return failScheduler(s, 'schedule', (jobs) => {
    const now = once && !!jobs?.some(hit);
    if (now) once = false;
    return now;
  });
}
