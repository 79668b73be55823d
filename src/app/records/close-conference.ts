import type { Conference } from '../../domain/conference.ts';
import { transition } from '../../domain/state-machine.ts';
import { supersedeQueued } from '../../domain/inbound-queue.ts';
import { withFollowOn } from '../../domain/follow-on.ts';
import { followOnAfterWrite } from '../conference/follow-on.ts';
import type { AppDeps } from '../deps.ts';
import { loadConference } from '../shared/load.ts';
import { parseInput } from '../shared/parse.ts';
import { toLondonIso } from '../shared/time.ts';
import { z } from 'zod/v4';

export const CloseInput = z
  .object({
    reason: z.string().trim().min(1).max(500).optional(),
    requestedBy: z.string().trim().min(1).max(120).default('coordinator'),
  })
  .strict();

/**
 * Closes a conference whose work is done (circulated, or follow-ups done): its remaining jobs are
 * removed and the retention clock starts from this last change. Closing twice is a 409.
 */
export async function closeConference(deps: AppDeps, id: string, raw: unknown): Promise<Conference> {
  const input = parseInput(CloseInput, raw ?? {}, 'close request');
  await loadConference(deps.store, id);
  const at = toLondonIso(deps.clock.now());
  const closed = await deps.store.update(id, (c) => {
    const moved = transition(c, 'closed', {
      at,
      by: input.requestedBy,
      ...(input.reason ? { reason: input.reason } : {}),
    });
    // Unproven mail still waiting can no longer be filed: it leaves the coordinator's worklist.
    const resolved = supersedeQueued(moved, at, 'conference-ended');
    // The remaining jobs go and the audit is written after: stored with the change (follow-on.ts).
    const detail = { requestedBy: input.requestedBy, ...(input.reason ? { reason: input.reason } : {}) };
    const audit = { at, actor: 'coordinator', action: 'conference.closed', detail };
    return {
      ...resolved.conference,
      followOn: withFollowOn(c.followOn, {
        kind: 'close',
        version: c.version,
        since: at,
        audit: resolved.superseded.length ? { ...audit, superseded: resolved.superseded } : audit,
      }),
    };
  });
  deps.logger.info('conference closed', { conferenceId: id, reference: closed.reference });
  return followOnAfterWrite(deps, closed);
}
