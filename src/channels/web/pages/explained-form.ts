/**
 * The form that records telling a parent the decision (held-letters.ts): who told them, how, and
 * how they gave their view. The chair's page and the coordinator's desk both show it; both post to
 * the same use-case (confirmToldInPerson).
 */
import { EXPLAINED_BY, EXPLAINED_HOW, holdLifted, VIEW_ROUTES, type HeldLetter } from '../../../domain/held-letters.ts';
import {
  EXPLAINED_BY_LABEL,
  EXPLAINED_HOW_LABEL,
  RELEASE_HINT,
  RELEASE_REASON_LABEL,
  VIEW_ROUTE_LABEL,
} from '../../../content/templates/explained-words.ts';
import { button, choices, errorFor, errorSummary, textArea, type FormState, type Html, html } from './html.ts';

const opts = <K extends string>(keys: readonly K[], labels: Record<K, string>): [string, string][] =>
  keys.map((k) => [k, labels[k]]);

/** The three questions, with ids prefixed by the parent's id so several forms live on one page. */
export function explainedFields(f: FormState, prefix: string): Html {
  const err = (k: string) => (errorFor(f, k) ? { error: errorFor(f, k)! } : {});
  return html`${choices(f, { id: `${prefix}-by`, name: 'explainedBy', legend: 'Who told them', type: 'radio', required: true, options: opts(EXPLAINED_BY, EXPLAINED_BY_LABEL), ...err('explainedBy') })}${choices(f, { id: `${prefix}-how`, name: 'how', legend: 'How', type: 'radio', required: true, options: opts(EXPLAINED_HOW, EXPLAINED_HOW_LABEL), ...err('how') })}${choices(f, { id: `${prefix}-view`, name: 'view', legend: 'How they gave their view of the decision', type: 'radio', required: true, options: opts(VIEW_ROUTES, VIEW_ROUTE_LABEL), ...err('view') })}`;
}

/** Ids of the fields, for the error summary's links. */
export const explainedIds = (prefix: string): Record<string, string> => ({
  explainedBy: `${prefix}-by`,
  how: `${prefix}-how`,
  view: `${prefix}-view`,
});

/**
 * The form that sends a held letter without the record (they cannot be reached, say): the reason is
 * required, and the letter then tells them the chair or their social worker will contact them.
 * Nothing while the letter has gone already. `fields` are the hidden fields the page's form needs.
 */
export function releaseForm(h: HeldLetter, f: FormState, prefix: string, action: string, fields: Html): Html {
  if (holdLifted(h)) return html``;
  const id = `${prefix}-reason`;
  return html`${errorSummary(f, { reason: id })}<form method="post" action="${action}" novalidate>${fields}${textArea(f, { id, name: 'reason', label: RELEASE_REASON_LABEL, hint: RELEASE_HINT, rows: 2, required: true, ...(errorFor(f, 'reason') ? { error: errorFor(f, 'reason')! } : {}) })}${button('Send the letter now without the record', 'button button-secondary')}</form>`;
}
