/**
 * The configuration a bench starts its runtime with: test mode on its own key prefix, simulated
 * time from `start`, ports 0 (nothing to clash with), the bench's mail sink (or a port nothing
 * listens on, where nothing is mailed) and no rate limit in the way. `env` adds to it or overrides it.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readConfig, type Config } from '../src/config.ts';

export const BENCH_KEY = 'bench-key-0123456789abcdef';

export interface BenchConfigOptions {
  redisUrl: string;
  prefix: string;
  /** Where simulated time starts (ISO instant). */
  start: string;
  /** @defaultValue a port nothing listens on */
  smtpUrl?: string;
  /** @defaultValue BENCH_KEY */
  key?: string;
  /** @defaultValue a new temporary directory */
  dataDir?: string;
  env?: Record<string, string | undefined>;
}

export function benchConfig(o: BenchConfigOptions): Config {
  return readConfig({
    NODE_ENV: 'test',
    REDIS_URL: o.redisUrl,
    REDIS_PREFIX: o.prefix,
    PORT: '0',
    INBOUND_SMTP_PORT: '0',
    DATA_DIR: o.dataDir ?? mkdtempSync(path.join(tmpdir(), 'cpc-bench-')),
    SMTP_URL: o.smtpUrl ?? 'smtp://127.0.0.1:9',
    SMTP_REQUIRE_TLS: 'false',
    SIMULATED_CLOCK: '1',
    SIMULATED_START: o.start,
    COORDINATOR_API_KEY: o.key ?? BENCH_KEY,
    API_RATE_LIMIT_BURST: '100000',
    ...o.env,
  });
}

/** A JSON client for the bench's runtime at `baseUrl` with the coordinator key: throws on a status of 300 or more. */
export function benchApi(baseUrl: string, key: string = BENCH_KEY) {
  return async (method: string, p: string, b?: unknown): Promise<any> => {
    const res = await fetch(baseUrl + p, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      ...(b !== undefined ? { body: JSON.stringify(b) } : {}),
    });
    const json = await res.json();
    if (res.status >= 300) throw new Error(`${method} ${p}: ${res.status} ${JSON.stringify(json).slice(0, 300)}`);
    return json;
  };
}
