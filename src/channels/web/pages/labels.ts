/**
 * Rows only pages show. Every other label (children, roles, recommendations, answers, the checklist,
 * states) comes from src/content/labels.ts, the same words as emails and cards.
 */
import type { Attendee } from '../../../domain/conference-parts.ts';
import type { Conference } from '../../../domain/conference.ts';
import type { Policy } from '../../../domain/policy/schema.ts';
import { mayOpenWhoItIsAbout, whoItIsAbout } from '../../../content/templates/who-it-is-about.ts';

/** Fact rows naming the children and the family, for a professional's own page (never a title or URL). */
export function whoItIsAboutRows(c: Conference, policy: Policy, a: Attendee): [string, string][] {
  if (!mayOpenWhoItIsAbout(c, policy, a)) return [];
  const about = whoItIsAbout(c);
  return [
    [about.children.length === 1 ? 'Child' : 'Children', about.children.join('; ')],
    ...(about.family.length ? ([['Parents and carers', about.family.join('; ')]] as [string, string][]) : []),
  ];
}
