/**
 * The environment the service reads: one zod schema, every variable described (docs/configuration.md
 * is generated from it). config.ts parses it and resolves the defaults; nothing else reads process.env.
 */
import { z } from 'zod/v4';
import { ENV_DOCS } from './config-docs.ts';
import { E164_HINT, PIN_HINT, e164, pinDigits } from './domain/dial-in.ts';
import { parseDataKey } from './infra/data-cipher.ts';
import { NotifyEnv } from './notify-config.ts';

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
  /** How long start-up waits for a configured Redis (or the sentinels' master) to answer before giving up. */
  REDIS_WAIT_MS: int(0, 600_000, 10_000),
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
  /** Minutes between follow-on sweeps (0: start-up and reconnection only). @defaultValue 10, 0 with SIMULATED_CLOCK */
  FOLLOW_ON_SWEEP_MINUTES: optionalString
    .refine((v) => v === undefined || (/^\d+$/.test(v) && Number(v) <= 1440), { message: 'expected 0 to 1440 minutes' })
    .transform((v) => (v === undefined ? undefined : Number(v))),
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
  DATA_PLAIN_VALUES: z.enum(['auto', 'accept', 'refuse']).default('auto'),
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
