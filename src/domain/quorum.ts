import type { Conference } from './conference.ts';
import type { Policy } from './policy/schema.ts';

export interface QuorumResult {
  quorate: boolean;
  /** What is missing, in words the chair can act on. */
  missing: string[];
}

/**
 * Quoracy under the policy: children's social care present, at least N other agencies with
 * direct contact, and police at every initial conference where the policy says so.
 * Agencies are counted by their name (two health visitors are one agency).
 */
export function checkQuorum(
  policy: Policy,
  conference: Pick<Conference, 'attendees' | 'kind'>,
  presentIds: readonly string[],
): QuorumResult {
  const present = conference.attendees.filter((a) => presentIds.includes(a.id));
  const missing: string[] = [];
  if (policy.quorum.childrensSocialCare && !present.some((a) => a.role === 'social-worker'))
    missing.push("children's social care (the social worker)");
  const others = new Set(
    present
      .filter((a) => a.role === 'professional' || a.role === 'police' || a.role === 'midwife')
      .map((a) => (a.agency ?? a.role).trim().toLowerCase()),
  );
  if (others.size < policy.quorum.minOtherAgencies)
    missing.push(
      `${policy.quorum.minOtherAgencies - others.size} more agenc${policy.quorum.minOtherAgencies - others.size === 1 ? 'y' : 'ies'} with direct contact (${others.size} of ${policy.quorum.minOtherAgencies} present)`,
    );
  if (policy.quorum.policeAtInitial && conference.kind === 'initial' && !present.some((a) => a.role === 'police'))
    missing.push('police (required at every initial conference)');
  return { quorate: missing.length === 0, missing };
}
