/**
 * The one place that reads the environment. Everything is validated with zod and every
 * problem is reported at once; callers pass the resulting Config down, nothing else reads process.env.
 */
import path from 'node:path';
import { z } from 'zod/v4';
import { ENV_DOCS } from './config-docs.ts';
import { E164_HINT, PIN_HINT, e164, pinDigits } from './domain/dial-in.ts';
import { parseDataKey } from './storage/crypto.ts';
import { NotifyEnv, notifyProblems, type NotifySettings, notifySettings } from './notify-config.ts';

const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', ''])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));
const optionalUrl = (protocols: RegExp, hint: string) =>
  optionalString.refine((v) => v === undefined || (URL.canParse(v) && protocols.test(new URL(v).protocol)), {
    message: `expected a URL (${hint})`,
  });
/** A whole number; blank means "not set" so the default applies (an empty PORT must not mean port 0). */
const int = (min: number, max: number, fallback: number) =>
  z
    .string()
    .optional()
    .refine((v) => v === undefined || /^\s*\d*\s*$/.test(v), { message: 'expected a whole number', abort: true })
    .transform((v) => (v === undefined || v.trim() === '' ? fallback : Number(v.trim())))
    .pipe(z.number().int().min(min).max(max));

/** A dial-in number a phone can dial in one tap (tel: links, calendar CONFERENCE): E.164, spaces allowed. */
const dialInNumber = z
  .string()
  .trim()
  .refine((v) => e164(v) !== undefined, { message: E164_HINT });
const dialInPin = optionalString.refine((v) => v === undefined || pinDigits(v) !== undefined, { message: PIN_HINT });

/** Text for a page of its own (privacy notice, terms): a line per paragraph, no markup (it is escaped). */
const legalText = optionalString.refine((v) => v === undefined || v.length <= 20_000, {
  message: 'at most 20,000 characters',
});

/** `host:port` (a name, IPv4, or [IPv6]) with a port from 1 to 65535. */
function sentinelAddress(v: string): { host: string; port: number } | undefined {
  const m = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(v);
  if (!m) return undefined;
  const port = Number(m[2]);
  if (port < 1 || port > 65535) return undefined;
  return { host: m[1]!.replace(/^\[|\]$/g, ''), port };
}

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);
function isProxyAddress(v: string): boolean {
  return PROXY_NAMES.has(v) || [z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()].some((s) => s.safeParse(v).success);
}

const EnvShape = {
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: int(0, 65535, 3978),
  HOST: z.string().default('127.0.0.1'),
  PUBLIC_BASE_URL: optionalUrl(/^https?:$/, 'http or https'),
  DATA_DIR: z.string().default('./.data'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),

  REDIS_URL: optionalUrl(/^rediss?:$/, 'redis:// or rediss://'),
  /** Production refuses a plain `redis://` URL unless this says the network to Redis is private and trusted. */
  REDIS_ALLOW_PLAINTEXT: bool.default(false),
  /** Redis Sentinel: the sentinels as `host:port`, comma-separated (three or more in production). */
  REDIS_SENTINELS: optionalString
    .transform((v) =>
      v === undefined
        ? []
        : v
            .split(',')
            .map((x) => x.trim())
            .filter(Boolean),
    )
    .refine((list) => list.every((x) => sentinelAddress(x) !== undefined), {
      message: 'expected host:port pairs separated by commas, e.g. 10.0.0.5:26379,10.0.0.6:26379,10.0.0.7:26379',
    })
    .transform((list) => list.map((x) => sentinelAddress(x)!)),
  /** The name the sentinels monitor the master under (`sentinel monitor <name> …`). */
  REDIS_SENTINEL_MASTER: optionalString.refine((v) => v === undefined || /^[A-Za-z0-9._-]{1,64}$/.test(v), {
    message: 'letters, digits, ., - and _ only (the name in `sentinel monitor`)',
  }),
  REDIS_SENTINEL_PASSWORD: optionalString,
  REDIS_SENTINEL_TLS: bool.default(false),
  REDIS_SERVER_BIN: z.string().default('redis-server'),
  REDIS_PREFIX: z
    .string()
    .regex(/^[a-zA-Z0-9_-]{1,32}$/, 'letters, digits, - and _ only')
    .default('cpc'),

  COORDINATOR_API_KEY: optionalString.refine((v) => v === undefined || v.length >= 16, {
    message: 'must be at least 16 characters',
  }),
  LINK_SECRET: optionalString.refine((v) => v === undefined || v.length >= 32, {
    message: 'must be at least 32 characters',
  }),

  COORDINATOR_EMAIL: optionalString.refine((v) => v === undefined || z.email().safeParse(v).success, {
    message: 'expected an email address',
  }),
  DEFAULT_POLICY: z.string().default('statutory'),
  POLICY_FILE: optionalString,
  CLOSURE_DAYS_ICS: optionalString,

  SMTP_URL: optionalUrl(/^smtps?:$/, 'smtp:// or smtps://'),
  SMTP_REQUIRE_TLS: bool.optional(),
  OUTBOX_DIR: optionalString,
  INBOUND_SMTP_PORT: int(0, 65535, 2525),
  INBOUND_SMTP_HOST: z.string().default('127.0.0.1'),
  /** PEM files for the inbound SMTP server's STARTTLS (both or neither); production needs them with INBOUND_MODE=smtp. */
  INBOUND_SMTP_TLS_KEY_FILE: optionalString,
  INBOUND_SMTP_TLS_CERT_FILE: optionalString,
  INBOUND_MODE: z.enum(['smtp', 'gmail', 'graph']).default('smtp'),
  GMAIL_MAILBOX: optionalString,
  GMAIL_POLL_SECONDS: int(5, 3600, 60),
  /** With INBOUND_MODE=graph: the Exchange Online reports mailbox, by user principal name or Entra object id. */
  GRAPH_INBOUND_MAILBOX: optionalString.refine(
    (v) =>
      v === undefined ||
      z.email().safeParse(v).success ||
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v),
    {
      message:
        'expected the reports mailbox as a user principal name (reports@example.gov.uk) or an Entra object id (a GUID)',
    },
  ),
  GRAPH_INBOUND_POLL_SECONDS: int(5, 3600, 60),
  /**
   * Who inbound mail is from. `off`: nobody is authenticated, only per-attendee reply addresses
   * count; `verify`: SPF/DKIM/DMARC checked here (mailauth), DMARC pass authenticates the From
   * address; `relay`: trust the Authentication-Results of the upstream relay named by
   * INBOUND_AUTH_RELAY_ID, and no one else's. @defaultValue `off`
   */
  INBOUND_AUTH: z.enum(['off', 'verify', 'relay']).default('off'),
  /** With INBOUND_AUTH=relay: the relay's authserv-id, the first word of its Authentication-Results header. */
  INBOUND_AUTH_RELAY_ID: optionalString.refine((v) => v === undefined || /^[A-Za-z0-9.-]{1,253}$/.test(v), {
    message: 'expected a host name such as mx.example.gov.uk',
  }),
  /** Inbound mail per sender (client IP, and envelope sender): a token bucket. Also caps the coordinator's notices per From address. */
  INBOUND_SENDER_BURST: int(1, 10_000, 30),
  INBOUND_SENDER_PER_MINUTE: int(1, 10_000, 6),
  /** Inbound mail from everyone together. */
  INBOUND_GLOBAL_BURST: int(1, 1_000_000, 300),
  INBOUND_GLOBAL_PER_MINUTE: int(1, 1_000_000, 120),
  DKIM_DOMAIN: optionalString,
  DKIM_SELECTOR: optionalString,
  DKIM_PRIVATE_KEY: optionalString,

  MEETING_PROVIDER: z.enum(['auto', 'local', 'google', 'teams']).default('auto'),
  LOCAL_DIALIN_NUMBER: dialInNumber.default('+44 20 7946 0000'),
  LOCAL_DIALIN_PIN: dialInPin,
  /** The audio bridge invitations carry when a provider gives no dial-in: E.164, spaces allowed. */
  FALLBACK_DIALIN_NUMBER: optionalString.refine((v) => v === undefined || e164(v) !== undefined, {
    message: E164_HINT,
  }),
  FALLBACK_DIALIN_PIN: dialInPin,
  GOOGLE_API_BASE_URL: optionalUrl(/^https?:$/, 'http or https'),
  GOOGLE_CALENDAR_ID: optionalString,
  GOOGLE_SERVICE_ACCOUNT_KEY_FILE: optionalString,
  GOOGLE_IMPERSONATE: optionalString,
  GRAPH_BASE_URL: optionalUrl(/^https?:$/, 'http or https'),
  GRAPH_AUTHORITY_URL: optionalUrl(/^https?:$/, 'http or https'),
  GRAPH_TENANT_ID: optionalString,
  GRAPH_CLIENT_ID: optionalString,
  GRAPH_CLIENT_SECRET: optionalString,
  GRAPH_ORGANIZER_USER_ID: optionalString,

  MICROSOFT_APP_ID: optionalString,
  MICROSOFT_APP_PASSWORD: optionalString,
  MICROSOFT_APP_TYPE: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('SingleTenant'),
  MICROSOFT_APP_TENANT_ID: optionalString,
  /**
   * Where the bot fetches the Bot Framework's token-signing keys (OpenID metadata). Blank uses
   * the public cloud's; set only for a private cloud or a test's fake. https, or http on loopback.
   */
  MICROSOFT_BOT_OPENID_METADATA_URL: optionalUrl(/^https?:$/, 'https, or http on loopback'),

  SIMULATED_CLOCK: bool.default(false),
  SIMULATED_START: optionalString.refine((v) => v === undefined || !Number.isNaN(Date.parse(v)), {
    message: 'expected an ISO 8601 date-time',
  }),
  SIMULATED_CLOCK_FORCE: bool.default(false),
  WORKERS: z.enum(['in-process', 'none']).default('in-process'),
  JOB_ATTEMPTS: int(1, 50, 6),
  JOB_BACKOFF_MS: int(100, 600_000, 2_000),
  JOB_LOCK_MS: int(1_000, 120_000, 10_000),
  JOB_STALLED_INTERVAL_MS: int(1_000, 120_000, 5_000),
  /** Completed jobs kept in Redis to look at, the newest (0: none); the ledger and audit trail keep what happened. */
  JOB_KEEP_COMPLETED: int(0, 100_000, 1_000),
  /** Jobs one worker process runs at once. */
  WORKER_CONCURRENCY: int(1, 200, 10),
  /** How long a send claim blocks other attempts; blank = max(30 s, 3 × JOB_LOCK_MS). */
  SEND_LEASE_MS: int(0, 600_000, 0),
  SMTP_POOL_SIZE: int(1, 50, 4),

  /** AES-256-GCM key for data at rest in Redis: 32 bytes as base64 or hex. */
  DATA_ENCRYPTION_KEY: optionalString.refine((v) => v === undefined || parseDataKey(v) !== undefined, {
    message: 'expected 32 bytes as base64 (44 characters) or hex (64 characters), e.g. `openssl rand -base64 32`',
  }),
  /** Days after a closed or cancelled conference's last change before it is purged (exported ones only); 0 keeps everything. */
  RETENTION_DAYS: int(0, 36_500, 0),
  /**
   * London time of day (24-hour `HH:MM`) of the daily retention sweep, which runs only when
   * RETENTION_DAYS > 0. @defaultValue `02:30`
   */
  RETENTION_SWEEP_AT: optionalString
    .refine((v) => v === undefined || /^([01]?\d|2[0-3]):[0-5]\d$/.test(v), {
      message: 'expected a London time of day as HH:MM (24-hour), e.g. 02:30',
    })
    .transform((v) => (v === undefined ? '02:30' : v.padStart(5, '0'))),
  /** The coordinator API and the bot endpoint: a token bucket per client IP. */
  API_RATE_LIMIT_BURST: int(1, 100_000, 300),
  API_RATE_LIMIT_PER_MINUTE: int(1, 1_000_000, 1_200),

  /** Personal-link pages (`/l/*`, `/tab`) and the dashboard sign-in: a token bucket per client IP. */
  LINK_RATE_LIMIT_BURST: int(1, 10_000, 60),
  LINK_RATE_LIMIT_PER_MINUTE: int(1, 100_000, 60),
  DASHBOARD_SESSION_HOURS: int(1, 24, 8),
  /**
   * The reverse proxies whose `X-Forwarded-For` is believed (client IP for rate limits and logs):
   * addresses or CIDR ranges, comma-separated, or express's `loopback`, `linklocal`, `uniquelocal`.
   * @defaultValue none: the connecting address is the client, even on loopback
   */
  TRUST_PROXY: optionalString
    .transform((v) =>
      v === undefined
        ? []
        : v
            .split(',')
            .map((x) => x.trim())
            .filter(Boolean),
    )
    .refine((list) => list.every(isProxyAddress), {
      message:
        'expected addresses or CIDR ranges separated by commas (e.g. 10.0.0.5,10.1.0.0/16), or loopback, linklocal, uniquelocal',
    }),
  /**
   * The local authority that is data controller, named on `/privacy` and `/terms`.
   * @defaultValue the default policy's `authority` (none for the national `statutory` preset)
   */
  DATA_CONTROLLER: optionalString.refine((v) => v === undefined || v.length <= 200, {
    message: 'at most 200 characters',
  }),
  /** `/privacy` (the Teams app's privacy link) redirects here: the authority's own privacy notice. https; http only outside production. */
  PRIVACY_URL: optionalUrl(/^https?:$/, 'https; http only outside production'),
  /** Or `/privacy` shows this text, one paragraph a line. @defaultValue a notice naming DATA_CONTROLLER and where its privacy notice is */
  PRIVACY_TEXT: legalText,
  /** `/terms` (the Teams app's terms-of-use link) redirects here. https; http only outside production. */
  TERMS_URL: optionalUrl(/^https?:$/, 'https; http only outside production'),
  /** Or `/terms` shows this text, one paragraph a line. @defaultValue short terms naming DATA_CONTROLLER */
  TERMS_TEXT: legalText,
  /** The authority's OpenID Connect provider for the dashboard (all three, or none). */
  OIDC_ISSUER: optionalUrl(/^https?:$/, 'https; http only outside production'),
  OIDC_CLIENT_ID: optionalString,
  OIDC_CLIENT_SECRET: optionalString,
  /** Only these addresses may sign in with OIDC (comma-separated); with OIDC_ALLOWED_DOMAIN, either admits. */
  OIDC_ALLOWED_EMAILS: optionalString
    .transform((v) =>
      v === undefined
        ? []
        : v
            .split(',')
            .map((x) => x.trim().toLowerCase())
            .filter(Boolean),
    )
    .refine((list) => list.every((x) => z.email().safeParse(x).success), {
      message: 'expected email addresses separated by commas',
    }),
  /** Only addresses at this domain (e.g. `hackney.gov.uk`) may sign in with OIDC. */
  OIDC_ALLOWED_DOMAIN: optionalString
    .transform((v) => v?.toLowerCase().replace(/^@/, ''))
    .refine((v) => v === undefined || /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(v), {
      message: 'expected a domain such as example.gov.uk',
    }),
  ...NotifyEnv.shape,
};

// Every variable says what it does: a missing or stray description fails the type check.
const docs: { readonly [K in keyof typeof EnvShape]: string } = ENV_DOCS;
const noStrayDocs: [Exclude<keyof typeof ENV_DOCS, keyof typeof EnvShape>] extends [never] ? true : never = true;
void noStrayDocs;

/** The environment the service reads, each variable described (docs/configuration.md is generated from it). */
export const EnvSchema = z.object(
  Object.fromEntries(
    Object.entries(EnvShape).map(([k, schema]) => [k, schema.describe(docs[k as keyof typeof EnvShape])]),
  ) as typeof EnvShape,
);

export type Env = z.infer<typeof EnvSchema>;

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

const DEV_API_KEY = 'dev-coordinator-key-change-me';
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
    if (e.MICROSOFT_APP_TYPE !== 'MultiTenant' && !e.MICROSOFT_APP_TENANT_ID)
      problems.push('MICROSOFT_APP_TENANT_ID: required in production for single-tenant and managed-identity bots');
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

/**
 * What `cpc worklist|find|show|print-queue` need to talk to a running service: `CPC_URL` (default
 * the local service, http://127.0.0.1:3978) and `CPC_API_KEY` (else `COORDINATOR_API_KEY`, else the
 * development key). Problems name the variable.
 */
export function readCliEnv(env: Record<string, string | undefined> = process.env): { url: string; apiKey: string } {
  const url = env['CPC_URL']?.trim() || 'http://127.0.0.1:3978';
  const parsed = z.url({ protocol: /^https?$/ }).safeParse(url);
  if (!parsed.success)
    throw new ConfigError([`CPC_URL: expected the service's http(s) address, got "${url.slice(0, 80)}"`]);
  return {
    url: url.replace(/\/+$/, ''),
    apiKey: env['CPC_API_KEY']?.trim() || env['COORDINATOR_API_KEY']?.trim() || DEV_API_KEY,
  };
}
