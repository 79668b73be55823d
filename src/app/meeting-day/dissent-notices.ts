/**
 * After the chair decides, each professional whose view differs is told, one-to-one, that it is
 * recorded as dissent and what their agency's escalation route is: a Teams card per child where the
 * bot reaches them, otherwise one email listing every child. Family members are not told here:
 * nothing reaches a family before the chair approves, and their letter carries the family's route.
 */
import { dissentCard } from '../../content/cards/chair-round.ts';
import { dissentEmail, type DissentItem } from '../../content/templates/dissent-notice.ts';
import type { Attendee } from '../../domain/conference-parts.ts';
import type { Conference } from '../../domain/conference.ts';
import { isFamilyDissent } from '../../domain/views.ts';
import { childTag } from '../../content/labels.ts';
import { deliverCardNow } from '../chat/deliver-card.ts';
import type { AppDeps } from '../deps.ts';
import { deliverEmail } from '../shared/deliver.ts';
import { senderOf } from '../shared/sender.ts';

export async function tellDissenters(deps: AppDeps, c: Conference): Promise<{ byCard: number; byEmail: number }> {
  const policy = deps.policies.get(c.policyId);
  const told = { byCard: 0, byEmail: 0 };
  const byEmail = new Map<Attendee, DissentItem[]>();
  for (const d of c.decision?.dissent ?? []) {
    if (isFamilyDissent(d, c.attendees)) continue;
    const a = d.attendeeId ? c.attendees.find((x) => x.id === d.attendeeId) : undefined;
    const child = c.children.find((x) => x.id === d.childId);
    const outcome = c.decision!.outcomes.find((o) => o.childId === d.childId);
    if (!a || !child || !outcome) continue;
    const item: DissentItem = {
      childLabel: childTag(c, child),
      decision: outcome.outcome,
      ...(d.recommendation ? { yours: d.recommendation } : {}),
      route: d.escalationRoute,
    };
    const card = await deliverCardNow(deps, c, {
      step: 'dissent',
      recipient: `${a.id}-${child.id}`,
      to: a,
      card: () => dissentCard({ reference: c.reference, ...item }),
      summary: `${c.reference}: your view differs from the decision`,
    });
    if (card === 'sent') told.byCard++;
    if (card === 'unreachable' && a.email) byEmail.set(a, [...(byEmail.get(a) ?? []), item]);
  }
  for (const [a, items] of byEmail) {
    const rendered = dissentEmail({ reference: c.reference, policy, items });
    const sent = await deliverEmail(deps, c, {
      step: 'dissent',
      recipient: a.id,
      message: { ...rendered, to: a.email!, from: senderOf(policy) },
    });
    if (sent === 'sent') told.byEmail++;
  }
  return told;
}
