/**
 * Can you come to the core group? A member's own page, bound to one core group by their signed link.
 * The allocated social worker and the core group's chair (the people nagged when the next one is not
 * booked: cadenceNagRecipients) also book the next core group here, with the dashboard's form.
 */
import { answerCoreGroup } from '../../../app/core-groups/core-group-rsvp.ts';
import { audienceOf } from '../../../app/invitations/invite-calendar.ts';
import { comesWith, companionKindOf } from '../../../app/invitations/invite-letters.ts';
import { companionAs } from '../../../content/templates/core-group-invite.ts';
import { RSVP_LABEL } from '../../../content/labels.ts';
import { answerForm, answerThanks, checkAnswer, sendAnswer } from './answer-field.ts';
import { cadenceNagRecipients } from '../../../domain/core-groups.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../../domain/errors.ts';
import { isApproved } from '../../../domain/state-machine.ts';
import { coreGroupErrors, coreGroupInputOf } from './core-group-form.ts';
import { clock, emptyForm, facts, html, longDay, type FormState } from './html.ts';
import { BOOK_CORE_GROUP, bookFromLink, coreGroupBookingSection } from './link-core-group-booking.ts';
import type { LinkCtx, LinkPage, Rendered } from './link-page.ts';
import { one } from './view-fields.ts';

function coreGroupOf(ctx: LinkCtx) {
  const g = ctx.link.conference.coreGroups?.find((x) => x.id === ctx.link.coreGroupId);
  if (!g) throw new NotFoundError('No such core group');
  return g;
}

/** Whether this member books later core groups: the allocated social worker and the core group's chair. */
const books = (ctx: LinkCtx) =>
  isApproved(ctx.link.conference.state) &&
  cadenceNagRecipients(ctx.link.conference).some((x) => x.id === ctx.link.attendee.id);

function render(ctx: LinkCtx, invalid?: { form: FormState; section?: string }): Rendered {
  const { conference: c, attendee: a } = ctx.link;
  const g = coreGroupOf(ctx);
  // Whoever comes with a family member (an interpreter too) is greeted as who they are, in plain words.
  const kind = companionKindOf(a);
  const as = kind ? companionAs({ kind, ...comesWith(c, a) }) : undefined;
  const family = audienceOf(a) === 'family' || Boolean(as);
  const mine = g.rsvps?.[a.id]?.state ?? 'needs-action';
  // The answer form's own errors (the booking form's come back with section 'core-group').
  const f =
    invalid && invalid.section !== 'core-group'
      ? invalid.form
      : emptyForm({ answer: mine === 'needs-action' ? '' : mine });
  const which = g.id === 'cg1' ? 'The first core group meeting' : `Core group meeting ${g.id.slice(2)}`;
  const closed = g.state === 'cancelled' || Date.parse(g.startsAt) <= ctx.now.getTime();
  const body = html`${ctx.done === 'core-group' ? answerThanks(mine) : ''}${ctx.done === 'core-group-booked' ? html`<p class="notice" role="status">The core group meeting is booked: its members are being invited.</p>` : ''}
${facts([
  ['Reference', c.reference],
  ['Meeting', which],
  ['When', `${longDay(g.startsAt)}, ${clock(g.startsAt)} (London time)`],
  [family ? 'Your answer so far' : 'Your answer', RSVP_LABEL[mine]],
])}
${
  closed
    ? html`<p>${g.state === 'cancelled' ? 'This meeting has been cancelled.' : 'Answers are closed: the meeting has started or taken place.'}</p>`
    : answerForm(ctx, f, { family })
}${books(ctx) ? coreGroupBookingSection(ctx, invalid) : ''}`;
  return {
    title: `Core group – ${c.reference}`,
    heading: as
      ? `Can you come to the core group meeting as ${as}?`
      : family
        ? 'Can you come to the core group meeting?'
        : `Will you attend the core group for ${c.reference}?`,
    body,
  };
}

export const coreGroupRsvpPage: LinkPage = {
  render,
  async post(ctx, body) {
    const { conference: c, attendee: a } = ctx.link;
    if (body['action'] === BOOK_CORE_GROUP) {
      if (!books(ctx))
        throw new ForbiddenError('Only the allocated social worker and the core group’s chair book core groups here');
      try {
        return { kind: 'done', done: await bookFromLink(ctx, body) };
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        const form = { values: coreGroupInputOf(body).values, errors: coreGroupErrors(err.issues) };
        return { kind: 'invalid', form, section: 'core-group' };
      }
    }
    const answer = one(body['answer']);
    const values = { answer };
    const given = checkAnswer(values);
    if ('kind' in given) return given;
    // The signed link proved who this is; the same use-case as the coordinator's and a calendar reply.
    const refused = await sendAnswer(values, 'The meeting has started or been cancelled, so answers are closed', () =>
      answerCoreGroup(ctx.deps, {
        conferenceId: c.id,
        coreGroupId: coreGroupOf(ctx).id,
        attendeeId: a.id,
        state: given.answer,
      }),
    );
    if (refused) return refused;
    return { kind: 'done', done: 'core-group' };
  },
};
