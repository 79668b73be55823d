import { z } from 'zod/v4';
import {
  ACCESSIBILITY_NEEDS,
  CATEGORIES_OF_HARM,
  CHECKLIST_ITEMS,
  RECOMMENDATIONS,
  CONFERENCE_KINDS,
  CONTACT_PREFERENCES,
  FAMILY_ROLES,
  MEETING_MODES,
  MEETING_PROVIDERS,
  ROLES,
  type MeetingMode,
  type Role,
} from '../domain/vocabulary.ts';
import type { FieldIssue } from '../domain/errors.ts';
import { COMPANION_ROLES, SLOT_ROLES } from '../domain/family-slots.ts';
import { isCalendarDate, parseLondonInstant } from './time.ts';
import { unprintable, unprintableMessage } from '../content/pdf-fonts.ts';
import { fitAddress } from '../content/letter-layout.ts';
import { withArticle } from '../content/words.ts';
import { ATTENDEE_ID, CHILD_ID, CHILD_RECORD_ID } from '../domain/ids.ts';

/** Id fields, shaped as domain/ids.ts says ids are. */
export const attendeeIdField = z.string().regex(ATTENDEE_ID, 'expected an attendee id such as a3');
export const childIdField = z.string().regex(CHILD_ID, 'expected a child id such as c1');
import { PlanRowInput, SignsOfSafetyInput } from './plan-schemas.ts';
import { postalAddressIssues } from '../domain/postal-address.ts';
import { ukMobile } from '../domain/texts.ts';

const calendarDate = z.string().refine(isCalendarDate, { message: 'expected a real date as YYYY-MM-DD' });
export const instant = z.string().refine((v) => parseLondonInstant(v) !== undefined, {
  message: 'expected a real date-time, e.g. 2027-01-04T10:00 (London time) or with an offset',
});
const text = (max: number) => z.string().trim().min(1).max(max);
/** Text that is printed in letters and PDFs: refused when the letter font cannot draw it (never printed as boxes). */
const printed = (max: number) =>
  text(max).superRefine((v, ctx) => {
    const missing = unprintable(v);
    if (missing.length) ctx.addIssue({ code: 'custom', message: unprintableMessage(missing) });
  });
const email = z.email({ message: 'expected an email address' }).max(254);
const phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9 ()-]{6,20}$/, 'expected a phone number');

const ChildInput = z
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
  .strict()
  .superRefine((c, ctx) => {
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
  });

/** A UK mobile number in any usual form, kept as +447…. */
export const mobileField = z
  .string()
  .trim()
  .max(30)
  .refine((v) => ukMobile(v) !== undefined, { message: 'expected a UK mobile number such as 07700 900123' })
  .transform((v) => ukMobile(v)!);

export const AttendeeInput = z
  .object({
    name: printed(120),
    email: email.optional(),
    role: z.enum(ROLES),
    agency: printed(120).optional(),
    managerEmail: email.optional(),
    phone: phone.optional(),
    teamsUserId: text(200).optional(),
    language: printed(60).optional(),
    interpreterNeeded: z.boolean().default(false),
    accessibilityNeeds: z.array(z.enum(ACCESSIBILITY_NEEDS)).max(ACCESSIBILITY_NEEDS.length).default([]),
    contactPreference: z.enum(CONTACT_PREFERENCES).optional(),
    /** A parent's or carer's own time with the chair (London time or with an offset); checked against the timetable. */
    preMeetingStartsAt: instant.optional(),
    /**
     * For a supporter, advocate or interpreter: the id of the parent or carer they come with (at
     * creation attendees get ids a1, a2, … in list order). They then join that parent's own slot.
     */
    /** Lines as on the envelope (name and street first, postcode last): required for contact by post. */
    postalAddress: z.array(printed(100)).min(2, 'at least two lines (street and town or postcode)').max(7).optional(),
    /**
     * For a supporter linked to a parent or carer with `accompanies`: they are that person's solicitor.
     * Where the policy asks (`circulation.solicitorCopy`, Cumbria) they get a separate copy of the parents' minutes.
     */
    solicitor: z.boolean().optional(),
    /** A parent's or carer's UK mobile number, for text reminders (with `textReminders: true`). */
    mobile: mobileField.optional(),
    /** They agreed to short text reminders (no names) at the mobile number. */
    textReminders: z.boolean().optional(),
    accompanies: attendeeIdField.optional(),
    /**
     * For a parent or carer: their own children (`c1`, … in the order given). Absent: every child of the
     * conference. For a child's advocate (an advocate with no `accompanies`): the children they speak for.
     */
    childIds: z.array(childIdField).min(1).max(12).optional(),
  })
  .strict()
  .superRefine((a, ctx) => {
    if (a.accompanies && !COMPANION_ROLES.has(a.role))
      ctx.addIssue({
        code: 'custom',
        path: ['accompanies'],
        message: `only a supporter, advocate or interpreter comes with a parent or carer (this attendee is ${a.role})`,
      });
    if (a.solicitor && (a.role !== 'supporter' || !a.accompanies))
      ctx.addIssue({
        code: 'custom',
        path: ['solicitor'],
        message: `only a supporter who comes with a parent or carer (accompanies) is their solicitor (this attendee is ${a.role}${a.accompanies ? '' : ' and comes with nobody'})`,
      });
    if (a.childIds && !SLOT_ROLES.has(a.role) && !(a.role === 'advocate' && !a.accompanies))
      ctx.addIssue({
        code: 'custom',
        path: ['childIds'],
        message: `only a parent or carer (their own children) or a child's advocate (the children they speak for) is linked to children (this attendee is ${a.role}${a.role === 'advocate' ? ' coming with a parent or carer' : ''})`,
      });
    if (a.role === 'child') {
      if (a.email)
        ctx.addIssue({
          code: 'custom',
          path: ['email'],
          message: 'children are never emailed directly: leave it empty (the social worker passes information on)',
        });
      if (a.contactPreference && a.contactPreference !== 'via-social-worker')
        ctx.addIssue({
          code: 'custom',
          path: ['contactPreference'],
          message: 'children are reached via the social worker',
        });
      return;
    }
    const family = FAMILY_ROLES.has(a.role);
    // Easy-read letters are written for family members; a professional gets the professional letter.
    if (!family && a.accessibilityNeeds.includes('easy-read'))
      ctx.addIssue({
        code: 'custom',
        path: ['accessibilityNeeds'],
        message: `easy read letters are for family members (this attendee is ${a.role})`,
      });
    const pref = a.contactPreference ?? 'email';
    if ((a.mobile || a.textReminders) && !SLOT_ROLES.has(a.role))
      ctx.addIssue({
        code: 'custom',
        path: [a.mobile ? 'mobile' : 'textReminders'],
        message: `only a parent or carer gets text reminders (this attendee is ${a.role})`,
      });
    else if (a.textReminders && !a.mobile)
      ctx.addIssue({ code: 'custom', path: ['mobile'], message: 'required for text reminders: a UK mobile number' });
    if (a.postalAddress && pref === 'post')
      for (const issue of postalAddressIssues(a.postalAddress))
        ctx.addIssue({ code: 'custom', path: ['postalAddress', issue.line], message: issue.message });
    if (pref === 'post' && !a.postalAddress)
      ctx.addIssue({
        code: 'custom',
        path: ['postalAddress'],
        message: 'required when the contact preference is post: the lines as on the envelope',
      });
    if (a.postalAddress && family) {
      // The name and address go in the envelope window (the address block of a posted letter).
      const fit = fitAddress(a.name, a.postalAddress);
      if (!fit.ok)
        ctx.addIssue({
          code: 'custom',
          path: fit.line === -1 ? ['name'] : fit.line === undefined ? ['postalAddress'] : ['postalAddress', fit.line],
          message: fit.problem,
        });
    }
    if (a.postalAddress && !family)
      ctx.addIssue({
        code: 'custom',
        path: ['postalAddress'],
        message: 'only kept for family members who asked for post',
      });
    if (!family && pref !== 'email')
      ctx.addIssue({
        code: 'custom',
        path: ['contactPreference'],
        message: 'only family members can be reached by post or via the social worker',
      });
    if (pref === 'email' && !a.email)
      ctx.addIssue({
        code: 'custom',
        path: ['email'],
        message: family ? 'required when the contact preference is email' : 'required',
      });
  });
export type AttendeeInput = z.infer<typeof AttendeeInput>;

type Linked = { id: string; role: string; accompanies?: string | undefined };

/** Checks each candidate's `accompanies` against the attendees it will sit among: it must name a parent or carer. */
export function companionIssues(
  candidates: readonly Linked[],
  attendees: readonly Linked[],
  fieldOf: (index: number) => string,
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  candidates.forEach((a, i) => {
    if (!a.accompanies) return;
    const parent = attendees.find((p) => p.id === a.accompanies);
    if (!parent)
      issues.push({
        field: fieldOf(i),
        message: `no attendee ${a.accompanies} (attendees are numbered a1, a2, … in the order given)`,
      });
    else if (!SLOT_ROLES.has(parent.role as Role))
      issues.push({
        field: fieldOf(i),
        message: `${a.accompanies} is ${parent.role}: a companion comes with a parent or carer`,
      });
  });
  return issues;
}

export const CreateConferenceInput = z
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
  .strict()
  .superRefine((c, ctx) => {
    // Without a mode the policy's first one applies: create-conference checks the venue then.
    if (c.mode && c.mode !== 'virtual' && !c.venue)
      ctx.addIssue({ code: 'custom', path: ['venue'], message: venueRequired(c.mode) });
    if (c.kind === 'pre-birth' && !c.children.some((ch) => ch.unborn))
      ctx.addIssue({
        code: 'custom',
        path: ['children'],
        message: 'a pre-birth conference needs an unborn child with expectedDueDate',
      });
    if (c.kind === 'transfer-in' && !c.notifiedOn)
      ctx.addIssue({
        code: 'custom',
        path: ['notifiedOn'],
        message: 'required for a transfer-in conference (the date the other authority notified us)',
      });
    if (c.notifiedOn && c.kind !== 'transfer-in')
      ctx.addIssue({ code: 'custom', path: ['notifiedOn'], message: 'only for a transfer-in conference' });
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
  });
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

const actor = text(120);

export const ViewBody = z
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
    scale: z.number().int().min(0).max(10).optional(),
    recordedBy: actor.optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
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
  });
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

export const DecisionBody = z
  .object({
    outcomes: z
      .array(
        z
          .object({
            childId: childIdField,
            outcome: z.enum(RECOMMENDATIONS),
            categories: z.array(z.enum(CATEGORIES_OF_HARM)).max(4).default([]),
            rationale: z.string().max(8000),
            scale: z.number().int().min(0).max(10).optional(),
            /** With a child protection plan: the lead social worker's attendee id (required where the policy asks). */
            keyWorker: z
              .string()
              .regex(/^a\d{1,4}$/, 'expected an attendee id such as a2')
              .optional(),
            /** With a child protection plan: how often the key worker sees the child. */
            visitingFrequency: text(300).optional(),
          })
          .strict(),
      )
      .min(1)
      .max(12),
    /** Why the conference decides without the social worker's report (or with no report at all): required then, audited. */
    withoutReportsReason: text(2000).optional(),
    /** Why the conference decides although it is not quorate under the policy: required then, audited, in the letter. */
    inquorateReason: text(2000).optional(),
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

/** "required for an in-person conference": never "a undefined conference". */
export const venueRequired = (mode: MeetingMode): string => `required for ${withArticle(`${mode} conference`)}`;

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

export const ChecklistBody = z.object({ item: z.enum(CHECKLIST_ITEMS), by: actor.optional() }).strict();

/** Simulated time moves forward to `advanceTo` (`POST /api/dev/clock`, with SIMULATED_CLOCK only). */
export const ClockAdvanceBody = z.object({ advanceTo: instant }).strict();
