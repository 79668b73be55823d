/**
 * The chair's checklist for the parents' pre-meeting slot. Each item is ticked with its own button,
 * so every tick is recorded (with the time) the moment the chair makes it. Exclusions are recorded
 * here too: who, which part, on which of the policy's documented grounds.
 */
import {
  card,
  choiceSet,
  container,
  execute,
  facts,
  showCard,
  subtle,
  text,
  textInput,
  title,
  type AdaptiveCard,
  type Choice,
  type CardRecipient,
} from './adaptive.ts';
import { CHECKLIST_NOTE_LABEL, checklistNoteLine } from '../labels.ts';

export interface ChecklistModel {
  conferenceId: string;
  reference: string;
  /** Built-in items and the policy's own; a ticked one with when, and the chair's note if any. */
  items: { id: string; label: string; tickedAt?: string; note?: string }[];
  /** Who is expected (role labels, no family names). */
  attending: string[];
  /** Attendees who could be asked to leave part of the meeting: role labels and ids. */
  attendees: Choice[];
  exclusionGrounds: string[];
  /** Arrangements not confirmed yet (interpreter, accessibility, advocacy referral): check before starting. */
  notConfirmed?: string[];
  exclusions: { who: string; part: string; ground: string }[];
  /** Parents and carers whose invitation has not gone (never sent, or a letter never printed): the chair asks before starting. */
  invitationsNotGone?: { who: string; why: string }[];
}

/** Each item ticked or to do, with when it was ticked and the chair's note: the checklist card and the chair's briefing. */
export const checklistFacts = (items: ChecklistModel['items']) =>
  facts(
    items.map((i) => [
      i.tickedAt ? '✓ Done' : '○ To do',
      `${i.label}${i.tickedAt ? ` (${i.tickedAt})` : ''}${i.note ? `. ${checklistNoteLine(i.note)}` : ''}`,
    ]),
  );

/** `recipient`: the Teams `29:` id of the person the card is for; Teams refreshes it automatically for them. */
export function checklistCard(m: ChecklistModel, recipient: CardRecipient): AdaptiveCard {
  const data = { conferenceId: m.conferenceId };
  const open = m.items.filter((i) => !i.tickedAt);
  return card({
    body: [
      title(`${m.reference}: parents' slot checklist`),
      text('Go through these with the parents before the professionals join. Tick each one as you cover it.'),
      ...(m.invitationsNotGone?.length
        ? [
            container(
              [
                text('Family members whose invitation has not gone: they may not know about the meeting.', {
                  weight: 'Bolder',
                  color: 'Attention',
                }),
                facts(m.invitationsNotGone.map((g) => [g.who, g.why])),
              ],
              { style: 'attention' },
            ),
          ]
        : []),
      checklistFacts(m.items),
      ...(m.notConfirmed?.length
        ? [
            text('Not confirmed yet, check before you start:', { weight: 'Bolder', color: 'Attention' }),
            text(m.notConfirmed.map((x) => `- ${x}`).join('\n')),
          ]
        : []),
      ...(m.attending.length ? [text('Expected today:'), text(m.attending.map((a) => `- ${a}`).join('\n'))] : []),
      ...(m.exclusions.length
        ? [text('Exclusions recorded:'), facts(m.exclusions.map((e) => [e.who, `${e.part} (${e.ground})`]))]
        : []),
      subtle(open.length ? `${open.length} still to do.` : 'Everything is ticked.'),
      // Sent with whichever item the chair ticks next, and kept with that tick.
      ...(open.length
        ? [
            textInput('note', `${CHECKLIST_NOTE_LABEL}, kept with the item you tick next`, {
              multiline: true,
              maxLength: 1000,
            }),
          ]
        : []),
    ],
    actions: [
      ...open.slice(0, 4).map((i) => execute(`Tick: ${i.label}`, 'checklist-tick', { ...data, item: i.id })),
      ...(open.length > 4
        ? [
            showCard('More items', {
              body: [
                choiceSet(
                  'item',
                  'Item',
                  open.slice(4).map((i) => ({ title: i.label, value: i.id })),
                  { required: true },
                ),
              ],
              actions: [execute('Tick', 'checklist-tick', data)],
            }),
          ]
        : []),
      showCard('Record an exclusion', {
        body: [
          choiceSet('attendeeId', 'Who', m.attendees, { required: true, style: 'compact' }),
          textInput('part', 'Which part of the meeting', { required: true, maxLength: 300 }),
          choiceSet(
            'ground',
            'Ground (from the local policy)',
            m.exclusionGrounds.map((g) => ({ title: g, value: g })),
            { required: true },
          ),
        ],
        actions: [execute('Record the exclusion', 'exclusion', data)],
      }),
    ],
    refresh: { data: { ...data, card: 'checklist' }, userIds: [recipient] },
  });
}
