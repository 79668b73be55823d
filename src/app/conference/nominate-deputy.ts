import { z } from 'zod/v4';
import type { Conference } from '../../domain/conference.ts';
import { NotFoundError } from '../../domain/errors.ts';
import type { AppDeps } from '../deps.ts';
import { deliverEmail } from '../shared/deliver.ts';
import { parseInput } from '../shared/parse.ts';
import { toLondonIso } from '../shared/time.ts';
import { keepDeputy } from './deputies.ts';
import { deputyNominated } from '../../content/templates/short-notices.ts';
import { senderOf, coordinatorAddress } from '../shared/sender.ts';

export const DeputyInput = z
  .object({
    name: z.string().trim().min(1, 'give your colleague’s name').max(120),
    email: z.email({ message: 'give your colleague’s work email address' }).max(254),
  })
  .strict();

/**
 * A professional who cannot attend nominates a colleague. The coordinator adds the deputy as an
 * attendee (so they get their own invitation and links); this keeps the nomination as the Teams card
 * does (conference/deputies.ts: the chair's briefing names the deputy until then) and tells the
 * coordinator and the chair. The deputy's name goes only into the kept record and those two emails'
 * bodies, never a subject or the audit trail.
 */
export async function nominateDeputy(deps: AppDeps, c: Conference, attendeeId: string, raw: unknown): Promise<void> {
  const input = parseInput(DeputyInput, raw, 'deputy');
  const a = c.attendees.find((x) => x.id === attendeeId);
  if (!a) throw new NotFoundError(`No attendee ${attendeeId} in ${c.reference}`);
  const policy = deps.policies.get(c.policyId);
  const at = toLondonIso(deps.clock.now());
  const rendered = (to: 'coordinator' | 'chair') =>
    deputyNominated({
      reference: c.reference,
      role: a.role,
      ...(a.agency ? { agency: a.agency } : {}),
      deputy: input,
      for: to,
    });
  const sender = senderOf(policy);
  const chair = c.attendees.find((x) => x.role === 'chair');
  const n =
    (await deps.store.readAudit(c.id)).filter((e) => e.action === 'deputy.nominated' && e.actor === a.id).length + 1;
  for (const [who2, to] of [
    ['coordinator', coordinatorAddress(deps, policy)],
    ['chair', chair?.email],
  ] as const) {
    if (to)
      await deliverEmail(deps, c, {
        step: 'deputy-nominated',
        recipient: `${a.id}-${who2}-n${n}`,
        message: { ...rendered(who2), to, from: sender },
      });
  }
  await keepDeputy(deps, c.id, a.id, input, at);
  await deps.store.audit(c.id, { at, actor: a.id, action: 'deputy.nominated', detail: { attendeeId: a.id } });
}
