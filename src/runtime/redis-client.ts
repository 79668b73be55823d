/**
 * Every long-lived Redis client the service opens, built from the configuration: one URL, or the
 * master found through Redis Sentinel. Both reconnect by themselves and ride out a failover:
 * - `maxRetriesPerRequest: null`: commands wait for the connection to come back instead of failing
 *   after 20 tries (BullMQ's workers require it);
 * - `reconnectOnError`: a client still talking to a demoted master gets READONLY (or NOREPLICAS,
 *   LOADING, MASTERDOWN while the new topology settles); it reconnects, asks the sentinels for the
 *   master again, and resends the command;
 * - with Sentinel, `failoverDetector` listens for the sentinels' `+switch-master` and reconnects at
 *   once rather than when the old connection dies.
 */
import { Redis, type RedisOptions } from 'ioredis';
import type { Config } from '../config.ts';

const FAILOVER_ERRORS = /^(READONLY|NOREPLICAS|LOADING|MASTERDOWN)\b/;

/** 2: reconnect and resend the command that met the error. */
export function reconnectOnFailover(err: Error): 2 | false {
  return FAILOVER_ERRORS.test(err.message) ? 2 : false;
}

type RedisConfig = Pick<Config, 'REDIS_URL' | 'redisSentinel'>;

/** The ioredis options for `config` (the URL's credentials, database and TLS; the sentinels when configured). */
export function redisOptions(
  config: RedisConfig,
  url: string | undefined = config.REDIS_URL,
  extra: RedisOptions = {},
): RedisOptions {
  const base: RedisOptions = { maxRetriesPerRequest: null, reconnectOnError: reconnectOnFailover, ...extra };
  const s = config.redisSentinel;
  if (!s) return base;
  const u = url ? new URL(url) : undefined;
  const tls = u?.protocol === 'rediss:';
  const db = u && u.pathname.length > 1 ? Number(u.pathname.slice(1)) : undefined;
  return {
    sentinels: s.sentinels,
    name: s.master,
    ...(s.password ? { sentinelPassword: s.password } : {}),
    ...(s.tls ? { sentinelTLS: {} } : {}),
    ...(u?.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u?.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(db !== undefined && Number.isInteger(db) ? { db } : {}),
    // TLS to the master and replicas the sentinels name (ioredis needs both settings for that).
    ...(tls ? { tls: {}, enableTLSForSentinelMode: true } : {}),
    failoverDetector: true,
    // Keep asking the sentinels (ioredis's default gives up after a few rounds and ends the client).
    sentinelRetryStrategy: (times) => Math.min(100 * times, 2_000),
    ...base,
  };
}

/**
 * A client through Sentinel that closes its failover detector with it. ioredis 5's `failoverDetector`
 * holds a subscription to `+switch-master` on each sentinel, and `quit()` (how the service, BullMQ
 * and the watch pool close their clients) leaves those open: only `disconnect()` closes them
 * (redis/ioredis#1362; fixed upstream by redis/ioredis#2198, not in the ioredis 5 we use). A stopped
 * runtime kept one per sentinel for each of its clients, reconnecting every minute for ever; once the
 * sentinels were gone, each attempt printed "[ioredis] Unhandled error event: ECONNREFUSED". When the
 * client ends (closed, or given up) it disconnects too, which closes the detector; its duplicates
 * (BullMQ's blocking connection, the store's WATCH connections) are built the same way.
 */
class SentinelRedis extends Redis {
  constructor(options: RedisOptions) {
    super(options);
    this.on('end', () => this.disconnect());
  }

  override duplicate(override?: Partial<RedisOptions>): Redis {
    return new SentinelRedis({ ...this.options, ...override });
  }
}

/** A client for the configured Redis (`url`: the embedded server's, when there is no configured one). */
export function connectRedis(
  config: RedisConfig,
  url: string | undefined = config.REDIS_URL,
  extra: RedisOptions = {},
): Redis {
  const options = redisOptions(config, url, extra);
  if (config.redisSentinel) return new SentinelRedis(options);
  if (!url) throw new Error('connectRedis: no Redis URL and no sentinels');
  return new Redis(url, options);
}

/** How the Redis in use is named in logs and start-up lines: never a password. */
export function describeRedis(config: RedisConfig, url: string | undefined = config.REDIS_URL): string {
  const s = config.redisSentinel;
  if (s)
    return `sentinel${s.tls ? 's' : ''}://${s.sentinels.map((x) => `${x.host.includes(':') ? `[${x.host}]` : x.host}:${x.port}`).join(',')}/${s.master}${url?.startsWith('rediss:') ? ' (TLS to the master)' : ''}`;
  if (!url) return 'embedded';
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'REDIS_URL';
  }
}

/**
 * Whether Redis answers a PING now, on a connection of its own (one try, no retries): undefined when
 * it does, else why not. A long-lived client may still say 'ready' for a moment after its server went.
 */
export async function redisProblem(
  config: RedisConfig,
  url: string | undefined = config.REDIS_URL,
): Promise<string | undefined> {
  const client = connectRedis(config, url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    sentinelRetryStrategy: () => null,
    failoverDetector: false,
    reconnectOnError: null,
    connectTimeout: 2_000,
  });
  client.on('error', () => {}); // the answer is the reason returned
  try {
    await client.connect();
    return (await client.ping()) === 'PONG' ? undefined : 'no PONG';
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  } finally {
    client.disconnect();
  }
}
