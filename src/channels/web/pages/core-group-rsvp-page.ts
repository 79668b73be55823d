/** Can you come to the core group? A member's own page, bound to one core group by their signed link. */
import { answerCoreGroup } from '../../../app/core-group-rsvp.ts';
import { audienceOf } from '../../../app/steps/invite-calendar.ts';
import { RSVP_LABEL } from '../../../content/labels.ts';
import { answerForm, answerThanks, checkAnswer, sendAnswer } from './answer-field.ts';
import { NotFoundError } from '../../../domain/errors.ts';
import { clock, emptyForm, facts, html, longDay } from './html.ts';
import type { LinkCtx, LinkPage, Rendered } from './link-page.ts';
import { one } from './view-fields.ts';

function coreGroupOf(ctx: LinkCtx) {
  const g = ctx.link.conference.coreGroups?.find((x) => x.id === ctx.link.coreGroupId);
  if (!g) throw new NotFoundError('No such core group');
  return g;
}

function render(ctx: LinkCtx, invalid?: { form: ReturnType<typeof emptyForm> }): Rendered {
  const { conference: c, attendee: a } = ctx.link;
  const g = coreGroupOf(ctx);
  const family = audienceOf(a) === 'family';
  const mine = g.rsvps?.[a.id]?.state ?? 'needs-action';
  const f = invalid?.form ?? emptyForm({ answer: mine === 'needs-action' ? '' : mine });
  const which = g.id === 'cg1' ? 'The first core group meeting' : `Core group meeting ${g.id.slice(2)}`;
  const closed = g.state === 'cancelled' || Date.parse(g.startsAt) <= ctx.now.getTime();
  const body = html`${ctx.done === 'core-group' ? answerThanks(mine) : ''}
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
}`;
  return {
    title: `Core group – ${c.reference}`,
    heading: family ? 'Can you come to the core group meeting?' : `Will you attend the core group for ${c.reference}?`,
    body,
  };
}

export const coreGroupRsvpPage: LinkPage = {
  render,
  async post(ctx, body) {
    const { conference: c, attendee: a } = ctx.link;
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
