import { z } from 'zod/v4';
import { ATTENDEE_STEPS, SEQ_STEPS, STEPS, type Step, type StepPayload } from '../src/domain/steps.ts';

const runAt = z.iso.datetime({ offset: true });

const conferenceId = z.string().regex(/^[a-z0-9]{6,32}$/, 'expected a conference id');
const attendeeId = z.string().regex(/^a\d{1,4}$/, 'expected an attendee id such as a3');
/** Which of several occurrences of the same step (e.g. the n-th report submission, a core group). */
const seq = z.number().int().min(1).max(10_000);

const isAttendeeStep = (step: Step) => (ATTENDEE_STEPS as readonly Step[]).includes(step);
const isSeqStep = (step: Step) => (SEQ_STEPS as readonly Step[]).includes(step);

/** One step's payload: an attendee step must name its attendee, a numbered step its number. */
const stepSchema = (step: Step) =>
  z
    .object({
      conferenceId,
      version: z.number().int().min(1),
      step: z.literal(step),
      attendeeId: isAttendeeStep(step) ? attendeeId : attendeeId.optional(),
      seq: isSeqStep(step) ? seq : seq.optional(),
      runAt,
    })
    .strict();

/**
 * What a conference's job carries: ids and the due time, never names, addresses or report text;
 * processors load everything else from the store. A union by step, checked when the job is queued
 * and again when it runs (a payload that fails can never succeed: see jobs/worker.ts).
 */
const STEP_SCHEMAS = STEPS.map(stepSchema) as unknown as [
  ReturnType<typeof stepSchema>,
  ...ReturnType<typeof stepSchema>[],
];
export const StepJobPayload = z.discriminatedUnion('step', STEP_SCHEMAS, {
  error: (issue) => (issue.code === 'invalid_union' ? 'expected a workflow step' : undefined),
}) as unknown as z.ZodType<StepPayload>;
export type StepJobPayload = StepPayload;

/** The service's own jobs, about no conference: they carry what they are and when they are due, nothing else. */
export const SERVICE_TASKS = ['retention-sweep', 'follow-on-sweep'] as const;
export type ServiceTask = (typeof SERVICE_TASKS)[number];
export const ServiceJobPayload = z.object({ step: z.enum(SERVICE_TASKS), runAt }).strict();
export type ServiceJobPayload = z.infer<typeof ServiceJobPayload>;

/**
 * Every payload on the workflow queue. `step` tells the two kinds apart, so a conference job's
 * problems are still reported field by field (`conferenceId: expected a conference id`).
 */
export const JobPayload = z.discriminatedUnion('step', [...STEP_SCHEMAS, ServiceJobPayload], {
  error: (issue) => (issue.code === 'invalid_union' ? 'expected a workflow step or a service task' : undefined),
}) as unknown as z.ZodType<StepPayload | ServiceJobPayload>;
export type JobPayload = StepPayload | ServiceJobPayload;

export const isServiceJob = (p: JobPayload): p is ServiceJobPayload =>
  (SERVICE_TASKS as readonly string[]).includes(p.step);
