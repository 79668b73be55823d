/**
 * Correcting an attendee's email address (or their manager's) after the mail server refused it for
 * good ("550 no such user"): the address is changed, their links and reply address from before stop
 * working (mail may have reached whoever holds the wrong address), the refused sends are opened again
 * in the ledger and the failed jobs that were held up by them run again, so the person is sent what
 * they missed, once, and the job leaves the failed list. Audited; the address itself is not.
 */
import { z } from 'zod/v4';
import type { Conference } from '../../domain/conference.ts';
import { NotFoundError, ValidationError, type FieldIssue } from '../../domain/errors.ts';
import type { AppDeps } from '../deps.ts';
import { linkVersion } from '../credentials/links.ts';
import { actor as who, email } from '../shared/field-schemas.ts';
import { loadConference } from '../shared/load.ts';
import { parseInput } from '../shared/parse.ts';
import { retryHeldUp } from '../shared/retry-held-up.ts';
import { toLondonIso } from '../shared/time.ts';

export const CorrectAddressBody = z
  .object({
    /** Their own address, corrected. */
    email: email.optional(),
    /** Their manager's address, corrected (a report escalation goes there). */
    managerEmail: email.optional(),
    requestedBy: who,
  })
  .strict()
  .refine((b) => b.email !== undefined || b.managerEmail !== undefined, {
    message: 'give the corrected email (or managerEmail)',
    path: ['email'],
  });

export async function correctAddress(
  deps: AppDeps,
  id: string,
  attendeeId: string,
  raw: unknown,
  by = 'coordinator',
): Promise<Conference> {
  const input = parseInput(CorrectAddressBody, raw, 'address');
  const current = await loadConference(deps.store, id);
  const a = current.attendees.find((x) => x.id === attendeeId);
  if (!a) throw new NotFoundError(`No attendee "${attendeeId.slice(0, 20)}" in ${current.reference}`);
  const issues: FieldIssue[] = [];
  if (input.email && a.role === 'child')
    issues.push({ field: 'email', message: 'children are never emailed directly (the social worker passes it on)' });
  if (
    input.email &&
    current.attendees.some((x) => x.id !== a.id && x.email?.toLowerCase() === input.email!.toLowerCase())
  )
    issues.push({ field: 'email', message: 'already an attendee with this address' });
  if (issues.length) throw new ValidationError('Invalid address', issues);

  // Their sends refused at the old address: claimable again, so the run below sends them.
  const mended = (current.refusedAddresses ?? []).filter(
    (r) => r.attendeeId === a.id && (r.manager ? input.managerEmail !== undefined : input.email !== undefined),
  );
  const entries = await deps.ledger.getMany(
    id,
    mended.map((r) => r.key),
  );
  for (const [i, r] of mended.entries())
    if (entries[i]?.state === 'refused') await deps.ledger.markFailed(id, r.key, 'address corrected: to be sent again');
  const at = toLondonIso(deps.clock.now());
  const conference = await deps.store.update(id, (c) => ({
    ...c,
    attendees: c.attendees.map((x) =>
      x.id === a.id
        ? {
            ...x,
            ...(input.email ? { email: input.email } : {}),
            ...(input.managerEmail ? { managerEmail: input.managerEmail } : {}),
          }
        : x,
    ),
    // Links sent to a wrong address may be in someone else's mailbox: they stop working.
    ...(input.email && input.email.toLowerCase() !== a.email?.toLowerCase()
      ? { linkVersions: { ...(c.linkVersions ?? {}), [a.id]: linkVersion(c, a.id) + 1 } }
      : {}),
    refusedAddresses: (c.refusedAddresses ?? []).filter((r) => !mended.some((m) => m.key === r.key)),
  }));
  await deps.store.audit(id, {
    at,
    actor: by,
    action: 'attendee.address-corrected',
    detail: {
      attendeeId: a.id,
      role: a.role,
      corrected: [...(input.email ? ['email'] : []), ...(input.managerEmail ? ['managerEmail'] : [])],
      requestedBy: input.requestedBy,
      refusedSends: mended.map((r) => r.key),
    },
  });
  await retryHeldUp(deps, id, `the address of ${a.id} was corrected`);
  return conference;
}
