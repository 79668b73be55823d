/**
 * Who may own a plan action, as the disclosure table decides: someone it lets have the plan in
 * either form. An interpreter, supporter or advocate has it through the parent or carer they come
 * with; one who comes with nobody (a child's advocate too) is sent none of it, so cannot be reminded
 * of an action. Pure.
 */
import type { Attendee } from './conference-parts.ts';
import { accessFor } from './disclosure.ts';
import type { FieldIssue } from './errors.ts';
import type { Policy } from './policy/schema.ts';

const mayHaveThePlan = (policy: Policy, attendees: Attendee[], a: Attendee): boolean =>
  (['decision-professional', 'decision-family'] as const).some(
    (f) => accessFor({ attendees }, policy, a, f) !== 'none',
  );

const withArticle = (role: string) => (/^[aeiou]/.test(role) ? `an ${role}` : `a ${role}`);

/** Field problems of owners the table sends nothing of the plan (the child is planRowIssues' own). */
export function planOwnerIssues(
  policy: Policy,
  rows: readonly { ownerAttendeeId?: string | undefined }[],
  attendees: readonly Attendee[],
  field = 'plan',
): FieldIssue[] {
  return rows.flatMap((r, i) => {
    const a = r.ownerAttendeeId ? attendees.find((x) => x.id === r.ownerAttendeeId) : undefined;
    if (!a || a.role === 'child' || mayHaveThePlan(policy, [...attendees], a)) return [];
    return [
      {
        field: `${field}.${i}.ownerAttendeeId`,
        message: `${a.id} is ${withArticle(a.role)} who comes with no parent or carer, so is sent nothing of the plan: link them to the parent or carer they come with (accompanies), or name someone else`,
      },
    ];
  });
}
