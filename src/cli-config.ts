/** What the `cpc` command line reads from the environment. */
import { z } from 'zod/v4';
import { ConfigError, DEV_API_KEY } from './config.ts';

const loopback = (host: string) => host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);

/**
 * What `cpc worklist|find|show|print-queue` need to talk to a running service: `CPC_URL` (default
 * the local service, http://127.0.0.1:3978) and `CPC_API_KEY` (else `COORDINATOR_API_KEY`, else the
 * development key). Problems name the variable.
 */
export function readCliEnv(env: Record<string, string | undefined> = process.env): { url: string; apiKey: string } {
  const url = env['CPC_URL']?.trim() || 'http://127.0.0.1:3978';
  const parsed = z.url({ protocol: /^https?$/ }).safeParse(url);
  if (!parsed.success)
    throw new ConfigError([`CPC_URL: expected the service's http(s) address, got "${url.slice(0, 80)}"`]);
  // The coordinator key goes with every request: over plain http only to this machine.
  const { protocol, hostname } = new URL(url);
  if (protocol === 'http:' && !loopback(hostname))
    throw new ConfigError([
      `CPC_URL: the coordinator key would cross the network unencrypted; use the service's https:// address (http only to this machine)`,
    ]);
  return {
    url: url.replace(/\/+$/, ''),
    apiKey: env['CPC_API_KEY']?.trim() || env['COORDINATOR_API_KEY']?.trim() || DEV_API_KEY,
  };
}
