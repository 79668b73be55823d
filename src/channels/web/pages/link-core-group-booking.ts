/**
 * A personal link page books a later core group once the decision is approved: the chair's own page
 * and the social worker's or core group chair's core group page (core-group-rsvp-page.ts), with the
 * dashboard's form and the same use-case (app/core-groups/core-groups.ts). The link proves who acts, so the audit
 * names them. A refused booking is shown on the form, each field named, and nothing is booked.
 */
import { attendeeActor } from '../../../app/credentials/actor.ts';
import { bookCoreGroup } from '../../../app/core-groups/core-groups.ts';
import { CORE_GROUP_FORM } from '../../../content/desk-form-words.ts';
import { isApproved } from '../../../domain/state-machine.ts';
import { coreGroupBookingForm, coreGroupInputOf, emptyCoreGroupForm } from './core-group-form.ts';
import { hidden, html, type FormState, type Html } from './html.ts';
import type { LinkCtx } from './link-page.ts';

export const BOOK_CORE_GROUP = 'book-core-group';

export async function bookFromLink(ctx: LinkCtx, body: Record<string, unknown>): Promise<string> {
  await bookCoreGroup(
    ctx.deps,
    ctx.link.conference.id,
    coreGroupInputOf(body).input,
    attendeeActor(ctx.link.attendee.id),
  );
  return 'core-group-booked';
}

export function coreGroupBookingSection(ctx: LinkCtx, invalid?: { form: FormState; section?: string }): Html {
  const c = ctx.link.conference;
  if (!c.decision?.approvedAt || !isApproved(c.state)) return html``;
  const f = invalid?.section === 'core-group' ? invalid.form : emptyCoreGroupForm();
  return html`<section class="card" aria-labelledby="cg-h"><h2 id="cg-h">${CORE_GROUP_FORM.heading}</h2>${coreGroupBookingForm(f, { action: ctx.action, csrf: ctx.csrf, attendees: c.attendees, hidden: hidden('action', BOOK_CORE_GROUP) })}</section>`;
}
