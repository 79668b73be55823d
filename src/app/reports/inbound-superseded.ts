/** The audit of unproven mail resolved as superseded (domain/inbound-queue.ts): one entry per item, by the system. */
import type { Conference } from '../../domain/conference.ts';
import type { SupersededBecause } from '../../domain/inbound-queue.ts';
import type { AppDeps } from '../deps.ts';

export async function auditSuperseded(
  deps: Pick<AppDeps, 'store'>,
  c: Conference,
  items: readonly string[],
  at: string,
  because: SupersededBecause,
): Promise<void> {
  for (const id of items) {
    const q = c.inboundQueue?.find((x) => x.id === id);
    await deps.store.audit(c.id, {
      at,
      actor: 'system',
      action: 'inbound.superseded',
      detail: { item: id, ...(q ? { attendeeId: q.attendeeId } : {}), because },
    });
  }
}
