import { createOutboxMailer } from '../channels/email/outbox-transport.ts';
import { createSmtpMailer } from '../channels/email/smtp-mailer.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../infra/logger.ts';
import type { Clock, Mailer } from '../ports.ts';

const DEFAULT_FROM = { name: 'Child protection conferences', address: 'no-reply@localhost.invalid' };

/** SMTP when SMTP_URL is set (pooled, TLS required outside development), else the outbox folder. */
export function buildMailer(config: Config, logger: Logger, clock: Clock): Mailer {
  const now = () => clock.now();
  if (!config.SMTP_URL) return createOutboxMailer({ dir: config.OUTBOX_DIR, from: DEFAULT_FROM, logger, now });
  const dkim =
    config.DKIM_DOMAIN && config.DKIM_SELECTOR && config.DKIM_PRIVATE_KEY
      ? { domainName: config.DKIM_DOMAIN, keySelector: config.DKIM_SELECTOR, privateKey: config.DKIM_PRIVATE_KEY }
      : undefined;
  return createSmtpMailer({
    url: config.SMTP_URL,
    from: DEFAULT_FROM,
    requireTLS: config.SMTP_REQUIRE_TLS,
    ...(config.SMTP_REQUIRE_TLS ? {} : { ignoreTLS: true }),
    pool: true,
    now,
    maxConnections: config.SMTP_POOL_SIZE,
    ...(dkim ? { dkim } : {}),
  });
}
