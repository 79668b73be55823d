/**
 * The approved decision to everyone, as one job per conference: the conference is read once, each
 * role's letter worked out and drawn once, and the professionals' emails go in bounded batches
 * (claims in one round trip, the batch through the mail pool together, sent marks in one round
 * trip). Exactly once per recipient still rests on the per-recipient send ledger: a retry, or a
 * second worker after a crash, sends only what is not yet sent.
 */
import { circulationRecipients, type CirculationRecipient } from '../../domain/circulation.ts';
import type { Conference } from '../../domain/conference.ts';
import { NotFoundError, ValidationError } from '../../domain/errors.ts';
import { StepCannotSucceedError } from '../../ports/jobs.ts';
import { CIRCULATE_STEP } from './circulation-status.ts';
import type { AppDeps } from '../deps.ts';
import { deliverEmails, ledgerKey, type EmailSend } from '../shared/deliver.ts';
import { circulationOpen, serveRecipient } from './circulation-steps.ts';
import { finishIfComplete } from './finish-circulation.ts';
import { professionalCopies, professionalEmail } from './professional-copy.ts';

/**
 * Professionals' emails claimed and handed to the mail pool together. Small enough that a batch
 * waits in the pool well inside the send lease, and that a killed worker strands few claims.
 */
export const FAN_OUT_BATCH = 8;

/** Errors that trying again cannot mend (a refused address format, a missing attendee). */
const unrecoverable = (err: unknown) =>
  err instanceof StepCannotSucceedError || err instanceof ValidationError || err instanceof NotFoundError;

/**
 * Every recipient's copy of the decision. A recipient who cannot be served now (the mail server
 * refused, another attempt holds the claim) does not hold up the others: the job fails after all
 * were tried, so it retries with backoff, and the failed list shows it if it never succeeds.
 */
export async function fanOutDecision(deps: AppDeps, c: Conference): Promise<void> {
  if (!circulationOpen(deps, c)) return;
  const policy = deps.policies.get(c.policyId);
  const recipients = circulationRecipients(c, policy).filter((r) => r.channel !== 'none');
  const attendee = (r: CirculationRecipient) => c.attendees.find((a) => a.id === r.attendeeId)!;
  const errors: unknown[] = [];
  const professionals = recipients.filter((r) => r.copy === 'professional');
  // What a retry finds sent is not claimed again.
  const entries = await deps.ledger.getMany(
    c.id,
    professionals.map((r) => ledgerKey(CIRCULATE_STEP, r.key, c.version)),
  );
  const waiting = professionals.filter((_, i) => entries[i]?.state !== 'sent');
  const copyFor = professionalCopies(deps, c, policy);
  for (let i = 0; i < waiting.length; i += FAN_OUT_BATCH) {
    try {
      const batch = waiting.slice(i, i + FAN_OUT_BATCH);
      const sends = await Promise.all(batch.map((r) => professionalEmail(c, policy, attendee(r), r, copyFor)));
      const outcomes = await deliverEmails(
        deps,
        c,
        sends.filter((s): s is EmailSend => s !== undefined),
      );
      errors.push(...outcomes.filter((o) => o instanceof Error));
    } catch (err) {
      errors.push(err);
    }
  }
  // Family members one by one: a letter may be held for a visit, posted, or passed on by the
  // social worker, with a text message after it (each step its own ledger entry).
  for (const r of recipients.filter((x) => x.copy === 'family')) {
    try {
      await serveRecipient(deps, c, policy, attendee(r), r);
    } catch (err) {
      errors.push(err);
    }
  }
  if (errors.length === 0) {
    await finishIfComplete(deps, c.id, c);
    return;
  }
  deps.logger.warn('decision fan-out: some recipients not served yet, will retry', {
    conferenceId: c.id,
    reference: c.reference,
    errors: errors.length,
  });
  // Retried while anything could still succeed; the failed list (reason kept) only when nothing can.
  throw errors.find((e) => !unrecoverable(e)) ?? errors[0];
}
