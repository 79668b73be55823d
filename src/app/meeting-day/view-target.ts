/**
 * The chair's "whose view" choice, the same on the chair's page and the Teams round card: an
 * attendee id, `family` (the family's joint view), `child` (the child's own view, taken by the
 * chair) or `child:<attendee id>` (the child's own view, given directly or through their advocate
 * or the social worker). Whether it may be recorded is domain/authority.ts, in recordView.
 */
import { viewAuthority } from '../../domain/authority.ts';
import type { Conference } from '../../domain/conference.ts';
import type { Policy } from '../../domain/policy/schema.ts';

export function viewTarget(who: string): { family?: true; childsView?: true; attendeeId?: string } {
  if (who === 'family') return { family: true };
  if (who === 'child') return { childsView: true };
  if (who.startsWith('child:')) return { childsView: true, attendeeId: who.slice('child:'.length) };
  return { attendeeId: who };
}

const VIA = {
  direct: 'given directly',
  advocate: 'through the advocate',
  'social-worker': 'through the social worker',
  chair: 'taken by the chair',
} as const;

/** The child's-own-view choices: [value, label]. */
export function childVoiceChoices(c: Conference, policy: Policy): [string, string][] {
  const out: [string, string][] = [['child', `The child's own view (${VIA.chair})`]];
  for (const a of c.attendees) {
    const r = viewAuthority(policy, { attendee: a, childsView: true, enteredBy: 'on-behalf' });
    if (r.ok && r.via) out.push([`child:${a.id}`, `The child's own view (${VIA[r.via]}, ${a.id})`]);
  }
  return out;
}
