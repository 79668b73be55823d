import { ConfigError, readConfig } from '../../src/config.ts';

/** A production configuration that passes every start-up check (tests change one thing at a time). */
export const PRODUCTION_ENV: Readonly<Record<string, string>> = {
  NODE_ENV: 'production',
  MICROSOFT_APP_ID: '00000000-0000-0000-0000-000000000001',
  MICROSOFT_APP_PASSWORD: 'bot-password',
  MICROSOFT_APP_TENANT_ID: '00000000-0000-0000-0000-000000000002',
  COORDINATOR_API_KEY: 'a-long-production-coordinator-key',
  LINK_SECRET: 'a-link-secret-of-at-least-thirty-two-characters',
  PUBLIC_BASE_URL: 'https://cpc.example.gov.uk',
  REDIS_URL: 'rediss://redis.internal:6379',
  SMTP_URL: 'smtps://mail.example.gov.uk:465',
  DATA_ENCRYPTION_KEY: '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
  GRAPH_TENANT_ID: 't',
  GRAPH_CLIENT_ID: 'c',
  GRAPH_CLIENT_SECRET: 's',
  GRAPH_ORGANIZER_USER_ID: 'u',
  INBOUND_SMTP_TLS_KEY_FILE: '/etc/cpc/inbound-key.pem',
  INBOUND_SMTP_TLS_CERT_FILE: '/etc/cpc/inbound-cert.pem',
};

/** The problems readConfig names for `env` (none when it is accepted). */
export function configProblems(env: Record<string, string>): string[] {
  try {
    readConfig(env);
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
}
