import { z } from 'zod/v4';
import { ATTENDEE_ID, CHILD_ID } from '../../domain/ids.ts';
import { PLAN_STATUSES } from '../../domain/plan.ts';
import { isCalendarDate } from '../shared/time.ts';

const day = z.string().refine(isCalendarDate, { message: 'expected a real date as YYYY-MM-DD' });
const words = (max: number) => z.string().trim().min(1).max(max);
const attendeeId = z.string().regex(ATTENDEE_ID, 'expected an attendee id such as a3');
const scale = z.number().int().min(0).max(10);

/** One action of the plan: what, why, who (the owner, an attendee), by when, and how it stands. */
export const PlanRowInput = z
  .object({
    risk: words(2000),
    task: words(2000),
    byWhom: words(300),
    timescale: words(300),
    plannedOutcome: words(2000),
    /** The children this action is for (half-siblings with different parents); absent means every child. */
    childIds: z.array(z.string().regex(CHILD_ID, 'expected a child id such as c1')).min(1).max(12).optional(),
    /** The attendee who owns the action: reminded before it is due; an overdue action is flagged to the social worker and the core group chair. */
    ownerAttendeeId: attendeeId.optional(),
    dueOn: day.optional(),
    /** @defaultValue 'open' */
    status: z.enum(PLAN_STATUSES).optional(),
  })
  .strict();

/**
 * Signs of Safety sections of the plan (policy.plan.sections names those a policy uses; any other
 * is refused). Scores are the scaling at this conference (0–10).
 */
export const SignsOfSafetyInput = z
  .object({
    dangerStatements: z
      .array(z.object({ text: words(2000), scale: scale.optional() }).strict())
      .max(20)
      .optional(),
    /** `dangerStatement`: the number (1, 2, …) of the danger statement the goal answers. */
    safetyGoals: z
      .array(
        z
          .object({
            text: words(2000),
            dangerStatement: z.number().int().min(1).max(20).optional(),
            scale: scale.optional(),
          })
          .strict(),
      )
      .max(20)
      .optional(),
    bottomLines: z.array(words(1000)).max(20).optional(),
    contingency: words(4000).optional(),
    /** The date the words and pictures explanation was shared with the child. */
    wordsAndPicturesSharedOn: day.optional(),
  })
  .strict();
export type SignsOfSafetyInput = z.infer<typeof SignsOfSafetyInput>;

/** A change to one plan action after the conference: its status, owner or due date, with a note. */
export const PlanActionBody = z
  .object({
    status: z.enum(PLAN_STATUSES).optional(),
    ownerAttendeeId: attendeeId.optional(),
    dueOn: day.optional(),
    note: words(2000).optional(),
    by: words(120).optional(),
  })
  .strict()
  .refine((b) => b.status || b.ownerAttendeeId || b.dueOn || b.note, {
    message: 'give at least one of status, ownerAttendeeId, dueOn or note',
    path: ['status'],
  });
