/**
 * The dashboard's parents still to be told the decision (held-letters.ts): whose letter is held, or
 * went by the policy's fallback, and the form that records who told them, how and how they gave
 * their view. Recording it sends a held letter at once.
 */
import type { conferenceView } from '../../../../app/conference-view.ts';
import { unexplained } from '../../../../domain/held-letters.ts';
import { HOLD_REASON_LABEL } from '../../../../content/templates/explained-words.ts';
import { button, emptyForm, errorSummary, hidden, html, type Html, when } from '../html.ts';
import { explainedFields, explainedIds } from '../explained-form.ts';
import type { TextsFormError } from './texts-section.ts';

type View = Awaited<ReturnType<typeof conferenceView>>;

export function heldLettersSection(
  v: View,
  name: (id?: string) => string,
  o: { csrf: string; error?: TextsFormError },
): Html {
  const open = unexplained(v);
  if (!open.length) return html``;
  return html`<h2 id="held-letters">Parents to tell the decision</h2><p class="hint">Each parent or carer here was not at the meeting or was asked to leave part of it. Their letter waits until someone records telling them; if nobody has by the time shown, it goes then and stays here until it is recorded.</p>${open.map(
    (h) => {
      const f = o.error?.attendeeId === h.attendeeId ? o.error.form : emptyForm();
      const prefix = `told-${h.attendeeId}`;
      return html`<section class="card" aria-labelledby="${prefix}-h"><h3 id="${prefix}-h">${name(h.attendeeId)}: ${HOLD_REASON_LABEL[h.reason]}</h3><p>${h.sentUnexplainedAt ? `Their letter went ${when(h.sentUnexplainedAt)} with nobody recorded as having told them.` : `Their letter is held until ${when(h.heldUntil)}.`}</p>${errorSummary(f, explainedIds(prefix))}<form method="post" action="/dashboard/c/${v.id}/circulation/${h.attendeeId}/told" novalidate>${hidden('_csrf', o.csrf)}${explainedFields(f, prefix)}${button(h.sentUnexplainedAt ? 'Record that they were told' : 'Record that they were told: send the letter now')}</form></section>`;
    },
  )}`;
}
