/**
 * What every card verb is handed once the router has found the conference and the attendee behind
 * the activity, and the one rule most of them share: only the conference's chair may do it.
 */
import type { AdaptiveCard } from '../../content/cards/adaptive.ts';
import type { AppDeps } from '../../app/deps.ts';
import type { Attendee } from '../../domain/conference-parts.ts';
import type { Conference } from '../../domain/conference.ts';
import { ConflictError } from '../../domain/errors.ts';
import type { CardData } from './card-data.ts';

export interface ActionEnv {
  deps: AppDeps;
  c: Conference;
  me: Attendee;
  /** The actor's `29:` id, for the card's per-user refresh. */
  userId: string;
}
export type CardAction = (env: ActionEnv, data: CardData) => Promise<AdaptiveCard>;

export class NotAllowedError extends ConflictError {
  override name = 'NotAllowedError';
}

/** The chair's actions, as the chair's page is the chair's link alone (links.ts). */
export function chairOnly(env: ActionEnv): void {
  if (env.me.role !== 'chair') throw new NotAllowedError(`Only the chair of ${env.c.reference} can do that`);
}
