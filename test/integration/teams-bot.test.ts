/**
 * The Teams bot over HTTP, as Teams drives it: real Activity JSON posted to /api/messages, the
 * bot's replies and proactive cards recorded by a local fake connector (the serviceUrl), anonymous
 * development auth. Assertions are on what people see (cards) and on the conference record.
 */
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { handleStep } from '../../src/app/handle-step.ts';
import { deliverCard, deliverCardNow } from '../../src/app/chat/deliver-card.ts';
import { ledgerKey, SendInProgressError } from '../../src/app/shared/deliver.ts';
import { until } from '../helpers/wait.ts';
import { createTeamsChannel } from '../../src/channels/teams/mount.ts';
import { redisUrl } from '../helpers/redis.ts';
import { Redis } from 'ioredis';
import { silentLogger } from '../../src/infra/logger.ts';
import { ID_PATTERN } from '../../src/domain/ids.ts';
import {
  cardText,
  expectCardsClean,
  startTeamsHarness,
  titleOf,
  USERS,
  MEETING_CHAT,
  type TeamsHarness,
} from '../helpers/teams-harness.ts';
import { installActivity, postActivity, TENANT } from '../helpers/teams-activities.ts';

const FAMILY = ['Ruby', 'Leo', 'Testfamily', 'Jade', 'Marcus'];
const harnesses: TeamsHarness[] = [];
const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.stop();
  for (const c of closers.splice(0)) await c();
});
async function start() {
  const h = await startTeamsHarness();
  harnesses.push(h);
  return h;
}

describe('Teams bot: install, report prompts and replies', () => {
  it('the welcome card, the help and the upload hint show the shape of a reference, never one a conference could have', async () => {
    const h = await start();
    const realLooking = new RegExp(ID_PATTERN.reference, 'i');
    // The outsider added the app before the conference existed: the welcome card is theirs only.
    const welcome = h.cardsFor(USERS.outsider).filter((c) => titleOf(c) === 'Child protection conference bot');
    expect(welcome).toHaveLength(1);
    await h.say(USERS.sw, 'help');
    h.fc.files.set('no-ref.docx', { contentType: 'application/octet-stream', body: Buffer.from('PK') });
    await h.say(USERS.sw, 'my report', {
      attachments: [
        {
          contentType: 'application/vnd.microsoft.teams.file.download.info',
          name: 'no-ref.docx',
          content: { downloadUrl: `${h.fc.url}files/no-ref.docx`, fileType: 'docx' },
        },
      ],
    });
    const help = h.cardsFor(USERS.sw).filter((c) => titleOf(c) === 'Child protection conference bot');
    const which = h.cardsFor(USERS.sw).filter((c) => titleOf(c) === 'Which conference?');
    expect(help).toHaveLength(2); // on install, and asked for
    expect(which).toHaveLength(1);
    for (const card of [...welcome, ...help, ...which]) {
      expect(cardText(card)).toContain('CPC-YYYY-NNNN');
      expect(cardText(card)).not.toMatch(realLooking);
    }
    expect(cardText(help[0])).toContain('round CPC-YYYY-NNNN');
  });

  it('stores references on install, delivers report requests as cards, files a report submitted from the card and stops its chasers', async () => {
    const h = await start();
    const refs = await h.s.redisKeys();
    expect(refs.some((k) => k.includes(':teams:user:id:29:social-worker'))).toBe(true);
    expect(refs.join('\n')).not.toMatch(/@|Display Name/); // email is stored hashed; names not at all
    await h.settle(); // invitations and report requests go out

    const c = await h.conference();
    const [sw, hv, police] = ['social-worker', 'professional', 'police'].map((r) =>
      c.attendees.find((a) => a.role === r)!,
    );
    // By 29: id (social worker) and by the email Teams gave at install (health visitor, no Teams id on file).
    expect(h.titles(USERS.sw)).toContain(`${h.reference}: report requested`);
    expect(h.titles(USERS.hv)).toContain(`${h.reference}: report requested`);
    // The police officer has no app: Teams refuses the new chat, email is the only copy.
    expect(h.fc.created.some((x) => x.members.includes(USERS.police.id))).toBe(false);
    expect(h.s.smtp.messages.some((m) => m.envelopeTo.includes('police@police.example.uk'))).toBe(true);
    const ledger = await h.s.rt.deps.ledger.list(h.conferenceId);
    expect(ledger[`report-request-teams-${sw!.id}-v1`]?.state).toBe('sent');
    expect(ledger[`report-request-${sw!.id}-v1`]?.state).toBe('sent'); // the email too
    expect(ledger[`report-request-teams-${police!.id}-v1`]?.state).toBe('failed');
    const prompt = h.cardsFor(USERS.sw).find((x) => titleOf(x).endsWith('report requested'));
    expect(cardText(prompt)).toContain('Parent or carer 1 (a5)');
    expect(prompt.refresh.userIds).toEqual([USERS.sw.id]);

    // A re-run of the same job never double-posts (the ledger key is taken).
    const before = h.cardsFor(USERS.hv).length;
    await handleStep(h.s.rt.deps, {
      conferenceId: h.conferenceId,
      version: 1,
      step: 'report-request',
      attendeeId: hv!.id,
      runAt: new Date().toISOString(),
    });
    expect(h.cardsFor(USERS.hv)).toHaveLength(before);

    // The social worker pastes the report, says it was shared with one parent.
    const received = await h.act(USERS.sw, 'report-submit', {
      conferenceId: h.conferenceId,
      report: 'Assessment and analysis…',
      'shared-a5': '2026-11-30',
      withheld: 'Address of the refuge',
    });
    expect(titleOf(received)).toBe(`${h.reference}: report received`);
    let now = await h.conference();
    expect(now.reports[sw!.id]).toMatchObject({ status: 'received', channel: 'teams' });
    expect(now.reports[sw!.id]!.submissions[0]!.sharedWithFamily).toEqual([
      { parentId: 'a5', sharedOn: '2026-11-30', withheld: 'Address of the refuge' },
    ]);
    // Each chaser is shared by the authors due at its time and names whom it chases.
    const pending = (await h.s.api('GET', `/api/conferences/${h.conferenceId}`)).body.pendingJobs as {
      step: string;
      attendeeId?: string;
      chases?: string[];
    }[];
    expect(
      pending.filter(
        (j) =>
          (j.attendeeId === sw!.id || j.chases?.includes(sw!.id)) &&
          j.step.startsWith('report-') &&
          j.step !== 'report-notices' &&
          j.step !== 'report-sharing-check',
      ),
    ).toEqual([]);
    expect(pending.some((j) => j.chases?.includes(hv!.id) && j.step.startsWith('report-'))).toBe(true);

    // RSVP and "I can't attend" from the card.
    await h.act(USERS.hv, 'rsvp', { conferenceId: h.conferenceId, rsvp: 'accepted' });
    const deputy = await h.act(USERS.sw, 'cant-attend', {
      conferenceId: h.conferenceId,
      deputyName: 'Dee Puty',
      deputyEmail: 'dee.puty@example.gov.uk',
    });
    expect(titleOf(deputy)).toContain('deputy nominated');
    now = await h.conference();
    expect(now.attendees.find((a) => a.id === hv!.id)!.rsvp).toBe('accepted');
    expect(now.attendees.find((a) => a.id === sw!.id)!.rsvp).toBe('declined');
    // The chair and the coordinator are told, in these words (content/templates/short-notices.ts).
    const nominated = h.s.smtp.messages.filter((m) => m.parsed.subject === `${h.reference}: deputy nominated`);
    expect(nominated.map((m) => m.envelopeTo[0]).sort()).toEqual([
      'chair@example.gov.uk',
      'coordinator@example.gov.uk',
    ]);
    for (const m of nominated)
      expect(m.parsed.text?.trim()).toBe(
        `${h.reference}: the Social worker (Children's social care) (${sw!.id}) cannot attend and nominates a deputy: Dee Puty <dee.puty@example.gov.uk>. Add the deputy as an attendee if the chair agrees.`,
      );

    // A file sent in the chat with the reference is filed as the health visitor's report.
    h.fc.files.set('hv-report.docx', {
      contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      body: Buffer.from('PK report'),
    });
    await h.say(USERS.hv, `Report for ${h.reference}`, {
      attachments: [
        {
          contentType: 'application/vnd.microsoft.teams.file.download.info',
          name: 'hv-report.docx',
          content: { downloadUrl: `${h.fc.url}files/hv-report.docx`, fileType: 'docx' },
        },
      ],
    });
    now = await h.conference();
    expect(now.reports[hv!.id]).toMatchObject({ status: 'received', channel: 'teams' });
    const [fileId] = now.reports[hv!.id]!.submissions[0]!.blobIds!;
    expect((await h.s.rt.deps.store.getBlob(h.conferenceId, fileId!))?.data.toString()).toBe('PK report');
    expectCardsClean(h, FAMILY);
  });

  it('answers malformed, unauthorised and group-chat submits with an error card and changes nothing', async () => {
    const h = await start();
    await h.settle();
    const before = await h.conference();
    const hvId = before.attendees.find((a) => a.role === 'professional')!.id;
    const cases: [string, Promise<any>, RegExp][] = [
      [
        'empty report',
        h.act(USERS.hv, 'report-submit', { conferenceId: h.conferenceId, report: '   ' }),
        /attach the report or paste its text/,
      ],
      ['no conference id', h.act(USERS.hv, 'report-submit', { report: 'x' }), /not from a conference/],
      [
        'bad date',
        h.act(USERS.hv, 'report-submit', { conferenceId: h.conferenceId, report: 'x', 'shared-a5': 'last week' }),
        /expected a date/,
      ],
      [
        'not invited',
        h.act(USERS.outsider, 'report-submit', { conferenceId: h.conferenceId, report: 'x' }),
        /not an invited attendee/,
      ],
      [
        'bad rsvp',
        h.act(USERS.hv, 'rsvp', { conferenceId: h.conferenceId, rsvp: 'perhaps' }),
        /attending, maybe or not attending/,
      ],
      [
        'meeting chat',
        h.act(
          USERS.hv,
          'report-submit',
          { conferenceId: h.conferenceId, report: 'x' },
          { conversation: { id: MEETING_CHAT, conversationType: 'groupChat', isGroup: true, tenantId: TENANT } },
        ),
        /one-to-one/,
      ],
      ['chair-only action', h.act(USERS.hv, 'open-views', { conferenceId: h.conferenceId }), /Only the chair/],
    ];
    for (const [name, pending, message] of cases) {
      const card = await pending;
      expect(cardText(card), name).toMatch(message);
      expect(cardText(card), name).toContain('Nothing was changed');
    }
    const after = await h.conference();
    expect(after.reports[hvId]).toEqual(before.reports[hvId]);
    expect(after.rev).toBe(before.rev);
    expect(after.viewRound).toBeUndefined();
    expectCardsClean(h, FAMILY);
  });

  it('retries a throttled send (429) and delivers once', async () => {
    const h = await start();
    await h.settle(); // nothing else in flight: the two failures hit this send
    h.fc.failNext(429, 2);
    const before = h.cardsFor(USERS.sw).length;
    const ok = await h.s.rt.deps.chat!.sendCard({
      conferenceId: h.conferenceId,
      teamsUserId: USERS.sw.id,
      card: () => ({ type: 'AdaptiveCard', version: '1.5', body: [] }),
      summary: 'x',
    });
    expect(ok).toBe(true);
    expect(h.cardsFor(USERS.sw)).toHaveLength(before + 1);
    // Unknown people are "not reachable", never an error.
    expect(
      await h.s.rt.deps.chat!.sendCard({
        conferenceId: h.conferenceId,
        email: 'nobody@example.org',
        card: () => ({}),
        summary: 'x',
      }),
    ).toBe(false);
  });
  it('posts a card whose claim a dead attempt still holds once its lease runs out, not never', async () => {
    const h = await start();
    await h.settle();
    const deps = h.s.rt.deps;
    const c = await h.conference();
    const sw = c.attendees.find((a) => a.role === 'social-worker')!;
    const args = {
      step: 'report-reminder-3' as const,
      recipient: sw.id,
      to: sw,
      card: () => ({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'Held card' }] }),
      summary: `${c.reference}: held card`,
    };
    const post = () => deliverCard(deps, c, args);
    const held = () => h.cardsFor(USERS.sw).filter((x) => titleOf(x) === 'Held card');
    // An attempt claimed the card and died before posting it: its lease still runs.
    const key = ledgerKey('report-reminder-3-teams', sw.id, c.version);
    expect(await deps.ledger.claim(c.id, key, 300)).toBeTruthy();
    // The next attempt neither posts a second card nor counts the card as sent: the job retries.
    await expect(post()).rejects.toBeInstanceOf(SendInProgressError);
    // A person's request (a double click on "open the round of views") is told it is being posted, not an error.
    expect(await deliverCardNow(deps, c, args)).toBe('in-progress');
    expect(held()).toHaveLength(0);
    // Once the lease has run out, the retry posts it, once.
    await until(
      'the lease to run out',
      async () => ((await deps.ledger.get(c.id, key))?.leaseUntil ?? '') < new Date().toISOString(),
      5_000,
    );
    expect(await post()).toBe('sent');
    expect(held()).toHaveLength(1);
    expect(await post()).toBe('already-sent');
    expect(held()).toHaveLength(1);
  });
});

describe('Teams bot authentication', () => {
  // The Teams part of a production configuration (the rest of production's requirements are tested in startup.test.ts).
  const prod = {
    NODE_ENV: 'production' as const,
    MICROSOFT_APP_ID: '11111111-2222-3333-4444-555555555555',
    MICROSOFT_APP_PASSWORD: 'not-a-real-secret',
    MICROSOFT_APP_TYPE: 'SingleTenant' as const,
    MICROSOFT_APP_TENANT_ID: TENANT,
  };

  it('rejects unsigned and badly signed requests with 401 when the bot has credentials (production config)', async () => {
    const redis = new Redis(redisUrl());
    closers.push(() => redis.quit());
    const teams = createTeamsChannel({
      config: { ...prod, REDIS_PREFIX: `tauth${Date.now()}` },
      redis,
      logger: silentLogger,
    });
    expect(teams.anonymous).toBe(false);
    const app = express();
    app.use(express.json());
    teams.mount(app, {} as never);
    const server = app.listen(0, '127.0.0.1');
    closers.push(() => new Promise((r) => server.close(r)));
    await new Promise((r) => server.once('listening', r));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const activity = installActivity(USERS.sw, 'https://smba.trafficmanager.net/uk/');
    const errors = console.error;
    console.error = () => undefined; // botbuilder prints the rejected request
    try {
      expect((await postActivity(url, activity)).status).toBe(401);
      expect((await postActivity(url, activity, { authorization: 'Bearer not.a.jwt' })).status).toBe(401);
    } finally {
      console.error = errors;
    }
  });

  it('runs anonymously only outside production, and builds single-tenant, multi-tenant and managed-identity adapters', async () => {
    const { botAuthSettings } = await import('../../src/channels/teams/auth.ts');
    expect(() => botAuthSettings({ NODE_ENV: 'production', MICROSOFT_APP_TYPE: 'SingleTenant' })).toThrow(
      /required in production/,
    );
    expect(botAuthSettings({ NODE_ENV: 'development', MICROSOFT_APP_TYPE: 'SingleTenant' })).toEqual({});
    expect(() =>
      botAuthSettings({
        NODE_ENV: 'development',
        MICROSOFT_APP_TYPE: 'SingleTenant',
        MICROSOFT_APP_ID: 'id',
        MICROSOFT_APP_PASSWORD: 'p',
      }),
    ).toThrow(/TENANT_ID/);
    const { buildBotAuth } = await import('../../src/channels/teams/auth.ts');
    for (const cfg of [
      {
        NODE_ENV: 'production' as const,
        MICROSOFT_APP_TYPE: 'SingleTenant' as const,
        MICROSOFT_APP_ID: 'id',
        MICROSOFT_APP_PASSWORD: 'p',
        MICROSOFT_APP_TENANT_ID: TENANT,
      },
      {
        NODE_ENV: 'production' as const,
        MICROSOFT_APP_TYPE: 'MultiTenant' as const,
        MICROSOFT_APP_ID: 'id',
        MICROSOFT_APP_PASSWORD: 'p',
      },
      {
        NODE_ENV: 'production' as const,
        MICROSOFT_APP_TYPE: 'UserAssignedMSI' as const,
        MICROSOFT_APP_ID: 'id',
        MICROSOFT_APP_TENANT_ID: TENANT,
      },
    ]) {
      const auth = buildBotAuth(cfg);
      expect(auth.anonymous).toBe(false);
      expect(auth.appId).toBe('id');
    }
    expect(() =>
      buildBotAuth({
        NODE_ENV: 'production',
        MICROSOFT_APP_TYPE: 'UserAssignedMSI',
        MICROSOFT_APP_ID: 'id',
        MICROSOFT_APP_PASSWORD: 'p',
        MICROSOFT_APP_TENANT_ID: TENANT,
      }),
    ).toThrow(/must not be set/);
  });
});
