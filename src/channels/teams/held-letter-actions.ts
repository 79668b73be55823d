/**
 * The chair's held family letters from Teams: record that a parent was told the decision, or send
 * their letter now without the record, giving the reason. The same use-cases as the chair's page
 * (confirmToldInPerson, releaseHeldLetter: their rules, checks and audit entries), the same rule on
 * who may (this conference's chair), audited as the chair. The card's own fields are checked here
 * (zod); a bad submit gets a card naming the problem and changes nothing.
 */
import { z } from 'zod/v4';
import { heldInputId, heldLettersCard as card, type HeldLettersModel } from '../../content/cards/held-letters.ts';
import type { AdaptiveCard } from '../../content/cards/adaptive.ts';
import { attendeeActor } from '../../app/credentials/actor.ts';
import { heldLettersModel } from '../../app/chat/held-letters-model.ts';
import { confirmToldInPerson, releaseHeldLetter } from '../../app/circulation/circulation-actions.ts';
import { parseInput } from '../../app/shared/parse.ts';
import type { Conference } from '../../domain/conference.ts';
import { ATTENDEE_ID } from '../../domain/ids.ts';
import { chairOnly, type ActionEnv, type CardAction } from './action-env.ts';
import type { CardData } from './card-data.ts';

/** Whose letter the button is for: the card puts the parent's id in each button's data. */
const Target = z
  .object({
    attendeeId: z
      .string()
      .regex(ATTENDEE_ID, { message: 'not a parent or carer on this card: use the buttons on the latest card' }),
  })
  .loose();

/** What the chair typed or chose (Teams sends every input as text; a blank one as nothing). */
const Answer = z
  .string({ error: 'expected text' })
  .trim()
  .max(1000, { message: 'at most 1000 characters' })
  .optional()
  .transform((v) => v || undefined);

type Field = Parameters<typeof heldInputId>[0];

/** The parent the button is for and their form's answers, by the card's input names (`reason-a5`). */
function submitted<F extends Field>(d: CardData, fields: readonly F[]) {
  const { attendeeId } = parseInput(Target, d, 'card');
  const named = parseInput(
    z.object(Object.fromEntries(fields.map((f) => [heldInputId(f, attendeeId), Answer]))).loose(),
    d,
    'card',
  ) as Record<string, string | undefined>;
  const answers: Partial<Record<F, string>> = {};
  for (const f of fields) {
    const v = named[heldInputId(f, attendeeId)];
    if (v !== undefined) answers[f] = v;
  }
  return { attendeeId, answers };
}

/** The chair's card of held letters, with what they just did said back. */
export function heldLettersCard(env: ActionEnv, c: Conference, done?: HeldLettersModel['done']): AdaptiveCard {
  return card(heldLettersModel(c, done), env.userId);
}

export const toldInPerson: CardAction = async (env, d) => {
  chairOnly(env);
  const { attendeeId, answers } = submitted(d, ['explainedBy', 'how', 'view'] as const);
  const c = await confirmToldInPerson(env.deps, env.c.id, attendeeId, answers, attendeeActor(env.me.id));
  return heldLettersCard(env, c, 'told');
};

export const releaseLetter: CardAction = async (env, d) => {
  chairOnly(env);
  const { attendeeId, answers } = submitted(d, ['reason'] as const);
  // No reason is a blank reason: refused with the reason's own message, as on the chair's page.
  const c = await releaseHeldLetter(
    env.deps,
    env.c.id,
    attendeeId,
    { reason: answers.reason ?? '' },
    attendeeActor(env.me.id),
  );
  return heldLettersCard(env, c, 'released');
};
