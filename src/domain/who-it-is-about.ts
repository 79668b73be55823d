import type { Attendee } from './conference.ts';
import type { Role } from './vocabulary.ts';

/** Professionals who write or read the reports and need to know which children and family a conference is about. */
const TOLD_NAMES: ReadonlySet<Role> = new Set<Role>(['chair', 'social-worker', 'professional', 'police', 'midwife', 'minute-taker']);

/**
 * May this attendee be told the children's and parents' names in their own invitation, report
 * request, card or page? Professionals only; an interpreter only when they interpret for
 * professionals (one who comes with a parent gets what that parent gets, and no more).
 */
export function mayKnowWhoItIsAbout(a: Pick<Attendee, 'role' | 'accompanies'>): boolean {
  return TOLD_NAMES.has(a.role) || (a.role === 'interpreter' && !a.accompanies);
}
