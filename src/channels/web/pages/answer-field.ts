/** "Will you attend?": the answer choices a link page offers for a conference or a core group, and their check. */
import { answerChoices } from '../../../content/labels.ts';
import type { RsvpState } from '../../../domain/vocabulary.ts';
import { choices, errorFor, html, type FormState } from './html.ts';

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
