/**
 * The `cpc` desk commands send the coordinator key with every request (CPC_API_KEY). Attacked as a
 * network eavesdropper would be: CPC_URL naming the service over plain http on another machine. The
 * key must never leave in the clear: the command refuses, naming CPC_URL, before any request is
 * made. http stays allowed to this machine (the development service on 127.0.0.1).
 */
import { createServer, type Server } from 'node:http';
import { networkInterfaces } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { cpcInProcess } from '../helpers/cpc.ts';

const KEY = 'Vd2w7m3Qk9Zr1xT5yP0cL8nB4hJ6fG2s';
const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});

/** A plain HTTP listener that keeps every Authorization header it is sent, as a wire tap would. */
async function tap(): Promise<{ port: number; heard: string[] }> {
  const heard: string[] = [];
  const server = createServer((req, res) => {
    heard.push(String(req.headers.authorization ?? ''));
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"items":[],"counts":{},"total":0}');
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '0.0.0.0', r));
  return { port: (server.address() as { port: number }).port, heard };
}

/** This machine's address on its network (not loopback), where another machine would reach it. */
const lanAddress = Object.values(networkInterfaces())
  .flat()
  .find((x) => x && x.family === 'IPv4' && !x.internal)?.address;

describe('cpc and the coordinator key', () => {
  it.skipIf(!lanAddress)('refuses plain http to another machine, naming CPC_URL; nothing is sent', async () => {
    const t = await tap();
    for (const [scheme, command] of [
      ['http', ['worklist']],
      ['HTTP', ['find', 'Testfamily']],
      ['http', ['census', '--year', '2027']],
    ] as const) {
      const r = await cpcInProcess([...command], { CPC_URL: `${scheme}://${lanAddress}:${t.port}`, CPC_API_KEY: KEY });
      expect(r.errorLines.join('\n'), command.join(' ')).toMatch(/CPC_URL: .*https/);
      expect(r.code, command.join(' ')).not.toBe(0);
    }
    expect(t.heard).toEqual([]);
  });

  it('http to this machine (the development service) still works', async () => {
    const t = await tap();
    for (const host of ['127.0.0.1', 'localhost']) {
      const r = await cpcInProcess(['worklist', '--json'], { CPC_URL: `http://${host}:${t.port}`, CPC_API_KEY: KEY });
      expect(r.errorLines, host).toEqual([]);
    }
    expect(t.heard.length).toBeGreaterThan(0);
    expect(new Set(t.heard)).toEqual(new Set([`Bearer ${KEY}`]));
  });
});
