/**
 * Attacks on the Teams bot from another Microsoft tenant. The Bot Framework vouches that an
 * activity came through Teams, not that its sender belongs to the council: another tenant's
 * administrator can give one of their users any `mail` address (the "nOAuth" pattern), and the
 * bot's member look-up returns it. With MICROSOFT_APP_TENANT_ID set, only that tenant's people act
 * through the bot: someone from elsewhere is not matched to an attendee by the email Teams gives,
 * is never remembered as anyone's chat, gets no conference's card, and changes nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cardText, startTeamsHarness, titleOf, USERS, type TeamsHarness } from '../helpers/teams-harness.ts';
import {
  actionActivity,
  installActivity,
  messageActivity,
  personalConversation,
  postActivity,
  BOT_ID,
  TENANT,
  type TeamsTestUser,
} from '../helpers/teams-activities.ts';
import { Redis } from 'ioredis';
import { ConversationReferenceStore, hashEmail } from '../../src/channels/teams/reference-store.ts';
import { DataCipher } from '../../src/infra/data-cipher.ts';
import { redisUrl } from '../helpers/redis.ts';
import { hackneyInitialBody } from '../helpers/service.ts';

const ELSEWHERE = '0badc0de-0000-4000-8000-00000000beef';
/** Users of another tenant whose administrator set their `mail` to a health visitor's and the chair's address. */
const AS_HV: TeamsTestUser = {
  id: '29:as-hv',
  aadObjectId: '00000000-0000-4000-8000-0000000000f1',
  email: USERS.hv.email,
};
const AS_CHAIR: TeamsTestUser = {
  id: '29:as-chair',
  aadObjectId: '00000000-0000-4000-8000-0000000000f2',
  email: USERS.chair.email,
};

const fromElsewhere = <A extends { conversation: Record<string, unknown> }>(a: A) => ({
  ...a,
  conversation: { ...a.conversation, tenantId: ELSEWHERE },
  channelData: { tenant: { id: ELSEWHERE } },
});

let harness: TeamsHarness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

describe('Teams: someone from another tenant', () => {
  it('is not taken for an attendee by the email Teams returns: no card, no report, nothing changed', async () => {
    const h = (harness = await startTeamsHarness({ MICROSOFT_APP_TENANT_ID: TENANT }));
    const { s, fc, reference: ref } = h;
    for (const u of [AS_HV, AS_CHAIR]) {
      fc.members.set(u.id, { id: u.id, aadObjectId: u.aadObjectId, email: u.email!, installed: true });
      expect((await postActivity(s.url, fromElsewhere(installActivity(u, fc.url)))).status).toBe(200);
    }
    // The report requests go out: the health visitor's card reaches the health visitor, not the impostor.
    await h.settle();
    expect(h.titles(USERS.hv)).toContain(`${ref}: report requested`);
    const impostorsChats = () => [
      ...fc.cardsIn(personalConversation(AS_HV)),
      ...fc.cardsIn(personalConversation(AS_CHAIR)),
    ];
    expect(impostorsChats().map(cardText).join('\n')).not.toContain(ref);
    const keys = (await s.redisKeys()).join('\n');
    for (const u of [AS_HV, AS_CHAIR]) for (const id of [u.id, u.aadObjectId]) expect(keys).not.toContain(id);

    const c0 = await h.conference();
    const hv = c0.attendees.find((a) => a.email === USERS.hv.email)!;
    const press = async (u: TeamsTestUser, verb: string, data: Record<string, unknown>) => {
      const r = await postActivity(s.url, fromElsewhere(actionActivity(u, fc.url, verb, data)));
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return r.body.value;
    };
    // The health visitor's report card, a report filed as them, the chair's round and held letters: all refused.
    const attempts = [
      await press(AS_HV, 'refresh', { conferenceId: h.conferenceId, card: 'report' }),
      await press(AS_HV, 'report-submit', { conferenceId: h.conferenceId, report: 'Nothing to worry about here.' }),
      await press(AS_CHAIR, 'refresh', { conferenceId: h.conferenceId, card: 'round' }),
      await press(AS_CHAIR, 'refresh', { conferenceId: h.conferenceId, card: 'held-letters' }),
    ];
    for (const card of attempts) {
      expect(titleOf(card)).toBe('Not allowed');
      expect(cardText(card)).toContain('Nothing was changed.');
      expect(cardText(card)).not.toContain(ref);
    }
    expect(
      (await postActivity(s.url, fromElsewhere(messageActivity(AS_CHAIR, fc.url, `held letters ${ref}`)))).status,
    ).toBe(200);
    expect(impostorsChats().map(cardText).join('\n')).not.toContain(ref);

    const c1 = await h.conference();
    expect(c1.reports[hv.id]!.status).not.toBe('received');
    expect(c1.version).toBe(c0.version);
    expect(JSON.stringify(c1.reports)).toBe(JSON.stringify(c0.reports));

    // The council's own people are unaffected.
    expect(titleOf(await h.act(USERS.chair, 'refresh', { conferenceId: h.conferenceId, card: 'round' }))).toContain(
      ref,
    );
    expect(titleOf(await h.act(USERS.hv, 'refresh', { conferenceId: h.conferenceId, card: 'report' }))).toContain(ref);
  });

  it('a chat remembered from another tenant before this check (under an attendee’s email) is never sent their card', async () => {
    const h = (harness = await startTeamsHarness({ MICROSOFT_APP_TENANT_ID: TENANT }));
    const { fc, reference: ref } = h;
    // As an older version stored it: the impostor's chat under the health visitor's email.
    const redis = new Redis(redisUrl());
    await new ConversationReferenceStore(redis, h.s.prefix).save({
      userId: AS_HV.id,
      aadObjectId: AS_HV.aadObjectId,
      tenantId: ELSEWHERE,
      serviceUrl: fc.url,
      botId: BOT_ID,
      conversationId: personalConversation(AS_HV),
      emailHash: hashEmail(USERS.hv.email),
    });
    await redis.quit();
    await h.settle(); // the report requests: email to everyone, cards to those the bot may reach
    expect(fc.cardsIn(personalConversation(AS_HV)).map(cardText).join('\n')).not.toContain(ref);
    expect(h.titles(USERS.sw)).toContain(`${ref}: report requested`);
    expect(
      h.s.smtp.messages.filter(
        (m) => m.envelopeTo.includes(USERS.hv.email) && /^Report request/.test(m.parsed.subject ?? ''),
      ),
    ).toHaveLength(1);
  });

  it('a removed professional pressing the card they were sent is nobody here: nothing recorded', async () => {
    const h = (harness = await startTeamsHarness({ MICROSOFT_APP_TENANT_ID: TENANT }));
    await h.settle();
    const sw = (await h.conference()).attendees.find((a) => a.role === 'social-worker')!;
    expect(h.titles(USERS.sw)).toContain(`${h.reference}: report requested`);
    const removed = await h.s.api('POST', `/api/conferences/${h.conferenceId}/attendees/${sw.id}/remove`, {
      reason: 'left the authority',
      requestedBy: 'coordinator',
    });
    expect(removed.status, JSON.stringify(removed.body)).toBe(200);
    const before = JSON.stringify((await h.conference()).reports);
    const card = await h.act(USERS.sw, 'report-submit', {
      conferenceId: h.conferenceId,
      report: 'Filed after removal',
    });
    expect(titleOf(card)).toBe('Not allowed');
    expect(cardText(card)).toContain(`You are not an invited attendee of ${h.reference}`);
    expect(JSON.stringify((await h.conference()).reports)).toBe(before);
  });
});

/**
 * Inside the council's own tenant, the email Teams' member look-up returns does not prove who
 * someone is when we know better: an attendee with a Teams id on file is only ever that account,
 * and a guest account's email (typed by whoever invited it) matches nobody.
 */
describe('Teams: someone in the tenant whose look-up email is an attendee’s', () => {
  const refused = async (h: TeamsHarness, u: TeamsTestUser) => {
    const c0 = await h.conference();
    const hv = c0.attendees.find((a) => a.email === USERS.hv.email)!;
    const cards = [
      await h.act(u, 'refresh', { conferenceId: h.conferenceId, card: 'report' }),
      await h.act(u, 'report-submit', { conferenceId: h.conferenceId, report: 'Nothing to worry about here.' }),
    ];
    for (const card of cards) {
      expect(titleOf(card)).toBe('Not allowed');
      expect(cardText(card)).toContain(`You are not an invited attendee of ${h.reference}, so nothing was recorded`);
    }
    const c1 = await h.conference();
    expect(c1.reports[hv.id]!.status).not.toBe('received');
    expect(c1.version).toBe(c0.version);
    expect(JSON.stringify(c1.reports)).toBe(JSON.stringify(c0.reports));
    // The health visitor herself still opens her report card.
    expect(titleOf(await h.act(USERS.hv, 'refresh', { conferenceId: h.conferenceId, card: 'report' }))).toContain(
      h.reference,
    );
  };

  it('is not taken for the health visitor, whose own Teams id is on file; her card goes to her', async () => {
    const attendees = (hackneyInitialBody().attendees as Record<string, unknown>[]).map((a) =>
      a['email'] === USERS.hv.email ? { ...a, teamsUserId: USERS.hv.aadObjectId } : a,
    );
    const h = (harness = await startTeamsHarness({ MICROSOFT_APP_TENANT_ID: TENANT }, { attendees }));
    const lookalike: TeamsTestUser = {
      id: '29:hv-lookalike',
      aadObjectId: '00000000-0000-4000-8000-0000000000e1',
      email: USERS.hv.email,
    };
    h.fc.members.set(lookalike.id, { id: lookalike.id, aadObjectId: lookalike.aadObjectId, email: USERS.hv.email });
    expect((await postActivity(h.s.url, installActivity(lookalike, h.fc.url))).status).toBe(200);
    await h.settle();
    expect(h.titles(USERS.hv)).toContain(`${h.reference}: report requested`);
    expect(h.titles(lookalike).filter((t) => t.includes(h.reference))).toEqual([]);
    await refused(h, lookalike);
  });

  for (const [what, member] of [
    ['a #EXT# UPN', { userPrincipalName: 'hv_nhs.example.org#EXT#@council.onmicrosoft.com' }],
    ['the guest role', { userRole: 'guest' }],
  ] as const)
    it(`a guest account (${what}) with the health visitor's email matches nobody and gets none of her cards`, async () => {
      const h = (harness = await startTeamsHarness({ MICROSOFT_APP_TENANT_ID: TENANT }));
      const guest: TeamsTestUser = {
        id: '29:guest',
        aadObjectId: '00000000-0000-4000-8000-0000000000e2',
        email: USERS.hv.email,
      };
      h.fc.members.set(guest.id, { id: guest.id, aadObjectId: guest.aadObjectId, email: USERS.hv.email, ...member });
      expect((await postActivity(h.s.url, installActivity(guest, h.fc.url))).status).toBe(200);
      await h.settle();
      // The health visitor (no Teams id on file: matched by her email) still gets her card.
      expect(h.titles(USERS.hv)).toContain(`${h.reference}: report requested`);
      expect(h.titles(guest).filter((t) => t.includes(h.reference))).toEqual([]);
      await refused(h, guest);
    });

  it('a guest remembered by an older version under the health visitor’s email is never matched by it, and the hash goes', async () => {
    const h = (harness = await startTeamsHarness({ MICROSOFT_APP_TENANT_ID: TENANT }));
    const guest: TeamsTestUser = {
      id: '29:old-guest',
      aadObjectId: '00000000-0000-4000-8000-0000000000e3',
      email: USERS.hv.email,
    };
    h.fc.members.set(guest.id, { ...guest, email: USERS.hv.email, userRole: 'guest', installed: true });
    // As a version before 9d2b534 stored it when the guest added the app after the health visitor:
    // the guest's chat, in the council's tenant, under her email.
    const redis = new Redis(redisUrl());
    await new ConversationReferenceStore(redis, h.s.prefix).save({
      userId: guest.id,
      aadObjectId: guest.aadObjectId,
      tenantId: TENANT,
      serviceUrl: h.fc.url,
      botId: BOT_ID,
      conversationId: personalConversation(guest),
      emailHash: hashEmail(USERS.hv.email),
    });
    try {
      await h.settle(); // the report requests: her card must not reach the guest's chat
      expect(h.fc.cardsIn(personalConversation(guest)).map(cardText).join('\n')).not.toContain(h.reference);
      await refused(h, guest);
      const refs = new ConversationReferenceStore(redis, h.s.prefix, new DataCipher(h.s.rt.config.dataEncryptionKey));
      // The guest's turns looked it up again: its record keeps no email, and the email leads to her.
      expect((await refs.find({ teamsUserId: guest.id }))?.emailHash).toBeUndefined();
      expect((await refs.find({ email: USERS.hv.email }))?.userId).toBe(USERS.hv.id);
    } finally {
      await redis.quit();
    }
  });
});

describe('Teams: a parent linked to one child', () => {
  it('asks for the view card of a half-sibling and hears nothing of them', async () => {
    const JADE: TeamsTestUser = {
      id: '29:jade',
      aadObjectId: '00000000-0000-4000-8000-0000000000f5',
      email: 'jade@family.example.com',
    };
    const base = hackneyInitialBody();
    // Jade is the mother of Ruby (c1) only; Leo (c2) is Marcus's son by another relationship.
    const attendees = (base.attendees as Record<string, unknown>[]).map((a) =>
      a['name'] === 'Jade Testfamily' ? { ...a, teamsUserId: JADE.id, childIds: ['c1'] } : a,
    );
    const h = (harness = await startTeamsHarness({ MICROSOFT_APP_TENANT_ID: TENANT }, { attendees }));
    h.fc.members.set(JADE.id, { id: JADE.id, aadObjectId: JADE.aadObjectId, email: JADE.email!, installed: true });
    const press = async (childId: string) => {
      const r = await postActivity(
        h.s.url,
        actionActivity(JADE, h.fc.url, 'refresh', { conferenceId: h.conferenceId, card: 'view', childId }),
      );
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return r.body.value;
    };
    const theirs = await press('c1');
    expect(cardText(theirs)).toContain('Child 1');
    const other = await press('c2');
    expect(titleOf(other)).toMatch(/Please check your answers/);
    expect(cardText(other)).not.toContain('Child 2');
  });
});
