/**
 * What each environment variable means, in the operator's words. Keyed by the env schema's own
 * keys, so a variable cannot be added without saying what it does (the type checker refuses); the
 * descriptions are attached to the zod schema, and `npm run docs` writes docs/configuration.md from it.
 */
export const ENV_DOCS = {
  NODE_ENV:
    '`production` refuses to start without bot credentials, `COORDINATOR_API_KEY`, `LINK_SECRET`, `DATA_ENCRYPTION_KEY`, an https `PUBLIC_BASE_URL`, `REDIS_URL` (or `REDIS_SENTINELS`) and TLS SMTP; it also refuses `SIMULATED_CLOCK`, the local meeting provider, plain-text Redis: `redis://`, or sentinels without `REDIS_SENTINEL_TLS` (unless `REDIS_ALLOW_PLAINTEXT=true`), an inbound SMTP server without TLS, and secrets that are short, published or reused for each other.',
  PORT: 'The HTTP port (API, pages, the bot endpoint).',
  HOST: 'The address the HTTP server listens on.',
  PUBLIC_BASE_URL:
    'The base of every link in emails, letters and cards. Unset: `http://localhost:$PORT`. Required (https) in production.',
  DATA_DIR: 'Where the embedded Redis keeps its data and the outbox its mail (development).',
  LOG_LEVEL: 'Structured JSON logs at this level and above (no names are ever logged).',
  REDIS_URL:
    'The workflow store and queue backend (`rediss://` for TLS). Unset: an embedded `redis-server` is started (development only). With `REDIS_SENTINELS`, only its credentials, database and scheme are used.',
  REDIS_ALLOW_PLAINTEXT:
    '`true` lets production use plain `redis://`, and plain-text sentinels (only on a private network you trust).',
  REDIS_SENTINELS:
    'Redis Sentinel for a Redis that fails over: the sentinels as `host:port`, comma-separated (three or more, on separate machines). With it, `REDIS_URL` is optional and gives only the password, user, database and `rediss://` for TLS to the master and replicas (e.g. `rediss://:password@redis/0`; its host is not used). See docs/deployment.md.',
  REDIS_SENTINEL_MASTER: "With `REDIS_SENTINELS`: the master's name, as in the sentinels' `sentinel monitor <name> …`.",
  REDIS_SENTINEL_PASSWORD:
    "With `REDIS_SENTINELS`: the sentinels' own password (`requirepass` in sentinel.conf), if they have one.",
  REDIS_SENTINEL_TLS:
    'With `REDIS_SENTINELS`: TLS to the sentinels (their `tls-port`); required in production unless `REDIS_ALLOW_PLAINTEXT=true`.',
  REDIS_SERVER_BIN: 'The `redis-server` binary started when `REDIS_URL` is unset.',
  REDIS_WAIT_MS:
    'How long start-up keeps asking a configured Redis (or, with `REDIS_SENTINELS`, its master) to answer before it gives up and exits; it starts as soon as Redis answers.',
  REDIS_PREFIX: 'Key prefix; the queues use `<prefix>-bull`.',
  COORDINATOR_API_KEY:
    'The bearer key for `/api` and the dashboard sign-in (at least 16 characters; 32 bytes in production). Unset: a published development key.',
  LINK_SECRET:
    'Signs personal links and reply addresses (at least 32 characters, different from the API key). Unset: a published development secret.',
  COORDINATOR_EMAIL: "Where coordinator alerts go. Unset: the policy's sender address.",
  DEFAULT_POLICY:
    'The policy a conference gets when its request names none (`statutory`, `hackney`, `hampshire`, `cumbria`, `bexley`, or one from `POLICY_FILE`).',
  POLICY_FILE: 'A JSON or YAML policy file (it may `extends` a preset); validated at start-up, every problem named.',
  CLOSURE_DAYS_ICS:
    "An .ics file of the authority's closure days (all-day events), skipped like bank holidays when counting working days; a file that cannot be read, is not a calendar or holds a date that does not exist stops start-up, naming the line.",
  SMTP_URL:
    'Outgoing mail (pooled nodemailer). Unset: mail is written as .eml files to `OUTBOX_DIR` (development only).',
  SMTP_REQUIRE_TLS: 'Refuse to send without STARTTLS. Default: true in production, false otherwise.',
  OUTBOX_DIR: 'Where mail goes without SMTP. Default: `$DATA_DIR/outbox`.',
  INBOUND_SMTP_PORT: 'The embedded inbound mailbox (report replies, calendar answers).',
  INBOUND_SMTP_HOST: 'The address the inbound SMTP server listens on.',
  INBOUND_SMTP_TLS_KEY_FILE:
    'PEM key for the inbound server’s STARTTLS (with the certificate); required in production with `INBOUND_MODE=smtp`, which then refuses mail sent without TLS (530).',
  INBOUND_SMTP_TLS_CERT_FILE: 'PEM certificate for the inbound server’s STARTTLS (with the key).',
  INBOUND_MODE:
    '`smtp`: the embedded inbound server; `gmail`: poll a Google Workspace reports mailbox (service account with domain-wide delegation, scope `gmail.modify`); `graph`: poll an Exchange Online mailbox through Microsoft Graph (`Mail.ReadWrite`, limited by an application access policy).',
  GMAIL_MAILBOX: 'With `INBOUND_MODE=gmail`: the reports mailbox the service account may read.',
  GMAIL_POLL_SECONDS: 'With `INBOUND_MODE=gmail`: seconds between polls.',
  GRAPH_INBOUND_MAILBOX:
    'With `INBOUND_MODE=graph`: the Exchange Online reports mailbox (user principal name or object id).',
  GRAPH_INBOUND_POLL_SECONDS: 'With `INBOUND_MODE=graph`: seconds between polls (429/503 honour `Retry-After`).',
  INBOUND_AUTH:
    'Who inbound mail is from. `off`: no From address is trusted, only per-attendee reply addresses count; `verify`: SPF, DKIM and DMARC checked here (mailauth), DMARC pass authenticates the From address; `relay`: trust only the `Authentication-Results` of the relay named by `INBOUND_AUTH_RELAY_ID`.',
  INBOUND_AUTH_RELAY_ID:
    "With `INBOUND_AUTH=relay`: the relay's authserv-id, the first word of its `Authentication-Results` header.",
  INBOUND_SENDER_BURST:
    'Inbound mail per client IP and per envelope sender: token bucket size (over it, MAIL FROM gets 451). Also caps coordinator notices per From address.',
  INBOUND_SENDER_PER_MINUTE: 'Inbound mail per client IP and per envelope sender: refill per minute.',
  INBOUND_GLOBAL_BURST: 'Inbound mail from everyone together: token bucket size.',
  INBOUND_GLOBAL_PER_MINUTE: 'Inbound mail from everyone together: refill per minute.',
  DKIM_DOMAIN: 'Sign outgoing mail with DKIM for this domain (with `DKIM_SELECTOR` and `DKIM_PRIVATE_KEY`).',
  DKIM_SELECTOR: 'The DKIM selector.',
  DKIM_PRIVATE_KEY: 'The DKIM private key (PEM).',
  MEETING_PROVIDER:
    '`local`, `google` (Meet through Google Calendar) or `teams` (Microsoft Graph); `auto` picks whichever has credentials, else `local` (refused in production).',
  LOCAL_DIALIN_NUMBER: 'The dial-in number the local provider prints (E.164).',
  LOCAL_DIALIN_PIN: 'The local provider’s PIN. Unset: a 6-digit PIN per conference.',
  FALLBACK_DIALIN_NUMBER:
    "The authority's audio bridge, used (and the chair and coordinator told) when Google or Graph gives no dial-in.",
  FALLBACK_DIALIN_PIN: 'The PIN for `FALLBACK_DIALIN_NUMBER`.',
  GOOGLE_API_BASE_URL: "Google APIs' base URL (tests point it at a local fake).",
  GOOGLE_CALENDAR_ID: 'The calendar Meet conferences are created in.',
  GOOGLE_SERVICE_ACCOUNT_KEY_FILE: 'The service account key (JSON) for Calendar and, with `INBOUND_MODE=gmail`, Gmail.',
  GOOGLE_IMPERSONATE: 'The Workspace user the service account acts as (domain-wide delegation).',
  GRAPH_BASE_URL: "Microsoft Graph's base URL (tests point it at a local fake).",
  GRAPH_AUTHORITY_URL: "Microsoft Entra's token endpoint base (tests point it at a local fake).",
  GRAPH_TENANT_ID: 'The Entra tenant of the Graph app (Teams meetings, the reports mailbox).',
  GRAPH_CLIENT_ID: 'The Graph app’s client id.',
  GRAPH_CLIENT_SECRET: 'The Graph app’s client secret.',
  GRAPH_ORGANIZER_USER_ID:
    'The user Teams meetings are organised as (needs an application access policy for online meetings).',
  MICROSOFT_APP_ID: 'The Teams bot registration’s app id (required in production).',
  MICROSOFT_APP_PASSWORD: 'The bot’s client secret (not with `UserAssignedMSI`).',
  MICROSOFT_APP_TYPE: 'The bot registration type.',
  MICROSOFT_APP_TENANT_ID:
    'The bot’s tenant, and the only one whose people act through it: anyone from another tenant gets “Not allowed” and changes nothing (required in production, for a MultiTenant bot too).',
  MICROSOFT_BOT_OPENID_METADATA_URL:
    "Where the Bot Framework's token-signing keys are read. Unset: the public cloud's. https in production except on loopback.",
  SIMULATED_CLOCK: 'Simulated time for demos and tests, moved with `POST /api/dev/clock` (refused in production).',
  SIMULATED_START: 'Where simulated time starts (ISO 8601). Unset: now.',
  SIMULATED_CLOCK_FORCE:
    "Start the simulated clock on data it would otherwise refuse: data whose simulated clock stands elsewhere than `SIMULATED_START`, or conferences made without the simulated clock. Unset, such a start is refused, naming the fix (a restart with `SIMULATED_START` unset resumes where the data's clock stands).",
  WORKERS: '`none` runs no jobs in the web process: start workers with `npm run worker`.',
  JOB_ATTEMPTS: 'Tries per job before it is failed (and listed for the coordinator).',
  JOB_BACKOFF_MS: 'First retry delay; doubles each try.',
  FOLLOW_ON_SWEEP_MINUTES:
    "Minutes between the sweeps that finish a change's follow-on work (its invitations or cancellations queued, its audit written) when both the request and its repair job could not queue it. `0`: only at start-up and after a Redis reconnection. Unset: 10, or 0 with `SIMULATED_CLOCK` (set it to sweep in simulated time).",
  JOB_LOCK_MS: "A job's lock: a killed worker's job resumes soon after it lapses.",
  JOB_STALLED_INTERVAL_MS: 'How often stalled jobs are looked for.',
  JOB_KEEP_COMPLETED:
    'Completed jobs kept in Redis to look at: the newest this many, for the whole service, not per conference (0: none). What happened is in the send ledger and the audit trail, and a job that has run is never added again.',
  WORKER_CONCURRENCY: 'Jobs one worker process runs at once.',
  SEND_LEASE_MS:
    'How long a send claim holds off other attempts (a dead worker’s sends wait this long). 0: max(30 s, 3 × `JOB_LOCK_MS`).',
  SMTP_POOL_SIZE: 'Pooled SMTP connections per process.',
  DATA_ENCRYPTION_KEY:
    'AES-256-GCM key for data at rest in Redis: 32 bytes as base64 or hex (`openssl rand -base64 32`). Required in production; unset: a published development key.',
  DATA_PLAIN_VALUES:
    'Values stored plain, from before encryption was on: `auto` reads them until `npm run cpc -- reseal` has sealed them all, then every process started after refuses them, and files, audit entries and send reasons sealed before they were bound (not shown, logged); `accept` always reads them; `refuse` never does.',
  RETENTION_DAYS:
    "Days after a closed or cancelled conference's last change before it is purged (only once exported). 0 keeps everything.",
  RETENTION_SWEEP_AT:
    'London time of day (`HH:MM`, 24-hour) of the daily retention sweep (only when `RETENTION_DAYS` > 0).',
  API_RATE_LIMIT_BURST: 'Token bucket per client IP on `/api` and the bot endpoint (429 with `Retry-After`): size.',
  API_RATE_LIMIT_PER_MINUTE: 'The same bucket: refill per minute.',
  LINK_RATE_LIMIT_BURST:
    'Token bucket per client IP on personal-link pages, the Teams tab and the dashboard sign-in: size.',
  LINK_RATE_LIMIT_PER_MINUTE: 'The same bucket: refill per minute.',
  DASHBOARD_SESSION_HOURS: 'Lifetime of a dashboard sign-in.',
  TRUST_PROXY:
    'The reverse proxies whose `X-Forwarded-For` gives the client address (rate limits, logs): addresses or CIDR ranges, comma-separated, or `loopback`, `linklocal`, `uniquelocal`. Unset: the connecting address is the client, even on loopback.',
  DATA_CONTROLLER:
    "The local authority that is data controller, named on `/privacy` and `/terms`. Unset: the default policy's `authority`.",
  PRIVACY_URL:
    "`/privacy` (the Teams app's privacy link) redirects here: the authority's own privacy notice (https in production). Not with `PRIVACY_TEXT`.",
  PRIVACY_TEXT:
    '`/privacy` shows this text instead, a paragraph a line. Unset: a notice naming `DATA_CONTROLLER` and where its privacy notice is.',
  TERMS_URL:
    "`/terms` (the Teams app's terms-of-use link) redirects here (https in production). Not with `TERMS_TEXT`.",
  TERMS_TEXT: '`/terms` shows this text instead, a paragraph a line. Unset: short terms naming `DATA_CONTROLLER`.',
  OIDC_ISSUER:
    "The authority's OpenID Connect provider for dashboard sign-in (all three OIDC settings or none; https in production).",
  OIDC_CLIENT_ID: 'The dashboard’s OIDC client id.',
  OIDC_CLIENT_SECRET: 'The dashboard’s OIDC client secret.',
  OIDC_ALLOWED_EMAILS:
    'Only these addresses may sign in with OIDC (comma-separated); with `OIDC_ALLOWED_DOMAIN`, either admits. Production needs one or both with `OIDC_ISSUER`.',
  OIDC_ALLOWED_DOMAIN: 'Only addresses at this domain (e.g. `hackney.gov.uk`) may sign in with OIDC.',
  NOTIFY_API_KEY:
    'A GOV.UK Notify API key (`{name}-{service id}-{secret}`; a live key, or a test key for trials, never a team key): family letters by post are printed and posted by Notify and text reminders go out. Unset: letters wait on the print queue as before, no texts. A key of another shape stops start-up.',
  NOTIFY_BASE_URL: "Notify's API address, for a proxy or a test's fake (https in production). Default: Notify's own.",
  NOTIFY_CALLBACK_TOKEN:
    'The bearer token Notify sends with its callbacks (set the same in Notify: API integration → Callbacks): delivery receipts to `$PUBLIC_BASE_URL/notify/delivery-receipts`, received texts to `$PUBLIC_BASE_URL/notify/received-texts`. At least 16 characters. Unset: no callbacks; statuses come by polling only.',
  NOTIFY_POLL_MINUTES:
    'Minutes between asking Notify about letters and texts it has not finished with (the fallback for a lost callback).',
  NOTIFY_SMS_TEMPLATE_INVITATION:
    "The Notify text template sent with a family member's invitation (personalisation `reference`, `date`, `time`). Unset: no invitation texts.",
  NOTIFY_SMS_TEMPLATE_DAY_BEFORE: 'The text template for the reminder on the working day before the meeting.',
  NOTIFY_SMS_TEMPLATE_CHANGED: 'The text template for a changed meeting time.',
  NOTIFY_SMS_TEMPLATE_CANCELLED: 'The text template for a cancelled or postponed meeting.',
  NOTIFY_SMS_TEMPLATE_DECISION_READY: 'The text template saying the decision letter is on its way.',
} as const;
