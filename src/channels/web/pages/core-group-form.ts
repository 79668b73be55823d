/**
 * The form that books a later core group, shared by the dashboard (dashboard/core-group-booking.ts)
 * and the personal link pages (link-core-group-booking.ts: the chair's page, the social worker's core group page): the fields of `POST …/core-groups`, read back
 * from a posted form with blanks left out, so the use-case names what is missing.
 */
import { attendeeWithName } from '../../../content/labels.ts';
import { CORE_GROUP_FIELD_LABEL, CORE_GROUP_FORM, MODE_LABEL } from '../../../content/desk-form-words.ts';
import type { Attendee } from '../../../domain/conference-parts.ts';
import { MEETING_MODES } from '../../../domain/vocabulary.ts';
import { button, errorFor, errorSummary, hidden, html, select, textInput, type FormState, type Html } from './html.ts';

export const CORE_GROUP_FIELDS = ['startsAt', 'durationMinutes', 'mode', 'venue', 'chairAttendeeId'] as const;
export const emptyCoreGroupForm = (): FormState => ({ values: { durationMinutes: '90', mode: 'virtual' }, errors: [] });

export function coreGroupBookingForm(
  state: FormState,
  o: { action: string; csrf: string; attendees: readonly Attendee[]; hidden?: Html },
): Html {
  const err = (k: string) => (errorFor(state, k) ? { error: errorFor(state, k)! } : {});
  const people = o.attendees.filter((a) => a.role !== 'child' && a.role !== 'parent' && a.role !== 'carer');
  return html`${errorSummary(state, Object.fromEntries(CORE_GROUP_FIELDS.map((x) => [x, `cg-${x}`])))}<p>${CORE_GROUP_FORM.intro}</p>
<form method="post" action="${o.action}" novalidate>${hidden('_csrf', o.csrf)}${o.hidden ?? ''}
${textInput(state, { id: 'cg-startsAt', name: 'startsAt', type: 'datetime-local', label: CORE_GROUP_FIELD_LABEL['startsAt']!, hint: CORE_GROUP_FORM.startsHint, ...err('startsAt') })}
${textInput(state, { id: 'cg-durationMinutes', name: 'durationMinutes', inputmode: 'numeric', label: CORE_GROUP_FIELD_LABEL['durationMinutes']!, ...err('durationMinutes') })}
${select(state, { id: 'cg-mode', name: 'mode', label: CORE_GROUP_FIELD_LABEL['mode']!, options: MEETING_MODES.map((m): [string, string] => [m, MODE_LABEL[m]]), ...err('mode') })}
${textInput(state, { id: 'cg-venue', name: 'venue', label: CORE_GROUP_FIELD_LABEL['venue']!, hint: CORE_GROUP_FORM.venueHint, ...err('venue') })}
${select(state, { id: 'cg-chairAttendeeId', name: 'chairAttendeeId', label: CORE_GROUP_FIELD_LABEL['chairAttendeeId']!, hint: CORE_GROUP_FORM.chairHint, options: [['', 'Choose who chairs it'], ...people.map((a): [string, string] => [a.id, attendeeWithName(a)])], ...err('chairAttendeeId') })}
<div class="field">${button(CORE_GROUP_FORM.button)}</div></form>`;
}

/** The posted fields as the form shows them again, and as the use-case takes them (blanks left out). */
export function coreGroupInputOf(body: Record<string, unknown>): {
  values: Record<string, string>;
  input: Record<string, unknown>;
} {
  const values = Object.fromEntries(CORE_GROUP_FIELDS.map((x) => [x, typeof body[x] === 'string' ? body[x] : '']));
  const minutes = Number(values['durationMinutes']);
  const input = {
    ...(values['startsAt'] ? { startsAt: values['startsAt'] } : {}),
    ...(values['durationMinutes']
      ? { durationMinutes: Number.isFinite(minutes) ? minutes : values['durationMinutes'] }
      : {}),
    ...(values['mode'] ? { mode: values['mode'] } : {}),
    ...(values['venue']?.trim() ? { venue: values['venue'] } : {}),
    ...(values['chairAttendeeId'] ? { chairAttendeeId: values['chairAttendeeId'] } : {}),
  };
  return { values, input };
}

/** A use-case's field issues against the form's fields (`members.1` is the form's `members`). */
export const coreGroupErrors = (issues: readonly { field: string; message: string }[]) =>
  issues.map((i) => ({ field: i.field.split('.')[0]!, message: i.message }));
