/**
 * The chair's own page books a later core group once the decision is approved: the dashboard's form
 * and the same use-case (app/core-groups.ts); the chair's link proves who acts, so the audit names
 * the chair. A refused booking is shown on the form, each field named, and nothing is booked.
 */
import { attendeeActor } from '../../../app/actor.ts';
import { bookCoreGroup } from '../../../app/core-groups.ts';
import { CORE_GROUP_FORM } from '../../../content/desk-form-words.ts';
import { isApproved } from '../../../domain/state-machine.ts';
import { coreGroupBookingForm, coreGroupErrors, coreGroupInputOf, emptyCoreGroupForm } from './core-group-form.ts';
import { hidden, html, type FormState, type Html } from './html.ts';
import type { LinkCtx } from './link-page.ts';

export const BOOK_CORE_GROUP = 'book-core-group';

export async function bookFromChairPage(ctx: LinkCtx, body: Record<string, unknown>): Promise<string> {
  await bookCoreGroup(
    ctx.deps,
    ctx.link.conference.id,
    coreGroupInputOf(body).input,
    attendeeActor(ctx.link.attendee.id),
  );
  return 'core-group-booked';
}

export const chairCoreGroupErrors = coreGroupErrors;

export function chairCoreGroups(ctx: LinkCtx, invalid?: { form: FormState; section?: string }): Html {
  const c = ctx.link.conference;
  if (!c.decision?.approvedAt || !isApproved(c.state)) return html``;
  const f = invalid?.section === 'core-group' ? invalid.form : emptyCoreGroupForm();
  return html`<section class="card" aria-labelledby="cg-h"><h2 id="cg-h">${CORE_GROUP_FORM.heading}</h2>${coreGroupBookingForm(f, { action: ctx.action, csrf: ctx.csrf, attendees: c.attendees, hidden: hidden('action', BOOK_CORE_GROUP) })}</section>`;
}
