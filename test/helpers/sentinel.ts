/**
 * A highly available Redis on this machine: one master, one replica and three sentinels, each a
 * `redis-server` child process on a free port (the sentinels as `redis-server <conf> --sentinel`),
 * data in a temporary folder. Both data nodes have `min-replicas-to-write 1`, as docs/deployment.md
 * asks: a demoted master refuses writes instead of taking ones a failover would throw away. Their
 * `min-replicas-max-lag` is 10 s, wider than the 2 s docs/deployment.md asks, so that a loaded test
 * machine's late replica acknowledgements do not refuse writes on a healthy pair.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { freePort, pingRedis } from '../../scripts/chaos/infra.ts';
import { until } from './wait.ts';

export const MASTER_NAME = 'cpcmaster';

/** Why a sentinel test cannot run here, or undefined when it can. */
export function sentinelUnavailable(bin = 'redis-server'): string | undefined {
  const r = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  if (r.error)
    return `${bin} not found (install Redis 7: apt-get install redis-server); the sentinel test needs redis-server, which runs sentinels too`;
  return undefined;
}

export interface SentinelSet {
  sentinels: { host: string; port: number }[];
  masterPort: number;
  replicaPort: number;
  /** host:port of the master as the sentinels name it now. */
  master(): Promise<string>;
  /** SENTINEL FAILOVER: the replica is promoted, the old master becomes its replica. */
  failover(): Promise<void>;
  /** Clients subscribed on the sentinels, all together (a client's failover detector listens on each). */
  subscribers(): Promise<number>;
  stop(): Promise<void>;
}

async function command(port: number, ...args: string[]): Promise<unknown> {
  const c = new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: 1 });
  c.on('error', () => {});
  try {
    return await c.call(args[0]!, ...args.slice(1));
  } finally {
    c.disconnect();
  }
}

/** A data node's redis-server arguments: no persistence (this is about failover, not restarts); min-replicas: see the file comment. */
function dataNodeArgs(port: number, dir: string, extra: string[] = []): string[] {
  return [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--save',
    '',
    '--appendonly',
    'no',
    '--min-replicas-to-write',
    '1',
    '--min-replicas-max-lag',
    '10',
    // The replica's first sync starts at once (Redis waits 5 s by default for more replicas to join it).
    '--repl-diskless-sync-delay',
    '0',
    ...extra,
  ];
}

/** Runs `args` on the Redis at 127.0.0.1:`port`, on a connection of its own. */
export async function redisCommand(port: number, ...args: (string | number)[]): Promise<unknown> {
  return command(port, ...args.map(String));
}

/** Whether the Redis at `port` is a replica whose link to its master is up. */
export async function replicaInSync(port: number): Promise<boolean> {
  return /master_link_status:up/.test(String(await command(port, 'INFO', 'replication')));
}

export interface ReplicaPair {
  masterPort: number;
  replicaPort: number;
  stop(): Promise<void>;
}

/**
 * A master and its replica with the data nodes' settings, and no sentinels: a test fails them over
 * by hand, one step at a time (REPLICAOF NO ONE on the replica, then REPLICAOF on the old master).
 */
export async function startReplicaPair(): Promise<ReplicaPair> {
  const dir = mkdtempSync(path.join(tmpdir(), 'cpc-replicas-'));
  const children: ChildProcess[] = [];
  const stop = () => stopChildren(children, dir);
  const masterPort = await freePort();
  const replicaPort = await freePort();
  for (const [port, extra] of [
    [masterPort, []],
    [replicaPort, ['--replicaof', '127.0.0.1', String(masterPort)]],
  ] as const) {
    mkdirSync(path.join(dir, String(port)));
    children.push(
      spawn('redis-server', dataNodeArgs(port, path.join(dir, String(port)), [...extra]), { stdio: 'ignore' }),
    );
  }
  try {
    for (const port of [masterPort, replicaPort]) await until(`redis-server on ${port}`, () => pingRedis(port), 15_000);
    await until('the replica in sync', () => replicaInSync(replicaPort), 15_000);
  } catch (err) {
    await stop();
    throw err;
  }
  return { masterPort, replicaPort, stop };
}

async function stopChildren(children: ChildProcess[], dir: string): Promise<void> {
  await Promise.all(
    children.map(async (c) => {
      if (c.exitCode !== null || c.signalCode) return;
      const exited = new Promise<void>((r) => c.once('exit', () => r()));
      c.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
      if (c.exitCode === null && !c.signalCode) c.kill('SIGKILL');
    }),
  );
  rmSync(dir, { recursive: true, force: true });
}

export async function startSentinelSet(): Promise<SentinelSet> {
  const dir = mkdtempSync(path.join(tmpdir(), 'cpc-sentinel-'));
  const children: ChildProcess[] = [];
  const run = (args: string[]) => {
    const child = spawn('redis-server', args, { stdio: 'ignore' });
    children.push(child);
    return child;
  };
  const dataNode = (port: number, extra: string[] = []) => {
    const d = path.join(dir, String(port));
    mkdirSync(d);
    run(dataNodeArgs(port, d, extra));
  };
  const masterPort = await freePort();
  const replicaPort = await freePort();
  dataNode(masterPort);
  dataNode(replicaPort, ['--replicaof', '127.0.0.1', String(masterPort)]);
  const sentinelPorts = [await freePort(), await freePort(), await freePort()];
  for (const port of sentinelPorts) {
    const conf = path.join(dir, `sentinel-${port}.conf`);
    writeFileSync(
      conf,
      [
        `port ${port}`,
        'bind 127.0.0.1',
        `dir ${dir}`,
        `sentinel monitor ${MASTER_NAME} 127.0.0.1 ${masterPort} 2`,
        `sentinel down-after-milliseconds ${MASTER_NAME} 2000`,
        `sentinel failover-timeout ${MASTER_NAME} 20000`,
        `sentinel parallel-syncs ${MASTER_NAME} 1`,
        '',
      ].join('\n'),
    );
    run([conf, '--sentinel']);
  }
  const stop = () => stopChildren(children, dir);
  try {
    for (const port of [masterPort, replicaPort, ...sentinelPorts])
      await until(`redis-server on ${port}`, () => pingRedis(port), 15_000);
    await until('the replica in sync', () => replicaInSync(replicaPort), 15_000);
    // Every sentinel knows the replica (it learns it from the master's INFO, every 10 s at first).
    await until(
      'the sentinels to know the replica',
      async () =>
        (
          await Promise.all(
            sentinelPorts.map(
              async (p) => ((await command(p, 'SENTINEL', 'REPLICAS', MASTER_NAME)) as unknown[]).length,
            ),
          )
        ).every((n) => n >= 1),
      30_000,
    );
  } catch (err) {
    await stop();
    throw err;
  }
  const master = async () =>
    ((await command(sentinelPorts[0]!, 'SENTINEL', 'GET-MASTER-ADDR-BY-NAME', MASTER_NAME)) as string[]).join(':');
  return {
    sentinels: sentinelPorts.map((port) => ({ host: '127.0.0.1', port })),
    masterPort,
    replicaPort,
    master,
    failover: async () => {
      await command(sentinelPorts[0]!, 'SENTINEL', 'FAILOVER', MASTER_NAME);
    },
    subscribers: async () => {
      const lists = await Promise.all(sentinelPorts.map(async (p) => String(await command(p, 'CLIENT', 'LIST'))));
      return lists.join('\n').match(/ sub=[1-9]/g)?.length ?? 0;
    },
    stop,
  };
}
