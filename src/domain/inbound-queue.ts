/**
 * Unproven mail waiting for the coordinator stops being work once it cannot matter: the attendee's
 * own report has been filed (the unproven copy adds nothing the record lacks), or the conference has
 * ended (closed or cancelled: it takes no more reports). Such items are resolved as superseded,
 * kept in the queue's history, and leave the worklist (trial finding: one stayed overdue for good).
 */
import type { IsoInstant } from './conference-parts.ts';
import type { Conference, InboundQueueItem } from './conference.ts';

export type SupersededBecause = NonNullable<InboundQueueItem['supersededBecause']>;

/**
 * The conference with its pending items resolved as superseded: those from `attendeeId` when given
 * (their report was filed), else all of them (the conference ended). `except`: an item being
 * confirmed as that very report. Returns the ids resolved.
 */
export function supersedeQueued(
  c: Conference,
  at: IsoInstant,
  because: SupersededBecause,
  only: { attendeeId?: string; except?: string } = {},
): { conference: Conference; superseded: string[] } {
  const superseded: string[] = [];
  const queue = (c.inboundQueue ?? []).map((q) => {
    if (q.status !== 'pending' || q.id === only.except) return q;
    if (only.attendeeId !== undefined && q.attendeeId !== only.attendeeId) return q;
    superseded.push(q.id);
    return { ...q, status: 'superseded' as const, decidedAt: at, decidedBy: 'system', supersededBecause: because };
  });
  return { conference: superseded.length ? { ...c, inboundQueue: queue } : c, superseded };
}
