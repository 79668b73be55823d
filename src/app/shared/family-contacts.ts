import type { ContactPerson } from '../../content/words.ts';
import type { Conference } from '../../domain/conference.ts';

/** Who a family letter names: the chair who checked it, and the social worker with how to reach them. */
export function familyContacts(c: Conference): { chair?: string; socialWorker?: ContactPerson } {
  const chair = c.attendees.find((a) => a.role === 'chair');
  const sw = c.attendees.find((a) => a.role === 'social-worker');
  return {
    ...(chair ? { chair: chair.name } : {}),
    ...(sw
      ? {
          socialWorker: {
            name: sw.name,
            ...(sw.phone ? { phone: sw.phone } : {}),
          },
        }
      : {}),
  };
}
