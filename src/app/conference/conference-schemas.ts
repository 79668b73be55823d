/** A conference as the coordinator creates, reschedules or cancels it: its children and its attendees. */
import { z } from 'zod/v4';
import { withArticle } from '../../content/words.ts';
import { CHILD_RECORD_ID } from '../../domain/ids.ts';
import { CONFERENCE_KINDS, MEETING_MODES, MEETING_PROVIDERS, type MeetingMode } from '../../domain/vocabulary.ts';
import { calendarDate, instant, printed, text } from '../shared/field-schemas.ts';
import { AttendeeInput, childAttendeeWhich, companionIssues } from './attendee-schemas.ts';
import { crossCheck } from '../shared/cross-check.ts';

const ChildInputFields = z
  .object({
    firstName: printed(80).optional(),
    lastName: printed(80).optional(),
    dateOfBirth: calendarDate.optional(),
    unborn: z.boolean().default(false),
    expectedDueDate: calendarDate.optional(),
    /** The child's record from an earlier conference (`GET /api/children`): a child who comes back keeps one identity. */
    recordId: z.string().regex(CHILD_RECORD_ID, 'expected a child record id such as k0123456789ab').optional(),
    /**
     * Child protection plans the child had before this service knew them (here or in another
     * authority, e.g. at a transfer-in), for the census's number of previous plans. Absent: not known.
     */
    previousPlans: z.number().int().min(0).max(50).optional(),
  })
  .strict();
const ChildInput = ChildInputFields.check(
  crossCheck<z.output<typeof ChildInputFields>>(['unborn'], (c, ctx) => {
    if (c.unborn) {
      if (!c.expectedDueDate)
        ctx.addIssue({ code: 'custom', path: ['expectedDueDate'], message: 'required for an unborn child' });
      if (c.dateOfBirth)
        ctx.addIssue({
          code: 'custom',
          path: ['dateOfBirth'],
          message: 'an unborn child has an expected due date instead',
        });
    } else {
      if (!c.firstName)
        ctx.addIssue({
          code: 'custom',
          path: ['firstName'],
          message: 'required (or set unborn: true with expectedDueDate)',
        });
      if (!c.dateOfBirth)
        ctx.addIssue({
          code: 'custom',
          path: ['dateOfBirth'],
          message: 'required (or set unborn: true with expectedDueDate)',
        });
      if (c.expectedDueDate)
        ctx.addIssue({ code: 'custom', path: ['expectedDueDate'], message: 'only for an unborn child' });
    }
  }),
);

const CreateConferenceFields = z
  .object({
    policy: z.string().min(1).max(60).optional(),
    kind: z.enum(CONFERENCE_KINDS),
    startsAt: instant,
    durationMinutes: z.number().int().min(30).max(480).default(120),
    strategyDiscussionOn: calendarDate.optional(),
    notifiedOn: calendarDate.optional(),
    /** @defaultValue the policy's first mode (Hackney virtual, Hampshire and Cumbria in person). */
    mode: z.enum(MEETING_MODES).optional(),
    venue: printed(300).optional(),
    meetingProvider: z.enum(MEETING_PROVIDERS).optional(),
    children: z.array(ChildInput).min(1, 'at least one child').max(12),
    attendees: z.array(AttendeeInput).min(1).max(60),
  })
  .strict();
type CreateFields = z.output<typeof CreateConferenceFields>;

/** Each cross-field rule names what it reads, so it still runs when another field is wrong (cross-check.ts). */
export const CreateConferenceInput = CreateConferenceFields.check(
  // Without a mode the policy's first one applies: create-conference checks the venue then.
  crossCheck<CreateFields>(['mode', 'venue'], (c, ctx) => {
    if (c.mode && c.mode !== 'virtual' && !c.venue)
      ctx.addIssue({ code: 'custom', path: ['venue'], message: venueRequired(c.mode) });
  }),
  crossCheck<CreateFields>(['kind', 'children'], (c, ctx) => {
    if (c.kind === 'pre-birth' && !c.children.some((ch) => ch.unborn))
      ctx.addIssue({
        code: 'custom',
        path: ['children'],
        message: 'a pre-birth conference needs an unborn child with expectedDueDate',
      });
  }),
  crossCheck<CreateFields>(['kind', 'notifiedOn'], (c, ctx) => {
    if (c.kind === 'transfer-in' && !c.notifiedOn)
      ctx.addIssue({
        code: 'custom',
        path: ['notifiedOn'],
        message: 'required for a transfer-in conference (the date the other authority notified us)',
      });
    if (c.notifiedOn && c.kind !== 'transfer-in')
      ctx.addIssue({ code: 'custom', path: ['notifiedOn'], message: 'only for a transfer-in conference' });
  }),
  crossCheck<CreateFields>(['children'], (c, ctx) => {
    const records = new Map<string, number>();
    c.children.forEach((ch, i) => {
      if (!ch.recordId) return;
      if (records.has(ch.recordId))
        ctx.addIssue({
          code: 'custom',
          path: ['children', i, 'recordId'],
          message: `same child record as children.${records.get(ch.recordId)}.recordId`,
        });
      else records.set(ch.recordId, i);
    });
  }),
  crossCheck<CreateFields>(['attendees'], (c, ctx) => {
    const chairs = c.attendees.filter((a) => a.role === 'chair').length;
    if (chairs !== 1)
      ctx.addIssue({
        code: 'custom',
        path: ['attendees'],
        message: `a conference needs exactly one chair (found ${chairs})`,
      });
    const numbered = c.attendees.map((a, i) => ({ ...a, id: `a${i + 1}` }));
    for (const issue of companionIssues(numbered, numbered, (i) => `attendees.${i}.accompanies`))
      ctx.addIssue({
        code: 'custom',
        path: issue.field.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)),
        message: issue.message,
      });
    const seen = new Map<string, number>();
    c.attendees.forEach((a, i) => {
      if (!a.email) return;
      const key = a.email.toLowerCase();
      if (seen.has(key))
        ctx.addIssue({
          code: 'custom',
          path: ['attendees', i, 'email'],
          message: `same address as attendees.${seen.get(key)}.email`,
        });
      else seen.set(key, i);
    });
  }),
  crossCheck<CreateFields>(['attendees', 'children'], (c, ctx) => {
    c.attendees.forEach((a, i) => {
      if (a.role === 'child' && !a.childIds && c.children.length > 1)
        ctx.addIssue({
          code: 'custom',
          path: ['attendees', i, 'childIds'],
          message: childAttendeeWhich(c.children.length),
        });
    });
    c.attendees.forEach((a, i) =>
      (a.childIds ?? []).forEach((id, j) => {
        if (!/^c\d+$/.test(id) || Number(id.slice(1)) < 1 || Number(id.slice(1)) > c.children.length)
          ctx.addIssue({
            code: 'custom',
            path: ['attendees', i, 'childIds', j],
            message: `no child ${id} in this conference (children are c1 to c${c.children.length} in the order given)`,
          });
      }),
    );
  }),
);
export type CreateConferenceInput = z.infer<typeof CreateConferenceInput>;

export const RescheduleInput = z
  .object({
    startsAt: instant,
    durationMinutes: z.number().int().min(30).max(480).optional(),
    reason: printed(1000),
    requestedBy: text(120),
  })
  .strict();
export type RescheduleInput = z.infer<typeof RescheduleInput>;

export const CancelInput = z.object({ reason: printed(1000), requestedBy: text(120) }).strict();
export type CancelInput = z.infer<typeof CancelInput>;

/** "required for an in-person conference": never "a undefined conference". */
export const venueRequired = (mode: MeetingMode): string => `required for ${withArticle(`${mode} conference`)}`;
