/**
 * What GOV.UK Notify says about our letters and texts, by its callbacks (delivery receipts and
 * received texts, each carrying the bearer token we gave Notify) and by polling as the fallback for
 * a callback that never came. Both record through the same functions, so they always agree.
 */
import { z } from 'zod/v4';
import type { Conference } from '../../domain/conference.ts';
import { NotFoundError, ValidationError } from '../../domain/errors.ts';
import type { AppDeps } from '../deps.ts';
import { lettersAtNotify, recordLetterStatus } from './notify-letters.ts';
import { recordTextStatus, stopTexts, textsAtNotify } from './texts.ts';
import { scheduleNotifyPoll } from './notify-poll-schedule.ts';
import { toLondonIso } from '../shared/time.ts';

/** Notify keeps a notification's status for 7 days; after that there is nothing to ask. */
const POLL_FOR_MS = 8 * 24 * 3600_000;

/** The job: asks Notify about every letter and text it has not finished with, and checks again later while any remain. */
export async function pollNotify(deps: AppDeps, c: Conference): Promise<void> {
  if (!deps.notify) return;
  const now = deps.clock.now().getTime();
  const recent = (at: string) => now - Date.parse(at) < POLL_FOR_MS;
  let pending = 0;
  for (const h of lettersAtNotify(c).filter((x) => recent(x.queuedAt))) {
    const s = await deps.notify.status(h.notify!.notificationId!);
    const cur = (await deps.store.get(c.id)) ?? c;
    await recordLetterStatus(
      deps,
      cur,
      cur.hardCopies!.find((x) => x.blobId === h.blobId)!,
      s.status,
      s.completedAt,
    );
    pending++;
  }
  for (const t of textsAtNotify(c).filter((x) => recent(x.statusAt))) {
    const s = await deps.notify.status(t.notificationId!);
    await recordTextStatus(deps, c, t, s.status);
    pending++;
  }
  const after = await deps.store.get(c.id);
  if (pending && after && (lettersAtNotify(after).some((h) => recent(h.queuedAt)) || textsAtNotify(after).length))
    await scheduleNotifyPoll(deps, after);
}

/** A delivery receipt as Notify posts it to our callback URL (extra fields are ignored). */
const DeliveryReceipt = z.object({
  id: z.string().min(1).max(100),
  reference: z.string().min(1).max(200).nullable().optional(),
  status: z.string().regex(/^[a-z-]{1,40}$/, 'expected a Notify status such as delivered'),
  completed_at: z.string().max(60).nullable().optional(),
  notification_type: z.enum(['letter', 'sms', 'email']).optional(),
});

/** A conference reference at the start of a Notify reference (`CPC-2027-0042-…`). */
const REFERENCE = /^([A-Z]{2,8}-\d{4}-\d{4,6})-/;

/** Records a delivery receipt. Returns what it was about, or `unknown` for a reference that is not ours (Notify is told 200: nothing to retry). */
export async function recordDeliveryReceipt(deps: AppDeps, body: unknown): Promise<'letter' | 'text' | 'unknown'> {
  const parsed = DeliveryReceipt.safeParse(body);
  if (!parsed.success)
    throw new ValidationError(
      'Invalid callback from GOV.UK Notify',
      parsed.error.issues.map((i) => ({ field: i.path.join('.') || 'body', message: i.message })),
    );
  const r = parsed.data;
  const ref = r.reference ? REFERENCE.exec(r.reference)?.[1] : undefined;
  const c = ref ? await deps.store.getByReference(ref) : undefined;
  if (!c) return 'unknown';
  const letter = c.hardCopies?.find(
    (h) => h.notify?.reference === r.reference && (!h.notify?.notificationId || h.notify?.notificationId === r.id),
  );
  if (letter) {
    await recordLetterStatus(deps, c, letter, r.status, r.completed_at ?? undefined);
    return 'letter';
  }
  const text = c.texts?.find((t) => t.reference === r.reference && (!t.notificationId || t.notificationId === r.id));
  if (text) {
    await recordTextStatus(deps, c, text, r.status);
    return 'text';
  }
  return 'unknown';
}

const ReceivedText = z.object({
  id: z.string().min(1).max(100),
  source_number: z.string().min(6).max(30),
  message: z.string().max(2000).optional(),
});

/** A reply to one of our texts: whatever it says (STOP or not), that number gets no more texts. */
export async function recordReceivedText(deps: AppDeps, body: unknown): Promise<void> {
  const parsed = ReceivedText.safeParse(body);
  if (!parsed.success)
    throw new ValidationError(
      'Invalid callback from GOV.UK Notify',
      parsed.error.issues.map((i) => ({ field: i.path.join('.') || 'body', message: i.message })),
    );
  if (!deps.textOptOuts) return;
  const number = parsed.data.source_number;
  await deps.textOptOuts.optOut(number, toLondonIso(deps.clock.now()));
  // Stopped on their record now (the dashboard says so, the day-before reminder is withdrawn), not when the next text falls due.
  let stopped = 0;
  for (const h of await deps.textOptOuts.holders(number)) {
    try {
      await stopTexts(deps, h.conferenceId, h.attendeeId, 'reply', number);
      stopped++;
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
    }
  }
  deps.logger.info('a reply to a text: no more texts to that number', {
    notificationId: parsed.data.id,
    attendeesStopped: stopped,
  });
}
