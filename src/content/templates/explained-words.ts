/**
 * What a parent's decision letter says about being told the decision by the chair or the social
 * worker (held-letters.ts): who told them, how, when, and how they gave their view. Standard and
 * easy-read wording side by side so the two never disagree.
 */
import type { Explanation, HeldLetter, HoldReason } from '../../domain/held-letters.ts';
import { dateAndTime, longDate } from '../format.ts';

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

/** What the chair reads above the held letters (the chair's page and the Teams card). */
export const HELD_LETTERS_INTRO =
  'Their letter waits, however long it takes, until you or the social worker have told them the decision (and why they were asked to leave, if they were) and they could give their view. Record it here and the letter goes at once. If they cannot be reached, you can send it without the record, saying why.';

/** What the chair is told once it is recorded, or once a held letter is let go without the record. */
export const TOLD_DONE = 'Recorded that the parent was told the decision. A held letter goes now, and says so.';
export const RELEASED_DONE =
  'The held letter goes now, without the record: it says the chair or their social worker will contact them.';

/** The release form's question and what follows from it. */
export const RELEASE_REASON_LABEL = 'Or send the letter now without it: why it cannot wait (required)';
export const RELEASE_HINT =
  'The letter then says the chair or their social worker will contact them. It stays here until someone records telling them.';

/** Where one held letter stands, in words: held (late after its hold time), released, or sent. `when` formats an instant. */
export function heldLetterLine(h: HeldLetter, when: (iso: string) => string = dateAndTime): string {
  if (h.released)
    return `Their letter went ${when(h.released.at)} before anyone recorded telling them: ${h.released.reason}`;
  if (h.sentUnexplainedAt)
    return `Their letter went ${when(h.sentUnexplainedAt)} with nobody recorded as having told them.`;
  return h.lateAt
    ? `Their letter is held until someone records telling them. It has been late since ${when(h.heldUntil)}: the social worker is reminded until it is recorded.`
    : `Their letter is held until someone records telling them (late after ${when(h.heldUntil)}).`;
}
