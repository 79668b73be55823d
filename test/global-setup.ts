/**
 * vitest globalSetup for the integration project: the tests need a Redis. When `REDIS_URL` is unset
 * and none answers on 127.0.0.1:6379, a private `redis-server` is started on a free port with its
 * data in a temporary folder (as `npm start` does), every test worker is pointed at it, and it is
 * stopped (and its folder removed) when the run ends. So `npm test` on a machine with
 * `redis-server` installed but not running passes without a step by hand.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmbeddedRedis } from '../src/infra/embedded-redis.ts';
import { redisAnswers } from '../scripts/chaos/infra.ts';

export const DEFAULT_TEST_REDIS = 'redis://127.0.0.1:6379';

/**
 * The Redis the tests will use: `REDIS_URL` when set (it must answer), else the default when it
 * answers, else a private one. Returns its URL and how to stop what was started.
 */
export async function ensureTestRedis(
  env: NodeJS.ProcessEnv = process.env,
  defaultUrl = DEFAULT_TEST_REDIS,
): Promise<{ url: string; started: boolean; stop(): Promise<void> }> {
  const nothing = async () => {};
  if (env.REDIS_URL) {
    if (!(await redisAnswers(env.REDIS_URL)))
      throw new Error(
        `REDIS_URL is set but that Redis does not answer: start it, or unset REDIS_URL to let the tests start their own redis-server`,
      );
    return { url: env.REDIS_URL, started: false, stop: nothing };
  }
  if (await redisAnswers(defaultUrl)) return { url: defaultUrl, started: false, stop: nothing };
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cpc-test-redis-'));
  try {
    const redis = await startEmbeddedRedis({ bin: env.REDIS_SERVER_BIN || 'redis-server', dataDir });
    return {
      url: redis.url,
      started: true,
      stop: async () => {
        await redis.stop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    rmSync(dataDir, { recursive: true, force: true });
    throw new Error(
      `No Redis answers on ${defaultUrl} and a private one could not be started: ${(err as Error).message}`,
      { cause: err },
    );
  }
}

export default async function setup(): Promise<() => Promise<void>> {
  const redis = await ensureTestRedis();
  // Workers (and the processes tests spawn) inherit the environment: test/helpers/redis.ts reads it.
  if (redis.started) process.env.REDIS_URL = redis.url;
  return async () => {
    if (redis.started) delete process.env.REDIS_URL;
    await redis.stop();
  };
}
