import { z } from 'zod/v4';

/**
 * A span of time in the authority's own words: "3 working days", "24 hours", "3 months".
 * `working-days` skip weekends, bank holidays and the authority's closure days.
 */
export const Duration = z
  .object({
    amount: z.number().int().min(0).max(400),
    unit: z.enum(['hours', 'days', 'working-days', 'weeks', 'months']),
  })
  .strict();
export type Duration = z.infer<typeof Duration>;

/** One setting per conference kind, each optional. */
export const perKind = <T extends z.ZodType>(schema: T) =>
  z
    .object({
      initial: schema.optional(),
      review: schema.optional(),
      'pre-birth': schema.optional(),
      'transfer-in': schema.optional(),
    })
    .strict();

/** A local time of day. */
export const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time as HH:mm');
