import type { Conference } from '../../domain/conference.ts';
import { transition } from '../../domain/state-machine.ts';
import { supersedeQueued } from '../../domain/inbound-queue.ts';
import { auditSuperseded } from '../reports/inbound-superseded.ts';
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
  let superseded: string[] = [];
  const closed = await deps.store.update(id, (c) => {
    const moved = transition(c, 'closed', {
      at,
      by: input.requestedBy,
      ...(input.reason ? { reason: input.reason } : {}),
    });
    // Unproven mail still waiting can no longer be filed: it leaves the coordinator's worklist.
    const resolved = supersedeQueued(moved, at, 'conference-ended');
    superseded = resolved.superseded;
    return resolved.conference;
  });
  await deps.jobs.cancelConference(id);
  await deps.store.audit(id, {
    at,
    actor: 'coordinator',
    action: 'conference.closed',
    detail: { requestedBy: input.requestedBy, ...(input.reason ? { reason: input.reason } : {}) },
  });
  await auditSuperseded(deps, closed, superseded, at, 'conference-ended');
  deps.logger.info('conference closed', { conferenceId: id, reference: closed.reference });
  return closed;
}
