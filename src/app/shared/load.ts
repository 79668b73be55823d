import type { Conference } from '../../domain/conference.ts';
import { NotFoundError } from '../../domain/errors.ts';
import type { ConferenceStore } from '../../ports.ts';
import { CONFERENCE_ID } from '../../domain/ids.ts';

export async function loadConference(store: ConferenceStore, id: string): Promise<Conference> {
  const c = CONFERENCE_ID.test(id) ? await store.get(id) : undefined;
  if (!c) throw new NotFoundError(`No conference with id "${id.slice(0, 40)}"`);
  return c;
}
