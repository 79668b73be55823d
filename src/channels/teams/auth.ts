/**
 * The Bot Framework adapter and its authentication. New bot registrations are single-tenant, so
 * SingleTenant (app id + password + tenant id) is the default; MultiTenant and user-assigned
 * managed identity (app id + tenant id, no password) are supported too. With no app id at all the
 * adapter runs anonymously (Bot Framework Emulator, tests) — refused in production, where
 * src/config.ts has already insisted on credentials.
 */
import { TeamsAdapter } from '@microsoft/teams-ai';
import type { Config } from '../../config.ts';

export type TeamsAuthConfig = Pick<Config, 'NODE_ENV' | 'MICROSOFT_APP_TYPE'> & Partial<Pick<Config, 'MICROSOFT_APP_ID' | 'MICROSOFT_APP_PASSWORD' | 'MICROSOFT_APP_TENANT_ID'>>;

export class TeamsAuthError extends Error {
  override name = 'TeamsAuthError';
}

export interface BotAuth {
  adapter: TeamsAdapter;
  /** The bot's Microsoft app id; '' when anonymous. */
  appId: string;
  anonymous: boolean;
}

/** The settings botbuilder's ConfigurationBotFrameworkAuthentication reads. */
export function botAuthSettings(config: TeamsAuthConfig): Record<string, string> {
  if (!config.MICROSOFT_APP_ID) {
    if (config.NODE_ENV === 'production') throw new TeamsAuthError('MICROSOFT_APP_ID is required in production: anonymous bot traffic is for development only');
    return {};
  }
  const type = config.MICROSOFT_APP_TYPE;
  if (type !== 'MultiTenant' && !config.MICROSOFT_APP_TENANT_ID) throw new TeamsAuthError(`MICROSOFT_APP_TENANT_ID is required for a ${type} bot`);
  if (type === 'UserAssignedMSI' && config.MICROSOFT_APP_PASSWORD) throw new TeamsAuthError('MICROSOFT_APP_PASSWORD must not be set for a managed-identity bot');
  if (type !== 'UserAssignedMSI' && !config.MICROSOFT_APP_PASSWORD) throw new TeamsAuthError(`MICROSOFT_APP_PASSWORD is required for a ${type} bot`);
  return {
    MicrosoftAppId: config.MICROSOFT_APP_ID,
    MicrosoftAppType: type,
    ...(config.MICROSOFT_APP_PASSWORD ? { MicrosoftAppPassword: config.MICROSOFT_APP_PASSWORD } : {}),
    ...(config.MICROSOFT_APP_TENANT_ID ? { MicrosoftAppTenantId: config.MICROSOFT_APP_TENANT_ID } : {}),
  };
}

export function buildBotAuth(config: TeamsAuthConfig): BotAuth {
  const settings = botAuthSettings(config);
  const adapter = new TeamsAdapter(settings);
  return { adapter, appId: config.MICROSOFT_APP_ID ?? '', anonymous: !config.MICROSOFT_APP_ID };
}
