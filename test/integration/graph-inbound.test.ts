/**
 * Production inbound from an Exchange Online reports mailbox: the service started with
 * INBOUND_MODE=graph polls a fake Microsoft Graph over HTTP (token endpoint included), as it would
 * Microsoft's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGraphMailPoller, type GraphMailPollerOptions } from '../../src/channels/email/graph-mail-poller.ts';
import { createClientCredentialsTokenProvider } from '../../src/channels/graph-client.ts';
import { currentReplyAddress } from '../../src/app/credentials/reply-token.ts';
import { ConfigError, readConfig } from '../../src/config.ts';
import { alertUnreadable, handleInbound } from '../../src/runtime/inbound.ts';
import { startFakeGraph, type FakeGraph } from '../fakes/fake-graph.ts';
import { pastedReport } from '../helpers/fixtures.ts';
import { hackneyInitialBody, startTestService, type TestService } from '../helpers/service.ts';

const MAILBOX = 'HackneyCYPsreports@hackney.gov.uk';
const SUBJECT = 'RE: report request for the conference';
const LEAD = 'Police report: pasted text about the family.';
const BODY = pastedReport(LEAD);

let svc: TestService;
let fake: FakeGraph;
let conferenceId: string;
let attendees: { id: string; role: string; email?: string }[];
const closers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  fake = await startFakeGraph({ clientId: 'inbound-client', clientSecret: 'inbound-secret' });
  svc = await startTestService({
    INBOUND_MODE: 'graph',
    GRAPH_TENANT_ID: 'tenant-1',
    GRAPH_CLIENT_ID: 'inbound-client',
    GRAPH_CLIENT_SECRET: 'inbound-secret',
    GRAPH_BASE_URL: fake.graphBaseUrl,
    GRAPH_AUTHORITY_URL: fake.url,
    GRAPH_INBOUND_MAILBOX: MAILBOX,
    GRAPH_INBOUND_POLL_SECONDS: '3600',
  });
  const created = await svc.api('POST', '/api/conferences', hackneyInitialBody());
  conferenceId = created.body.id;
  attendees = created.body.attendees;
  await svc.advanceTo('2026-12-01T09:00:05Z');
});
afterAll(async () => {
  for (const close of closers) await close();
  await svc?.stop();
  await fake?.close();
});

const attendee = (role: string) => attendees.find((a) => a.role === role)!;
const tokenAddress = async (role: string) =>
  currentReplyAddress(svc.rt.deps, (await svc.rt.deps.store.get(conferenceId))!, attendee(role).id);
const poll = () => svc.rt.inbound!.pollOnce!();
const view = async () => (await svc.api('GET', `/api/conferences/${conferenceId}`)).body;
const reportChasers = (v: any, attendeeId: string) =>
  v.pendingJobs.filter(
    (j: any) =>
      (j.attendeeId === attendeeId || j.chases?.includes(attendeeId)) &&
      j.step.startsWith('report-') &&
      j.step !== 'report-notices' &&
      j.step !== 'report-sharing-check',
  );

function reply(to: string, from: string, messageId: string, opts: { attachment?: boolean } = {}): string {
  const head = [
    `From: ${from}`,
    `To: ${to}`,
    `Subject: ${SUBJECT}`,
    `Message-ID: <${messageId}@police.example.uk>`,
    'MIME-Version: 1.0',
  ];
  if (!opts.attachment) return [...head, 'Content-Type: text/plain; charset=utf-8', '', BODY, ''].join('\r\n');
  const pdf = Buffer.from('%PDF-1.4\n% police report\n%%EOF\n').toString('base64');
  return [
    ...head,
    'Content-Type: multipart/mixed; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/plain; charset=utf-8',
    '',
    BODY,
    '--b1',
    'Content-Type: application/pdf; name="police-report-testfamily.pdf"',
    'Content-Disposition: attachment; filename="police-report-testfamily.pdf"',
    'Content-Transfer-Encoding: base64',
    '',
    pdf,
    '--b1--',
    '',
  ].join('\r\n');
}

/** A second poller on the same fake mailbox, for what the runtime's cannot be made to do. */
function directPoller(overrides: Partial<GraphMailPollerOptions>) {
  const getToken = createClientCredentialsTokenProvider({
    tenantId: 'tenant-1',
    clientId: 'inbound-client',
    clientSecret: 'inbound-secret',
    authorityBaseUrl: fake.url,
  });
  const poller = startGraphMailPoller({
    baseUrl: fake.graphBaseUrl,
    mailbox: MAILBOX,
    getToken,
    intervalMs: 3_600_000,
    onMessage: handleInbound(svc.rt.deps),
    logger: svc.rt.deps.logger,
    baseDelayMs: 1,
    ...overrides,
  });
  closers.push(() => poller.close());
  return poller;
}

describe('Exchange Online inbound through Microsoft Graph', () => {
  it('files a professional’s emailed report with its attachment, stops their chasers, marks it read and moves it to cpc-filed so it is not filed twice', async () => {
    const police = attendee('police');
    expect(reportChasers(await view(), police.id).length).toBeGreaterThan(0);
    const id = fake.mail.deliver(
      MAILBOX,
      reply(await tokenAddress('police'), 'police@police.example.uk', 'graph-r1', { attachment: true }),
    );
    expect(await poll()).toBe(1);
    const v = await view();
    expect(v.reports[police.id].status).toBe('received');
    expect(v.reports[police.id].channel).toBe('email');
    expect(v.reports[police.id].submissions[0].attachmentCount).toBe(1);
    expect(reportChasers(v, police.id)).toEqual([]);
    expect(fake.mail.folderOf(id)).toBe('cpc-filed');
    expect(fake.mail.isRead(id)).toBe(true);
    expect(await poll()).toBe(0);
    expect((await view()).reports[police.id].submissions).toHaveLength(1);
    // App-only token from the tenant's token endpoint; the mailbox addressed by its UPN.
    expect(fake.tokenRequests[0]).toMatchObject({
      grant_type: 'client_credentials',
      client_id: 'inbound-client',
      scope: 'https://graph.microsoft.com/.default',
    });
    expect(
      fake.requests.some(
        (r) => r.path === `/v1.0/users/${encodeURIComponent(MAILBOX)}/messages/${encodeURIComponent(id)}/$value`,
      ),
    ).toBe(true);
    expect(fake.mail.folders(MAILBOX).filter((f) => f === 'cpc-filed')).toHaveLength(1);
  });

  it('leaves a message whose handling failed in the inbox, unread, and files it on the next poll', async () => {
    const health = attendee('professional');
    let failing = true;
    const handler = handleInbound(svc.rt.deps);
    const poller = directPoller({
      onMessage: async (msg) => {
        if (failing) throw new Error('store unavailable');
        await handler(msg);
      },
    });
    const id = fake.mail.deliver(MAILBOX, reply(await tokenAddress('professional'), 'hv@nhs.example.org', 'graph-r2'));
    expect(await poller.pollOnce()).toBe(0);
    expect(fake.mail.folderOf(id)).toBe('Inbox');
    expect(fake.mail.isRead(id)).toBe(false);
    expect((await view()).reports[health.id].status).not.toBe('received');
    expect(svc.logs.some((l) => l.includes('"graph message not filed yet"') && l.includes(id))).toBe(true);

    failing = false;
    expect(await poller.pollOnce()).toBe(1);
    expect(fake.mail.folderOf(id)).toBe('cpc-filed');
    const v = await view();
    expect(v.reports[health.id].status).toBe('received');
    expect(reportChasers(v, health.id)).toEqual([]);
  });

  it('a move that fails after the report was recorded is retried, and the same email is still one submission', async () => {
    const sw = attendee('social-worker');
    const id = fake.mail.deliver(MAILBOX, reply(await tokenAddress('social-worker'), 'sw@example.gov.uk', 'graph-r3'));
    fake.failNext({ method: 'POST', path: /\/move$/, status: 500 });
    expect(await poll()).toBe(0);
    expect(fake.mail.folderOf(id)).toBe('Inbox');
    expect((await view()).reports[sw.id].status).toBe('received');
    expect(await poll()).toBe(1);
    expect(fake.mail.folderOf(id)).toBe('cpc-filed');
    expect((await view()).reports[sw.id].submissions).toHaveLength(1);
  });

  it('malformed MIME is filed and summarised to the coordinator (nothing of it forwarded), like inbound SMTP; a message over the size limit is moved aside and the coordinator told', async () => {
    await svc.idle();
    const sent = svc.smtp.messages.length;
    const garbled = fake.mail.deliver(
      MAILBOX,
      'Content-Type: multipart/mixed; boundary="b"\r\nContent-Transfer-Encoding: base64\r\n\r\n--b\r\n\u0000\u00ff!!not base64\r\n--b',
    );
    expect(await poll()).toBe(1);
    expect(fake.mail.folderOf(garbled)).toBe('cpc-filed');
    await svc.smtp.waitFor(sent + 1);
    const summary = svc.smtp.messages
      .slice(sent)
      .find((m) => m.parsed.subject === 'Reports mailbox: a message was not filed');
    expect(summary?.envelopeTo).toEqual(['coordinator@example.gov.uk']);
    expect(summary?.parsed.attachments).toEqual([]);
    // A polled mailbox keeps the message (in cpc-filed), so the notice says where it is.
    expect(summary?.parsed.text).toContain('it is still in the reports mailbox if you need it');

    let handled = 0;
    const poller = directPoller({
      maxBytes: 2_048,
      onMessage: async () => void handled++,
      onUnreadable: alertUnreadable(svc.rt.deps),
    });
    const big = fake.mail.deliver(MAILBOX, `From: someone@example.org\r\nSubject: big\r\n\r\n${'x'.repeat(10_000)}`);
    expect(await poller.pollOnce()).toBe(0);
    expect(handled).toBe(0);
    expect(fake.mail.folderOf(big)).toBe('cpc-unreadable');
    await svc.smtp.waitFor(sent + 2);
    const told = svc.smtp.messages
      .slice(sent)
      .find((m) => m.parsed.subject === 'Reports mailbox: a message could not be read');
    expect(told?.envelopeTo).toEqual(['coordinator@example.gov.uk']);
    expect(told?.parsed.text).toContain('cpc-unreadable');
    // Not tried again: the inbox is empty.
    expect(await poller.pollOnce()).toBe(0);
    expect(svc.logs.some((l) => l.includes('"graph message unreadable: moved aside"') && l.includes(big))).toBe(true);
  });

  it('honours Retry-After on 429 and 503, and takes a fresh token when Graph refuses the cached one', async () => {
    const from = fake.requests.length;
    fake.failNext({
      method: 'GET',
      path: /\/mailFolders\/inbox\/messages$/,
      status: 429,
      headers: { 'retry-after': '1' },
    });
    fake.failNext({ method: 'GET', path: /\/\$value$/, status: 503, headers: { 'retry-after': '0' } });
    const id = fake.mail.deliver(MAILBOX, reply('someone-else@hackney.gov.uk', 'unknown@example.org', 'graph-r4'));
    expect(await poll()).toBe(1);
    const lists = fake.requests.slice(from).filter((r) => r.path.endsWith('/mailFolders/inbox/messages'));
    expect(lists.map((r) => r.status)).toEqual([429, 200]);
    expect(lists[1]!.at - lists[0]!.at).toBeGreaterThanOrEqual(950);
    expect(
      fake.requests
        .slice(from)
        .filter((r) => r.path.endsWith('/$value'))
        .map((r) => r.status),
    ).toEqual([503, 200]);
    expect(fake.mail.folderOf(id)).toBe('cpc-filed');

    const tokens = fake.tokenRequests.length;
    fake.revokeTokens();
    const next = fake.mail.deliver(MAILBOX, reply('someone-else@hackney.gov.uk', 'unknown@example.org', 'graph-r5'));
    expect(await poll()).toBe(1);
    expect(fake.tokenRequests.length).toBe(tokens + 1);
    expect(fake.mail.folderOf(next)).toBe('cpc-filed');
  });

  it('follows @odata.nextLink, reading every page before moving anything so none is skipped', async () => {
    const ids = Array.from({ length: 5 }, (_, i) =>
      fake.mail.deliver(MAILBOX, `From: a@example.org\r\nMessage-ID: <page-${i}@example.org>\r\n\r\nhello ${i}`),
    );
    const seen: string[] = [];
    const from = fake.requests.length;
    const poller = directPoller({ pageSize: 2, onMessage: async (msg) => void seen.push(msg.messageId ?? '') });
    expect(await poller.pollOnce()).toBe(5);
    expect(seen).toEqual(ids.map((_, i) => `<page-${i}@example.org>`));
    expect(ids.map((id) => fake.mail.folderOf(id))).toEqual(Array(5).fill('cpc-filed'));
    const listed = fake.requests.slice(from).filter((r) => r.path.endsWith('/mailFolders/inbox/messages')).length;
    expect(listed).toBe(3);
  });

  it('logs ids only: no address, name, subject, body or attachment name from the mail or the mailbox', () => {
    const forbidden = [
      MAILBOX,
      encodeURIComponent(MAILBOX),
      'police@police.example.uk',
      'hv@nhs.example.org',
      'sw@example.gov.uk',
      'unknown@example.org',
      SUBJECT,
      LEAD,
      'police-report-testfamily',
      'Testfamily',
      'Pat Police',
      'Hana Health',
      'Sam Social',
    ];
    const lines = svc.logs.map((l) => l.toLowerCase());
    for (const word of forbidden)
      expect(
        lines.filter((l) => l.includes(word.toLowerCase())),
        word,
      ).toEqual([]);
    expect(svc.logs.some((l) => l.includes('"graph message filed"') && l.includes('"messageId"'))).toBe(true);
  });

  it('needs the Graph credentials and the mailbox, named, to run in Graph mode', () => {
    expect(() => readConfig({ INBOUND_MODE: 'graph' })).toThrow(ConfigError);
    expect(() => readConfig({ INBOUND_MODE: 'graph' })).toThrow(/GRAPH_INBOUND_MAILBOX/);
    const creds = { GRAPH_TENANT_ID: 't', GRAPH_CLIENT_ID: 'c', GRAPH_CLIENT_SECRET: 's' };
    const bad = (() => {
      try {
        readConfig({ INBOUND_MODE: 'graph', ...creds, GRAPH_INBOUND_MAILBOX: 'the reports mailbox' });
      } catch (err) {
        return err as ConfigError;
      }
      return undefined;
    })();
    expect(bad?.problems).toEqual([expect.stringMatching(/^GRAPH_INBOUND_MAILBOX: expected/)]);
    expect(
      readConfig({ INBOUND_MODE: 'graph', ...creds, GRAPH_INBOUND_MAILBOX: '0f8fad5b-d9cb-469f-a165-70867728950e' })
        .INBOUND_MODE,
    ).toBe('graph');
    expect(() =>
      readConfig({ INBOUND_MODE: 'graph', ...creds, GRAPH_INBOUND_MAILBOX: MAILBOX, GRAPH_INBOUND_POLL_SECONDS: '1' }),
    ).toThrow(/GRAPH_INBOUND_POLL_SECONDS/);
    expect(() => readConfig({ NODE_ENV: 'production', INBOUND_MODE: 'graph', GRAPH_INBOUND_MAILBOX: MAILBOX })).toThrow(
      /INBOUND_MODE: graph needs GRAPH_TENANT_ID/,
    );
  });
});
