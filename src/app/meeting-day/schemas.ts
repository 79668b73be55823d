/** What the chair and the meeting record: views, the decision, a core group's booking, attendance, exclusions, the checklist. */
import { z } from 'zod/v4';
import { CATEGORIES_OF_HARM, MEETING_MODES, RECOMMENDATIONS } from '../../domain/vocabulary.ts';
import { actor, attendeeIdField, childIdField, email, instant, text } from '../shared/field-schemas.ts';
import { PlanRowInput, SignsOfSafetyInput } from '../follow-ups/plan-schemas.ts';
import { crossCheck } from '../shared/cross-check.ts';

/** The 0–10 scale: a value outside it is refused in words a chair can act on, not the parser's. */
const SCALE_MESSAGE = 'give a whole number from 0 to 10';
const scale0to10 = z
  .number({ error: SCALE_MESSAGE })
  .int({ error: SCALE_MESSAGE })
  .min(0, { error: SCALE_MESSAGE })
  .max(10, { error: SCALE_MESSAGE });

const ViewFields = z
  .object({
    attendeeEmail: email.optional(),
    attendeeId: attendeeIdField.optional(),
    /** The family's joint view, recorded by the chair as free text (older records; prefer each parent's own view). */
    family: z.boolean().default(false),
    /**
     * The child's own view: with `attendeeId` of the child (given directly), their advocate or the
     * social worker, or alone (the chair took it). A separate record, confidential to the professionals.
     */
    childsView: z.boolean().default(false),
    /** With childsView: what the chair marks as shareable with the family. */
    mayShare: z.string().trim().min(1).max(4000).optional(),
    childId: childIdField,
    recommendation: z.enum(RECOMMENDATIONS).optional(),
    categories: z.array(z.enum(CATEGORIES_OF_HARM)).max(4).default([]),
    rationale: z.string().max(4000),
    scale: scale0to10.optional(),
    recordedBy: actor.optional(),
  })
  .strict();
/** Whose view it is runs even when another field is wrong (crossCheck), so one 400 names both. */
export const ViewBody = ViewFields.check(
  crossCheck<z.output<typeof ViewFields>>(
    ['attendeeEmail', 'attendeeId', 'family', 'childsView', 'mayShare'],
    (v, ctx) => {
      const who = [v.attendeeEmail, v.attendeeId, v.family || undefined].filter((x) => x !== undefined).length;
      if (who > 1 || (who === 0 && !v.childsView))
        ctx.addIssue({
          code: 'custom',
          path: ['attendeeEmail'],
          message:
            "give exactly one of attendeeEmail, attendeeId or family: true (or childsView: true alone for a child's view the chair took)",
        });
      if (v.mayShare && !v.childsView)
        ctx.addIssue({
          code: 'custom',
          path: ['mayShare'],
          message: "only with childsView: true (what may be shared from the child's own view)",
        });
    },
  ),
);
export type ViewBody = z.infer<typeof ViewBody>;

/** A core group's time and place, as the chair records it (`firstCoreGroup` on the decision, or a later booking). */
export const CoreGroupInput = z
  .object({
    startsAt: instant,
    durationMinutes: z.number().int().min(15).max(480).default(90),
    mode: z.enum(MEETING_MODES),
    venue: z.string().trim().min(1).max(300).optional(),
    /** Who chairs the core group (an attendee id). Some policies forbid the allocated social worker (Hampshire). */
    chairAttendeeId: attendeeIdField,
  })
  .strict();
export type CoreGroupInput = z.infer<typeof CoreGroupInput>;

/** The chair's decision for one child. */
export const OutcomeInput = z
  .object({
    childId: childIdField,
    outcome: z.enum(RECOMMENDATIONS),
    categories: z.array(z.enum(CATEGORIES_OF_HARM)).max(4).default([]),
    /** The chair's professional reasons: the record and the professionals' letters. */
    rationale: z.string().max(8000),
    /**
     * The chair's reasons in plain words for the family (the family's letters quote only this).
     * Missing, or the same as `rationale`, gives a warning, not an error.
     */
    familyRationale: z.string().trim().max(4000).optional(),
    scale: scale0to10.optional(),
    /** With a child protection plan: the lead social worker's attendee id (required where the policy asks). */
    keyWorker: z
      .string()
      .regex(/^a\d{1,4}$/, 'expected an attendee id such as a2')
      .optional(),
    /** With a child protection plan: how often the key worker sees the child. */
    visitingFrequency: text(300).optional(),
  })
  .strict();
export type OutcomeInput = z.infer<typeof OutcomeInput>;

export const DecisionBody = z
  .object({
    outcomes: z.array(OutcomeInput).min(1).max(12),
    /** Why the conference decides without the social worker's report (or with no report at all): required then, audited. */
    withoutReportsReason: text(2000).optional(),
    /** Why the conference decides although it is not quorate under the policy: required then, audited, in the letter. */
    inquorateReason: text(2000).optional(),
    /**
     * Family members who disagree with the decision although their view gave no recommendation (the
     * family's view in their own words): kept as dissent with the family's route. Without
     * `attendeeId`, the family's joint view.
     */
    familyDisagrees: z
      .array(z.object({ childId: childIdField, attendeeId: attendeeIdField.optional() }).strict())
      .max(60)
      .default([]),
    plan: z.array(PlanRowInput).max(100).default([]),
    /** Core group members by attendee id or email. */
    coreGroup: z.array(z.string().min(1).max(254)).max(60).default([]),
    confidentialNotes: z.string().max(20000).optional(),
    /** Signs of Safety sections, where the policy uses them (policy.plan.sections). */
    signsOfSafety: SignsOfSafetyInput.optional(),
    /** The first core group, booked at the conference: invitations go out when the chair approves. */
    firstCoreGroup: CoreGroupInput.optional(),
    decidedBy: actor.optional(),
  })
  .strict();
export type DecisionBody = z.infer<typeof DecisionBody>;

export const ActorBody = z.object({ by: actor.optional() }).strict();

export const AttendanceBody = z
  .object({
    present: z.array(attendeeIdField).max(60),
    apologies: z.array(attendeeIdField).max(60).default([]),
    by: actor.optional(),
  })
  .strict();

export const ExclusionBody = z
  .object({
    attendeeId: attendeeIdField,
    part: text(300),
    ground: text(300),
    by: actor.optional(),
  })
  .strict();

/** A tick on the chair's checklist: a built-in item or the policy's own (`checklistItems`), with an optional note. */
export const ChecklistBody = z
  .object({
    item: z.string().regex(/^[a-z][a-z0-9-]{1,39}$/, 'expected a checklist item id such as who-is-attending'),
    /** The chair's note, kept with the tick: shown on the checklist and in the record. */
    note: z.string().trim().max(1000).optional(),
    by: actor.optional(),
  })
  .strict();

/** Simulated time moves forward to `advanceTo` (`POST /api/dev/clock`, with SIMULATED_CLOCK only). */
export const ClockAdvanceBody = z.object({ advanceTo: instant }).strict();
