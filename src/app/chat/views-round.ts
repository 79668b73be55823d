/**
 * The in-meeting round in chat: every attendee who gives a view gets one card per child,
 * one-to-one (never in the meeting chat, where guests and the family read). After the decision,
 * everyone whose view differs is told of their route: their agency's escalation route, or the family's.
 */
import { dissentCard } from '../../../cards/chair-round.ts';
import { viewCard } from '../../../cards/view-card.ts';
import type { Conference } from '../../domain/conference.ts';
import { isFamilyDissent } from '../../domain/views.ts';
import { childrenFor } from '../../domain/disclosure.ts';
import type { AppDeps } from '../deps.ts';
import { deliverCard } from './deliver-card.ts';
import { toLondonIso } from '../time.ts';
import { childLabel } from './labels.ts';
import { viewCardModel, viewGivers } from './models.ts';

export async function sendViewCards(deps: AppDeps, c: Conference): Promise<{ sent: string[]; unreachable: string[] }> {
  const policy = deps.policies.get(c.policyId);
  const sent: string[] = [];
  const unreachable: string[] = [];
  for (const a of viewGivers(c, policy)) {
    let reached = false;
    for (const child of c.children.filter((ch) => childrenFor(c, a).includes(ch.id))) {
      const outcome = await deliverCard(deps, c, {
        step: 'views-card',
        recipient: `${a.id}-${child.id}`,
        to: a,
        card: viewCard(viewCardModel(c, policy, a, child.id)),
        summary: `${c.reference}: your view for ${childLabel(c, child)}`,
      });
      if (outcome !== 'unreachable') reached = true;
    }
    (reached ? sent : unreachable).push(a.id);
  }
  await deps.store.audit(c.id, { at: toLondonIso(deps.clock.now()), actor: 'system', action: 'views.cards-sent', detail: { sent, unreachable } });
  return { sent, unreachable };
}

export async function notifyDissent(deps: AppDeps, c: Conference): Promise<number> {
  let n = 0;
  for (const d of c.decision?.dissent ?? []) {
    const a = d.attendeeId ? c.attendees.find((x) => x.id === d.attendeeId) : undefined;
    const child = c.children.find((x) => x.id === d.childId);
    const outcome = c.decision!.outcomes.find((o) => o.childId === d.childId);
    if (!a || !child || !outcome) continue;
    const card = dissentCard({
      reference: c.reference,
      childLabel: childLabel(c, child),
      decision: outcome.outcome,
      ...(d.recommendation ? { yours: d.recommendation } : {}),
      route: d.escalationRoute,
      family: isFamilyDissent(d, c.attendees),
    });
    if ((await deliverCard(deps, c, { step: 'dissent', recipient: `${a.id}-${child.id}`, to: a, card, summary: `${c.reference}: your view differs from the decision` })) === 'sent') n++;
  }
  return n;
}
