import { z } from 'zod/v4';
import { MEETING_MODES } from '../domain/vocabulary.ts';
import { attendeeIdField, CoreGroupInput, instant } from './schemas.ts';

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

export const CoreGroupCancelBody = z.object({ reason: z.string().trim().min(1).max(1000), by: actor.optional() }).strict();

export const CoreGroupRsvpBody = z.object({ attendeeId: attendeeIdField, answer: z.enum(['accepted', 'tentative', 'declined']) }).strict();
