import { z } from 'zod/v4';
import { STEPS } from '../src/domain/steps.ts';

const runAt = z.iso.datetime({ offset: true });

/**
 * What a conference's job carries: ids and the due time, never names, addresses or report text.
 * Processors load everything else from the store.
 */
export const StepJobPayload = z
  .object({
    conferenceId: z.string().regex(/^[a-z0-9]{6,32}$/, 'expected a conference id'),
    version: z.number().int().min(1),
    step: z.enum(STEPS),
    attendeeId: z.string().regex(/^a\d{1,4}$/, 'expected an attendee id such as a3').optional(),
    /** Which of several occurrences of the same step (e.g. the n-th report submission). */
    seq: z.number().int().min(1).max(10_000).optional(),
    runAt,
  })
  .strict();
export type StepJobPayload = z.infer<typeof StepJobPayload>;

/** The service's own jobs, about no conference: they carry what they are and when they are due, nothing else. */
export const SERVICE_TASKS = ['retention-sweep'] as const;
export type ServiceTask = (typeof SERVICE_TASKS)[number];
export const ServiceJobPayload = z.object({ step: z.enum(SERVICE_TASKS), runAt }).strict();
export type ServiceJobPayload = z.infer<typeof ServiceJobPayload>;

/**
 * Every payload on the workflow queue. `step` tells the two kinds apart, so a conference job's
 * problems are still reported field by field (`conferenceId: expected a conference id`).
 */
export const JobPayload = z.discriminatedUnion('step', [StepJobPayload, ServiceJobPayload], {
  error: (issue) => (issue.code === 'invalid_union' ? 'expected a workflow step or a service task' : undefined),
});
export type JobPayload = z.infer<typeof JobPayload>;

export const isServiceJob = (p: JobPayload): p is ServiceJobPayload => (SERVICE_TASKS as readonly string[]).includes(p.step);
