/** A tiny cookie-keeping client for the server-rendered pages (fetch level, no browser). */
import type { Conference } from '../../src/domain/conference.ts';
import { personalLink, type LinkPurpose } from '../../src/app/credentials/links.ts';
import type { TestService } from './service.ts';

export interface PageResponse {
  status: number;
  text: string;
  headers: Headers;
  location: string | null;
}

export class PageClient {
  readonly cookies = new Map<string, string>();
  constructor(private readonly base: string) {}

  #remember(res: Response): void {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      const name = pair!.slice(0, i);
      const value = pair!.slice(i + 1);
      if (/Max-Age=0/i.test(c)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  #cookieHeader(): Record<string, string> {
    return this.cookies.size ? { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {};
  }

  async request(method: string, path: string, body?: URLSearchParams | FormData): Promise<PageResponse> {
    const res = await fetch(this.base + path, {
      method,
      headers: this.#cookieHeader(),
      redirect: 'manual',
      ...(body ? { body } : {}),
    });
    this.#remember(res);
    return { status: res.status, text: await res.text(), headers: res.headers, location: res.headers.get('location') };
  }

  get(path: string) {
    return this.request('GET', path);
  }

  post(path: string, fields: Record<string, string | string[]>): Promise<PageResponse> {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
    return this.request('POST', path, body);
  }
}

export const csrfOf = (html: string): string => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
export const titleOf = (html: string): string => /<title>([^<]*)<\/title>/.exec(html)?.[1] ?? '';

/** The path of a personal link (`/l/<token>`), issued as the service would. */
export async function linkPath(
  svc: TestService,
  conferenceId: string,
  attendeeId: string,
  purpose: LinkPurpose,
  exp?: number,
): Promise<string> {
  const c = (await svc.rt.deps.store.get(conferenceId)) as Conference;
  return new URL(personalLink(svc.rt.deps, c, attendeeId, purpose, exp)).pathname;
}

/** Personal links in the emails an address received, by their label. */
export function linksInMail(svc: TestService, address: string): string[] {
  const out: string[] = [];
  for (const m of svc.smtp.messages.filter((x) => x.envelopeTo.includes(address))) {
    for (const match of (m.parsed.text ?? '').matchAll(/https?:\/\/[^\s)]+\/l\/[A-Za-z0-9_.-]+/g))
      out.push(new URL(match[0]).pathname);
  }
  return out;
}

/** The purpose written in a link's (signed, not secret) payload. */
export const purposeOf = (path: string): string =>
  JSON.parse(Buffer.from(path.split('/l/')[1]!.split('.')[0]!, 'base64url').toString()).p;
/** The conference id written in a link's payload. */
export const conferenceOfLink = (path: string): string =>
  JSON.parse(Buffer.from(path.split('/l/')[1]!.split('.')[0]!, 'base64url').toString()).c;

/**
 * What a request could have changed: the conference's store revision, its audit trail, its send
 * ledger and the mail that went out. Taken once the service is idle: a job queued by an earlier
 * step (a report's notices go out on a queued job) would otherwise land between two snapshots,
 * and a job a refused request wrongly queued has run by the time the second one is taken.
 */
export async function snapshot(svc: TestService, conferenceId: string) {
  await svc.idle();
  const c = await svc.rt.deps.store.get(conferenceId);
  return {
    rev: c!.rev,
    audit: (await svc.rt.deps.store.readAudit(conferenceId)).length,
    ledger: Object.keys(await svc.rt.deps.ledger.list(conferenceId)).length,
    sent: svc.smtp.messages.length,
  };
}

/**
 * Sends a report through an attendee's own upload page, as they would: their link, the page's CSRF
 * token, a multipart form. `fields` are the form's text fields; `files` its file inputs. Expects the
 * page's redirect (303) and returns where it leads.
 */
export async function uploadReport(
  svc: TestService,
  conferenceId: string,
  attendeeId: string,
  fields: Record<string, string>,
  files: { field?: string; name: string; data: Buffer | string; type?: string }[] = [],
): Promise<string> {
  const path = await linkPath(svc, conferenceId, attendeeId, 'report');
  const client = new PageClient(svc.url);
  const form = new FormData();
  form.append('_csrf', csrfOf((await client.get(path)).text));
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  for (const f of files)
    form.append(
      f.field ?? 'file',
      new Blob([typeof f.data === 'string' ? f.data : new Uint8Array(f.data)], { type: f.type ?? 'application/pdf' }),
      f.name,
    );
  const res = await client.request('POST', path, form);
  if (res.status !== 303) throw new Error(`report upload answered ${res.status}: ${res.text.slice(0, 500)}`);
  return res.location!;
}

/** A page's HTML as the words a reader sees: tags gone, entities read, white space folded. */
export const plainText = (html: string): string =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/\s+/g, ' ');

/** The dashboard row (as text) with every one of `needles`, in the table labelled `table`. */
export function rowOf(page: string, table: string, ...needles: string[]): string {
  const section = page.slice(page.indexOf(`aria-label="${table}"`));
  const rows = section.slice(0, section.indexOf('</table>')).split('<tr>');
  return plainText(rows.find((r) => needles.every((n) => r.includes(n))) ?? '');
}

/** A browser signed in to the dashboard with the coordinator key. */
export async function signedInDashboard(baseUrl: string, key: string): Promise<PageClient> {
  const client = new PageClient(baseUrl);
  const signIn = await client.get('/dashboard/sign-in');
  const res = await client.post('/dashboard/sign-in', { key, _csrf: csrfOf(signIn.text) });
  if (res.status !== 303) throw new Error(`dashboard sign-in answered ${res.status}`);
  return client;
}
