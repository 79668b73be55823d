/**
 * The chair's page's record of how each child took part (attended, an advocate, the social worker's
 * report, …): one form per child, posted as `participation` (chair-actions.ts).
 */
import type { Conference } from '../../../domain/conference.ts';
import { PARTICIPATION_WAYS, participationByChild } from '../../../domain/participation.ts';
import { isEnded } from '../../../domain/state-machine.ts';
import { childWithAge, PARTICIPATION_LABEL, participationLine } from '../../../content/labels.ts';
import {
  button,
  choices,
  emptyForm,
  errorFor,
  errorSummary,
  hidden,
  html,
  textInput,
  type FormState,
  type Html,
} from './html.ts';
import type { LinkCtx } from './link-page.ts';

/** How each child took part (attended, an advocate, the social worker's report, …): one form per child. */
export function participationForms(ctx: LinkCtx, c: Conference, invalid?: { form: FormState; section?: string }): Html {
  const kids = participationByChild(c);
  if (!kids.length || isEnded(c.state)) return html``;
  return html`<section class="card" aria-labelledby="part-h"><h2 id="part-h">How each child took part</h2><p class="hint">Recorded in the professionals’ record and letter, never in the family’s. A later answer replaces an earlier one.</p>${kids.map(
    ({ childId, record }) => {
      const ch = c.children.find((x) => x.id === childId)!;
      const prefix = `part-${childId}`;
      const f =
        invalid?.section === prefix
          ? invalid.form
          : emptyForm(record ? { way: record.way, detail: record.detail ?? '' } : {});
      return html`<h3 id="${prefix}-h">${childWithAge(c, ch, ctx.now, true)}</h3><p>${participationLine(c, ch, record)}</p>${errorSummary(f, { way: `${prefix}-way`, detail: `${prefix}-detail` })}<form method="post" action="${ctx.action}" novalidate aria-labelledby="${prefix}-h">${hidden('_csrf', ctx.csrf)}${hidden('action', 'participation')}${hidden('childId', childId)}${choices(f, { id: `${prefix}-way`, name: 'way', legend: 'How the child took part', type: 'radio', options: PARTICIPATION_WAYS.map((w): [string, string] => [w, PARTICIPATION_LABEL[w].charAt(0).toUpperCase() + PARTICIPATION_LABEL[w].slice(1)]), ...(errorFor(f, 'way') ? { error: errorFor(f, 'way')! } : {}) })}${textInput(f, { id: `${prefix}-detail`, name: 'detail', label: 'What the other way was, or why the child’s views were not recorded (no names)', ...(errorFor(f, 'detail') ? { error: errorFor(f, 'detail')! } : {}) })}${button('Record how the child took part', 'button button-secondary')}</form>`;
    },
  )}</section>`;
}
