/**
 * The in-meeting round in chat: every attendee who gives a view gets one card per child,
 * one-to-one (never in the meeting chat, where guests and the family read). After the decision,
 * professionals whose view differs are told their route (dissent-notices.ts).
 */
import { viewCard } from '../../content/cards/view-card.ts';
import type { Conference } from '../../domain/conference.ts';
import { childrenFor } from '../../domain/disclosure.ts';
import type { AppDeps } from '../deps.ts';
import { deliverCardNow } from './deliver-card.ts';
import { toLondonIso } from '../shared/time.ts';
import { childTag } from '../../content/labels.ts';
import { viewCardModel, viewGivers } from './models.ts';

export async function sendViewCards(deps: AppDeps, c: Conference): Promise<{ sent: string[]; unreachable: string[] }> {
  const policy = deps.policies.get(c.policyId);
  const sent: string[] = [];
  const unreachable: string[] = [];
  for (const a of viewGivers(c, policy)) {
    let reached = false;
    for (const child of c.children.filter((ch) => childrenFor(c, a).includes(ch.id))) {
      const outcome = await deliverCardNow(deps, c, {
        step: 'views-card',
        recipient: `${a.id}-${child.id}`,
        to: a,
        card: (to) => viewCard(viewCardModel(c, policy, a, child.id), to),
        summary: `${c.reference}: your view for ${childTag(c, child)}`,
      });
      if (outcome !== 'unreachable') reached = true;
    }
    (reached ? sent : unreachable).push(a.id);
  }
  await deps.store.audit(c.id, {
    at: toLondonIso(deps.clock.now()),
    actor: 'system',
    action: 'views.cards-sent',
    detail: { sent, unreachable },
  });
  return { sent, unreachable };
}
