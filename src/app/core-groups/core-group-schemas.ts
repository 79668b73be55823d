import { z } from 'zod/v4';
import { MEETING_MODES } from '../../domain/vocabulary.ts';
import { PLAN_STATUSES } from '../../domain/plan.ts';
import { attendeeIdField, instant } from '../shared/field-schemas.ts';
import { CoreGroupInput } from '../meeting-day/schemas.ts';

export { CoreGroupInput };

const actor = z.string().trim().min(1).max(120);

/** A later core group: the same fields, optionally a changed membership, and who asked. */
export const CoreGroupBody = CoreGroupInput.extend({
  /** Members by attendee id, where the membership changed since the decision. @defaultValue the decision's core group */
  members: z.array(attendeeIdField).min(1).max(60).optional(),
  by: actor.optional(),
}).strict();

export const CoreGroupRescheduleBody = z
  .object({
    startsAt: instant,
    durationMinutes: z.number().int().min(15).max(480).optional(),
    mode: z.enum(MEETING_MODES).optional(),
    venue: z.string().trim().min(1).max(300).optional(),
    chairAttendeeId: attendeeIdField.optional(),
    reason: z.string().trim().min(1).max(1000).optional(),
    by: actor.optional(),
  })
  .strict();

export const CoreGroupCancelBody = z
  .object({ reason: z.string().trim().min(1).max(1000), by: actor.optional() })
  .strict();

export const CoreGroupRsvpBody = z
  .object({ attendeeId: attendeeIdField, answer: z.enum(['accepted', 'tentative', 'declined']) })
  .strict();

/** What happened at a core group: attendance, progress on each plan action, scaling (Signs of Safety), notes. */
export const CoreGroupRecordBody = z
  .object({
    present: z.array(attendeeIdField).max(60),
    apologies: z.array(attendeeIdField).max(60).default([]),
    /** Progress against plan actions by id (`p1`, …). */
    progress: z
      .array(
        z
          .object({
            actionId: z.string().regex(/^p\d{1,3}$/, 'expected a plan action id such as p1'),
            status: z.enum(PLAN_STATUSES),
            note: z.string().trim().min(1).max(2000).optional(),
          })
          .strict(),
      )
      .max(100)
      .default([]),
    /** Scaling (0–10) against each danger statement (`d1`) or safety goal (`g1`), where the policy works in Signs of Safety. */
    scaling: z
      .array(
        z
          .object({
            target: z.string().regex(/^[dg]\d{1,2}$/, 'expected a danger statement (d1) or safety goal (g1)'),
            score: z.number().int().min(0).max(10),
          })
          .strict(),
      )
      .max(40)
      .default([]),
    notes: z.string().trim().min(1).max(20000),
    /** Kept from the family's copy (the disclosure table's core-group-record-family). */
    confidentialNotes: z.string().trim().min(1).max(20000).optional(),
    by: actor.optional(),
  })
  .strict();
