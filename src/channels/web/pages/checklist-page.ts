/** The chair's pre-meeting checklist with the parents, for conferences on Google Meet or in person (Teams has the card). */
import { tickChecklist } from '../../../app/meeting.ts';
import { attendeeActor } from '../../../app/actor.ts';
import { checklistItemsFor, openArrangements } from '../../../domain/checklist.ts';
import { ValidationError } from '../../../domain/errors.ts';
import { button, errorSummary, hidden, html, notice, when, type FormState } from './html.ts';
import { CHECKLIST_LABEL, TASK_VERB } from '../../../content/labels.ts';
import type { LinkCtx, LinkPage, Rendered } from './link-page.ts';
import { many } from './view-fields.ts';

function render(ctx: LinkCtx, invalid?: { form: FormState }): Rendered {
  const c = ctx.link.conference;
  const ticked = c.checklist ?? {};
  const items = checklistItemsFor(c);
  const open = items.filter((i) => !ticked[i]);
  const pending = openArrangements(c);
  const body = html`${ctx.done === 'ticked' ? notice(html`<strong>Saved.</strong>`, 'success') : ''}${invalid ? errorSummary(invalid.form, { item: 'checklist' }) : ''}
<p>Go through these with the parents before the professionals join. Tick each one as you do it.</p>
${pending.length ? notice(html`<strong>Not confirmed yet, check before you start:</strong> ${pending.map((t) => `${TASK_VERB[t.kind]} ${t.detail}`).join('; ')}.`, 'warning') : ''}
${
  open.length
    ? html`<form method="post" action="${ctx.action}" novalidate>${hidden('_csrf', ctx.csrf)}<fieldset id="checklist"><legend>Still to do</legend><div class="choices">${open.map((item) => html`<div class="choice"><input id="item-${item}" name="item" type="checkbox" value="${item}"><label for="item-${item}">${CHECKLIST_LABEL[item] ?? item}</label></div>`)}</div></fieldset>${button('Save the ticked items')}</form>`
    : notice('Everything on the checklist is done.', 'success')
}
${Object.keys(ticked).length ? html`<h2>Done</h2><ul>${items.filter((i) => ticked[i]).map((i) => html`<li>${CHECKLIST_LABEL[i] ?? i} <span class="hint">(${when(ticked[i]!.at)})</span></li>`)}</ul>` : ''}`;
  return { title: `Checklist – ${c.reference}`, heading: `Pre-meeting checklist: conference ${c.reference}`, body };
}

export const checklistPage: LinkPage = {
  render,
  async post(ctx, body) {
    const items = many(body['item']);
    if (!items.length)
      return { kind: 'invalid', form: { values: {}, errors: [{ field: 'item', message: 'Tick at least one item' }] } };
    try {
      for (const item of items)
        await tickChecklist(ctx.deps, ctx.link.conference.id, { item }, attendeeActor(ctx.link.attendee.id));
    } catch (err) {
      if (err instanceof ValidationError)
        return {
          kind: 'invalid',
          form: {
            values: {},
            errors: [{ field: 'item', message: 'That item is not on the checklist: reload the page' }],
          },
        };
      throw err;
    }
    return { kind: 'done', done: 'ticked' };
  },
};
