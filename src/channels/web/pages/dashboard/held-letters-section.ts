/**
 * The dashboard's parents still to be told the decision (held-letters.ts): whose letter is held
 * (late after its hold time) or went without the record, the form that records who told them, how
 * and how they gave their view (a held letter goes at once), and the form that sends a held letter
 * without the record, with the reason.
 */
import type { conferenceView } from '../../../../app/conference/conference-view.ts';
import { unexplained } from '../../../../domain/held-letters.ts';
import { heldLetterLine, HOLD_REASON_LABEL } from '../../../../content/templates/explained-words.ts';
import { button, emptyForm, errorSummary, hidden, html, when, type Html } from '../html.ts';
import { explainedFields, explainedIds, releaseForm } from '../explained-form.ts';
import type { TextsFormError } from './texts-section.ts';

type View = Awaited<ReturnType<typeof conferenceView>>;

/** A held letter's form sent back with its problem: the record of telling them, or (`release`) the release. */
export interface HeldLetterFormError extends TextsFormError {
  release?: boolean;
}

export function heldLettersSection(
  v: View,
  name: (id?: string) => string,
  o: { csrf: string; error?: HeldLetterFormError },
): Html {
  const open = unexplained(v);
  if (!open.length) return html``;
  return html`<h2 id="held-letters">Parents to tell the decision</h2><p class="hint">Each parent or carer here was not at the meeting or was asked to leave part of it. Their letter waits, however long it takes, until someone records telling them; after the time shown it is late, and the social worker is reminded. If they cannot be reached, send it without the record, saying why: it stays here until the explanation is recorded.</p>${open.map(
    (h) => {
      const mine = o.error?.attendeeId === h.attendeeId ? o.error : undefined;
      const f = mine && !mine.release ? mine.form : emptyForm();
      const rf = mine?.release ? mine.form : emptyForm();
      const prefix = `told-${h.attendeeId}`;
      const sent = Boolean(h.released || h.sentUnexplainedAt);
      return html`<section class="card" aria-labelledby="${prefix}-h"><h3 id="${prefix}-h">${name(h.attendeeId)}: ${HOLD_REASON_LABEL[h.reason]}</h3><p>${heldLetterLine(h, when)}</p>${errorSummary(f, explainedIds(prefix))}<form method="post" action="/dashboard/c/${v.id}/circulation/${h.attendeeId}/told" novalidate>${hidden('_csrf', o.csrf)}${explainedFields(f, prefix)}${button(sent ? 'Record that they were told' : 'Record that they were told: send the letter now')}</form>${releaseForm(h, rf, `release-${h.attendeeId}`, `/dashboard/c/${v.id}/circulation/${h.attendeeId}/release`, hidden('_csrf', o.csrf))}</section>`;
    },
  )}`;
}
