/** Plain replies: an error that says what to do, or a short confirmation. */
import { card, facts, subtle, text, title, type AdaptiveCard } from './adaptive.ts';

export interface ErrorCardModel {
  /** A short heading with no names in it, e.g. "That did not work". */
  heading: string;
  message: string;
  /** Field problems, e.g. from a ValidationError. */
  issues?: { field: string; message: string }[];
  reference?: string;
}

export function errorCard(m: ErrorCardModel): AdaptiveCard {
  return card({
    body: [
      title(m.reference ? `${m.reference}: ${m.heading}` : m.heading),
      text(m.message, { color: 'Attention' }),
      ...(m.issues?.length ? [facts(m.issues.map((i) => [i.field, i.message]))] : []),
      subtle('Nothing was changed.'),
    ],
  });
}

export function noticeCard(m: { heading: string; lines: string[]; facts?: [string, string][] }): AdaptiveCard {
  return card({
    body: [title(m.heading), ...m.lines.map((l) => text(l)), ...(m.facts?.length ? [facts(m.facts)] : [])],
  });
}
