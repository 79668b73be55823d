/**
 * Text reminders to parents and carers who gave a UK mobile and agreed to texts, through GOV.UK
 * Notify with the templates named in configuration. A text carries the reference, a date and a time
 * only (the template holds the words, with no names and nothing sensitive). The policy says which
 * kinds are sent; a reply (STOP or anything else) or the coordinator stops them. Each is sent once
 * (send ledger plus Notify's reference) and its delivery status recorded like a letter's.
 */
import { DateTime } from 'luxon';
import type { Attendee } from '../../domain/conference-parts.ts';
import type { Conference } from '../../domain/conference.ts';
import type { TextMessage } from '../../domain/deliveries.ts';
import { SLOT_ROLES } from '../../domain/family-slots.ts';
import type { Policy } from '../../domain/policy/schema.ts';
import { ukMobile, type TextKind } from '../../domain/texts.ts';
import { redactPersonalData } from '../../infra/redact.ts';
import { NotifyRefusedError } from '../../ports/notify.ts';
import { audited, type Actor } from '../credentials/actor.ts';
import type { AppDeps } from '../deps.ts';
import { loadConference } from '../shared/load.ts';
import { parseInput } from '../shared/parse.ts';
import { ActorBody } from '../meeting-day/schemas.ts';
import { NotFoundError } from '../../domain/errors.ts';
import { claimOrExplain, ledgerKey } from '../shared/deliver.ts';
import { findOrSend } from './notify-letters.ts';
import { scheduleNotifyPoll } from './notify-poll-schedule.ts';
import { LONDON } from '../../domain/calendar/zone.ts';
import { toLondonIso } from '../shared/time.ts';

/** Who may get texts: a parent or carer with a mobile who agreed, and has not stopped them. */
export function wantsTexts(a: Attendee): boolean {
  return SLOT_ROLES.has(a.role) && Boolean(a.mobile) && a.textReminders === true;
}

/** Whether a text of this kind would go to them at all (Notify configured, policy, template, consent). */
export function textWanted(deps: AppDeps, c: Conference, a: Attendee, kind: TextKind): boolean {
  return (
    Boolean(deps.notify && deps.settings.notify?.smsTemplates[kind]) &&
    wantsTexts(a) &&
    deps.policies.get(c.policyId).familyContact.texts.includes(kind)
  );
}

async function patchText(
  deps: AppDeps,
  conferenceId: string,
  key: string,
  patch: (t: TextMessage) => Partial<TextMessage> | undefined,
): Promise<void> {
  await deps.store.update(conferenceId, (cur) => ({
    ...cur,
    texts: (cur.texts ?? []).map((t) => {
      if (t.key !== key) return t;
      const p = patch(t);
      return p ? { ...t, ...p } : t;
    }),
  }));
}

/**
 * Sends one text. `recipient` tells apart several texts of one kind in one schedule version (a
 * parent's own slot moved twice); `meetingAt` is the time the text gives (their own start).
 * Notify refusing it (an unknown template, a number it will not text) is recorded and logged with
 * the setting to check; a rate limit or an outage throws so the job retries.
 */
export async function sendText(
  deps: AppDeps,
  c: Conference,
  a: Attendee,
  kind: TextKind,
  opts: { recipient?: string; meetingAt: string },
): Promise<void> {
  if (!textWanted(deps, c, a, kind)) return;
  if (await deps.textOptOuts?.isOptedOut(a.mobile!)) {
    await stopTexts(deps, c.id, a.id, 'reply');
    return;
  }
  const notify = deps.notify!;
  const templateId = deps.settings.notify!.smsTemplates[kind]!;
  const key = ledgerKey(`text-${kind}`, opts.recipient ?? a.id, c.version);
  const reference = `${c.reference}-${key}`;
  const at = toLondonIso(deps.clock.now());
  await deps.store.update(c.id, (cur) =>
    (cur.texts ?? []).some((t) => t.key === key)
      ? cur
      : {
          ...cur,
          texts: [...(cur.texts ?? []), { key, attendeeId: a.id, kind, reference, status: 'sending', statusAt: at }],
        },
  );
  if (!(await claimOrExplain(deps, c.id, key))) return;
  // So a reply to this text stops their texts at once, not at the next one due.
  await deps.textOptOuts?.remember(a.mobile!, { conferenceId: c.id, attendeeId: a.id });
  const when = DateTime.fromISO(opts.meetingAt, { setZone: true }).setZone(LONDON);
  const personalisation = { reference: c.reference, date: when.toFormat('cccc d LLLL'), time: when.toFormat('HH:mm') };
  let sent: { id: string; status: string };
  try {
    sent = await findOrSend(
      notify,
      reference,
      () => notify.sendSms({ templateId, phoneNumber: a.mobile!, personalisation, reference }),
      'sms',
    );
  } catch (err) {
    const reason = redactPersonalData(err instanceof Error ? err.message : String(err)).slice(0, 300);
    await deps.ledger.markFailed(c.id, key, reason);
    if (!(err instanceof NotifyRefusedError)) throw err;
    await patchText(deps, c.id, key, () => ({
      status: 'refused',
      statusAt: toLondonIso(deps.clock.now()),
      reason: err.reason,
    }));
    deps.logger.warn(`GOV.UK Notify refused a text: check ${templateSetting(kind)} and the attendee's mobile`, {
      conferenceId: c.id,
      reference: c.reference,
      key,
      reason: err.reason,
    });
    return;
  }
  await deps.ledger.markSent(c.id, key, `notify:${sent.id}`);
  await patchText(deps, c.id, key, () => ({
    notificationId: sent.id,
    status: sent.status,
    statusAt: toLondonIso(deps.clock.now()),
  }));
  deps.logger.info('text sent through GOV.UK Notify', { conferenceId: c.id, reference: c.reference, key });
  await scheduleNotifyPoll(deps, c);
}

const templateSetting = (kind: TextKind) => `NOTIFY_SMS_TEMPLATE_${kind.toUpperCase().replace(/-/g, '_')}`;

const TEXT_FINAL = new Set([
  'delivered',
  'permanent-failure',
  'temporary-failure',
  'technical-failure',
  'sent',
  'refused',
]);

/** Records what Notify says about a text (callback or poll); a final status stays. */
export async function recordTextStatus(deps: AppDeps, c: Conference, t: TextMessage, status: string): Promise<void> {
  if (TEXT_FINAL.has(t.status)) return;
  await deps.ledger.recordDeliveryStatus(c.id, t.key, status);
  await patchText(deps, c.id, t.key, (cur) =>
    TEXT_FINAL.has(cur.status) ? undefined : { status, statusAt: toLondonIso(deps.clock.now()) },
  );
}

/** Texts Notify has and has not finished with. */
export function textsAtNotify(c: Conference): TextMessage[] {
  return (c.texts ?? []).filter((t) => t.notificationId && !TEXT_FINAL.has(t.status));
}

/** The text reminder on the working day before the meeting, at the policy's time: one job per parent or carer who wants texts. */
export function dayBeforeTextAt(
  { calendar, policy }: { calendar: AppDeps['calendar']; policy: Policy },
  startsAt: string,
): Date {
  const day = DateTime.fromISO(startsAt, { setZone: true }).setZone(LONDON).toISODate()!;
  const before = calendar.previousWorkingDayOnOrBefore(
    DateTime.fromISO(day, { zone: LONDON }).minus({ days: 1 }).toISODate()!,
  );
  const [h, m] = policy.familyContact.dayBeforeAt.split(':').map(Number) as [number, number];
  return DateTime.fromISO(before, { zone: LONDON }).set({ hour: h, minute: m }).toJSDate();
}

/**
 * No more texts to this attendee: they replied (`reply`) or the coordinator (`by`) stopped them.
 * Audited once. With `mobile` (a reply from that number) only if they are still texted at it.
 */
export async function stopTexts(
  deps: AppDeps,
  conferenceId: string,
  attendeeId: string,
  by: string,
  mobile?: string,
  /** The coordinator's new number for them, saved in the same update (one audit entry, not two). */
  newMobile?: string,
): Promise<Conference> {
  const at = toLondonIso(deps.clock.now());
  let stopped = false;
  let renumbered = false;
  const number = mobile ? ukMobile(mobile) : undefined;
  const updated = await deps.store.update(conferenceId, (cur) => {
    stopped = false;
    renumbered = false;
    return {
      ...cur,
      attendees: cur.attendees.map((x) => {
        if (x.id !== attendeeId) return x;
        const y = newMobile && x.mobile !== newMobile ? { ...x, mobile: newMobile } : x;
        renumbered = y !== x;
        if (x.textReminders !== true) return y;
        if (mobile && (!number || x.mobile !== number)) return y;
        stopped = true;
        return { ...y, textReminders: false, textsStopped: { at, by } };
      }),
    };
  });
  if (stopped) {
    await deps.store.audit(conferenceId, {
      at,
      actor: by === 'reply' ? 'system' : by,
      action: 'texts.stopped',
      detail: {
        attendeeId,
        why: by === 'reply' ? 'they replied to a text' : 'stopped by the coordinator',
        ...(renumbered ? { numberChanged: true } : {}),
      },
    });
    await deps.jobs.cancelAttendee(conferenceId, attendeeId, ['text-day-before']);
  } else if (renumbered)
    await deps.store.audit(conferenceId, { at, actor: by, action: 'texts.number-changed', detail: { attendeeId } });
  return updated;
}

/** The coordinator stops an attendee's texts (the API or the dashboard): 404 for an unknown attendee, nothing changes if already stopped. */
export async function stopTextsFor(
  deps: AppDeps,
  conferenceId: string,
  attendeeId: string,
  raw: unknown,
  actor: Actor,
): Promise<Conference> {
  const by = parseInput(ActorBody, raw ?? {}, 'request').by;
  const c = await loadConference(deps.store, conferenceId);
  if (!c.attendees.some((a) => a.id === attendeeId))
    throw new NotFoundError(`No attendee "${attendeeId.slice(0, 20)}" in ${c.reference}`);
  // Nobody is texted (a professional, or already stopped): nothing to stop, so no write and no audit.
  if (c.attendees.find((a) => a.id === attendeeId)?.textReminders !== true) return c;
  return stopTexts(deps, conferenceId, attendeeId, audited(actor, by).actor);
}
