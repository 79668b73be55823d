/**
 * The chair's held family letters in Teams (held-letters.ts): each parent whose decision letter
 * waits until someone tells them, where it stands, and two forms: record who told them, how and how
 * they gave their view (the letter goes at once), or send it now without the record, saying why.
 * The same words as the chair's page (content/templates/explained-words.ts). Input ids carry the
 * parent's id, so several parents' forms live on one card.
 */
import { EXPLAINED_BY, EXPLAINED_HOW, VIEW_ROUTES, type HoldReason } from '../../domain/held-letters.ts';
import {
  EXPLAINED_BY_LABEL,
  EXPLAINED_HOW_LABEL,
  HELD_LETTERS_INTRO,
  HOLD_REASON_LABEL,
  RELEASE_HINT,
  RELEASE_REASON_LABEL,
  RELEASED_DONE,
  TOLD_DONE,
  VIEW_ROUTE_LABEL,
} from '../templates/explained-words.ts';
import {
  card,
  choiceSet,
  container,
  execute,
  showCard,
  subtle,
  text,
  textInput,
  title,
  type AdaptiveCard,
  type CardRecipient,
  type Json,
} from './adaptive.ts';

export interface HeldLettersModel {
  conferenceId: string;
  reference: string;
  letters: {
    attendeeId: string;
    /** The parent by role and id ("Parent or carer 1 (a5)"), as every card has them. */
    who: string;
    reason: HoldReason;
    /** Where it stands (heldLetterLine). */
    line: string;
    /** The letter has gone (released without the record): only the record is left to make. */
    gone: boolean;
  }[];
  /** What the chair just did, said back at the top. */
  done?: 'told' | 'released';
}

/** The card's input ids for one parent's forms (the submit is read back by the same names). */
export const heldInputId = (field: 'explainedBy' | 'how' | 'view' | 'reason', attendeeId: string): string =>
  `${field}-${attendeeId}`;

const choices = <K extends string>(keys: readonly K[], labels: Record<K, string>) =>
  keys.map((k) => ({ title: labels[k], value: k }));

const DONE = { told: TOLD_DONE, released: RELEASED_DONE } as const;

export const NO_HELD_LETTERS = 'No parent is waiting to be told the decision: no family letter is held.';

function letterSection(m: HeldLettersModel, l: HeldLettersModel['letters'][number]): Json {
  const data = { conferenceId: m.conferenceId, attendeeId: l.attendeeId };
  const id = (f: Parameters<typeof heldInputId>[0]) => heldInputId(f, l.attendeeId);
  const actions = [
    showCard('Record that they were told', {
      body: [
        choiceSet(id('explainedBy'), 'Who told them', choices(EXPLAINED_BY, EXPLAINED_BY_LABEL), { required: true }),
        choiceSet(id('how'), 'How', choices(EXPLAINED_HOW, EXPLAINED_HOW_LABEL), { required: true }),
        choiceSet(id('view'), 'How they gave their view of the decision', choices(VIEW_ROUTES, VIEW_ROUTE_LABEL), {
          required: true,
        }),
      ],
      actions: [execute('Record that they were told', 'told-in-person', data, { style: 'positive' })],
    }),
    ...(l.gone
      ? []
      : [
          showCard('Send the letter now without the record', {
            body: [
              textInput(id('reason'), RELEASE_REASON_LABEL, { multiline: true, required: true, maxLength: 1000 }),
              subtle(RELEASE_HINT),
            ],
            actions: [execute('Send the letter now without the record', 'release-letter', data)],
          }),
        ]),
  ];
  return container(
    [
      text(`${l.who}: ${HOLD_REASON_LABEL[l.reason]}`, { weight: 'Bolder' }),
      text(l.line),
      { type: 'ActionSet', actions },
    ],
    { separator: true },
  );
}

/** The card's title, and the summary Teams shows when it arrives unasked (no names: the reference only). */
export const heldLettersTitle = (reference: string): string => `${reference}: parents to tell the decision`;

/** `recipient`: the chair's Teams `29:` id; Teams refreshes the card for them. */
export function heldLettersCard(m: HeldLettersModel, recipient: CardRecipient): AdaptiveCard {
  const data = { conferenceId: m.conferenceId };
  return card({
    body: [
      title(heldLettersTitle(m.reference)),
      ...(m.done ? [text(DONE[m.done], { color: 'Good' })] : []),
      ...(m.letters.length ? [text(HELD_LETTERS_INTRO), ...m.letters.map((l) => letterSection(m, l))] : []),
      ...(m.letters.length ? [] : [text(NO_HELD_LETTERS)]),
    ],
    actions: [execute('Refresh', 'refresh', { ...data, card: 'held-letters' })],
    refresh: { data: { ...data, card: 'held-letters' }, userIds: [recipient] },
  });
}
