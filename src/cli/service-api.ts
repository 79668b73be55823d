/**
 * The running service as the desk commands reach it (CPC_URL, CPC_API_KEY): one GET, its answer as
 * JSON, and every way it can go wrong as one of three errors, each a line and an exit code.
 */

/** Bad input: one line, exit 2. */
export class DeskUsageError extends Error {}
/** The service is not there, or refused us: one line, exit 3. */
export class ServiceError extends Error {}
/** Nothing found: one line, exit 1. */
export class NotFound extends Error {}

export interface Env {
  url: string;
  apiKey: string;
  now: () => Date;
  out: (s: string) => void;
}

export async function api(env: Env, path: string): Promise<{ body: unknown; headers: Headers }> {
  let res: Response;
  try {
    res = await fetch(env.url + path, {
      headers: { authorization: `Bearer ${env.apiKey}`, accept: 'application/json' },
    });
  } catch (err) {
    throw new ServiceError(
      `cannot reach the service at ${env.url} (${(err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message}); set CPC_URL`,
    );
  }
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  if (res.status === 401 || res.status === 403)
    throw new ServiceError(`the service at ${env.url} refused the key; set CPC_API_KEY to its COORDINATOR_API_KEY`);
  if (res.status === 429)
    throw new ServiceError(
      `the service says too many requests; try again in ${res.headers.get('retry-after') ?? 'a minute'} s`,
    );
  if (res.status === 400) {
    const issues = (body as { issues?: { field: string; message: string }[] }).issues ?? [];
    throw new DeskUsageError(
      issues.map((i) => `${FLAG[i.field] ?? i.field}: ${i.message}`).join('; ') ||
        String((body as { message?: string }).message ?? 'bad request'),
    );
  }
  if (res.status === 404) throw new NotFound(String((body as { message?: string }).message ?? 'not found'));
  if (!res.ok)
    throw new ServiceError(
      `the service answered ${res.status}: ${String((body as { message?: string }).message ?? text).slice(0, 200)}`,
    );
  return { body, headers: res.headers };
}

const FLAG: Record<string, string> = {
  q: '<words>',
  state: '--state',
  policy: '--policy',
  from: '--from',
  to: '--to',
  sort: '--sort',
  page: '--page',
  pageSize: '--page-size',
};
