/**
 * "Will you attend?" on a link page, for a conference or a core group: the answer choices and their
 * check, the thanks once answered, the form, and a refused answer turned into the form's error.
 */
import { answerChoices, RSVP_LABEL } from '../../../content/labels.ts';
import { ConflictError, ValidationError } from '../../../domain/errors.ts';
import type { RsvpState } from '../../../domain/vocabulary.ts';
import { button, choices, errorFor, errorSummary, hidden, html, notice, type FormState, type Html } from './html.ts';
import type { LinkCtx, PostResult } from './link-page.ts';

export const ANSWERS: readonly RsvpState[] = ['accepted', 'tentative', 'declined'];

/** The radio group, in plain words for the family and whoever comes with them. */
export function answerField(f: FormState, family: boolean) {
  const labels: Record<string, string> = answerChoices(family);
  return html`${choices(f, { id: 'answer', name: 'answer', legend: family ? 'Can you come to the meeting?' : 'Will you attend?', type: 'radio', required: true, options: ANSWERS.map((x) => [x, labels[x]!]), ...(errorFor(f, 'answer') ? { error: errorFor(f, 'answer')! } : {}) })}`;
}

/** The posted answer, or the form's error naming the field when it is none of the choices. */
export function checkAnswer<V extends { answer: string }>(
  values: V,
): { answer: RsvpState } | { kind: 'invalid'; form: { values: V; errors: { field: string; message: string }[] } } {
  if (ANSWERS.includes(values.answer as RsvpState)) return { answer: values.answer as RsvpState };
  return { kind: 'invalid', form: { values, errors: [{ field: 'answer', message: 'Choose an answer' }] } };
}

/** The thanks shown once the answer is in, with anything more to say after it. */
export function answerThanks(answer: RsvpState, more = ''): Html {
  return notice(html`<strong>Thank you. We have your answer: ${RSVP_LABEL[answer]}.</strong>${more}`, 'success');
}

/** The answer form: its errors, the choices, the page's own fields (`more`) if any, and the button. */
export function answerForm(
  ctx: LinkCtx,
  f: FormState,
  o: { family: boolean; fieldIds?: Record<string, string>; more?: Html | string },
): Html {
  return html`${errorSummary(f, o.fieldIds ?? { answer: 'answer' })}
<form method="post" action="${ctx.action}" novalidate>
${hidden('_csrf', ctx.csrf)}
${answerField(f, o.family)}
${o.more === undefined ? '' : html`${o.more}\n`}${button('Send my answer')}
</form>`;
}

/**
 * Records the answer (`send`); a refusal comes back as the form's error: the use-case's own, or
 * `closed` on the answer when the meeting no longer takes answers.
 */
export async function sendAnswer<V extends FormState['values']>(
  values: V,
  closed: string,
  send: () => Promise<unknown>,
): Promise<PostResult | undefined> {
  try {
    await send();
    return undefined;
  } catch (err) {
    if (err instanceof ValidationError) return { kind: 'invalid', form: { values, errors: err.issues } };
    if (err instanceof ConflictError)
      return { kind: 'invalid', form: { values, errors: [{ field: 'answer', message: closed }] } };
    throw err;
  }
}
