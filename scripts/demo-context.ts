/**
 * What every part of the demo drives the service with: the coordinator API over HTTP (throwing on a
 * refusal, or answering with the status to show one), the simulated clock, and the line writer.
 * Its own file so the demo's parts (demo.ts, demo-minutes.ts, demo-core-group.ts) import it without
 * importing each other.
 */
import type { Runtime } from '../src/runtime/start.ts';

export interface DemoCtx {
  api: (method: string, p: string, body?: unknown) => Promise<any>;
  /** The same call, answering with the status instead of throwing (to show a refusal). */
  attempt: (method: string, p: string, body?: unknown) => Promise<{ status: number; body: any }>;
  advance: (iso: string) => Promise<unknown>;
  settle: () => Promise<unknown>;
  write: (line: string) => void;
}

/** A failed job the clock ran, shown in the timeline. */
export interface FailedJob {
  step: string;
  reason?: string;
}

/** The demo's calls against a started runtime; jobs the clock runs that do not complete are pushed onto `failedJobs`. */
export function demoContext(
  rt: Pick<Runtime, 'url' | 'clock'>,
  apiKey: string,
  write: (line: string) => void,
  failedJobs: FailedJob[],
): DemoCtx {
  const api = async (method: string, p: string, body?: unknown): Promise<any> => {
    const res = await fetch(rt.url + p, {
      method,
      headers: {
        authorization: `Bearer ${apiKey}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const json = await res.json().catch(() => ({}));
    if (res.status >= 300) throw new Error(`${method} ${p} → ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const advance = async (iso: string) => {
    const r = await api('POST', '/api/dev/clock', { advanceTo: iso });
    for (const j of r.ran)
      if (j.outcome !== 'completed') failedJobs.push({ step: j.step, ...(j.reason ? { reason: j.reason } : {}) });
    return r;
  };
  const settle = () => advance(new Date(rt.clock.now().getTime() + 1000).toISOString());
  const attempt = async (method: string, p: string, body?: unknown) => {
    const res = await fetch(rt.url + p, {
      method,
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body ?? {}),
    });
    return { status: res.status, body: await res.json().catch(() => ({})) };
  };
  return { api, attempt, advance, settle, write };
}
