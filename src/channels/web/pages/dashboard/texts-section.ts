/** The dashboard's text reminders: who agreed to texts, what was sent and what Notify said, and a button to stop them. */
import type { conferenceView } from '../../../../app/conference-view.ts';
import { html, when, type Html } from '../html.ts';
import { table } from './conference-page.ts';

type View = Awaited<ReturnType<typeof conferenceView>>;

const KIND: Record<string, string> = { invitation: 'Invitation', 'day-before': 'Day before', changed: 'Time changed', cancelled: 'Cancelled', 'decision-ready': 'Decision letter ready' };

/** Only the end of the number: enough to tell numbers apart on a shared screen. */
const masked = (mobile?: string) => (mobile ? `ending ${mobile.slice(-3)}` : '—');

export function textsSection(v: View, name: (id?: string) => string, form: (action: string, label: string, cls?: string) => Html): Html {
  const people = v.attendees.filter((a) => a.mobile);
  if (!people.length) return html``;
  const texts = v.texts ?? [];
  return html`<h2>Text reminders</h2>
${table('Text reminders', ['Parent or carer', 'Mobile', 'Texts', 'Sent', 'Action'], people.map((a) => {
  const state = a.textReminders ? 'on' : a.textsStopped ? `stopped ${when(a.textsStopped.at)} (${a.textsStopped.by === 'reply' ? 'they replied' : `by ${a.textsStopped.by}`})` : 'not agreed';
  const sent = texts.filter((t) => t.attendeeId === a.id);
  return html`<tr><th scope="row">${name(a.id)}</th><td>${masked(a.mobile)}</td><td>${state}</td><td>${sent.length ? html`<ul class="compact">${sent.map((t) => html`<li>${KIND[t.kind] ?? t.kind}: ${t.status}${t.reason ? ` (${t.reason})` : ''}, ${when(t.statusAt)}</li>`)}</ul>` : '—'}</td><td>${a.textReminders ? form(`/dashboard/c/${v.id}/attendees/${a.id}/stop-texts`, 'Stop texts', 'button button-small button-secondary') : '—'}</td></tr>`;
}))}`;
}
