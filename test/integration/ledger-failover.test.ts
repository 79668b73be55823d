/**
 * The send ledger through a failover, one step at a time (the Sentinel test,
 * redis-sentinel.test.ts, does it for real but cannot choose when a write lands). Replication is
 * asynchronous: the master answers a write before its replica has it, and the replica can be
 * promoted without it (the stream still on its way, or the link cut while the master still counts
 * its replica, up to `min-replicas-max-lag`); the old master's copy goes when it rejoins as the new
 * master's replica. A claim lost so must not let the email go, and a "sent" mark lost so must still
 * end on the new master: else the next attempt finds the email unsent once the claim's lease runs
 * out, and sends it again (CI, 2026-12-08: a decision letter to the police accepted twice, 35 s
 * apart, with no worker killed).
 */
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRedis } from '../../src/runtime/redis-client.ts';
import { RedisSendLedger } from '../../src/storage/redis-ledger.ts';
import { NotReplicatedError } from '../../src/storage/replica-ack.ts';
import { FakeClock } from '../helpers/clock.ts';
import {
  redisCommand,
  replicaInSync,
  sentinelUnavailable,
  startReplicaPair,
  type ReplicaPair,
} from '../helpers/sentinel.ts';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.ts';
import { until } from '../helpers/wait.ts';

const CONF = 'conf-7';
const SENT = 'circulate-decision-a4-v1';
const LATE = 'circulate-decision-a5-v1';
const LEDGER = `failover:conf:${CONF}:ledger`;
const MESSAGE_ID = `<${SENT}.${CONF}@hackney.gov.uk>`;
const unavailable = sentinelUnavailable();

describe.skipIf(unavailable !== undefined)(
  `the send ledger through a failover${unavailable ? ` (skipped: ${unavailable})` : ''}`,
  () => {
    let pair: ReplicaPair;
    let proxy: TcpProxy;
    let replication: TcpProxy;
    let redis: Redis;
    let ledger: RedisSendLedger;

    beforeAll(async () => {
      pair = await startReplicaPair();
      // The replica follows its master through a proxy the test can freeze.
      replication = await startTcpProxy(pair.masterPort);
      await redisCommand(pair.replicaPort, 'REPLICAOF', '127.0.0.1', String(replication.port));
      await until('the replica in sync through the proxy', async () => {
        const info = String(await redisCommand(pair.replicaPort, 'INFO', 'replication'));
        return info.includes(`master_port:${replication.port}`) && /master_link_status:up/.test(info);
      });
      // The client reaches Redis as the service does without Sentinel (the same reconnection on
      // READONLY and NOREPLICAS); the proxy stands in for the sentinels naming the new master.
      proxy = await startTcpProxy(pair.masterPort);
      const url = `redis://127.0.0.1:${proxy.port}`;
      redis = connectRedis({ REDIS_URL: url }, url);
      redis.on('error', () => {}); // the failover drops its connections: it reconnects
      ledger = new RedisSendLedger({
        redis,
        prefix: 'failover',
        clock: new FakeClock('2027-01-04T12:00:00.000Z'),
        replicaAck: { replicas: 1, timeoutMs: 300, retryForMs: 60_000 },
      });
    }, 30_000);

    afterAll(async () => {
      redis?.disconnect();
      await proxy?.close();
      await replication?.close();
      await pair?.stop();
    });

    it(
      'sends nothing on a claim the replica never had, and keeps a "sent" mark it never had',
      { timeout: 60_000 },
      async () => {
        // Before the failover: claimed, and the replica has the claim.
        expect(await ledger.claim(CONF, SENT, 30_000)).toBeTruthy();
        expect(await ledger.claim(CONF, SENT, 30_000)).toBe(false);

        // From here the replica hears nothing more from the master, which goes on taking writes.
        replication.freeze();
        // The mail server took the first email: the ledger records it, and only the master has the mark.
        const marking = ledger.markSent(CONF, SENT, MESSAGE_ID);
        await until('the master to take the mark', async () =>
          String(await redisCommand(pair.masterPort, 'HGET', LEDGER, SENT)).startsWith('s|'),
        );
        // A claim only the master has is no claim: nothing may be sent on it.
        await expect(ledger.claim(CONF, LATE, 30_000)).rejects.toThrow(NotReplicatedError);

        // The replica is promoted; the client moves to it; the old master rejoins as its replica, and
        // what it took meanwhile goes.
        await redisCommand(pair.replicaPort, 'REPLICAOF', 'NO', 'ONE');
        await replication.close();
        proxy.switchTo(pair.replicaPort);
        await redisCommand(pair.masterPort, 'REPLICAOF', '127.0.0.1', String(pair.replicaPort));
        await until('the old master in sync with the new', () => replicaInSync(pair.masterPort), 30_000);
        await marking;

        // The next attempt finds the first email sent and sends nothing; the new master's replica has it too.
        expect(await ledger.get(CONF, SENT)).toMatchObject({ state: 'sent', messageId: MESSAGE_ID });
        expect(await ledger.claim(CONF, SENT, 30_000)).toBe(false);
        await until('the mark on the new replica', async () =>
          String(await redisCommand(pair.masterPort, 'HGET', LEDGER, SENT)).startsWith('s|'),
        );
        // The email whose claim was refused was never sent: its next attempt claims it.
        expect(await ledger.claim(CONF, LATE, 30_000)).toBeTruthy();
      },
    );
  },
);
