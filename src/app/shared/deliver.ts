import type { Conference } from '../../domain/conference.ts';
import type { DeliveryRecord, RefusedAddress } from '../../domain/deliveries.ts';
import { NotFoundError, ValidationError } from '../../domain/errors.ts';
import { redactPersonalData } from '../../infra/redact.ts';
import { StepCannotSucceedError } from '../../ports/jobs.ts';
import type { OutgoingEmail, SendKind } from '../../ports.ts';
import type { Claim } from '../../ports/send-ledger.ts';
import type { AppDeps } from '../deps.ts';
import { toLondonIso } from './time.ts';
import { LateHandOverError } from '../../ports/late-hand-over.ts';

export type DeliveryOutcome = 'sent' | 'already-sent';

/**
 * Another attempt holds a live claim on this send (or held it when its worker died). Retryable:
 * the job backs off and tries again, and once the dead worker's lease runs out the retry sends.
 * Completing the job instead would lose the message.
 */
export class SendInProgressError extends Error {
  override name = 'SendInProgressError';
  constructor(readonly key: string) {
    super(`send ${key} is claimed by another attempt; will retry when its lease ends`);
  }
}

/**
 * The mail server refused this recipient for good (a 5xx answer to RCPT: "550 no such user"). Trying
 * again cannot mend it, so the job is not retried for it: it goes to the failed list at once (the
 * others in its batch still go), and the send is recorded `refused` in the ledger, so a retry for
 * someone else does not try it again. The address is corrected, then the job retried
 * (conference/correct-address.ts). The message names the send by its ledger key (ids only).
 */
export class RecipientRefusedError extends StepCannotSucceedError {
  override name = 'RecipientRefusedError';
  constructor(
    readonly key: string,
    readonly reason: string,
  ) {
    super(`the mail server refused the address for good: ${reason} (send ${key})`);
  }
}

/**
 * A refusal of the recipient for good: an SMTP 5xx at RCPT (nodemailer's EENVELOPE). A 4xx
 * ("mailbox busy", greylisting) is temporary and is retried with backoff like any other failure, and
 * so is a 5xx to anything else (a refused login, a message refused as a whole: not this address's fault).
 */
export function isPermanentRefusal(err: unknown): boolean {
  const e = err as { code?: unknown; responseCode?: unknown } | null;
  return (
    typeof e === 'object' &&
    e !== null &&
    e.code === 'EENVELOPE' &&
    typeof e.responseCode === 'number' &&
    e.responseCode >= 500 &&
    e.responseCode < 600
  );
}

/** Claims a send: the claim, false when it was already sent, or SendInProgressError while another attempt holds it. */
export async function claimOrExplain(deps: AppDeps, conferenceId: string, key: string): Promise<Claim | false> {
  const claim = await deps.ledger.claim(conferenceId, key, deps.settings.sendLeaseMs);
  if (claim) return claim;
  if ((await deps.ledger.get(conferenceId, key))?.state === 'sent') return false;
  throw new SendInProgressError(key);
}

/** Ledger key of one send: step, recipient and schedule version (no names, no colons). */
export function ledgerKey(step: SendKind, recipient: string, version: number): string {
  return `${step}-${recipient}-v${version}`;
}

/** One email to deliver: the ledger entry it is (step, recipient) and the message. */
export interface EmailSend {
  step: SendKind;
  recipient: string;
  message: OutgoingEmail;
  /** The ledger version: the conference's schedule version, unless the send goes once per conference whatever is rescheduled (then a fixed one). */
  version?: number;
}

/** The ledger version of a send that goes once per conference: a reschedule does not send it again. */
export const ONCE_PER_CONFERENCE = 1;

/**
 * Sends one email exactly once as the recipient sees it: claim the ledger entry, send, mark it
 * sent. A retried or re-run job finds the entry sent and does nothing; a worker killed mid-send
 * leaves a lease that expires, so the next attempt sends (the deterministic Message-ID lets a
 * mail system drop the rare duplicate that this window allows).
 */
export async function deliverEmail(deps: AppDeps, conference: Conference, send: EmailSend): Promise<DeliveryOutcome> {
  const [outcome] = await deliverEmails(deps, conference, [send]);
  if (outcome instanceof Error) throw outcome;
  return outcome!;
}

/**
 * `deliverEmail` for a batch of one conference's emails, with the same guarantees per email: the
 * claims go in one round trip and the messages to the mail pool together; each is marked sent as
 * soon as the mail server takes it (never held back for the rest of the batch: a worker killed
 * meanwhile would leave it to be sent again). One outcome per send, in order: an email the server
 * refused (marked failed with its reason) or one another attempt holds (SendInProgressError) is an
 * Error there, and the others still go.
 */
export async function deliverEmails(
  deps: AppDeps,
  conference: Conference,
  sends: readonly EmailSend[],
): Promise<(DeliveryOutcome | Error)[]> {
  const keys = sends.map((s) => ledgerKey(s.step, s.recipient, s.version ?? conference.version));
  const claims = await deps.ledger.claimMany(conference.id, keys, deps.settings.sendLeaseMs);
  // Each message must start going while its claim is young: one still waiting for a connection past
  // half the lease (a stalled process, a slow server) may be taken over by another attempt once the
  // lease ends, so it is not sent now (LateHandOverError) and the job's retry sends it after the lease.
  const handOverBy = Date.now() + deps.settings.sendLeaseMs / 2;
  const lost = keys.filter((_, i) => !claims[i]);
  const lostEntries = new Map((await deps.ledger.getMany(conference.id, lost)).map((e, i) => [lost[i]!, e]));
  return Promise.all(
    sends.map(async (send, i): Promise<DeliveryOutcome | Error> => {
      const key = keys[i]!;
      const claim = claims[i];
      if (!claim) {
        const entry = lostEntries.get(key);
        if (entry?.state === 'refused') return new RecipientRefusedError(key, entry.reason ?? 'refused');
        return entry?.state === 'sent' ? 'already-sent' : new SendInProgressError(key);
      }
      let messageId: string;
      try {
        // Same Message-ID and Date on every attempt: a re-send after a worker died between the mail
        // server taking the message and our ledger recording it is an exact repeat, which mail stores drop.
        ({ messageId } = await deps.mailer.send({
          ...send.message,
          messageId: `${key}.${conference.id}`,
          date: new Date(claim.firstAttemptAt),
          handOverBy,
        }));
      } catch (err) {
        // Nothing was sent, and the claim stays until its lease ends: another attempt may hold it by then.
        if (err instanceof LateHandOverError) {
          deps.logger.warn('email not handed over in time: left for the retry', {
            conferenceId: conference.id,
            reference: conference.reference,
            key,
          });
          return new SendInProgressError(key);
        }
        // A refusal usually quotes the recipient's address (which can carry a family name): the
        // ledger (shown on the dashboard, in exports) and the log get the reason without it; the
        // ledger key already says who the recipient was.
        const reason = redactPersonalData(err instanceof Error ? err.message : String(err)).slice(0, 300);
        const forGood = isPermanentRefusal(err);
        if (forGood) await deps.ledger.markRefused(conference.id, key, reason);
        else await deps.ledger.markFailed(conference.id, key, reason);
        deps.logger.warn('email failed', {
          conferenceId: conference.id,
          reference: conference.reference,
          key,
          reason,
          ...(forGood ? { forGood: true } : {}),
        });
        if (!forGood) return err instanceof Error ? err : new Error(String(err));
        await recordRefusal(deps, conference, key, send.message.to, reason);
        return new RecipientRefusedError(key, reason);
      }
      try {
        await markSentWithinLease(deps, conference.id, key, messageId);
      } catch (err) {
        return err instanceof Error ? err : new Error(String(err));
      }
      deps.logger.info('email sent', { conferenceId: conference.id, reference: conference.reference, key });
      return 'sent';
    }),
  );
}

/**
 * Keeps a refusal with the conference for the coordinator (whose address it was, by attendee id, and
 * the server's reason) and in its audit trail. Best effort: the ledger already records it.
 */
async function recordRefusal(
  deps: AppDeps,
  conference: Conference,
  key: string,
  to: string,
  reason: string,
): Promise<void> {
  const address = to.trim().toLowerCase();
  const own = conference.attendees.find((a) => a.email?.toLowerCase() === address);
  const manager = own ? undefined : conference.attendees.find((a) => a.managerEmail?.toLowerCase() === address);
  const whose = own ?? manager;
  const at = toLondonIso(deps.clock.now());
  const refusal: RefusedAddress = {
    key,
    ...(whose ? { attendeeId: whose.id } : {}),
    ...(manager ? { manager: true } : {}),
    reason,
    at,
  };
  try {
    await deps.store.update(conference.id, (c) => ({
      ...c,
      refusedAddresses: [...(c.refusedAddresses ?? []).filter((r) => r.key !== key), refusal],
    }));
    await deps.store.audit(conference.id, { at, actor: 'system', action: 'email.refused', detail: { ...refusal } });
  } catch (err) {
    deps.logger.error('an address refused for good could not be recorded with the conference', {
      conferenceId: conference.id,
      key,
      err,
    });
  }
}

/** Errors that trying again cannot mend. */
const UNRECOVERABLE = [StepCannotSucceedError, ValidationError, NotFoundError];

/**
 * What a batch's job fails with when some of its emails did not go (undefined when all went): one
 * that trying again can mend first, so the job is retried for them (the others are in the ledger).
 */
export function batchError(outcomes: readonly unknown[]): Error | undefined {
  const errors = outcomes.filter((o): o is Error => o instanceof Error);
  return errors.find((e) => !UNRECOVERABLE.some((k) => e instanceof k)) ?? errors[0];
}

/**
 * The mail server has the message: from here it must never be marked failed (a retry would send it
 * again). If Redis is briefly away (a restart, a failover) keep trying while our lease still holds
 * off other attempts; only then give up and let the job retry (the lease blocks it until it ends).
 */
async function markSentWithinLease(deps: AppDeps, conferenceId: string, key: string, messageId: string): Promise<void> {
  const until = Date.now() + deps.settings.sendLeaseMs / 2;
  for (let attempt = 0; ; attempt++) {
    try {
      await deps.ledger.markSent(conferenceId, key, messageId);
      return;
    } catch (err) {
      if (Date.now() > until) throw err;
      deps.logger.warn('could not record a sent email yet: retrying', {
        conferenceId,
        key,
        attempt,
        reason: redactPersonalData(err instanceof Error ? err.message : String(err)),
      });
      await new Promise((r) => setTimeout(r, Math.min(100 * 2 ** attempt, 1_000)));
    }
  }
}

/** A ledger state `skipUnsent` closes: claimed and never sent (the attempt died, or the server refused it for now). */
export const isUnsentClaim = (state: string | undefined): boolean =>
  state === 'sending' || state === 'failed' || state === 'refused';

/**
 * A send that an earlier attempt claimed (and died in, or the mail server refused for now) but that
 * is no longer needed — the report arrived meanwhile, the letters were printed — is closed as
 * `skipped`, so the delivery record does not say "sending" or "failed" for ever.
 */
export async function skipUnsent(
  deps: AppDeps,
  conference: Conference,
  args: { step: SendKind; recipient: string; reason: string },
): Promise<void> {
  const key = ledgerKey(args.step, args.recipient, conference.version);
  if (isUnsentClaim((await deps.ledger.get(conference.id, key))?.state))
    await deps.ledger.markSkipped(conference.id, key, args.reason);
}

/** Records a non-email delivery (post, via the social worker) in the same ledger, once. */
export async function recordManualDelivery(
  deps: AppDeps,
  conference: Conference,
  args: { step: SendKind; recipient: string; channel: DeliveryRecord['channel']; note: string },
): Promise<DeliveryOutcome> {
  const key = ledgerKey(args.step, args.recipient, conference.version);
  if (!(await claimOrExplain(deps, conference.id, key))) return 'already-sent';
  await deps.ledger.markSent(conference.id, key, `${args.channel}:${args.note}`);
  return 'sent';
}
