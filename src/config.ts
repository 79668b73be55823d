/**
 * The one place that reads the environment. Everything is validated with zod and every
 * problem is reported at once; callers pass the resulting Config down, nothing else reads process.env.
 */
import path from 'node:path';
import { parseDataKey } from './infra/data-cipher.ts';
import { EnvSchema, type Env } from './config-env.ts';
import { notifyProblems, type NotifySettings, notifySettings } from './notify-config.ts';

export interface Config extends Omit<
  Env,
  'PUBLIC_BASE_URL' | 'COORDINATOR_API_KEY' | 'LINK_SECRET' | 'OUTBOX_DIR' | 'SMTP_REQUIRE_TLS' | 'SEND_LEASE_MS'
> {
  PUBLIC_BASE_URL: string;
  COORDINATOR_API_KEY: string;
  LINK_SECRET: string;
  OUTBOX_DIR: string;
  SMTP_REQUIRE_TLS: boolean;
  /** The send ledger's lease, resolved. */
  SEND_LEASE_MS: number;
  /** The 32-byte key that encrypts data at rest (the development key when none is configured). */
  dataEncryptionKey: Buffer;
  /** The meeting provider actually used once `auto` is resolved. */
  meetingProvider: 'local' | 'google' | 'teams';
  /** Human lines saying which embedded defaults are in use, printed once at start-up. */
  defaultsInUse: string[];
  /** GOV.UK Notify for letters and texts, when NOTIFY_API_KEY is set. */
  notify?: NotifySettings;
  /** Redis through Sentinel, when REDIS_SENTINELS is set (REDIS_URL then only gives credentials, database and TLS). */
  redisSentinel?: RedisSentinelSettings;
}

export interface RedisSentinelSettings {
  sentinels: { host: string; port: number }[];
  /** The master's name as the sentinels know it (ioredis `name`). */
  master: string;
  password?: string;
  /** TLS to the sentinels themselves (TLS to the master and replicas comes from `rediss://` in REDIS_URL). */
  tls: boolean;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export const DEV_API_KEY = 'dev-coordinator-key-change-me';
const DEV_LINK_SECRET = 'dev-link-secret-not-for-production-use-0000';
/** Development only: production refuses to start without DATA_ENCRYPTION_KEY. */
const DEV_DATA_KEY = 'ZGV2LWRhdGEta2V5LW5vdC1mb3ItcHJvZHVjdGlvbiE=';

/** Secrets production generates for itself must be at least this long (`openssl rand -base64 32` gives 44 characters). */
const MIN_SECRET_BYTES = 32;
/** Values published in this repository (here, README, .env.example): anyone can read them, so they protect nothing. */
const PUBLISHED_SECRETS = new Set([DEV_API_KEY, DEV_LINK_SECRET]);

/** Production: the secrets this service checks must be long, unpublished and not reused for each other. */
function weakSecrets(e: Env): string[] {
  const problems: string[] = [];
  const how = 'generate one with `openssl rand -base64 32`';
  for (const [name, value] of [
    ['COORDINATOR_API_KEY', e.COORDINATOR_API_KEY],
    ['LINK_SECRET', e.LINK_SECRET],
  ] as const) {
    if (!value) continue;
    if (PUBLISHED_SECRETS.has(value))
      problems.push(`${name}: the published development value is refused in production (${how})`);
    else if (Buffer.byteLength(value, 'utf8') < MIN_SECRET_BYTES)
      problems.push(`${name}: must be at least ${MIN_SECRET_BYTES} bytes in production (${how})`);
  }
  if (e.COORDINATOR_API_KEY && e.COORDINATOR_API_KEY === e.LINK_SECRET)
    problems.push('LINK_SECRET: must differ from COORDINATOR_API_KEY (one secret must not open both)');
  if (e.DATA_ENCRYPTION_KEY && parseDataKey(e.DATA_ENCRYPTION_KEY)!.equals(parseDataKey(DEV_DATA_KEY)!))
    problems.push(`DATA_ENCRYPTION_KEY: the published development key is refused in production (${how})`);
  return problems;
}

/** Reads and validates configuration; throws ConfigError listing every problem at once. */
export function readConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const problems: string[] = [];
  const defaults: string[] = [];
  const production = e.NODE_ENV === 'production';

  const hasGoogle = Boolean(e.GOOGLE_SERVICE_ACCOUNT_KEY_FILE && e.GOOGLE_CALENDAR_ID);
  const hasGraph = Boolean(
    e.GRAPH_TENANT_ID && e.GRAPH_CLIENT_ID && e.GRAPH_CLIENT_SECRET && e.GRAPH_ORGANIZER_USER_ID,
  );
  const meetingProvider: Config['meetingProvider'] =
    e.MEETING_PROVIDER === 'auto' ? (hasGoogle ? 'google' : hasGraph ? 'teams' : 'local') : e.MEETING_PROVIDER;
  if (meetingProvider === 'google' && !hasGoogle)
    problems.push('MEETING_PROVIDER: google needs GOOGLE_SERVICE_ACCOUNT_KEY_FILE and GOOGLE_CALENDAR_ID');
  if (meetingProvider === 'teams' && !hasGraph)
    problems.push(
      'MEETING_PROVIDER: teams needs GRAPH_TENANT_ID, GRAPH_CLIENT_ID, GRAPH_CLIENT_SECRET and GRAPH_ORGANIZER_USER_ID',
    );

  if (production) {
    if (!e.MICROSOFT_APP_ID) problems.push('MICROSOFT_APP_ID: required in production (bot credentials)');
    if (e.MICROSOFT_APP_TYPE !== 'UserAssignedMSI' && !e.MICROSOFT_APP_PASSWORD)
      problems.push('MICROSOFT_APP_PASSWORD: required in production unless MICROSOFT_APP_TYPE=UserAssignedMSI');
    // A MultiTenant bot too: only this tenant's people act through the bot (teams/router.ts).
    if (!e.MICROSOFT_APP_TENANT_ID)
      problems.push(
        'MICROSOFT_APP_TENANT_ID: required in production: only people of this tenant act through the bot (a MultiTenant bot too)',
      );
    if (!e.COORDINATOR_API_KEY) problems.push('COORDINATOR_API_KEY: required in production');
    if (!e.LINK_SECRET) problems.push('LINK_SECRET: required in production');
    problems.push(...weakSecrets(e));
    const sentinel = e.REDIS_SENTINELS.length > 0;
    if (e.REDIS_URL?.startsWith('redis://') && !e.REDIS_ALLOW_PLAINTEXT)
      problems.push(
        'REDIS_URL: plain redis:// is refused in production: use rediss:// (TLS), or set REDIS_ALLOW_PLAINTEXT=true if the network to Redis is private',
      );
    if (sentinel && !e.REDIS_URL && !e.REDIS_ALLOW_PLAINTEXT)
      problems.push(
        'REDIS_URL: with REDIS_SENTINELS, production needs rediss:// here for TLS to the master and replicas (e.g. rediss://:password@redis/0; its host is not used), or REDIS_ALLOW_PLAINTEXT=true if the network to Redis is private',
      );
    if (sentinel && !e.REDIS_SENTINEL_TLS && !e.REDIS_ALLOW_PLAINTEXT)
      problems.push(
        'REDIS_SENTINEL_TLS: plain-text connections to the sentinels are refused in production: set REDIS_SENTINEL_TLS=true (sentinels with tls-port), or REDIS_ALLOW_PLAINTEXT=true if the network to Redis is private',
      );
    if (e.INBOUND_MODE === 'smtp' && !(e.INBOUND_SMTP_TLS_KEY_FILE && e.INBOUND_SMTP_TLS_CERT_FILE))
      problems.push(
        'INBOUND_SMTP_TLS_KEY_FILE, INBOUND_SMTP_TLS_CERT_FILE: the inbound SMTP server needs TLS in production (a PEM key and certificate), or use INBOUND_MODE=gmail or graph',
      );
    if (!e.PUBLIC_BASE_URL) problems.push('PUBLIC_BASE_URL: required in production');
    else if (!e.PUBLIC_BASE_URL.startsWith('https://')) problems.push('PUBLIC_BASE_URL: must be https in production');
    if (!e.SMTP_URL) problems.push('SMTP_URL: required in production (the outbox folder is for development only)');
    else if (!e.SMTP_URL.startsWith('smtps://') && e.SMTP_REQUIRE_TLS === false)
      problems.push('SMTP_REQUIRE_TLS: TLS is required for SMTP in production');
    if (!e.REDIS_URL && !e.REDIS_SENTINELS.length)
      problems.push(
        'REDIS_URL: required in production, or REDIS_SENTINELS (the embedded Redis is for development only)',
      );
    if (!e.DATA_ENCRYPTION_KEY)
      problems.push(
        'DATA_ENCRYPTION_KEY: required in production (32 bytes, base64 or hex: data at rest is encrypted with it)',
      );
    if (e.SIMULATED_CLOCK) problems.push('SIMULATED_CLOCK: refused in production');
    if (meetingProvider === 'local')
      problems.push('MEETING_PROVIDER: the local meeting provider is refused in production');
    if (e.OIDC_ISSUER && !e.OIDC_ISSUER.startsWith('https://'))
      problems.push('OIDC_ISSUER: must be https in production');
    for (const [name, url] of [
      ['PRIVACY_URL', e.PRIVACY_URL],
      ['TERMS_URL', e.TERMS_URL],
    ] as const)
      if (url && !url.startsWith('https://'))
        problems.push(`${name}: must be https in production (Teams and the service's pages link to it)`);
    if (
      e.MICROSOFT_BOT_OPENID_METADATA_URL &&
      !e.MICROSOFT_BOT_OPENID_METADATA_URL.startsWith('https://') &&
      !['127.0.0.1', 'localhost', '[::1]'].includes(new URL(e.MICROSOFT_BOT_OPENID_METADATA_URL).hostname)
    )
      problems.push(
        'MICROSOFT_BOT_OPENID_METADATA_URL: must be https in production (the bot trusts the keys found there)',
      );
  }
  if (Boolean(e.INBOUND_SMTP_TLS_KEY_FILE) !== Boolean(e.INBOUND_SMTP_TLS_CERT_FILE))
    problems.push('INBOUND_SMTP_TLS_KEY_FILE, INBOUND_SMTP_TLS_CERT_FILE: set both or neither');
  const oidc = [e.OIDC_ISSUER, e.OIDC_CLIENT_ID, e.OIDC_CLIENT_SECRET].filter(Boolean).length;
  if (oidc !== 0 && oidc !== 3) problems.push('OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET: set all three or none');
  // Whoever the provider signs in becomes a coordinator: at a public provider anyone, at the authority's every account.
  if (production && oidc === 3 && !e.OIDC_ALLOWED_EMAILS.length && !e.OIDC_ALLOWED_DOMAIN)
    problems.push(
      'OIDC_ALLOWED_EMAILS, OIDC_ALLOWED_DOMAIN: production needs one or both with OIDC_ISSUER (without them everyone the provider signs in opens every conference)',
    );
  if (oidc === 0 && (e.OIDC_ALLOWED_EMAILS.length || e.OIDC_ALLOWED_DOMAIN))
    problems.push(
      'OIDC_ALLOWED_EMAILS, OIDC_ALLOWED_DOMAIN: only with OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET',
    );
  if (e.INBOUND_MODE === 'gmail' && (!e.GOOGLE_SERVICE_ACCOUNT_KEY_FILE || !e.GMAIL_MAILBOX))
    problems.push(
      'INBOUND_MODE: gmail needs GOOGLE_SERVICE_ACCOUNT_KEY_FILE and GMAIL_MAILBOX (the reports mailbox the service account may read)',
    );
  if (
    e.INBOUND_MODE === 'graph' &&
    (!e.GRAPH_TENANT_ID || !e.GRAPH_CLIENT_ID || !e.GRAPH_CLIENT_SECRET || !e.GRAPH_INBOUND_MAILBOX)
  )
    problems.push(
      'INBOUND_MODE: graph needs GRAPH_TENANT_ID, GRAPH_CLIENT_ID, GRAPH_CLIENT_SECRET and GRAPH_INBOUND_MAILBOX (the reports mailbox the app may read)',
    );
  if (e.PRIVACY_URL && e.PRIVACY_TEXT)
    problems.push(
      "PRIVACY_URL, PRIVACY_TEXT: set one or neither (a page of text, or a link to the authority's notice)",
    );
  if (e.TERMS_URL && e.TERMS_TEXT)
    problems.push("TERMS_URL, TERMS_TEXT: set one or neither (a page of text, or a link to the authority's terms)");
  if (e.INBOUND_AUTH === 'relay' && !e.INBOUND_AUTH_RELAY_ID)
    problems.push(
      'INBOUND_AUTH_RELAY_ID: required with INBOUND_AUTH=relay (the authserv-id of the relay whose Authentication-Results header is trusted)',
    );
  if (e.INBOUND_AUTH !== 'relay' && e.INBOUND_AUTH_RELAY_ID)
    problems.push('INBOUND_AUTH_RELAY_ID: only with INBOUND_AUTH=relay');
  if (e.REDIS_SENTINELS.length && !e.REDIS_SENTINEL_MASTER)
    problems.push(
      "REDIS_SENTINEL_MASTER: required with REDIS_SENTINELS (the name in the sentinels' `sentinel monitor <name> …`)",
    );
  for (const [name, set] of [
    ['REDIS_SENTINEL_MASTER', e.REDIS_SENTINEL_MASTER],
    ['REDIS_SENTINEL_PASSWORD', e.REDIS_SENTINEL_PASSWORD],
    ['REDIS_SENTINEL_TLS', e.REDIS_SENTINEL_TLS],
  ] as const)
    if (set && !e.REDIS_SENTINELS.length) problems.push(`${name}: only with REDIS_SENTINELS`);
  problems.push(...notifyProblems(e, production));
  if (problems.length) throw new ConfigError(problems);

  const port = e.PORT;
  const publicBaseUrl = (e.PUBLIC_BASE_URL ?? `http://localhost:${port}`).replace(/\/$/, '');
  if (!e.PUBLIC_BASE_URL) defaults.push(`PUBLIC_BASE_URL not set: links point at ${publicBaseUrl}`);
  if (!e.REDIS_URL && !e.REDIS_SENTINELS.length)
    defaults.push(
      `REDIS_URL not set: an embedded redis-server is started with its data in ${path.resolve(e.DATA_DIR, 'redis')}`,
    );
  const outbox = path.resolve(e.OUTBOX_DIR ?? path.join(e.DATA_DIR, 'outbox'));
  if (!e.SMTP_URL) defaults.push(`SMTP_URL not set: outgoing mail is written as .eml files to ${outbox}`);
  if (!e.COORDINATOR_API_KEY)
    defaults.push(`COORDINATOR_API_KEY not set: the development key "${DEV_API_KEY}" is accepted`);
  if (meetingProvider === 'local')
    defaults.push(
      `no Google or Graph credentials: the local meeting provider is used (development only, dial-in ${e.LOCAL_DIALIN_NUMBER})`,
    );
  if (!e.DATA_ENCRYPTION_KEY)
    defaults.push('DATA_ENCRYPTION_KEY not set: data at rest is encrypted with the built-in development key');
  if (e.INBOUND_AUTH === 'off')
    defaults.push(
      'INBOUND_AUTH off: only per-attendee reply addresses file reports; other mail that looks like a report waits for the coordinator',
    );
  if (!e.NOTIFY_API_KEY)
    defaults.push(
      'NOTIFY_API_KEY not set: letters by post wait on the print queue for the coordinator; no text reminders',
    );
  if (e.SIMULATED_CLOCK)
    defaults.push(
      `SIMULATED_CLOCK on: time starts at ${e.SIMULATED_START ?? 'now'} and moves with POST /api/dev/clock`,
    );

  return {
    ...e,
    PUBLIC_BASE_URL: publicBaseUrl,
    COORDINATOR_API_KEY: e.COORDINATOR_API_KEY ?? DEV_API_KEY,
    LINK_SECRET: e.LINK_SECRET ?? DEV_LINK_SECRET,
    OUTBOX_DIR: outbox,
    SMTP_REQUIRE_TLS: e.SMTP_REQUIRE_TLS ?? production,
    SEND_LEASE_MS: e.SEND_LEASE_MS || Math.max(30_000, e.JOB_LOCK_MS * 3),
    dataEncryptionKey: parseDataKey(e.DATA_ENCRYPTION_KEY ?? DEV_DATA_KEY)!,
    meetingProvider,
    defaultsInUse: defaults,
    ...(e.NOTIFY_API_KEY ? { notify: notifySettings(e) } : {}),
    ...(e.REDIS_SENTINELS.length && e.REDIS_SENTINEL_MASTER
      ? {
          redisSentinel: {
            sentinels: e.REDIS_SENTINELS,
            master: e.REDIS_SENTINEL_MASTER,
            ...(e.REDIS_SENTINEL_PASSWORD ? { password: e.REDIS_SENTINEL_PASSWORD } : {}),
            tls: e.REDIS_SENTINEL_TLS,
          },
        }
      : {}),
  };
}
