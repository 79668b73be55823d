import { z } from 'zod/v4';
import { MAX_SECTIONS } from '../../domain/minutes.ts';
import { attendeeIdField } from '../shared/field-schemas.ts';

/** A confidential section added as it is (heading and text), or one of the text's own sections by id. */
const ConfidentialSection = z.union(
  [
    z.string().regex(/^s\d{1,3}$/, 'expected a section id such as s3'),
    z
      .object({
        heading: z.string().trim().min(1, 'required').max(200),
        text: z.string().trim().min(1, 'required').max(100_000),
      })
      .strict(),
  ],
  { error: 'expected a section id such as s3, or { heading, text }' },
);

/**
 * The minutes as the chair or minute taker sends them: the text (each `## Heading` line starts a
 * section; sections are numbered s1, s2, … in order) and which sections are confidential.
 */
export const MinutesBody = z
  .object({
    text: z
      .string({ error: 'required: the text of the minutes' })
      .trim()
      .min(1, 'the minutes are empty: send their text')
      .max(500_000),
    confidentialSections: z.array(ConfidentialSection).max(MAX_SECTIONS).default([]),
    /** Who is writing: the chair's or the minute taker's attendee id (through the coordinator's key). */
    by: attendeeIdField.optional(),
  })
  .strict();
export type MinutesBody = z.infer<typeof MinutesBody>;

/** Building the draft, or approving: who is acting (through the coordinator's key: the chair's attendee id). */
export const MinutesActorBody = z.object({ by: attendeeIdField.optional() }).strict();

/**
 * The chair's correction of approved minutes: the whole corrected text (as for saving) and why.
 * The reason is shown to every recipient ("This corrects the minutes sent on …: <reason>"), so it
 * names no one: roles, not names.
 */
export const MinutesCorrectionBody = z
  .object({
    ...MinutesBody.shape,
    reason: z
      .string({ error: 'required: why the minutes are corrected (every recipient reads it)' })
      .trim()
      .min(1, 'required: why the minutes are corrected (every recipient reads it)')
      .max(500),
  })
  .strict();
export type MinutesCorrectionBody = z.infer<typeof MinutesCorrectionBody>;
