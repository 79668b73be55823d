/** What `npm run package:teams` reads: checked on its own, so packaging the Teams app needs none of the service's settings. */
import { ConfigError } from './config.ts';

/** Teams shows this as the app's publisher when TEAMS_DEVELOPER_NAME is not set. */
export const DEFAULT_TEAMS_DEVELOPER_NAME = 'Safeguarding and Reviewing';
/** The Teams manifest schema's limit for `developer.name`. */
const MAX_TEAMS_DEVELOPER_NAME = 32;

export interface TeamsPackageConfig {
  appId: string;
  publicBaseUrl: string;
  version: string;
  /** The publisher Teams shows (`developer.name`), at most 32 characters. */
  developerName: string;
}

/**
 * What `npm run package:teams` needs and nothing more: the bot's Microsoft app id (a GUID, also
 * the Teams app id), the public base URL the manifest points at, the version and the publisher's name.
 */
export function readTeamsPackageConfig(env: Record<string, string | undefined> = process.env): TeamsPackageConfig {
  const problems: string[] = [];
  const appId = env['MICROSOFT_APP_ID']?.trim() ?? '';
  const base = (env['PUBLIC_BASE_URL']?.trim() ?? '').replace(/\/$/, '');
  const version = env['TEAMS_APP_VERSION']?.trim() || '1.0.0';
  const developerName = env['TEAMS_DEVELOPER_NAME']?.trim() || DEFAULT_TEAMS_DEVELOPER_NAME;
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(appId))
    problems.push("MICROSOFT_APP_ID: required, the bot registration's application (client) id (a GUID)");
  if (!URL.canParse(base) || new URL(base).protocol !== 'https:')
    problems.push('PUBLIC_BASE_URL: required, the https:// address Teams reaches the service at');
  if (!/^\d+\.\d+\.\d+$/.test(version)) problems.push('TEAMS_APP_VERSION: expected major.minor.patch');
  if ([...developerName].length > MAX_TEAMS_DEVELOPER_NAME)
    problems.push(
      `TEAMS_DEVELOPER_NAME: at most ${MAX_TEAMS_DEVELOPER_NAME} characters (Teams refuses a longer publisher name), got ${[...developerName].length}`,
    );
  if (problems.length) throw new ConfigError(problems);
  return { appId, publicBaseUrl: base, version, developerName };
}
