/**
 * The job payload is a union by step: an attendee step must name its attendee and a numbered step
 * its number, both when the job is queued (BullJobScheduler) and when it runs (createProcessor),
 * where a payload that fails can never succeed and goes straight to the failed list.
 */
import { UnrecoverableError, type Job } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { JobPayload, StepJobPayload } from '../../jobs/payload.ts';
import { jobId, parseJobId } from '../../jobs/job-ids.ts';
import { createProcessor } from '../../jobs/worker.ts';
import { ATTENDEE_STEPS, SEQ_STEPS, STEPS, type Step } from '../../src/domain/steps.ts';
import { silentLogger } from '../../src/infra/logger.ts';

const base = { conferenceId: 'abc123def456', version: 1, runAt: '2027-01-04T10:00:00Z' };
const needsAttendee = (s: Step) => (ATTENDEE_STEPS as readonly Step[]).includes(s);
const needsSeq = (s: Step) => (SEQ_STEPS as readonly Step[]).includes(s);
const complete = (step: Step) => ({
  ...base,
  step,
  ...(needsAttendee(step) ? { attendeeId: 'a3' } : {}),
  ...(needsSeq(step) ? { seq: 2 } : {}),
});
const fields = (data: unknown) => {
  const r = StepJobPayload.safeParse(data);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('job payloads by step', () => {
  it('accepts every step with what it needs, and an optional attendee or number where it may carry one', () => {
    for (const step of STEPS) {
      expect(fields(complete(step)), step).toEqual([]);
      expect(fields({ ...complete(step), attendeeId: 'a4', seq: 3 }), step).toEqual([]);
    }
  });

  it('refuses an attendee step without its attendee and a numbered step without its number, naming the field', () => {
    for (const step of ATTENDEE_STEPS)
      expect(fields({ ...base, step, ...(needsSeq(step) ? { seq: 1 } : {}) }), step).toEqual([
        expect.stringMatching(/^attendeeId: /),
      ]);
    for (const step of SEQ_STEPS)
      expect(fields({ ...base, step, ...(needsAttendee(step) ? { attendeeId: 'a3' } : {}) }), step).toEqual([
        expect.stringMatching(/^seq: /),
      ]);
    expect(fields({ ...complete('report-request'), attendeeId: 'Jade' })).toEqual([
      'attendeeId: expected an attendee id such as a3',
    ]);
    expect(fields({ ...complete('send-invites'), name: 'Jade' })).toEqual([expect.stringMatching(/name/)]);
    expect(fields({ ...base, step: 'no-such-step' })).toEqual(['step: expected a workflow step']);
    expect(JobPayload.safeParse({ step: 'retention-sweep', runAt: base.runAt }).success).toBe(true);
  });

  it('fails such a job at once when it runs: no retries, the field named, the step never called', async () => {
    let called = 0;
    const processor = createProcessor(async () => void called++, silentLogger);
    const err = await processor({ id: 'j1', data: { ...base, step: 'release-held-letter' } } as Job).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(err).toBeInstanceOf(UnrecoverableError);
    expect(err!.message).toMatch(/^invalid job payload: attendeeId/);
    expect(called).toBe(0);
  });

  it('fails a job whose payload was edited in Redis (another conference, an attendee it never named): the step never called', async () => {
    let called = 0;
    const processor = createProcessor(async () => void called++, silentLogger);
    const requestAll = { ...base, step: 'report-request' as const };
    const id = `conf-${base.conferenceId}-report-request-all-v1`;
    const run = (data: unknown, jobId = id) =>
      processor({ id: jobId, data } as Job).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
    expect(await run(requestAll)).toBeUndefined();
    expect(called).toBe(1);
    const edits: [Record<string, unknown>, string][] = [
      [{ conferenceId: 'zzz999yyy888' }, 'conferenceId: not the conference of this job'],
      [{ attendeeId: 'a99' }, 'attendeeId: not the attendee of this job'],
      [{ version: 2 }, 'version: not the version of this job'],
      [
        { step: 'report-overdue', attendeeId: 'a2' },
        'step: not the step of this job; attendeeId: not the attendee of this job',
      ],
      [{ seq: 2 }, 'seq: not the number of this job'],
    ];
    for (const [edit, message] of edits) {
      const err = await run({ ...requestAll, ...edit });
      expect(err, message).toBeInstanceOf(UnrecoverableError);
      expect(err!.message).toBe(`invalid job payload: ${message}`);
    }
    expect((await run(requestAll, 'j1'))!.message).toBe('invalid job payload: (root): not a conference job id');
    expect(called).toBe(1);
  });

  it('a shared chaser is one job per step and run time: its id carries the time, and a payload moved to another time never runs', async () => {
    let called = 0;
    const processor = createProcessor(async () => void called++, silentLogger);
    const reminder = { ...base, step: 'report-reminder-1' as const, runAt: '2026-12-22T09:00:00.000Z' };
    const id = jobId(reminder);
    expect(id).toBe(`conf-${base.conferenceId}-report-reminder-1-all-v1-t20261222090000000`);
    expect(parseJobId(id)).toEqual({
      conferenceId: base.conferenceId,
      step: 'report-reminder-1',
      version: 1,
      at: '20261222090000000',
    });
    const run = (data: unknown) =>
      processor({ id, data } as Job).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
    expect(await run(reminder)).toBeUndefined();
    const moved = await run({ ...reminder, runAt: '2026-12-21T09:00:00.000Z' });
    expect(moved).toBeInstanceOf(UnrecoverableError);
    expect(moved!.message).toBe('invalid job payload: runAt: not the time of this job');
    expect(called).toBe(1);
  });
});
