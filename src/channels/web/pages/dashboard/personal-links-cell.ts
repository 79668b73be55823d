/**
 * The dashboard's "Personal links" cell for one attendee: "Send a new link" (their old links replaced,
 * the new ones emailed: credentials/new-links.ts) and "Revoke links". A child has neither (never
 * contacted); nor has anyone who cannot be emailed a link the first (the use-case refuses them too).
 */
import type { Attendee } from '../../../../domain/conference-parts.ts';
import { FAMILY_ROLES } from '../../../../domain/vocabulary.ts';
import { button, hidden, html, type Html } from '../html.ts';

type Row = Pick<Attendee, 'id' | 'role' | 'email' | 'contactPreference'> & { linkVersion: number };

const emailable = (a: Row) => Boolean(a.email) && (a.contactPreference === 'email' || !FAMILY_ROLES.has(a.role));

export function personalLinksCell(conferenceId: string, a: Row, csrf: string): Html | string {
  if (a.role === 'child') return '—';
  const post = (path: string, fields: Html | string, label: string, cls: string) =>
    html`<form method="post" action="/dashboard/c/${conferenceId}/attendees/${a.id}/${path}" class="inline">${hidden('_csrf', csrf)}${fields}${button(label, cls)}</form>`;
  // The version it replaces goes with it: a double click, or the form sent again, sends one email.
  const send = emailable(a)
    ? post('new-links', hidden('replacing', String(a.linkVersion)), 'Send a new link', 'button button-small')
    : '';
  return html`${send} ${post('revoke-links', '', 'Revoke links', 'button button-small button-secondary')}`;
}
