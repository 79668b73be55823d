import type { Redis } from 'ioredis';

/**
 * Closes `client` for good. Connected, it QUITs first (replies still due arrive); then, or at once
 * when Redis is not reachable, it disconnects: a QUIT queued behind commands waiting for Redis to
 * come back would wait for ever, and the client would go on reconnecting.
 */
export async function closeRedis(client: Redis): Promise<void> {
  if (client.status === 'ready') await client.quit().catch(() => undefined);
  client.disconnect();
}
