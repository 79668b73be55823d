/**
 * A TCP proxy on 127.0.0.1 that a test controls. `switchTo` points it at another server and drops
 * every open connection, so the client reconnects there: what a client through Sentinel does on a
 * failover (it asks the sentinels for the new master), made a step the test takes. `freeze` stops
 * every open connection in both directions without closing it: a network partition, or a
 * replication stream still on its way when the replica is promoted.
 */
import net from 'node:net';

export interface TcpProxy {
  port: number;
  switchTo(port: number): void;
  freeze(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: number): Promise<TcpProxy> {
  let to = target;
  const open = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(to, '127.0.0.1');
    const end = () => {
      for (const s of [client, upstream]) {
        s.destroy();
        open.delete(s);
      }
    };
    for (const s of [client, upstream]) {
      open.add(s);
      s.on('error', end).on('close', end);
    }
    client.on('data', (d) => upstream.write(d));
    upstream.on('data', (d) => client.write(d));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('proxy: no port');
  return {
    port: address.port,
    switchTo(port) {
      to = port;
      for (const s of open) s.destroy();
    },
    freeze() {
      for (const s of open) s.pause();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of open) s.destroy();
        server.close(() => resolve());
      }),
  };
}
