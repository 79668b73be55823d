/** A store write that fails once, as if the worker died just before it (the retry then goes through). */
import type { Conference } from '../../src/domain/conference.ts';
import type { TestService } from './service.ts';

/**
 * The service's first store write that `when` picks (given the conference before and after it) fails
 * once; the answer counts the writes it picked, so more than 1 means the retry made it.
 */
export function failStoreWriteOnce(s: TestService, when: (cur: Conference, next: Conference) => boolean): () => number {
  const store = s.rt.deps.store;
  const update = store.update.bind(store);
  let picked = 0;
  store.update = (id, mutate) =>
    update(id, async (cur: Conference) => {
      const next = await mutate(cur);
      if (when(cur, next) && picked++ === 0) throw new Error('the worker stopped here');
      return next;
    });
  return () => picked;
}
