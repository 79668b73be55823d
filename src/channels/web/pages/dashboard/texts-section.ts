/**
 * The dashboard's text reminders: for each parent or carer, whether they get texts, what was sent
 * and what Notify said, a form to record their mobile and their agreement, and a button to stop them.
 */
import type { conferenceView } from '../../../../app/conference/conference-view.ts';
import { SLOT_ROLES } from '../../../../domain/family-slots.ts';
import { button, errorFor, errorSummary, hidden, html, Html, table, textInput, when, type FormState } from '../html.ts';

type View = Awaited<ReturnType<typeof conferenceView>>;

const KIND: Record<string, string> = {
  invitation: 'Invitation',
  'day-before': 'Day before',
  changed: 'Time changed',
  cancelled: 'Cancelled',
  'decision-ready': 'Decision letter ready',
};

/** Only the end of the number: enough to tell numbers apart on a shared screen. */
const masked = (mobile?: string) => (mobile ? `ending ${mobile.slice(-3)}` : '—');

/** A form the coordinator sent back with a problem, and for whom. */
export interface TextsFormError {
  attendeeId: string;
  form: FormState;
}

export function textsSection(
  v: View,
  name: (id?: string) => string,
  form: (action: string, label: string, cls?: string) => Html,
  o: { csrf: string; error?: TextsFormError },
): Html {
  const people = v.attendees.filter((a) => SLOT_ROLES.has(a.role));
  if (!people.length) return html``;
  if (!v.textKinds.length)
    return people.some((a) => a.mobile)
      ? html`<h2>Text reminders</h2><p>Text reminders are not sent: GOV.UK Notify is not set up for texts, or this conference’s policy sends none.</p>`
      : html``;
  const texts = v.texts ?? [];
  const consentForm = (a: View['attendees'][number]) => {
    const f = o.error?.attendeeId === a.id ? o.error.form : { values: {}, errors: [] };
    const id = `texts-${a.id}`;
    const agreed = f.errors.length ? f.values['textReminders'] === 'yes' : a.textReminders === true;
    return html`<form method="post" action="/dashboard/c/${v.id}/attendees/${a.id}/texts" novalidate>${hidden('_csrf', o.csrf)}
${errorSummary(f, { mobile: `${id}-mobile`, textReminders: `${id}-agree` })}
${textInput(f, { id: `${id}-mobile`, name: 'mobile', label: 'UK mobile number', hint: a.mobile ? `Leave empty to keep the number ${masked(a.mobile)}.` : 'For example 07700 900123.', type: 'tel', autocomplete: 'off', inputmode: 'tel', ...(errorFor(f, 'mobile') ? { error: errorFor(f, 'mobile')! } : {}) })}
<div class="choice"><input id="${id}-agree" name="textReminders" type="checkbox" value="yes"${agreed ? new Html(' checked') : ''}><label for="${id}-agree">They agree to short text reminders (no names, no details)</label></div>
${button('Save', 'button button-small')}</form>`;
  };
  return html`<h2>Text reminders</h2>
${table(
  'Text reminders',
  ['Parent or carer', 'Mobile', 'Texts', 'Sent', 'Action'],
  people.map((a) => {
    const state = a.textReminders
      ? 'on'
      : a.textsStopped
        ? `stopped ${when(a.textsStopped.at)} (${a.textsStopped.by === 'reply' ? 'they replied' : `by ${a.textsStopped.by}`})`
        : 'not agreed';
    const sent = texts.filter((t) => t.attendeeId === a.id);
    return html`<tr><th scope="row">${name(a.id)}</th><td>${masked(a.mobile)}</td><td>${state}</td><td>${sent.length ? html`<ul class="compact">${sent.map((t) => html`<li>${KIND[t.kind] ?? t.kind}: ${t.status}${t.reason ? ` (${t.reason})` : ''}, ${when(t.statusAt)}</li>`)}</ul>` : '—'}</td><td>${consentForm(a)}${a.textReminders ? form(`/dashboard/c/${v.id}/attendees/${a.id}/stop-texts`, 'Stop texts', 'button button-small button-secondary') : ''}</td></tr>`;
  }),
)}`;
}
