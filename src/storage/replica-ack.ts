/**
 * Whether a write reached a replica (Redis Sentinel). Replication is asynchronous: Sentinel promotes
 * the replica while the old master still takes writes (until `min-replicas-max-lag`), and what it
 * took then is thrown away when it rejoins as a replica. The send ledger's claim before a send and
 * its "sent" mark after one must not be lost so (a message would go twice), so with Sentinel each is
 * followed by `WAIT numreplicas timeout` on the same connection: the replicas that have the
 * connection's writes so far. WAIT is blocking (not allowed in a script or MULTI), and a reconnection
 * between the write and the WAIT would count a different server's replicas: the write's reply and
 * the WAIT's must arrive on the same socket.
 */
import type { Redis } from 'ioredis';

export interface ReplicaAck {
  /** Replicas that must have the write. @defaultValue 1 */
  replicas: number;
  /** How long one WAIT waits for them (a healthy replica answers in a round trip). @defaultValue 1000 */
  timeoutMs: number;
  /** How long a "sent" mark that no replica acknowledged is written again (the claim's lease). @defaultValue 30000 */
  retryForMs: number;
}

export const DEFAULT_REPLICA_ACK: ReplicaAck = { replicas: 1, timeoutMs: 1_000, retryForMs: 30_000 };

/** A claim no replica acknowledged: nothing was sent; the job tries again (after the claim's lease if it survived). */
export class NotReplicatedError extends Error {
  override name = 'NotReplicatedError';
}

/**
 * Runs `write` on `redis`, then WAIT on the same connection: its result, and whether at least
 * `ack.replicas` replicas have it. Not acknowledged also when the WAIT fails (the server is a replica
 * now) or the client reconnected in between (to the new master, say). `wrote`: whether the result
 * says something was written (else there is nothing to wait for).
 */
export async function writeReplicated<T>(
  redis: Redis,
  ack: ReplicaAck,
  write: () => Promise<T>,
  wrote: (result: T) => boolean = () => true,
): Promise<{ result: T; replicated: boolean }> {
  const result = await write();
  if (!wrote(result)) return { result, replicated: true };
  const socket = redis.stream;
  let replicas = 0;
  try {
    replicas = Number(await redis.call('WAIT', ack.replicas, ack.timeoutMs));
  } catch {
    // "WAIT cannot be used with replica instances": the failover has demoted this server.
  }
  return { result, replicated: replicas >= ack.replicas && redis.stream === socket };
}
