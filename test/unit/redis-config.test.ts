/**
 * Redis configuration: one URL or Redis Sentinel, TLS, and what production refuses. Every bad
 * value is refused naming the variable; nothing connects here (test/integration/redis-sentinel.test.ts
 * runs a real failover).
 */
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.ts';
import { describeRedis, reconnectOnFailover, redisOptions } from '../../src/runtime/redis-client.ts';
import { configProblems, PRODUCTION_ENV } from '../helpers/config.ts';

const SENTINELS = '10.0.0.5:26379,10.0.0.6:26379,[fd00::7]:26380';

describe('Redis Sentinel and TLS configuration', () => {
  it('reads the sentinels, the master name and TLS; REDIS_URL gives credentials, database and TLS to the data nodes', () => {
    const config = readConfig({
      REDIS_SENTINELS: SENTINELS,
      REDIS_SENTINEL_MASTER: 'cpc-master',
      REDIS_SENTINEL_PASSWORD: 'sentinel-secret',
      REDIS_SENTINEL_TLS: 'true',
      REDIS_URL: 'rediss://app:p%40ss@ignored-host:6380/2',
    });
    expect(config.redisSentinel).toEqual({
      sentinels: [
        { host: '10.0.0.5', port: 26379 },
        { host: '10.0.0.6', port: 26379 },
        { host: 'fd00::7', port: 26380 },
      ],
      master: 'cpc-master',
      password: 'sentinel-secret',
      tls: true,
    });
    // No embedded Redis is started when sentinels are configured.
    expect(config.defaultsInUse.join('\n')).not.toMatch(/embedded redis-server/);
    const o = redisOptions(config);
    expect(o).toMatchObject({
      sentinels: config.redisSentinel!.sentinels,
      name: 'cpc-master',
      sentinelPassword: 'sentinel-secret',
      sentinelTLS: {},
      username: 'app',
      password: 'p@ss',
      db: 2,
      tls: {},
      enableTLSForSentinelMode: true,
      failoverDetector: true,
      maxRetriesPerRequest: null,
    });
    expect(o.host).toBeUndefined();
    const printed = describeRedis(config);
    expect(printed).toBe('sentinels://10.0.0.5:26379,10.0.0.6:26379,[fd00::7]:26380/cpc-master (TLS to the master)');
    expect(printed).not.toMatch(/secret|p@ss|p%40ss/);
  });

  it('a plain URL keeps working, prints without its password, and reconnects on a demoted master', () => {
    const config = readConfig({ REDIS_URL: 'rediss://:hunter2@redis.internal:6380/1' });
    expect(config.redisSentinel).toBeUndefined();
    expect(redisOptions(config)).toMatchObject({ maxRetriesPerRequest: null });
    expect(redisOptions(config).sentinels).toBeUndefined();
    expect(describeRedis(config)).toBe('rediss://:***@redis.internal:6380/1');
    expect(reconnectOnFailover(new Error("READONLY You can't write against a read only replica."))).toBe(2);
    expect(reconnectOnFailover(new Error('NOREPLICAS Not enough good replicas to write.'))).toBe(2);
    expect(reconnectOnFailover(new Error('WRONGTYPE Operation against a key holding the wrong kind of value'))).toBe(
      false,
    );
  });

  it('refuses bad values naming the variable', () => {
    expect(configProblems({ REDIS_SENTINELS: '10.0.0.5:26379,10.0.0.6' })).toEqual([
      expect.stringMatching(/^REDIS_SENTINELS: expected host:port pairs/),
    ]);
    expect(configProblems({ REDIS_SENTINELS: '10.0.0.5:70000', REDIS_SENTINEL_MASTER: 'm' })).toEqual([
      expect.stringMatching(/^REDIS_SENTINELS: /),
    ]);
    expect(configProblems({ REDIS_SENTINELS: SENTINELS })).toEqual([
      expect.stringMatching(/^REDIS_SENTINEL_MASTER: required with REDIS_SENTINELS/),
    ]);
    expect(configProblems({ REDIS_SENTINELS: SENTINELS, REDIS_SENTINEL_MASTER: 'two words' })).toEqual([
      expect.stringMatching(/^REDIS_SENTINEL_MASTER: letters, digits/),
    ]);
    expect(
      configProblems({ REDIS_SENTINEL_MASTER: 'm', REDIS_SENTINEL_TLS: 'true', REDIS_SENTINEL_PASSWORD: 'x' }),
    ).toEqual([
      'REDIS_SENTINEL_MASTER: only with REDIS_SENTINELS',
      'REDIS_SENTINEL_PASSWORD: only with REDIS_SENTINELS',
      'REDIS_SENTINEL_TLS: only with REDIS_SENTINELS',
    ]);
    expect(configProblems({ REDIS_SENTINEL_TLS: 'maybe' })).toEqual([expect.stringMatching(/^REDIS_SENTINEL_TLS: /)]);
  });

  it('production: Sentinel instead of REDIS_URL, and no plain text to the sentinels or the data nodes unless the network is declared private', () => {
    const base: Record<string, string> = {
      ...PRODUCTION_ENV,
      REDIS_SENTINELS: SENTINELS,
      REDIS_SENTINEL_MASTER: 'cpc-master',
    };
    const without = (env: Record<string, string>, name: string) =>
      Object.fromEntries(Object.entries(env).filter(([k]) => k !== name));
    const noUrl = without(base, 'REDIS_URL');
    expect(configProblems({ ...base, REDIS_URL: 'rediss://:pw@redis/0', REDIS_SENTINEL_TLS: 'true' })).toEqual([]);
    expect(configProblems({ ...noUrl, REDIS_SENTINEL_TLS: 'true' })).toEqual([
      expect.stringMatching(/^REDIS_URL: with REDIS_SENTINELS, production needs rediss:\/\//),
    ]);
    expect(configProblems({ ...base, REDIS_URL: 'rediss://:pw@redis/0' })).toEqual([
      expect.stringMatching(/^REDIS_SENTINEL_TLS: plain-text connections to the sentinels are refused in production/),
    ]);
    expect(configProblems({ ...base, REDIS_URL: 'redis://:pw@redis/0', REDIS_SENTINEL_TLS: 'true' })).toEqual([
      expect.stringMatching(/^REDIS_URL: plain redis:\/\/ is refused in production/),
    ]);
    expect(configProblems({ ...noUrl, REDIS_ALLOW_PLAINTEXT: 'true' })).toEqual([]);
    // Neither a URL nor sentinels: the embedded Redis is for development only.
    expect(configProblems(without({ ...PRODUCTION_ENV }, 'REDIS_URL'))).toEqual([
      expect.stringMatching(/^REDIS_URL: required in production, or REDIS_SENTINELS/),
    ]);
  });
});
