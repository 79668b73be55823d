/**
 * The Teams channel: the bot at POST /api/messages (Bot Framework JWT validated by the adapter)
 * and the ChatNotifier the app uses for proactive one-to-one cards. Every import of teams-ai and
 * botbuilder stays inside this folder.
 */
import type { Express } from 'express';
import type { Redis } from 'ioredis';
import type { AppDeps } from '../../app/deps.ts';
import type { Logger } from '../../infra/logger.ts';
import type { DataCipher } from '../../infra/data-cipher.ts';
import { buildBotAuth, type TeamsAuthConfig } from './auth.ts';
import { TeamsChatNotifier } from './notifier.ts';
import { SendRateLimiter } from './rate-limit.ts';
import { ConversationReferenceStore } from './reference-store.ts';
import type { RetryOptions } from './retry.ts';
import { buildRouter } from './router.ts';

export interface TeamsChannel {
  notifier: TeamsChatNotifier;
  refs: ConversationReferenceStore;
  anonymous: boolean;
  /** Mounts POST /api/messages. */
  mount(app: Express, deps: AppDeps): void;
}

export function createTeamsChannel(options: {
  /** The bot's authentication settings and the Redis key prefix (the service passes its Config). */
  config: TeamsAuthConfig & { REDIS_PREFIX: string };
  redis: Redis;
  logger: Logger;
  retry?: RetryOptions;
  /** Encrypts the stored conversation references (DATA_ENCRYPTION_KEY). */
  cipher?: DataCipher;
}): TeamsChannel {
  const { config, logger } = options;
  const auth = buildBotAuth(config, logger);
  const refs = new ConversationReferenceStore(options.redis, config.REDIS_PREFIX, options.cipher);
  const notifier = new TeamsChatNotifier({
    adapter: auth.adapter,
    appId: auth.appId,
    refs,
    limiter: new SendRateLimiter(),
    logger,
    homeTenant: config.MICROSOFT_APP_TENANT_ID,
    ...(options.retry ? { retry: options.retry } : {}),
  });
  if (auth.anonymous) logger.warn('Teams bot running without credentials (development only: Bot Framework Emulator)');
  return {
    notifier,
    refs,
    anonymous: auth.anonymous,
    mount(app, deps) {
      const bot = buildRouter({
        deps,
        adapter: auth.adapter,
        appId: auth.appId,
        refs,
        logger,
        homeTenant: config.MICROSOFT_APP_TENANT_ID,
        allowInsecureDownloads: auth.anonymous && config.NODE_ENV !== 'production',
      });
      auth.adapter.onTurnError = async (_ctx, err) => logger.error('teams adapter error', { err });
      app.post('/api/messages', async (req, res) => {
        await auth.adapter.process(req, res, (ctx) => bot.run(ctx).then(() => undefined));
      });
    },
  };
}
