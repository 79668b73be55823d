import { z } from 'zod/v4';

/**
 * The small timings the workflow keeps, each a policy setting with its statutory default (what the
 * code did before they were settings: every preset leaves them as they are). An authority's policy
 * file may set any of them under `timings`.
 */
export const Timings = z
  .object({
    /**
     * An unborn child's expected due date may lie at most this many days in the past when the
     * conference is created (babies are often late, rarely by more than two weeks); older, the birth
     * should be recorded with dateOfBirth. @defaultValue 14
     */
    expectedDueDateGraceDays: z.number().int().min(0).max(60).default(14),
    /** The meeting may be started this many minutes before its calendar start. @defaultValue 60 */
    earlyStartMinutes: z.number().int().min(0).max(240).default(60),
    /** Reminders of the minutes and record bundle deadlines go this many working days before them. @defaultValue 2 */
    followUpReminderWorkingDays: z.number().int().min(0).max(20).default(2),
    /**
     * A letter is relied on to arrive this many working days after it is posted (second class is
     * 2–3); later than that before the meeting, the coordinator is told to phone. @defaultValue 2
     */
    postWorkingDays: z.number().int().min(1).max(10).default(2),
    /**
     * An absent parent's decision letter is held this many working days for the social worker to tell
     * them in person (tellAbsentParentsInPerson), unless the visit is confirmed sooner. @defaultValue 1
     */
    letterHoldWorkingDays: z.number().int().min(1).max(10).default(1),
    /**
     * A pre-birth plan's birth plan (where the baby will be born, who is told, what happens at the
     * hospital and after) is agreed this many weeks before the expected due date; the social worker
     * is chased if it is not recorded by then. None of the source documents sets it: local practice
     * (docs/policies.md). @defaultValue 4
     */
    birthPlanWeeksBeforeDueDate: z.number().int().min(1).max(20).default(4),
  })
  .strict()
  .prefault({});
export type Timings = z.infer<typeof Timings>;
