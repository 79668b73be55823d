/**
 * What a parent's decision letter says about being told the decision by the chair or the social
 * worker (held-letters.ts): who told them, how, when, and how they gave their view. Standard and
 * easy-read wording side by side so the two never disagree.
 */
import type { Explanation, HoldReason } from '../../domain/held-letters.ts';
import { longDate } from '../format.ts';

export type ExplainedForLetter = Pick<Explanation, 'by' | 'how' | 'view' | 'at'>;

const HOW: Record<Explanation['how'], string> = {
  'in-person': 'met you',
  phone: 'spoke to you on the phone',
  video: 'spoke to you on a video call',
};
const VIEW: Record<Explanation['view'], string> = {
  'told-them': 'You told them what you think about the decision, and it is part of the conference record.',
  'in-writing': 'You gave your view in writing, and it is part of the conference record.',
  'through-supporter': 'Your supporter gave your view for you, and it is part of the conference record.',
  'did-not-wish':
    'You did not want to give a view then. You can still tell the chair or your social worker what you think.',
};

const whoTold = (e: ExplainedForLetter, capital: boolean) =>
  e.by === 'chair' ? `${capital ? 'T' : 't'}he chair` : `${capital ? 'Y' : 'y'}our social worker`;

/** "On Tuesday 5 January 2027 the chair spoke to you on the phone to explain why … You told them …" */
export function explainedSentence(e: ExplainedForLetter, reason: HoldReason): string {
  const what =
    reason === 'excluded'
      ? 'why you were asked to leave part of the meeting, and what was decided'
      : 'what was decided';
  return `On ${longDate(e.at)} ${whoTold(e, false)} ${HOW[e.how]} to explain ${what}. ${VIEW[e.view]}`;
}

/** Nobody has recorded telling them yet: someone will. */
export const WILL_EXPLAIN =
  'The chair or your social worker will contact you to explain why, and to hear what you think about the decision.';

const EASY_HOW: Record<Explanation['how'], string> = {
  'in-person': 'met you',
  phone: 'phoned you',
  video: 'had a video call with you',
};
const EASY_VIEW: Record<Explanation['view'], string[]> = {
  'told-them': ['You told them what you think.', 'It is in the meeting record.'],
  'in-writing': ['You wrote down what you think.', 'It is in the meeting record.'],
  'through-supporter': ['Your supporter told them what you think.', 'It is in the meeting record.'],
  'did-not-wish': [
    'You did not want to say what you think then.',
    'You can still tell the chair or your social worker.',
  ],
};

/** The same in easy read: one idea per line. */
export function easyExplainedLines(e: ExplainedForLetter, reason: HoldReason): string[] {
  return [
    `${whoTold(e, true)} ${EASY_HOW[e.how]} on ${longDate(e.at)}.`,
    ...(reason === 'excluded' ? ['They told you why you left part of the meeting.'] : []),
    'They told you what was decided.',
    ...EASY_VIEW[e.view],
  ];
}

export const EASY_WILL_EXPLAIN = [
  'The chair or your social worker will contact you.',
  'They will tell you why.',
  'They will ask what you think.',
];

/** Labels for the form where the chair or the coordinator records it. */
export const EXPLAINED_BY_LABEL: Record<Explanation['by'], string> = {
  chair: 'The chair',
  'social-worker': 'The social worker',
};
export const EXPLAINED_HOW_LABEL: Record<Explanation['how'], string> = {
  'in-person': 'In person',
  phone: 'On the phone',
  video: 'On a video call',
};
export const VIEW_ROUTE_LABEL: Record<Explanation['view'], string> = {
  'told-them': 'They gave their view to whoever told them',
  'in-writing': 'They gave their view in writing',
  'through-supporter': 'Their supporter gave their view',
  'did-not-wish': 'They did not want to give a view',
};
export const HOLD_REASON_LABEL: Record<HoldReason, string> = {
  absent: 'not at the meeting',
  excluded: 'asked to leave part of the meeting',
};
