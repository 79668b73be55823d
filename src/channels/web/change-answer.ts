/**
 * The answer to a change whose follow-on work (jobs, audit) is still to be done (domain/follow-on.ts):
 * the change is stored, so it is not an error; 202 says the rest is under way, `pending` says what.
 */
import type { Response } from 'express';
import type { Conference } from '../../domain/conference.ts';
import { followOnPendingWords } from '../../content/follow-on-words.ts';
import { notice, type Html } from './pages/html.ts';

export const changed = (res: Response, c: Pick<Conference, 'followOn'>): Response => res.status(c.followOn ? 202 : 200);

export function pending(c: Pick<Conference, 'followOn' | 'state' | 'history'>): { pending?: string } {
  const words = followOnPendingWords(c);
  return words ? { pending: words } : {};
}

/** On the conference's page until the follow-on work is done: what was saved and what is still to happen. */
export function followOnNotice(c: Pick<Conference, 'followOn' | 'state' | 'history'>): Html | string {
  const words = followOnPendingWords(c);
  return words ? notice(words, 'warning') : '';
}
