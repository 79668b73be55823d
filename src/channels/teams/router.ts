/**
 * THE list of everything the bot answers: install and membership events, chat commands, every
 * Adaptive Card verb, and meeting events. Handlers are thin: find the conference and the attendee,
 * call a use-case, answer with a card. Conference cards work only in one-to-one chats, so nothing
 * about a child or a view is ever posted where guests or the family can read it.
 */
import { Application, type TeamsAdapter } from '@microsoft/teams-ai';
import { ActivityTypes, CardFactory, type TurnContext } from 'botbuilder';
import { noticeCard } from '../../content/cards/message.ts';
import type { Verb } from '../../content/cards/adaptive.ts';
import type { AppDeps } from '../../app/deps.ts';
import { startMeeting } from '../../app/meeting-day/meeting.ts';
import { toLondonIso } from '../../app/shared/time.ts';
import type { Logger } from '../../infra/logger.ts';
import * as act from './card-actions.ts';
import * as held from './held-letter-actions.ts';
import type { CardAction } from './action-env.ts';
import type { CardData } from './card-data.ts';
import { fromHomeTenant, rememberSender, isPersonal } from './identity.ts';
import type { ConversationReferenceStore } from './reference-store.ts';
import {
  runCardAction,
  cardForCommand,
  conferenceByJoinUrl,
  uploadReport,
  HELP_LINES,
  UNKNOWN_BUTTON_CARD,
  OTHER_TENANT_CARD,
} from './turns.ts';
import { ID_PATTERN } from '../../domain/ids.ts';

export interface RouterOptions {
  deps: AppDeps;
  adapter: TeamsAdapter;
  appId: string;
  refs: ConversationReferenceStore;
  logger: Logger;
  /** MICROSOFT_APP_TENANT_ID: only this tenant's people act through the bot (any tenant when unset). */
  homeTenant?: string | undefined;
  /** Only in development: file downloads from http:// hosts (the Emulator, the test connector). */
  allowInsecureDownloads: boolean;
}

/** Every Action.Execute verb and its handler. */
const CARD_ACTIONS: Record<Verb, CardAction> = {
  view: act.view,
  'close-views': act.closeViews,
  decide: act.decide,
  refresh: act.refresh,
  'open-views': act.openViews,
  'report-submit': act.reportSubmit,
  'report-shared': act.reportShared,
  'cant-attend': act.cantAttend,
  rsvp: act.rsvp,
  'checklist-tick': act.checklistTick,
  'record-view-for': act.recordViewFor,
  attendance: act.attendance,
  exclusion: act.exclusion,
  approve: act.approve,
  'told-in-person': held.toldInPerson,
  'release-letter': held.releaseLetter,
};

/** Chat commands (one-to-one only): `<command> <reference>`. */
const COMMANDS = new RegExp(
  `^\\s*(round|views|open views|close views|checklist|briefing|held letters|report)\\s+(${ID_PATTERN.reference})\\s*$`,
  'i',
);

const reply = (ctx: TurnContext, card: Record<string, unknown>, summary: string) =>
  ctx.sendActivity({ type: ActivityTypes.Message, summary, attachments: [CardFactory.adaptiveCard(card)] });
const help = async (ctx: TurnContext): Promise<void> => {
  await reply(
    ctx,
    noticeCard({ heading: 'Child protection conference bot', lines: HELP_LINES }),
    'How to use this bot',
  );
};

export function buildRouter(o: RouterOptions): Application {
  const app = new Application({
    adapter: o.adapter,
    botAppId: o.appId,
    startTypingTimer: false,
    removeRecipientMention: true,
    longRunningMessages: false,
  });
  const { deps, refs, logger } = o;

  // Every turn: someone from another tenant is nobody here (not remembered, not matched, nothing
  // changed; a card press gets a card saying so); else remember how to reach the sender (ids only;
  // personal chats only become their conversation).
  app.turn('beforeTurn', async (ctx) => {
    if (!fromHomeTenant(ctx.activity, o.homeTenant)) {
      logger.warn('teams activity from another tenant refused', { type: ctx.activity.type });
      if (ctx.activity.type === ActivityTypes.Invoke && ctx.activity.name === 'adaptiveCard/action')
        await ctx.sendActivity({
          type: ActivityTypes.InvokeResponse,
          value: {
            status: 200,
            body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: OTHER_TENANT_CARD },
          },
        });
      return false;
    }
    await rememberSender(ctx, refs, logger, deps.clock.now());
    return true;
  });

  // Install, uninstall, membership.
  app.conversationUpdate('membersAdded', async (ctx) => {
    const botAdded = ctx.activity.membersAdded?.some((m) => m.id === ctx.activity.recipient.id);
    if (botAdded && isPersonal(ctx.activity)) await help(ctx);
  });
  app.activity('installationUpdate', async (ctx) => {
    if (ctx.activity.action === 'remove' || ctx.activity.action === 'remove-upgrade')
      await refs.forgetConversation(ctx.activity.from.id);
  });

  // Commands and messages.
  app.message(/^\s*help\s*$/i, help);
  app.message(COMMANDS, async (ctx) => {
    if (!isPersonal(ctx.activity))
      return void (await ctx.sendActivity(
        'Please message me one-to-one: I never show conference details in a group or meeting chat.',
      ));
    const [, command = '', reference = ''] = COMMANDS.exec(ctx.activity.text ?? '') ?? [];
    const card = await cardForCommand(o, ctx, command.toLowerCase(), reference.toUpperCase());
    await reply(ctx, card, `${reference.toUpperCase()}: ${command.toLowerCase()}`);
  });
  app.activity(ActivityTypes.Message, async (ctx) => {
    if (!isPersonal(ctx.activity)) return; // the bot stays quiet in group and meeting chats
    // An Action.Submit arrives as a message carrying `value`: none of our cards has one.
    if (ctx.activity.value !== undefined && ctx.activity.value !== null) {
      logger.info('teams card submit refused', { reason: 'Action.Submit' });
      return void (await reply(ctx, UNKNOWN_BUTTON_CARD, 'That button did not work'));
    }
    const card = await uploadReport(o, ctx);
    if (card) await reply(ctx, card, 'Report upload');
    else await help(ctx);
  });

  // Adaptive Card actions (Action.Execute): answered with the refreshed card, or an error card.
  for (const [verb, handler] of Object.entries(CARD_ACTIONS)) {
    app.adaptiveCards.actionExecute<CardData>(verb, (ctx, _state, data) => runCardAction(o, ctx, verb, data, handler));
  }
  // Any other card action (an unknown or non-text verb, a malformed action): an error card, not a bare 501.
  app.addRoute(
    async (ctx) => ctx.activity.type === ActivityTypes.Invoke && ctx.activity.name === 'adaptiveCard/action',
    async (ctx) => {
      logger.info('teams card action refused', { verb: 'unknown', error: 'UnknownAction' });
      await ctx.sendActivity({
        type: ActivityTypes.InvokeResponse,
        value: {
          status: 200,
          body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: UNKNOWN_BUTTON_CARD },
        },
      });
    },
    true,
  );

  // Meeting events (resource-specific consent OnlineMeeting.ReadBasic.Chat). They fire only when
  // someone actually starts the meeting, so the day's prompts are driven by jobs, not by these.
  app.meetings.start(async (_ctx, _state, meeting) => {
    const c = await conferenceByJoinUrl(deps, meeting.joinUrl);
    if (!c) return;
    await startMeeting(deps, c.id, {}, { via: 'system', name: 'teams-meeting' }).catch((err) =>
      logger.info('meeting start not recorded', { conferenceId: c.id, reason: (err as Error).name }),
    );
  });
  app.meetings.end(async (_ctx, _state, meeting) => {
    const c = await conferenceByJoinUrl(deps, meeting.joinUrl);
    if (c)
      await deps.store.audit(c.id, {
        at: toLondonIso(deps.clock.now()),
        actor: 'teams-meeting',
        action: 'meeting.ended',
      });
  });
  app.meetings.participantsJoin(async (_ctx, _state, m) =>
    logger.debug('meeting participants joined', { count: m.members.length }),
  );
  app.meetings.participantsLeave(async (_ctx, _state, m) =>
    logger.debug('meeting participants left', { count: m.members.length }),
  );

  app.error(async (_ctx, err) => logger.error('teams turn failed', { err }));
  return app;
}
