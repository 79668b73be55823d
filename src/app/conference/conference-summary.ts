/**
 * The summary kept beside each conference (the list, filters and sorting read it without decrypting
 * the aggregate). The store writes it on every change; search results build on it.
 */
import type { Conference } from '../../domain/conference.ts';
import type { ConferenceSummary } from '../../ports.ts';

export function summaryOf(c: Conference): ConferenceSummary {
  return {
    id: c.id,
    reference: c.reference,
    policyId: c.policyId,
    kind: c.kind,
    state: c.state,
    startsAt: c.startsAt,
    timetable: { ...(c.timetable as unknown as Record<string, string>) },
  };
}
