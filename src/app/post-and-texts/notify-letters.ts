/**
 * Letters by post through GOV.UK Notify, where it is configured: each letter on the hard-copy queue
 * is handed to Notify as a precompiled PDF instead of waiting for someone to print it. It counts as
 * posted only when Notify says it was printed and dispatched; a letter Notify refuses goes back on
 * the print list with Notify's reason. Without Notify nothing here runs and the print queue is as
 * it always was.
 */
import type { Conference } from '../../domain/conference.ts';
import type { HardCopy, NotifyLetter } from '../../domain/deliveries.ts';
import { NOTIFY_LETTER_POSTED, NOTIFY_LETTER_REFUSALS } from '../../domain/letters.ts';
import { redactPersonalData } from '../../infra/redact.ts';
import { NotifyRefusedError, type NotifyService } from '../../ports/notify.ts';
import type { AppDeps } from '../deps.ts';
import { claimOrExplain } from '../shared/deliver.ts';
import { scheduleNotifyPoll } from './notify-poll-schedule.ts';
import { hardCopyDue } from './hard-copy-due.ts';
import { toLondonIso } from '../shared/time.ts';
import { recordCirculatedOncePrinted } from '../circulation/circulated-audit.ts';

/** What Notify's statuses that end a letter mean, in words for the coordinator (Notify's own API documentation). */
const REFUSAL_WORDS: Record<string, string> = {
  'validation-failed': 'content in the PDF is outside the printable area or the address is not in the address block',
  'virus-scan-failed': 'the PDF did not pass the virus scan',
  'technical-failure': 'Notify had an unexpected error sending it to the printer',
  'permanent-failure': 'the letter could not be delivered',
  cancelled: 'the letter was cancelled in Notify',
};

/** The reference Notify knows a letter by: the conference reference and the letter's id (no names). */
export function notifyLetterReference(c: Pick<Conference, 'reference'>, blobId: string): string {
  return `${c.reference}-${blobId.replace(/^hardcopy-/, '')}`;
}

/** The ledger entry of handing a letter to Notify. */
export const notifyLetterKey = (blobId: string): string => `notify-${blobId}`;

/** The `notify` part of a new hard-copy entry when Notify is configured: off the print list from the start. */
export function notifyPart(
  deps: AppDeps,
  c: Conference,
  blobId: string,
): { notify: NotifyLetter } | Record<string, never> {
  if (!deps.notify) return {};
  const postage = deps.policies.get(c.policyId).familyContact.postage;
  return {
    notify: {
      reference: notifyLetterReference(c, blobId),
      postage,
      status: 'sending',
      statusAt: toLondonIso(deps.clock.now()),
    },
  };
}

async function updateLetter(
  deps: AppDeps,
  conferenceId: string,
  blobId: string,
  change: (n: NotifyLetter, h: HardCopy) => Partial<HardCopy> | undefined,
): Promise<Conference> {
  return deps.store.update(conferenceId, (cur) => ({
    ...cur,
    hardCopies: (cur.hardCopies ?? []).map((h) => {
      if (h.blobId !== blobId || !h.notify) return h;
      const patch = change(h.notify, h);
      return patch ? { ...h, ...patch } : h;
    }),
  }));
}

/**
 * Hands the letter to Notify exactly once: the ledger claim keeps a retried job from posting it
 * twice, and before posting we ask Notify for a letter with the same reference (an earlier attempt
 * whose answer was lost). A refusal puts it back on the print list; a rate limit or an outage
 * throws, so the job retries with backoff and ends in the failed-jobs list if Notify stays away.
 */
export async function postWithNotify(deps: AppDeps, c: Conference, h: HardCopy, pdf: Buffer): Promise<void> {
  const notify = deps.notify;
  if (!notify || !h.notify || h.notify.notificationId || h.notify.rejectedAt) return;
  const key = notifyLetterKey(h.blobId);
  if (!(await claimOrExplain(deps, c.id, key))) return;
  const { reference, postage } = h.notify;
  let sent: { id: string; status: string };
  try {
    sent = await findOrSend(
      notify,
      reference,
      () => notify.sendPrecompiledLetter({ reference, pdf, postage }),
      'letter',
    );
  } catch (err) {
    const reason = redactPersonalData(err instanceof Error ? err.message : String(err)).slice(0, 300);
    await deps.ledger.markFailed(c.id, key, reason);
    if (!(err instanceof NotifyRefusedError)) {
      deps.logger.warn('GOV.UK Notify could not take a letter: will retry', {
        conferenceId: c.id,
        reference: c.reference,
        key,
        reason,
      });
      throw err;
    }
    await refuseLetter(deps, c.id, h.blobId, 'refused', err.reason);
    return;
  }
  await deps.ledger.markSent(c.id, key, `notify:${sent.id}`);
  const at = toLondonIso(deps.clock.now());
  await updateLetter(deps, c.id, h.blobId, (n) => ({
    notify: { ...n, notificationId: sent.id, status: sent.status, statusAt: at },
  }));
  await deps.store.audit(c.id, {
    at,
    actor: 'system',
    action: 'hard-copy.sent-to-notify',
    detail: { blobId: h.blobId, notificationId: sent.id, postage },
  });
  deps.logger.info('letter handed to GOV.UK Notify', { conferenceId: c.id, reference: c.reference, key });
  await scheduleNotifyPoll(deps, c);
}

/** The notification an earlier attempt made with this reference, or a new one. */
export async function findOrSend(
  notify: NotifyService,
  reference: string,
  send: () => Promise<{ id: string }>,
  type: 'letter' | 'sms',
): Promise<{ id: string; status: string }> {
  const earlier = await notify.findByReference(reference, type);
  if (earlier) return { id: earlier.id, status: earlier.status };
  return { ...(await send()), status: 'created' };
}

/** Notify will not post it: back on the print list, the reason on the dashboard, the coordinator told if it is already due. */
async function refuseLetter(
  deps: AppDeps,
  conferenceId: string,
  blobId: string,
  status: string,
  reason: string,
): Promise<void> {
  const at = toLondonIso(deps.clock.now());
  let refused = false;
  const updated = await updateLetter(deps, conferenceId, blobId, (n) => {
    if (n.rejectedAt) return undefined;
    refused = true;
    return { notify: { ...n, status, statusAt: at, rejectedAt: at, reason } };
  });
  if (!refused) return;
  await deps.store.audit(conferenceId, {
    at,
    actor: 'system',
    action: 'hard-copy.notify-refused',
    detail: { blobId, status, reason },
  });
  deps.logger.warn('GOV.UK Notify refused a letter: back on the print list', {
    conferenceId,
    reference: updated.reference,
    blobId,
    status,
  });
  const h = updated.hardCopies?.find((x) => x.blobId === blobId);
  if (h && Date.parse(h.dueAt) <= deps.clock.now().getTime()) await hardCopyDue(deps, updated, deps.clock.now());
}

const RANK: Record<string, number> = {
  sending: 0,
  created: 1,
  'pending-virus-check': 2,
  accepted: 3,
  [NOTIFY_LETTER_POSTED]: 4,
};
const isFinal = (n: NotifyLetter) => Boolean(n.rejectedAt) || n.status === NOTIFY_LETTER_POSTED;

/**
 * Records what Notify says about a letter (by callback or by polling): `received` makes it posted,
 * a refusal puts it back on the print list, anything else is shown as it is. A final state is
 * never undone by an older status arriving late.
 */
export async function recordLetterStatus(
  deps: AppDeps,
  c: Conference,
  h: HardCopy,
  status: string,
  completedAt?: string,
): Promise<void> {
  if (!h.notify || isFinal(h.notify)) return;
  await deps.ledger.recordDeliveryStatus(c.id, notifyLetterKey(h.blobId), status);
  if (NOTIFY_LETTER_REFUSALS.has(status))
    return refuseLetter(deps, c.id, h.blobId, status, `${status}: ${REFUSAL_WORDS[status]}`);
  const at = toLondonIso(deps.clock.now());
  const posted = status === NOTIFY_LETTER_POSTED;
  await updateLetter(deps, c.id, h.blobId, (n, cur) => {
    if (isFinal(n) || (RANK[status] ?? 1) < (RANK[n.status] ?? 1)) return undefined;
    const postedAt = completedAt && !Number.isNaN(Date.parse(completedAt)) ? toLondonIso(new Date(completedAt)) : at;
    return {
      notify: { ...n, status, statusAt: at },
      ...(posted && !cur.printedAt ? { printedAt: postedAt, printedBy: 'notify' } : {}),
    };
  });
  if (posted) {
    await deps.store.audit(c.id, { at, actor: 'notify', action: 'hard-copy.posted', detail: { blobId: h.blobId } });
    await recordCirculatedOncePrinted(deps, c.id);
  }
}

/** Letters Notify has and has not finished with (what the poll asks about). */
export function lettersAtNotify(c: Conference): HardCopy[] {
  return (c.hardCopies ?? []).filter((h) => h.notify?.notificationId && !isFinal(h.notify));
}
