/**
 * The Bot Framework adapter and its authentication. New bot registrations are single-tenant, so
 * SingleTenant (app id + password + tenant id) is the default; MultiTenant and user-assigned
 * managed identity (app id + tenant id, no password) are supported too. With no app id at all the
 * adapter runs anonymously (Bot Framework Emulator, tests) — refused in production, where
 * src/config.ts has already insisted on credentials.
 */
import { TeamsAdapter } from '@microsoft/teams-ai';
import type { Activity, ConfigurationBotFrameworkAuthentication, InvokeResponse, TurnContext } from 'botbuilder';
import type { Logger } from '../../infra/logger.ts';

/** The settings the bot's authentication reads (the service passes its validated Config). */
export interface TeamsAuthConfig {
  NODE_ENV: 'development' | 'test' | 'production';
  MICROSOFT_APP_TYPE: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  MICROSOFT_APP_ID?: string | undefined;
  MICROSOFT_APP_PASSWORD?: string | undefined;
  MICROSOFT_APP_TENANT_ID?: string | undefined;
  MICROSOFT_BOT_OPENID_METADATA_URL?: string | undefined;
}

export class TeamsAuthError extends Error {
  override name = 'TeamsAuthError';
}

export interface BotAuth {
  adapter: TeamsAdapter;
  /** The bot's Microsoft app id; '' when anonymous. */
  appId: string;
  anonymous: boolean;
}

/**
 * botbuilder's public-cloud endpoints (botframework-connector's AuthenticationConstants). Setting
 * any one endpoint makes botbuilder expect all of them, so MICROSOFT_BOT_OPENID_METADATA_URL (the
 * Bot Framework channel's signing keys) comes with the rest unchanged.
 */
const PUBLIC_CLOUD = {
  ValidateAuthority: 'true',
  ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
  ToChannelFromBotOAuthScope: 'https://api.botframework.com',
  ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
  OAuthUrl: 'https://api.botframework.com',
  ToBotFromEmulatorOpenIdMetadataUrl: 'https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration',
  CallerId: 'urn:botframework:azure',
};

/** The settings botbuilder's ConfigurationBotFrameworkAuthentication reads. */
export function botAuthSettings(config: TeamsAuthConfig): Record<string, string> {
  if (!config.MICROSOFT_APP_ID) {
    if (config.NODE_ENV === 'production')
      throw new TeamsAuthError(
        'MICROSOFT_APP_ID is required in production: anonymous bot traffic is for development only',
      );
    return {};
  }
  const type = config.MICROSOFT_APP_TYPE;
  if (type !== 'MultiTenant' && !config.MICROSOFT_APP_TENANT_ID)
    throw new TeamsAuthError(`MICROSOFT_APP_TENANT_ID is required for a ${type} bot`);
  if (type === 'UserAssignedMSI' && config.MICROSOFT_APP_PASSWORD)
    throw new TeamsAuthError('MICROSOFT_APP_PASSWORD must not be set for a managed-identity bot');
  if (type !== 'UserAssignedMSI' && !config.MICROSOFT_APP_PASSWORD)
    throw new TeamsAuthError(`MICROSOFT_APP_PASSWORD is required for a ${type} bot`);
  const keys = config.MICROSOFT_BOT_OPENID_METADATA_URL;
  return {
    MicrosoftAppId: config.MICROSOFT_APP_ID,
    MicrosoftAppType: type,
    ...(config.MICROSOFT_APP_PASSWORD ? { MicrosoftAppPassword: config.MICROSOFT_APP_PASSWORD } : {}),
    ...(config.MICROSOFT_APP_TENANT_ID ? { MicrosoftAppTenantId: config.MICROSOFT_APP_TENANT_ID } : {}),
    ...(keys ? { ...PUBLIC_CLOUD, ToBotFromChannelOpenIdMetadataUrl: keys } : {}),
  };
}

type AuthResult = Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']>>;

/**
 * The Teams adapter, answering every request that fails authentication with 401. botbuilder
 * itself answers 401 only for its own AuthenticationError: a token that names the Bot Framework
 * as issuer but has a bad signature, a forbidden algorithm (`none`, HS256) or a future `nbf`
 * throws jsonwebtoken's error instead, which it turns into a 500 (and prints to the console).
 */
class GuardedTeamsAdapter extends TeamsAdapter {
  constructor(
    settings: Record<string, string>,
    private readonly refused: (err: unknown) => void,
  ) {
    super(settings);
  }

  protected override async processActivity(
    auth: string | AuthResult,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    if (typeof auth !== 'string') return super.processActivity(auth, activity, logic);
    let result: AuthResult;
    try {
      result = await this.botFrameworkAuthentication.authenticateRequest(activity, auth);
    } catch (err) {
      this.refused(err);
      return {
        status: 401,
        body: { error: 'unauthorized', message: 'This request is not signed by the Bot Framework for this bot' },
      };
    }
    return super.processActivity(result, activity, logic);
  }
}

export function buildBotAuth(config: TeamsAuthConfig, logger?: Logger): BotAuth {
  const settings = botAuthSettings(config);
  // Why a request was refused, never the token itself.
  const refused = (err: unknown) =>
    logger?.info('bot request refused: not authenticated', {
      reason: err instanceof Error ? `${err.name}: ${err.message}`.slice(0, 200) : 'unknown',
    });
  const adapter = new GuardedTeamsAdapter(settings, refused);
  return { adapter, appId: config.MICROSOFT_APP_ID ?? '', anonymous: !config.MICROSOFT_APP_ID };
}
