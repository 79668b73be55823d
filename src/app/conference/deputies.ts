/**
 * A colleague a professional named to go in their place (on the web answer page or the Teams card).
 * The deputy's name and address are kept out of the aggregate, in a blob of the conference (never a
 * key, job or log), so the chair's briefing can name them beside the one who cannot come until the
 * coordinator adds them as an attendee.
 */
import type { Conference } from '../../domain/conference.ts';
import { allocateIds } from '../../domain/ids.ts';
import type { AppDeps } from '../deps.ts';

export interface NamedDeputy {
  name: string;
  email: string;
}

const PREFIX = 'deputy-';

/**
 * Keeps the deputy `attendeeId` named, with `change` (for instance their answer) applied to the
 * conference in the same update; returns the updated conference.
 */
export async function keepDeputy(
  deps: AppDeps,
  conferenceId: string,
  attendeeId: string,
  deputy: NamedDeputy,
  at: string,
  change: (cur: Conference) => Conference = (cur) => cur,
): Promise<Conference> {
  let blobId = '';
  const updated = await deps.store.update(conferenceId, (cur) => {
    const changed = change(cur);
    const issued = allocateIds(changed, 'blob', 1);
    blobId = `${PREFIX}${attendeeId}-${issued.ids[0]}`;
    return issued.conference;
  });
  const kept: NamedDeputy = { name: deputy.name, email: deputy.email };
  await deps.store.putBlob(conferenceId, blobId, Buffer.from(JSON.stringify(kept), 'utf8'), {
    contentType: 'application/json',
    attendeeId,
    at,
  });
  return updated;
}

/**
 * The deputy each attendee who is not coming named last (by attendee id), leaving out anyone the
 * coordinator has since added as an attendee (by email address) and anyone who now says they come.
 */
export async function namedDeputies(deps: AppDeps, c: Conference): Promise<Record<string, NamedDeputy>> {
  const out: Record<string, { deputy: NamedDeputy; at: string }> = {};
  const added = new Set(c.attendees.flatMap((a) => (a.email ? [a.email.toLowerCase()] : [])));
  for (const id of ((await deps.store.listBlobs?.(c.id)) ?? []).filter((b) => b.startsWith(PREFIX))) {
    const blob = await deps.store.getBlob(c.id, id);
    const attendeeId = blob?.meta['attendeeId'];
    const a = c.attendees.find((x) => x.id === attendeeId);
    if (!blob || !a || a.rsvp !== 'declined') continue;
    const deputy = JSON.parse(blob.data.toString('utf8')) as NamedDeputy;
    const at = blob.meta['at'] ?? '';
    if (added.has(deputy.email.toLowerCase()) || (out[a.id] && out[a.id]!.at > at)) continue;
    out[a.id] = { deputy, at };
  }
  return Object.fromEntries(Object.entries(out).map(([id, d]) => [id, d.deputy]));
}
