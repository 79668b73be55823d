import { z } from 'zod/v4';
import { STEPS } from '../src/domain/steps.ts';

/**
 * What a job carries: ids and the due time, never names, addresses or report text.
 * Processors load everything else from the store.
 */
export const JobPayload = z
  .object({
    conferenceId: z.string().regex(/^[a-z0-9]{6,32}$/, 'expected a conference id'),
    version: z.number().int().min(1),
    step: z.enum(STEPS),
    attendeeId: z.string().regex(/^a\d{1,4}$/, 'expected an attendee id such as a3').optional(),
    /** Which of several occurrences of the same step (e.g. the n-th report submission). */
    seq: z.number().int().min(1).max(10_000).optional(),
    runAt: z.iso.datetime({ offset: true }),
  })
  .strict();
export type JobPayload = z.infer<typeof JobPayload>;
