/**
 * Personal views links by email for attendees the chair cannot reach with a Teams card, sent when
 * the chair opens the round of views. Family members get it only where the policy asks for their
 * own view (otherwise the chair records the family's view).
 */
import { asksForOwnView } from '../../domain/authority.ts';
import type { Conference } from '../../domain/conference.ts';
import { FAMILY_ROLES } from '../../domain/vocabulary.ts';
import type { Actor } from '../credentials/actor.ts';
import type { AppDeps } from '../deps.ts';
import { deliverEmail } from '../shared/deliver.ts';
import { personalLink } from '../credentials/links.ts';
import { sendViewCards } from '../chat/views-round.ts';
import { openViewRound } from './meeting.ts';
import { toLondonIso } from '../shared/time.ts';
import { senderOf } from '../shared/sender.ts';

/** Emails each attendee who gives their own view, except those already reached by a Teams card, their personal views link. */
export async function sendViewLinks(
  deps: AppDeps,
  c: Conference,
  reachedInTeams: ReadonlySet<string> = new Set(),
): Promise<number> {
  const policy = deps.policies.get(c.policyId);
  const sender = senderOf(policy);
  let sent = 0;
  for (const a of c.attendees) {
    if (!a.email || !asksForOwnView(policy, a)) continue;
    if (reachedInTeams.has(a.id)) continue; // the Teams card reached them in the meeting
    const href = personalLink(deps, c, a.id, 'views');
    const family = FAMILY_ROLES.has(a.role);
    const lead = family
      ? 'The chair is now asking everyone what they think should happen next. Open this link to give your view. Only the chair and the people in the meeting will see it.'
      : `The chair has opened the round of views for ${c.reference}. Give your view for each child on this page (your personal link: do not forward it).`;
    const text = `${lead}\n\n${href}\n\nThe link works until the chair closes the round.`;
    const html = `<p>${lead}</p><p><a href="${href}">Give your view</a></p><p>The link works until the chair closes the round.</p>`;
    const outcome = await deliverEmail(deps, c, {
      step: 'views-link',
      recipient: a.id,
      message: {
        to: a.email,
        from: sender,
        subject: family ? `Your conference ${c.reference}: give your view now` : `${c.reference}: give your view now`,
        text,
        html,
      },
    });
    if (outcome === 'sent') sent++;
  }
  await deps.store.audit(c.id, {
    at: toLondonIso(deps.clock.now()),
    actor: 'system',
    action: 'views.links-sent',
    detail: { sent },
  });
  return sent;
}

/**
 * The chair opens the round of views, through whichever door (API, chair's page, Teams): everyone
 * who gives a view gets a card per child in Teams where the bot reaches them, and everyone else
 * their personal views link by email.
 */
export async function openRoundOfViews(
  deps: AppDeps,
  id: string,
  raw: unknown,
  actor: Actor,
): Promise<{ conference: Conference; cardsSent: string[]; linksSent: number }> {
  const conference = await openViewRound(deps, id, raw, actor);
  const { sent } = await sendViewCards(deps, conference);
  const linksSent = await sendViewLinks(deps, conference, new Set(sent));
  return { conference, cardsSent: sent, linksSent };
}
