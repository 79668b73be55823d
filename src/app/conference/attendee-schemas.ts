/** One attendee as the coordinator adds them: role, contact, language and access needs, how they get letters and texts, whom they accompany. */
import { z } from 'zod/v4';
import { fitAddress } from '../../content/letter-layout.ts';
import type { FieldIssue } from '../../domain/errors.ts';
import { COMPANION_ROLES, SLOT_ROLES } from '../../domain/family-slots.ts';
import { postalAddressIssues } from '../../domain/postal-address.ts';
import { ACCESSIBILITY_NEEDS, CONTACT_PREFERENCES, FAMILY_ROLES, ROLES, type Role } from '../../domain/vocabulary.ts';
import { crossCheck } from '../shared/cross-check.ts';
import {
  attendeeIdField,
  childIdField,
  email,
  instant,
  mobileField,
  phone,
  printed,
  text,
} from '../shared/field-schemas.ts';

const AttendeeInputFields = z
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
     * For a child: exactly one, which child they are (required when the conference has more than one child).
     */
    childIds: z.array(childIdField).min(1).max(12).optional(),
  })
  .strict();
export const AttendeeInput = AttendeeInputFields.check(
  crossCheck<z.output<typeof AttendeeInputFields>>(['role'], (a, ctx) => {
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
    if (a.childIds && a.role === 'child') {
      if (a.childIds.length !== 1)
        ctx.addIssue({
          code: 'custom',
          path: ['childIds'],
          message: `a child attendee is one child: give exactly one child id, which child they are (${a.childIds.length} given)`,
        });
    } else if (a.childIds && !SLOT_ROLES.has(a.role) && !(a.role === 'advocate' && !a.accompanies))
      ctx.addIssue({
        code: 'custom',
        path: ['childIds'],
        message: `only a parent or carer (their own children), a child's advocate (the children they speak for) or a child (which child they are) is linked to children (this attendee is ${a.role}${a.role === 'advocate' ? ' coming with a parent or carer' : ''})`,
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
      // Nothing is ever sent to a child: no way to reach them is kept either.
      for (const field of ['mobile', 'textReminders', 'postalAddress', 'teamsUserId'] as const)
        if (a[field] !== undefined)
          ctx.addIssue({
            code: 'custom',
            path: [field],
            message: 'children are never sent anything: leave it empty (the social worker passes information on)',
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
  }),
);
export type AttendeeInput = z.infer<typeof AttendeeInput>;

/** A child attendee among several children: which child they are, so their own view is never taken as a sibling's. */
export const childAttendeeWhich = (children: number): string =>
  `required for a child attendee when the conference has ${children} children: which child they are, as childIds: ["c1"] (c1 to c${children} in the order given)`;

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
