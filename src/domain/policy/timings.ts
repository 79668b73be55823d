import { z } from 'zod/v4';
import { hhmm } from './duration.ts';

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
     * A held decision letter (an absent parent where the policy asks for a visit, a parent asked to
     * leave part of the meeting) waits until someone records telling them, however long that takes;
     * after this many working days (at the reminders' send time) it is late: the social worker is
     * chased and the chair and the coordinator are told. Nothing goes to the family. @defaultValue 1
     */
    letterHoldWorkingDays: z.number().int().min(1).max(10).default(1),
    /**
     * A late held letter's social worker is chased again every this many working days until the
     * explanation is recorded or the letter is released, at most 10 chasers in all. Local practice:
     * none of the source documents sets it. @defaultValue 2
     */
    letterHoldChaseEveryWorkingDays: z.number().int().min(1).max(10).default(2),
    /**
     * A pre-birth plan's birth plan (where the baby will be born, who is told, what happens at the
     * hospital and after) is agreed this many weeks before the expected due date; the social worker
     * is chased if it is not recorded by then. None of the source documents sets it: local practice
     * (docs/policies.md). @defaultValue 4
     */
    birthPlanWeeksBeforeDueDate: z.number().int().min(1).max(20).default(4),
    /**
     * A conference booked (or moved) to start before `from` or after `to`, London time, gets a
     * warning, not a refusal (an urgent meeting may need it): an offset typo such as
     * `2027-03-16T10:00+05:00` books it at 05:00. Local practice. @defaultValue `{ from: '08:00', to: '18:00' }`
     */
    workingHours: z
      .object({ from: hhmm.default('08:00'), to: hhmm.default('18:00') })
      .strict()
      .refine((h) => h.from < h.to, { message: 'from must be before to', path: ['to'] })
      .prefault({}),
  })
  .strict()
  .prefault({});
export type Timings = z.infer<typeof Timings>;
