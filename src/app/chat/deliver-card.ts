import type { Attendee } from '../../domain/conference-parts.ts';
import type { Conference } from '../../domain/conference.ts';
import type { CardFor } from '../../ports.ts';
import { redactPersonalData } from '../../infra/redact.ts';
import type { BaseSendKind } from '../../domain/steps.ts';
import type { AppDeps } from '../deps.ts';
import { claimOrExplain, ledgerKey, SendInProgressError } from '../shared/deliver.ts';
import { chatAddress } from './labels.ts';

export type CardOutcome = 'sent' | 'already-sent' | 'unreachable';
/** What a request (not a job) sees: also `in-progress`, another attempt posting the same card now. */
export type CardOutcomeNow = CardOutcome | 'in-progress';

/**
 * Posts one card one-to-one in Teams at most once per (step, recipient, version), through the same
 * send ledger as email so a retried job never double-posts. Steps end in `-teams` so the email
 * and the card of the same step have distinct ledger keys. `unreachable` (no Teams, app not
 * installed) is normal: the caller falls back to email. While another attempt holds the send's claim
 * it throws SendInProgressError, so the job retries rather than completing with the card unsent.
 */
export async function deliverCard(
  deps: AppDeps,
  conference: Conference,
  args: { step: BaseSendKind; recipient: string; to: Attendee; card: CardFor; summary: string },
): Promise<CardOutcome> {
  const address = chatAddress(args.to);
  if (!deps.chat || !address) return 'unreachable';
  if (deps.chat.reachable && !(await deps.chat.reachable(address))) return 'unreachable';
  const key = ledgerKey(`${args.step}-teams`, args.recipient, conference.version);
  // Another attempt holding the claim (a worker that died mid-post) is not "already sent": the job
  // retries (SendInProgressError) and posts once the lease has run out, as an email would.
  if (!(await claimOrExplain(deps, conference.id, key))) return 'already-sent';
  try {
    const ok = await deps.chat.sendCard({
      conferenceId: conference.id,
      ...address,
      card: args.card,
      summary: args.summary,
    });
    if (!ok) {
      await deps.ledger.markFailed(conference.id, key, 'not reachable in Teams');
      return 'unreachable';
    }
    await deps.ledger.markSent(conference.id, key, `teams:${key}`);
    deps.logger.info('card sent', { conferenceId: conference.id, reference: conference.reference, key });
    return 'sent';
  } catch (err) {
    const reason = redactPersonalData(err instanceof Error ? err.message : String(err)).slice(0, 300);
    await deps.ledger.markFailed(conference.id, key, reason);
    deps.logger.warn('card failed', { conferenceId: conference.id, reference: conference.reference, key, reason });
    throw err;
  }
}

/**
 * deliverCard for a person's request (the chair opening the round of views, recording the decision):
 * nothing retries a request, so a card another attempt is posting right now (a double click) is
 * `in-progress`, not an error the chair would see as a failure.
 */
export async function deliverCardNow(...args: Parameters<typeof deliverCard>): Promise<CardOutcomeNow> {
  try {
    return await deliverCard(...args);
  } catch (err) {
    if (err instanceof SendInProgressError) return 'in-progress';
    throw err;
  }
}
