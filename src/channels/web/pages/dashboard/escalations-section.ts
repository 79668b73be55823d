/**
 * The dashboard's disagreements escalated (domain/escalations.ts): each with who disagrees, who was
 * told, when its outcome is due (overdue marked) and the form that records the outcome; and, once
 * there is a decision, the form that escalates a professional's or the family's disagreement.
 * Both forms call the same use-cases as the API.
 */
import { contactWords } from '../../../../content/templates/escalation-notice.ts';
import { childWithAge } from '../../../../content/labels.ts';
import type { Conference } from '../../../../domain/conference.ts';
import { whyNotOneWhoDisagrees, type Escalation } from '../../../../domain/escalations.ts';
import {
  button,
  emptyForm,
  errorFor,
  errorSummary,
  hidden,
  html,
  select,
  textArea,
  type FormState,
  type Html,
  when,
} from '../html.ts';

export interface EscalationFormError {
  /** The escalation whose outcome form failed; absent for the form that opens one. */
  escalationId?: string;
  form: FormState;
}

/**
 * Where the forms post: the dashboard's own routes by default; on the chair's personal page, the
 * link's one URL with the action in a hidden field (chair-escalations.ts).
 */
export interface EscalationPosts {
  action: string;
}

/** The open form's fields as the use-case takes them: `who` is an attendee id or `family`; blanks left out. */
export function escalationInput(values: Record<string, string>): Record<string, unknown> {
  return {
    ...(values['childId'] ? { childId: values['childId'] } : {}),
    ...(values['who'] === 'family' ? { family: true } : values['who'] ? { attendeeId: values['who'] } : {}),
    ...(values['concern'] ? { concern: values['concern'] } : {}),
  };
}

const OPEN_IDS = {
  childId: 'esc-child',
  attendeeId: 'esc-who',
  family: 'esc-who',
  concern: 'esc-concern',
  route: 'esc-who',
};

export function escalationsSection(
  c: Pick<Conference, 'id' | 'children' | 'attendees' | 'decision' | 'escalations' | 'state'>,
  name: (id?: string) => string,
  o: { csrf: string; now: Date; error?: EscalationFormError; posts?: EscalationPosts },
): Html {
  if (!c.decision && !c.escalations?.length) return html``;
  const who = (e: Escalation) => (e.attendeeId ? name(e.attendeeId) : 'The family');
  const child = (id: string) => {
    const ch = c.children.find((x) => x.id === id);
    return ch ? childWithAge(c, ch, o.now, true) : 'a child no longer on the conference';
  };
  const resolveAt = (e: Escalation) =>
    o.posts
      ? html`action="${o.posts.action}" novalidate>${hidden('_csrf', o.csrf)}${hidden('action', 'resolve-escalation')}${hidden('escalationId', e.id)}`
      : html`action="/dashboard/c/${c.id}/escalations/${e.id}/resolve" novalidate>${hidden('_csrf', o.csrf)}`;
  const openAt = o.posts
    ? html`action="${o.posts.action}" novalidate aria-labelledby="escalate-h">${hidden('_csrf', o.csrf)}${hidden('action', 'escalate')}`
    : html`action="/dashboard/c/${c.id}/escalations" novalidate aria-labelledby="escalate-h">${hidden('_csrf', o.csrf)}`;
  const card = (e: Escalation) => {
    const overdue = e.status === 'open' && Date.parse(e.dueAt) < o.now.getTime();
    const f = o.error?.escalationId === e.id ? o.error.form : emptyForm();
    const told = e.tell.map((t) => (t.who === 'chair' && t.attendeeId ? name(t.attendeeId) : contactWords(t)));
    return html`<section class="card" aria-labelledby="${e.id}-h"><h3 id="${e.id}-h">${who(e)} disagrees with the decision for ${child(e.childId)}</h3>${overdue ? html`<p><span class="tag tag-overdue">Outcome overdue</span></p>` : ''}<p>Route: ${e.procedure}. Opened ${when(e.openedAt)}; outcome due ${when(e.dueAt)}. Told: ${told.join(', ')}.</p><p>The disagreement: ${e.concern}</p>${
      e.status === 'resolved'
        ? html`<p><strong>Resolved ${when(e.resolvedAt)}</strong> by ${e.resolvedBy ?? '?'}: ${e.outcome ?? ''}</p>`
        : html`${errorSummary(f, { outcome: `${e.id}-outcome` })}<form method="post" ${resolveAt(e)}${textArea(f, { id: `${e.id}-outcome`, name: 'outcome', label: 'Outcome agreed', hint: 'Everyone on the route is told. No names of the family.', rows: 3, ...(errorFor(f, 'outcome') ? { error: errorFor(f, 'outcome')! } : {}) })}${button('Record the outcome')}</form>`
    }</section>`;
  };
  const f = o.error && !o.error.escalationId ? o.error.form : emptyForm();
  const people: [string, string][] = [
    ['', 'Choose who disagrees'],
    ['family', 'The family'],
    ...c.attendees
      // Only those the use-case takes: not the chair, the child, an interpreter or the minute taker.
      .filter((a) => whyNotOneWhoDisagrees(a) === undefined)
      .map((a): [string, string] => [a.id, name(a.id)]),
  ];
  const openForm = c.decision
    ? html`<h3 id="escalate-h">Escalate a disagreement</h3><p class="hint">When a professional or the family does not accept the decision and it cannot be settled by talking it through, record it here: everyone on the policy's route is told, and the outcome is due within the policy's working days.</p>${errorSummary(f, OPEN_IDS)}<form method="post" ${openAt}${select(f, { id: 'esc-child', name: 'childId', label: 'For which child', options: c.children.map((ch): [string, string] => [ch.id, child(ch.id)]), ...(errorFor(f, 'childId') ? { error: errorFor(f, 'childId')! } : {}) })}${select(f, { id: 'esc-who', name: 'who', label: 'Who disagrees', options: people, ...(errorFor(f, 'attendeeId', 'family', 'route') ? { error: errorFor(f, 'attendeeId', 'family', 'route')! } : {}) })}${textArea(f, { id: 'esc-concern', name: 'concern', label: 'What the disagreement is about', hint: 'It goes to everyone on the route: no names of the family.', rows: 3, ...(errorFor(f, 'concern') ? { error: errorFor(f, 'concern')! } : {}) })}${button('Escalate')}</form>`
    : '';
  return html`<h2 id="escalations">Disagreements escalated</h2>${(c.escalations ?? []).map(card)}${openForm}`;
}
