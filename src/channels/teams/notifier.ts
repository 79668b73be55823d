/**
 * ChatNotifier over the Bot Connector: proactive one-to-one cards. A person the bot has a personal
 * chat with gets the card there; a person seen elsewhere in the tenant (a team, a meeting chat) gets
 * a new one-to-one conversation, which Teams only allows when they have the app; anyone else is
 * `false` and the caller uses email.
 */
import type { TeamsAdapter } from '@microsoft/teams-ai';
import { CardFactory, type Activity, type ConversationReference, type TurnContext } from 'botbuilder';
import type { Logger } from '../../infra/logger.ts';
import type { CardFor, ChatNotifier } from '../../ports.ts';
import type { SendRateLimiter } from './rate-limit.ts';
import type { ConversationReferenceStore, TeamsUser, UserAddress } from './reference-store.ts';
import { statusOf, withRetry, type RetryOptions } from './retry.ts';

/** The Bot Connector's token audience in the public cloud. */
const CONNECTOR_AUDIENCE = 'https://api.botframework.com';
/** Statuses meaning "this person cannot be reached in chat" (not installed, blocked, left the tenant). */
const UNREACHABLE = new Set([403, 404]);

export interface TeamsNotifierOptions {
  adapter: TeamsAdapter;
  appId: string;
  refs: ConversationReferenceStore;
  limiter: SendRateLimiter;
  logger: Logger;
  retry?: RetryOptions;
  /** MICROSOFT_APP_TENANT_ID: a chat remembered from another tenant (before router.ts refused them) is nobody's. */
  homeTenant?: string | undefined;
}

export function personalReference(u: TeamsUser & { conversationId: string }): Partial<ConversationReference> {
  return {
    channelId: 'msteams',
    serviceUrl: u.serviceUrl,
    bot: { id: u.botId, name: '' },
    user: { id: u.userId, name: '', ...(u.aadObjectId ? { aadObjectId: u.aadObjectId } : {}) },
    conversation: {
      id: u.conversationId,
      conversationType: 'personal',
      isGroup: false,
      name: '',
      ...(u.tenantId ? { tenantId: u.tenantId } : {}),
    },
  };
}

export class TeamsChatNotifier implements ChatNotifier {
  constructor(private readonly o: TeamsNotifierOptions) {}

  /** The remembered chat for this address, unless it is another tenant's. */
  private async find(address: UserAddress): Promise<TeamsUser | undefined> {
    const user = await this.o.refs.find(address);
    return user && this.atHome(user) ? user : undefined;
  }

  private atHome(user: TeamsUser): boolean {
    const home = this.o.homeTenant?.toLowerCase();
    return !(home && user.tenantId && user.tenantId.toLowerCase() !== home);
  }

  async reachable(address: UserAddress): Promise<boolean> {
    return Boolean(await this.find(address));
  }

  async reachableMany(addresses: readonly UserAddress[]): Promise<boolean[]> {
    return (await this.o.refs.findMany(addresses)).map((u) => Boolean(u && this.atHome(u)));
  }

  async sendCard(args: {
    conferenceId: string;
    teamsUserId?: string;
    email?: string;
    card: CardFor;
    summary: string;
  }): Promise<boolean> {
    const user = await this.find(args);
    if (!user) return false;
    const activity: Partial<Activity> = {
      type: 'message',
      summary: args.summary,
      attachments: [CardFactory.adaptiveCard(args.card(user.userId))],
    };
    try {
      await this.o.limiter.acquire(user.conversationId ?? `new|${user.userId}`, user.tenantId);
      if (user.conversationId)
        await withRetry(() => this.post(user as TeamsUser & { conversationId: string }, activity), this.o.retry);
      else await withRetry(() => this.create(user, activity), this.o.retry);
      return true;
    } catch (err) {
      const status = statusOf(err);
      if (status !== undefined && UNREACHABLE.has(status)) {
        this.o.logger.info('teams user not reachable: email only', { conferenceId: args.conferenceId, status });
        if (user.conversationId) await this.o.refs.forgetConversation(user.userId);
        return false;
      }
      throw err;
    }
  }

  /**
   * The adapter hands errors thrown inside a proactive turn to `onTurnError` and resolves; the
   * send's own error is captured here and rethrown so retries and "unreachable" work.
   */
  private async inTurn(
    run: (logic: (ctx: TurnContext) => Promise<void>) => Promise<void>,
    logic: (ctx: TurnContext) => Promise<void>,
  ): Promise<void> {
    let failure: unknown;
    await run(async (ctx) => {
      try {
        await logic(ctx);
      } catch (err) {
        failure = err;
      }
    });
    if (failure !== undefined) throw failure;
  }

  private async post(user: TeamsUser & { conversationId: string }, activity: Partial<Activity>): Promise<void> {
    await this.inTurn(
      (logic) => this.o.adapter.continueConversationAsync(this.o.appId, personalReference(user), logic),
      async (ctx) => {
        await ctx.sendActivity(activity);
      },
    );
  }

  private async create(user: TeamsUser, activity: Partial<Activity>): Promise<void> {
    let conversationId: string | undefined;
    let failure: unknown;
    await this.o.adapter.createConversationAsync(
      this.o.appId,
      'msteams',
      user.serviceUrl,
      CONNECTOR_AUDIENCE,
      {
        isGroup: false,
        bot: { id: user.botId, name: '' },
        members: [{ id: user.userId, name: '' }],
        ...(user.tenantId ? { tenantId: user.tenantId, channelData: { tenant: { id: user.tenantId } } } : {}),
      } as Parameters<TeamsAdapter['createConversationAsync']>[4],
      async (ctx: TurnContext) => {
        conversationId = ctx.activity.conversation.id;
        await ctx.sendActivity(activity).catch((err: unknown) => {
          failure = err;
        });
      },
    );
    if (conversationId) await this.o.refs.save({ ...user, conversationId });
    if (failure !== undefined) throw failure;
  }
}
