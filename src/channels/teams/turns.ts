/**
 * The plumbing behind the router's handlers: find the conference and the acting attendee, turn a
 * thrown domain error into a card that says what to do, and handle commands and file uploads.
 */
import type { TurnContext } from 'botbuilder';
import type { AdaptiveCard } from '../../content/cards/adaptive.ts';
import { errorCard } from '../../content/cards/message.ts';
import type { AppDeps } from '../../app/deps.ts';
import { recordReport } from '../../app/reports/record-report.ts';
import type { Conference } from '../../domain/conference.ts';
import { ConflictError, IllegalTransitionError, NotFoundError, ValidationError } from '../../domain/errors.ts';
import type { Logger } from '../../infra/logger.ts';
import * as act from './card-actions.ts';
import { NotAllowedError, type ActionEnv, type CardAction } from './action-env.ts';
import { conferenceIdOf, type CardData } from './card-data.ts';
import { isPersonal, matchAttendee } from './identity.ts';
import type { ConversationReferenceStore } from './reference-store.ts';
import { ID_PATTERN } from '../../domain/ids.ts';

interface TurnDeps {
  deps: AppDeps;
  refs: ConversationReferenceStore;
  logger: Logger;
  allowInsecureDownloads: boolean;
}

/**
 * How a reference is shown to people as an example: its shape, which no conference can have, so no
 * reader (or test) can take the example for a real conference's reference.
 */
const REFERENCE_SHAPE = 'CPC-YYYY-NNNN';

export const HELP_LINES = [
  'I send report requests, the chair\'s checklist, "join now" and the round of views as cards in this chat. Use the buttons on the cards.',
  `Commands, with the conference reference from your email in place of ${REFERENCE_SHAPE} (the year and the conference's number). The chair: "round ${REFERENCE_SHAPE}", "open views CPC-…", "close views CPC-…", "checklist CPC-…", "briefing CPC-…", "held letters CPC-…" (parents still to be told the decision). Anyone asked for a report: "report CPC-…".`,
  'To upload a report, send the file here with the conference reference in the message.',
];

/** An Action.Execute this bot has no verb for (an old or altered card), or an Action.Submit: the bot's cards use neither. */
export const UNKNOWN_BUTTON_CARD = errorCard({
  heading: 'That button did not work',
  message:
    'This card sent something this bot does not know (it may be an old or altered card), so nothing was recorded. Use the buttons on the latest card from this bot, or type "help".',
  issues: [{ field: 'action', message: 'not an action this bot knows' }],
});

/** A card pressed by someone from another Microsoft tenant (router.ts): they are no attendee here. */
export const OTHER_TENANT_CARD = errorCard({
  heading: 'Not allowed',
  message:
    'This bot answers only the people of the organisation that runs it, in its own Teams, so nothing was recorded. Use the link in your email from the conference team.',
});

const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
const FILE_INFO = 'application/vnd.microsoft.teams.file.download.info';

/** A domain error as a card; anything unexpected is logged (ids only) and shown as a generic failure. */
export function errorFor(err: unknown, logger: Logger, reference?: string): AdaptiveCard {
  const ref = reference ? { reference } : {};
  if (err instanceof ValidationError)
    return errorCard({
      heading: 'Please check your answers',
      message: err.message.split(':')[0] ?? 'Invalid',
      issues: err.issues,
      ...ref,
    });
  if (err instanceof NotAllowedError) return errorCard({ heading: 'Not allowed', message: err.message, ...ref });
  if (err instanceof NotFoundError) return errorCard({ heading: 'Not found', message: err.message, ...ref });
  if (err instanceof IllegalTransitionError || err instanceof ConflictError)
    return errorCard({ heading: 'That cannot be done now', message: err.message, ...ref });
  logger.error('card action failed', { err });
  return errorCard({
    heading: 'Something went wrong',
    message: 'Nothing was changed. Try again, or ask the coordinator to look at the log.',
    ...ref,
  });
}

async function resolve(
  o: TurnDeps,
  ctx: TurnContext,
  conferenceId: string,
): Promise<{ c: Conference; env: ActionEnv }> {
  const c = await o.deps.store.get(conferenceId);
  if (!c) throw new NotFoundError('This card belongs to a conference that no longer exists');
  const user = await o.refs.find({ teamsUserId: ctx.activity.from.id });
  const me = matchAttendee(c, ctx.activity, user);
  if (!me) {
    o.logger.warn('teams action from someone not invited', { conferenceId: c.id, reference: c.reference });
    throw new NotAllowedError(`You are not an invited attendee of ${c.reference}, so nothing was recorded`);
  }
  return { c, env: { deps: o.deps, c, me, userId: ctx.activity.from.id } };
}

export async function runCardAction(
  o: TurnDeps,
  ctx: TurnContext,
  verb: string,
  data: CardData,
  handler: CardAction,
): Promise<AdaptiveCard> {
  let reference: string | undefined;
  try {
    if (!isPersonal(ctx.activity))
      return errorCard({
        heading: 'Open your one-to-one chat with the bot',
        message:
          'Conference cards work only in a one-to-one chat, so that nothing is shown in a group or meeting chat.',
      });
    const { c, env } = await resolve(o, ctx, conferenceIdOf(data ?? {}));
    reference = c.reference;
    const card = await handler(env, data);
    o.logger.info('teams card action', { conferenceId: c.id, reference: c.reference, verb, attendeeId: env.me.id });
    return card;
  } catch (err) {
    o.logger.info('teams card action refused', { verb, reference, error: (err as Error).name });
    return errorFor(err, o.logger, reference);
  }
}

export async function conferenceByJoinUrl(deps: AppDeps, joinUrl: string | undefined): Promise<Conference | undefined> {
  return joinUrl ? deps.store.getByJoinUrl(joinUrl) : undefined;
}

const COMMAND_CARDS: Record<string, string> = {
  round: 'round',
  views: 'round',
  checklist: 'checklist',
  briefing: 'briefing',
  'held letters': 'held-letters',
  report: 'report',
};

export async function cardForCommand(
  o: TurnDeps,
  ctx: TurnContext,
  command: string,
  reference: string,
): Promise<AdaptiveCard> {
  const c = await o.deps.store.getByReference(reference);
  if (!c) return errorCard({ heading: 'Not found', message: `No conference ${reference}` });
  if (command === 'open views') return runCardAction(o, ctx, 'open-views', { conferenceId: c.id }, act.openViews);
  if (command === 'close views') return runCardAction(o, ctx, 'close-views', { conferenceId: c.id }, act.closeViews);
  return runCardAction(o, ctx, 'refresh', { conferenceId: c.id, card: COMMAND_CARDS[command] ?? 'round' }, act.refresh);
}

/** A file sent in the one-to-one chat with a reference in the message: filed as that person's report. */
export async function uploadReport(o: TurnDeps, ctx: TurnContext): Promise<AdaptiveCard | undefined> {
  const files = (ctx.activity.attachments ?? []).filter((a) => a.contentType === FILE_INFO);
  if (files.length === 0) return undefined;
  const reference = new RegExp(ID_PATTERN.reference, 'i').exec(ctx.activity.text ?? '')?.[0]?.toUpperCase();
  if (!reference)
    return errorCard({
      heading: 'Which conference?',
      message: `Send the file again with the conference reference from your email (${REFERENCE_SHAPE}: the year and the conference's number) in the message.`,
    });
  const c = await o.deps.store.getByReference(reference);
  if (!c) return errorCard({ heading: 'Not found', message: `No conference ${reference}` });
  return runCardAction(o, ctx, 'upload', { conferenceId: c.id }, async (env) => {
    const attachments = [];
    for (const f of files) {
      const url = (f.content as { downloadUrl?: string } | undefined)?.downloadUrl;
      if (!url || !(url.startsWith('https://') || (o.allowInsecureDownloads && url.startsWith('http://'))))
        throw new ValidationError('Invalid upload', [{ field: 'file', message: 'the file has no download link' }]);
      const res = await fetch(url, { redirect: 'error' });
      if (!res.ok)
        throw new ValidationError('Invalid upload', [
          { field: 'file', message: `could not download the file (${res.status})` },
        ]);
      const content = Buffer.from(await res.arrayBuffer());
      if (content.length > MAX_UPLOAD_BYTES)
        throw new ValidationError('Invalid upload', [{ field: 'file', message: 'the file is larger than 20 MB' }]);
      attachments.push({
        filename: (f.name ?? 'report').slice(0, 200),
        contentType: res.headers.get('content-type') ?? 'application/octet-stream',
        content,
      });
    }
    await recordReport(env.deps, { conferenceId: env.c.id, attendeeId: env.me.id, channel: 'teams', attachments });
    return act.refresh({ ...env, c: (await env.deps.store.get(env.c.id))! }, { card: 'report' });
  });
}
