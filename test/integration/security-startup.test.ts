/**
 * Production means production: `src/main.ts` with NODE_ENV=production refuses, before anything
 * starts, plain-text transports and weak or published secrets, naming each problem on its own line
 * (exit 2). Each case starts from a configuration production accepts and breaks one thing.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../src/app/deps.ts';
import { ConfigError, readConfig } from '../../src/config.ts';
import { createLogger } from '../../src/infra/logger.ts';
import { startInbound } from '../../src/runtime/inbound.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TLS_KEY = path.join(ROOT, 'test/fakes/tls/localhost-key.pem');
const TLS_CERT = path.join(ROOT, 'test/fakes/tls/localhost-cert.pem');

/** The development values published in config.ts and the README. */
const DEV_API_KEY = 'dev-coordinator-key-change-me';
const DEV_LINK_SECRET = 'dev-link-secret-not-for-production-use-0000';
const DEV_DATA_KEY = 'ZGV2LWRhdGEta2V5LW5vdC1mb3ItcHJvZHVjdGlvbiE=';

/** A production configuration that passes every check (nothing is started with it here). */
const accepted: Record<string, string> = {
  NODE_ENV: 'production',
  MICROSOFT_APP_ID: '00000000-0000-0000-0000-000000000001',
  MICROSOFT_APP_PASSWORD: 'bot-password',
  MICROSOFT_APP_TENANT_ID: '00000000-0000-0000-0000-000000000002',
  COORDINATOR_API_KEY: 'Vd2w7m3Qk9Zr1xT5yP0cL8nB4hJ6fG2s',
  LINK_SECRET: 'q8Xz3Lm1Rt6Yw0Ns5Kd9Hb2Pv7Cj4Fg1',
  PUBLIC_BASE_URL: 'https://cpc.example.gov.uk',
  SMTP_URL: 'smtps://mail.example.gov.uk:465',
  REDIS_URL: 'rediss://redis.internal:6379',
  INBOUND_SMTP_TLS_KEY_FILE: TLS_KEY,
  INBOUND_SMTP_TLS_CERT_FILE: TLS_CERT,
  DATA_ENCRYPTION_KEY: 'nYb0Ixd5oXw9wV0L8oPZ5dZ7wQ3r2yT4aGk1mCq6sE8=',
  GRAPH_TENANT_ID: 't',
  GRAPH_CLIENT_ID: 'c',
  GRAPH_CLIENT_SECRET: 's',
  GRAPH_ORGANIZER_USER_ID: 'u',
};

/** Runs the real entry point as an operator would (node + tsx), to its exit. */
function run(env: Record<string, string | undefined>): Promise<{ code: number | null; out: string; err: string }> {
  const clean = Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATA_DIR: dataDir, ...clean },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, out, err }));
  });
}

/** The problem lines main.ts prints under "Invalid configuration:". */
const problemLines = (err: string) =>
  err
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('- '))
    .map((l) => l.slice(2));

let dataDir: string;
beforeAll(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'cpc-security-startup-'));
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('production refuses to start, naming the variable', () => {
  it('the base configuration is accepted (so each case below fails for its own reason only)', () => {
    expect(() => readConfig(accepted)).not.toThrow();
  });

  const cases: [string, Record<string, string | undefined>, RegExp][] = [
    [
      'REDIS_URL: plain redis://',
      { REDIS_URL: 'redis://redis.internal:6379' },
      /^REDIS_URL: plain redis:\/\/ is refused in production.*REDIS_ALLOW_PLAINTEXT=true/,
    ],
    [
      'inbound SMTP without TLS',
      { INBOUND_SMTP_TLS_KEY_FILE: undefined, INBOUND_SMTP_TLS_CERT_FILE: undefined },
      /^INBOUND_SMTP_TLS_KEY_FILE, INBOUND_SMTP_TLS_CERT_FILE: the inbound SMTP server needs TLS in production/,
    ],
    [
      'LINK_SECRET: the published development value',
      { LINK_SECRET: DEV_LINK_SECRET },
      /^LINK_SECRET: the published development value is refused/,
    ],
    [
      'LINK_SECRET: shorter than 32 bytes',
      { LINK_SECRET: 'x7Qm2Lr9Tz4Kw1Ns6Yd3Hb8Pv5Cj0Fg' },
      /^LINK_SECRET: must be at least 32 (characters|bytes)/,
    ],
    [
      'COORDINATOR_API_KEY: the published development value',
      { COORDINATOR_API_KEY: DEV_API_KEY },
      /^COORDINATOR_API_KEY: the published development value is refused/,
    ],
    [
      'COORDINATOR_API_KEY: shorter than 32 bytes',
      { COORDINATOR_API_KEY: 'Vd2w7m3Qk9Zr1xT5yP0cL8nB4h' },
      /^COORDINATOR_API_KEY: must be at least 32 bytes in production/,
    ],
    [
      'LINK_SECRET: the same value as COORDINATOR_API_KEY',
      { LINK_SECRET: accepted.COORDINATOR_API_KEY },
      /^LINK_SECRET: must differ from COORDINATOR_API_KEY/,
    ],
    [
      'DATA_ENCRYPTION_KEY: the published development key',
      { DATA_ENCRYPTION_KEY: DEV_DATA_KEY },
      /^DATA_ENCRYPTION_KEY: the published development key is refused/,
    ],
    [
      'OIDC without an allow list: anyone the provider signs in (any Google account, every account of the authority)',
      { OIDC_ISSUER: 'https://accounts.google.com', OIDC_CLIENT_ID: 'cpc', OIDC_CLIENT_SECRET: 'secret' },
      /^OIDC_ALLOWED_EMAILS, OIDC_ALLOWED_DOMAIN: production needs one or both with OIDC_ISSUER/,
    ],
    [
      'DATA_ENCRYPTION_KEY: the published development key written as hex',
      { DATA_ENCRYPTION_KEY: Buffer.from(DEV_DATA_KEY, 'base64').toString('hex') },
      /^DATA_ENCRYPTION_KEY: the published development key is refused/,
    ],
  ];

  // Each variable through the configuration reader main.ts calls (in-process: starting a process per
  // case costs seconds each); the real entry point is started once below with every problem at once.
  it.each(cases)('%s: refused with that one line', (_name, change, line) => {
    let problems: string[] = [];
    try {
      readConfig({ ...accepted, ...change });
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      problems = (err as ConfigError).problems;
    }
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(line);
  });

  it('the real entry point: every problem at once, one line each, exit 2, nothing started', async () => {
    const r = await run({
      ...accepted,
      REDIS_URL: 'redis://redis.internal:6379',
      INBOUND_SMTP_TLS_KEY_FILE: undefined,
      INBOUND_SMTP_TLS_CERT_FILE: undefined,
      LINK_SECRET: DEV_LINK_SECRET,
      COORDINATOR_API_KEY: 'short-key-0123456789',
      DATA_ENCRYPTION_KEY: DEV_DATA_KEY,
    });
    expect(r.code, r.err).toBe(2);
    const problems = problemLines(r.err);
    expect(problems, r.err).toHaveLength(5);
    for (const name of [
      'REDIS_URL',
      'INBOUND_SMTP_TLS_KEY_FILE',
      'LINK_SECRET',
      'COORDINATOR_API_KEY',
      'DATA_ENCRYPTION_KEY',
    ])
      expect(
        problems.filter((p) => p.startsWith(name)),
        name,
      ).toHaveLength(1);
    expect(r.out).not.toMatch(/Conference bot ready|default:/);
  });

  it('REDIS_ALLOW_PLAINTEXT=true is the explicit way to accept redis:// (a private network); gmail or graph inbound needs no SMTP TLS', () => {
    expect(() =>
      readConfig({ ...accepted, REDIS_URL: 'redis://redis.internal:6379', REDIS_ALLOW_PLAINTEXT: 'true' }),
    ).not.toThrow();
    expect(() =>
      readConfig({
        ...accepted,
        INBOUND_SMTP_TLS_KEY_FILE: undefined,
        INBOUND_SMTP_TLS_CERT_FILE: undefined,
        INBOUND_MODE: 'graph',
        GRAPH_INBOUND_MAILBOX: 'reports@example.gov.uk',
      }),
    ).not.toThrow();
  });

  it('OIDC with an allow list (the authority’s domain or named addresses) is accepted', () => {
    const oidc = { OIDC_ISSUER: 'https://login.example.gov.uk', OIDC_CLIENT_ID: 'cpc', OIDC_CLIENT_SECRET: 'secret' };
    expect(() => readConfig({ ...accepted, ...oidc, OIDC_ALLOWED_DOMAIN: 'example.gov.uk' })).not.toThrow();
    expect(() => readConfig({ ...accepted, ...oidc, OIDC_ALLOWED_EMAILS: 'coordinator@example.gov.uk' })).not.toThrow();
  });

  it('TRUST_PROXY: no default, and anything but addresses, ranges or the named subnets is refused', () => {
    expect(readConfig(accepted).TRUST_PROXY).toEqual([]);
    expect(readConfig({ ...accepted, TRUST_PROXY: '10.0.0.5, 10.1.0.0/16,loopback' }).TRUST_PROXY).toEqual([
      '10.0.0.5',
      '10.1.0.0/16',
      'loopback',
    ]);
    for (const bad of ['true', '1', '*', '10.0.0.300', 'proxy.internal'])
      expect(() => readConfig({ ...accepted, TRUST_PROXY: bad }), bad).toThrow(/TRUST_PROXY/);
  });
});

describe('the production inbound SMTP server takes mail only over TLS', () => {
  it('a sender that does not switch to TLS is refused (530) before it can send; one that does is accepted', async () => {
    const config = readConfig({ ...accepted, INBOUND_SMTP_PORT: '0', INBOUND_SMTP_HOST: '127.0.0.1' });
    const forwarded: unknown[] = [];
    const deps = {
      settings: { linkSecret: config.LINK_SECRET, coordinatorEmail: 'coordinator@example.gov.uk' },
      store: { list: async () => [], findByOpenReportSender: async () => [] },
      mailer: { send: async (m: unknown) => void forwarded.push(m) },
      logger: createLogger({ level: 'error', write: () => {} }),
    } as unknown as AppDeps;
    const inbound = await startInbound(deps, config, deps.logger);
    const message = {
      from: 'someone@example.org',
      to: 'reports@cpc.example.gov.uk',
      subject: 'Report',
      text: 'Report text',
    };
    try {
      const plain = nodemailer.createTransport({
        host: '127.0.0.1',
        port: inbound.port,
        secure: false,
        ignoreTLS: true,
      });
      await expect(plain.sendMail(message)).rejects.toMatchObject({ responseCode: 530 });
      expect(forwarded).toHaveLength(0);

      const ca = readFileSync(TLS_CERT);
      const tls = nodemailer.createTransport({
        host: '127.0.0.1',
        port: inbound.port,
        secure: false,
        requireTLS: true,
        tls: { ca, servername: 'localhost' },
      });
      await tls.sendMail(message);
      // Unmatched, so it went to the coordinator: it got past the TLS check into the handler.
      expect(forwarded).toHaveLength(1);
    } finally {
      await inbound.close();
    }
  });
});
