/** Production inbound: a report emailed to a Google Workspace reports mailbox, read with the real Gmail client from a fake Gmail API. */
import { auth } from '@googleapis/gmail';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGmailPoller, type GmailPoller } from '../../src/channels/email/gmail-poller.ts';
import { currentReplyAddress } from '../../src/app/credentials/reply-token.ts';
import { readConfig, ConfigError } from '../../src/config.ts';
import { handleInbound } from '../../src/runtime/inbound.ts';
import { startFakeGmail, type FakeGmail } from '../fakes/fake-gmail.ts';
import { pastedReport } from '../helpers/fixtures.ts';
import { hackneyInitialBody, startTestService, type TestService } from '../helpers/service.ts';

let svc: TestService;
let fake: FakeGmail;
let poller: GmailPoller;
beforeAll(async () => {
  svc = await startTestService();
  fake = await startFakeGmail();
  const oauth = new auth.OAuth2();
  oauth.setCredentials({ access_token: 'test' });
  poller = startGmailPoller({
    auth: oauth,
    baseUrl: fake.rootUrl,
    intervalMs: 3_600_000,
    onMessage: handleInbound(svc.rt.deps),
    logger: svc.rt.deps.logger,
  });
});
afterAll(async () => {
  await poller.close();
  await fake.close();
  await svc.stop();
});

const mime = (to: string, from: string, body: string) =>
  [
    `From: ${from}`,
    `To: ${to}`,
    'Subject: RE: report request',
    'Message-ID: <r1@example.org>',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    body,
    '',
  ].join('\r\n');

describe('Gmail inbound', () => {
  it('files a reply to the request token, stops that attendee’s chasers, and labels the message so it is not filed twice', async () => {
    const created = await svc.api('POST', '/api/conferences', hackneyInitialBody());
    const id = created.body.id as string;
    await svc.advanceTo('2026-12-01T09:00:05Z');
    const police = created.body.attendees.find((a: any) => a.role === 'police');
    const to = currentReplyAddress(svc.rt.deps, (await svc.rt.deps.store.get(id))!, police.id);
    const msgId = fake.deliver(mime(to, 'police@police.example.uk', pastedReport('Police report: pasted text.')));
    expect(await poller.pollOnce()).toBe(1);
    const v = (await svc.api('GET', `/api/conferences/${id}`)).body;
    expect(v.reports[police.id].status).toBe('received');
    expect(v.reports[police.id].channel).toBe('email');
    expect(
      v.pendingJobs.filter(
        (j: any) =>
          (j.attendeeId === police.id || j.chases?.includes(police.id)) &&
          j.step.startsWith('report-') &&
          j.step !== 'report-notices' &&
          j.step !== 'report-sharing-check',
      ),
    ).toEqual([]);
    expect(fake.labelsOf(msgId)).toContain('cpc-filed');
    expect(fake.labelsOf(msgId)).not.toContain('UNREAD');
    expect(await poller.pollOnce()).toBe(0);
    expect((await svc.api('GET', `/api/conferences/${id}`)).body.reports[police.id].submissions).toHaveLength(1);
  });

  it('needs a key file and the mailbox to run in Gmail mode', () => {
    expect(() => readConfig({ INBOUND_MODE: 'gmail' })).toThrow(ConfigError);
    expect(() => readConfig({ INBOUND_MODE: 'gmail' })).toThrow(/GMAIL_MAILBOX/);
  });
});
