/**
 * `cpc reseal [--dry-run]`: the one-off re-seal of values stored plain from before encryption was
 * switched on (storage/reseal-plain.ts), against the service's own Redis (REDIS_URL or the
 * sentinels, REDIS_PREFIX, DATA_ENCRYPTION_KEY: the service's environment). Prints what it sealed by
 * kind and any key it left plain (keys carry ids only). Exit 0 when nothing is left plain (the marker
 * is written: processes started from then on refuse plain values), 1 when something is.
 */
import { parseArgs } from 'node:util';
import { readConfig } from '../config.ts';
import { DataCipher } from '../infra/data-cipher.ts';
import { closeRedis } from '../infra/close-redis.ts';
import { connectRedis } from '../runtime/redis-client.ts';
import { resealPlainValues } from '../storage/reseal-plain.ts';

export async function reseal(
  args: string[],
  io: { stdout: { write(text: string): unknown }; env: Record<string, string | undefined> },
  usage: (message: string) => Error,
): Promise<number> {
  const { values } = parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: { 'dry-run': { type: 'boolean', default: false } },
  });
  const config = readConfig(io.env);
  if (!config.REDIS_URL && !config.redisSentinel)
    throw usage('reseal works on the service’s Redis: set REDIS_URL (or REDIS_SENTINELS) as the service has it');
  const redis = connectRedis(config, config.REDIS_URL, { maxRetriesPerRequest: 3 });
  try {
    // A cipher that reads plain values: they are what it seals.
    const cipher = new DataCipher(config.dataEncryptionKey);
    const dryRun = values['dry-run'] ?? false;
    const report = await resealPlainValues(redis, config.REDIS_PREFIX, cipher, { dryRun, now: new Date() });
    const kinds = Object.entries(report.sealed);
    io.stdout.write(
      kinds.length
        ? kinds.map(([kind, n]) => `${dryRun ? 'would seal' : 'sealed'} ${n} × ${kind}\n`).join('')
        : 'no plain value found\n',
    );
    for (const f of report.failed) io.stdout.write(`left plain: ${f.key} (${f.why})\n`);
    if (report.marked)
      io.stdout.write(
        'Nothing is left plain. Processes started from now on refuse plain values (DATA_PLAIN_VALUES=auto): restart the running ones.\n',
      );
    else if (!dryRun) io.stdout.write('Plain values are still accepted: deal with the keys above and run it again.\n');
    return report.failed.length ? 1 : 0;
  } finally {
    await closeRedis(redis);
  }
}
