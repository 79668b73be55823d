/** The chair's pre-meeting checklist with the parents, for conferences on Google Meet or in person (Teams has the card). */
import { tickChecklist } from '../../../app/meeting-day/meeting.ts';
import { attendeeActor } from '../../../app/credentials/actor.ts';
import { checklistItemsFor, openArrangements } from '../../../domain/checklist.ts';
import { ValidationError } from '../../../domain/errors.ts';
import {
  button,
  emptyForm,
  errorFor,
  errorSummary,
  hidden,
  html,
  notice,
  textArea,
  when,
  type FormState,
} from './html.ts';
import { CHECKLIST_NOTE_LABEL, checklistLabel, checklistNoteLine, taskWhat } from '../../../content/labels.ts';
import type { LinkCtx, LinkPage, Rendered } from './link-page.ts';
import { many, one } from './view-fields.ts';

function render(ctx: LinkCtx, invalid?: { form: FormState }): Rendered {
  const c = ctx.link.conference;
  const ticked = c.checklist ?? {};
  const policy = ctx.deps.policies.get(c.policyId);
  const items = checklistItemsFor(c, policy);
  const label = (i: string) => checklistLabel(i, policy);
  const open = items.filter((i) => !ticked[i]);
  const pending = openArrangements(c);
  const body = html`${ctx.done === 'ticked' ? notice(html`<strong>Saved.</strong>`, 'success') : ''}${invalid ? errorSummary(invalid.form, { item: 'checklist' }) : ''}
<p>Go through these with the parents before the professionals join. Tick each one as you do it.</p>
${pending.length ? notice(html`<strong>Not confirmed yet, check before you start:</strong> ${pending.map((t) => taskWhat(t.kind, t.detail)).join('; ')}.`, 'warning') : ''}
${
  open.length
    ? html`<form method="post" action="${ctx.action}" novalidate>${hidden('_csrf', ctx.csrf)}<fieldset id="checklist"><legend>Still to do</legend><div class="choices">${open.map((item) => html`<div class="choice"><input id="item-${item}" name="item" type="checkbox" value="${item}"><label for="item-${item}">${label(item)}</label></div>${textArea(invalid?.form ?? emptyForm(), { id: `note-${item}`, name: `note-${item}`, label: `${CHECKLIST_NOTE_LABEL}: ${label(item)}`, rows: 2, ...(errorFor(invalid?.form ?? emptyForm(), `note-${item}`) ? { error: errorFor(invalid!.form, `note-${item}`)! } : {}) })}`)}</div></fieldset>${button('Save the ticked items')}</form>`
    : notice('Everything on the checklist is done.', 'success')
}
${Object.keys(ticked).length ? html`<h2>Done</h2><ul>${items.filter((i) => ticked[i]).map((i) => html`<li>${label(i)} <span class="hint">(${when(ticked[i]!.at)})</span>${ticked[i]!.note ? html`<br><span class="prose">${checklistNoteLine(ticked[i]!.note)}</span>` : ''}</li>`)}</ul>` : ''}`;
  return { title: `Checklist – ${c.reference}`, heading: `Pre-meeting checklist: conference ${c.reference}`, body };
}

export const checklistPage: LinkPage = {
  render,
  async post(ctx, body) {
    const items = many(body['item']);
    if (!items.length)
      return { kind: 'invalid', form: { values: {}, errors: [{ field: 'item', message: 'Tick at least one item' }] } };
    const values = Object.fromEntries(
      Object.entries(body)
        .filter(([k]) => k.startsWith('note-'))
        .map(([k, v]) => [k, String(v)]),
    );
    // Every note checked before anything is ticked: a note too long names its field and changes nothing.
    const tooLong = items.filter((item) => one(body[`note-${item}`]).trim().length > 1000);
    if (tooLong.length)
      return {
        kind: 'invalid',
        form: {
          values,
          errors: tooLong.map((item) => ({ field: `note-${item}`, message: 'At most 1,000 characters' })),
        },
      };
    try {
      for (const item of items) {
        const note = one(body[`note-${item}`]).trim();
        await tickChecklist(
          ctx.deps,
          ctx.link.conference.id,
          { item, ...(note ? { note } : {}) },
          attendeeActor(ctx.link.attendee.id),
        );
      }
    } catch (err) {
      if (err instanceof ValidationError)
        return {
          kind: 'invalid',
          form: {
            values,
            errors: [{ field: 'item', message: 'That item is not on the checklist: reload the page' }],
          },
        };
      throw err;
    }
    return { kind: 'done', done: 'ticked' };
  },
};
