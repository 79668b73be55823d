import { z } from 'zod/v4';
import { Duration, hhmm, perKind } from './duration.ts';

/** Where a policy names no report deadline: early enough to share the report with the family first. */
export const DEFAULT_REPORT_DUE: Duration = { amount: 2, unit: 'working-days' };

/** When professionals' reports are due, what they hold, and how they are chased. */
export const ReportsPolicy = z
  .object({
    /** Professionals' reports due this long before the conference, per kind. */
    due: perKind(Duration),
    /** The social worker's report, where it is due earlier (Hampshire 48 hours). */
    socialWorkerDue: perKind(Duration),
    /**
     * The report deadline for any conference kind that `due` does not name. Reports must reach the
     * family before the conference, so there is always a deadline, never just the join time.
     * @defaultValue {@link DEFAULT_REPORT_DUE} (2 working days before)
     */
    defaultDue: Duration.default(DEFAULT_REPORT_DUE),
    sharedWithFamilyFirst: z.boolean(),
    format: z
      .object({
        name: z.string().min(1),
        sections: z.array(z.string().min(1)).min(1),
        reviewSections: z.array(z.string().min(1)).min(1).optional(),
        guidance: z.string().optional(),
      })
      .strict(),
    reminders: z
      .object({
        /** Reminders this many working days before the due date, e.g. [3, 1]. */
        workingDaysBefore: z.array(z.number().int().min(1).max(20)).max(3),
        /** Local time of day at which reminders, chasers and escalations go out. */
        sendAt: hhmm.default('09:00'),
        /** A last reminder on the due date itself. */
        onDueDate: z.boolean(),
        /** Overdue chaser to the professional this many working days after the due date (0 = the next working day's morning). */
        chaserAfterWorkingDays: z.number().int().min(0).max(10),
        /**
         * Escalation to the professional's manager this many working days after the chaser (an hour
         * after it where that is too late); where neither fits before the meeting (a bank holiday
         * weekend before it), an hour after the report's due time.
         */
        escalateAfterWorkingDays: z.number().int().min(0).max(10),
        /** Flag missing reports to the chair and coordinator this many working days before the conference. */
        flagChairWorkingDaysBefore: z.number().int().min(0).max(10),
      })
      .strict(),
    /** Attendees give their own and their manager's email (Hampshire). */
    managerEmailRequired: z.boolean(),
    /** The author signs the report and names who read it before it was sent (Hampshire). */
    signedAndReadRequired: z.boolean().default(false),
  })
  .strict();
