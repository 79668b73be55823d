/** Who the bot talks to in a conference's chat. Labels for people live in src/content/labels.ts. */
import type { Attendee } from '../../domain/conference-parts.ts';
import type { Conference } from '../../domain/conference.ts';

export const chairOf = (c: Conference): Attendee | undefined => c.attendees.find((a) => a.role === 'chair');

/** Who the bot addresses in Teams: their Teams user id, or failing that their email/UPN. */
export function chatAddress(a: Attendee): { teamsUserId?: string; email?: string } | undefined {
  if (!a.teamsUserId && !a.email) return undefined;
  return { ...(a.teamsUserId ? { teamsUserId: a.teamsUserId } : {}), ...(a.email ? { email: a.email } : {}) };
}
