/**
 * The whole service plus a fake Bot Framework connector, with the conference's people as Teams
 * users: the chair (reached through a new one-to-one chat, seen only in the meeting chat), the
 * social worker (mapped by `29:` id), the health visitor (no Teams id on file: mapped by the email
 * Teams returns), the police officer (has no app: email only) and an outsider who is not invited.
 */
import { expect } from 'vitest';
import { VERBS } from '../../src/content/cards/adaptive.ts';
import type { Conference } from '../../src/domain/conference.ts';
import { startFakeConnector, type FakeConnector } from '../fakes/fake-connector.ts';
import { validateAdaptiveCard } from './adaptive-card-schema.ts';
import { hackneyInitialBody, startTestService, type TestService } from './service.ts';
import {
  actionActivity,
  installActivity,
  messageActivity,
  postActivity,
  personalConversation,
  TENANT,
  type TeamsTestUser,
} from './teams-activities.ts';

export const MEETING_CHAT = '19:meeting_conference@thread.v2';

export const USERS = {
  chair: { id: '29:chair', aadObjectId: '00000000-0000-4000-8000-0000000000c1', email: 'chair@example.gov.uk' },
  sw: { id: '29:social-worker', aadObjectId: '00000000-0000-4000-8000-0000000000c2', email: 'sw@example.gov.uk' },
  hv: { id: '29:health-visitor', aadObjectId: '00000000-0000-4000-8000-0000000000c3', email: 'hv@nhs.example.org' },
  police: { id: '29:police', aadObjectId: '00000000-0000-4000-8000-0000000000c4', email: 'police@police.example.uk' },
  outsider: {
    id: '29:outsider',
    aadObjectId: '00000000-0000-4000-8000-0000000000c9',
    email: 'someone@elsewhere.example',
  },
} satisfies Record<string, TeamsTestUser>;

export interface TeamsHarness {
  s: TestService;
  fc: FakeConnector;
  conferenceId: string;
  reference: string;
  /** Presses a card button; returns the card the bot answers with (and keeps it for validation). */
  act(
    user: TeamsTestUser,
    verb: string,
    data: Record<string, unknown>,
    opts?: { conversation?: Record<string, unknown> },
  ): Promise<any>;
  say(user: TeamsTestUser, text: string, extra?: Record<string, unknown>): Promise<void>;
  conference(): Promise<Conference>;
  cardsFor(user: TeamsTestUser): any[];
  titles(user: TeamsTestUser): string[];
  /** Every card the bot produced, proactive or in reply. */
  allCards(): any[];
  settle(): Promise<void>;
  stop(): Promise<void>;
}

export const titleOf = (card: any): string => String(card?.body?.[0]?.text ?? '');
export const cardText = (card: any): string => JSON.stringify(card);

/**
 * `env` goes to the test service (e.g. a higher rate limit for a suite that posts hundreds of
 * activities); `overrides` change the Hackney conference it creates (hackneyInitialBody).
 */
export async function startTeamsHarness(
  env: Record<string, string> = {},
  overrides: Record<string, unknown> = {},
): Promise<TeamsHarness> {
  const s = await startTestService(env);
  const fc = await startFakeConnector();
  for (const [key, u] of Object.entries(USERS))
    fc.members.set(u.id, { id: u.id, aadObjectId: u.aadObjectId, email: u.email, installed: key !== 'police' });
  const responses: any[] = [];

  // Installs: three people add the app personally; the chair and police are only seen in the meeting chat.
  for (const u of [USERS.sw, USERS.hv, USERS.outsider])
    expect((await postActivity(s.url, installActivity(u, fc.url))).status).toBe(200);
  const meetingChat = { id: MEETING_CHAT, conversationType: 'groupChat', isGroup: true, tenantId: TENANT };
  for (const u of [USERS.chair, USERS.police])
    expect((await postActivity(s.url, messageActivity(u, fc.url, 'hello', { conversation: meetingChat }))).status).toBe(
      200,
    );

  const body = hackneyInitialBody(overrides);
  const attendees = (body.attendees as Record<string, unknown>[]).map((a) =>
    a['role'] === 'chair'
      ? { ...a, teamsUserId: USERS.chair.aadObjectId }
      : a['role'] === 'social-worker'
        ? { ...a, teamsUserId: USERS.sw.id }
        : a['role'] === 'police'
          ? { ...a, teamsUserId: USERS.police.id }
          : a,
  );
  const created = await s.api('POST', '/api/conferences', { ...body, attendees });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const conferenceId: string = created.body.id;

  const settle = async () => {
    await s.advanceTo(new Date(s.rt.clock.now().getTime() + 1000).toISOString());
  };
  const cardsFor = (u: TeamsTestUser) => fc.cardsIn(personalConversation(u));
  return {
    s,
    fc,
    conferenceId,
    reference: created.body.reference,
    act: async (user, verb, data, opts = {}) => {
      const r = await postActivity(s.url, actionActivity(user, fc.url, verb, data, opts));
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body.type).toBe('application/vnd.microsoft.card.adaptive');
      responses.push(r.body.value);
      expectRefreshedFor(r.body.value, user);
      return r.body.value;
    },
    say: async (user, text, extra = {}) => {
      expect((await postActivity(s.url, messageActivity(user, fc.url, text, extra))).status).toBe(200);
    },
    conference: async () => (await s.rt.deps.store.get(conferenceId))!,
    cardsFor,
    titles: (u) => cardsFor(u).map(titleOf),
    allCards: () => [
      ...fc.posted.flatMap((p) => (p.activity.attachments ?? []).map((a: { content: unknown }) => a.content)),
      ...responses,
    ],
    settle,
    stop: async () => {
      await fc.close();
      await s.stop();
    },
  };
}

/** Every card validates, and no title or notification preview carries a family or child name. */
/** A card with Universal Actions is refreshed by Teams for the person it went to, and only because it names them. */
function expectRefreshedFor(card: any, user: TeamsTestUser): void {
  if (!cardText(card).includes('"Action.Execute"')) return;
  expect(card.refresh?.userIds, `${titleOf(card)} refreshes for ${user.id}`).toEqual([user.id]);
}

export function expectCardsClean(h: TeamsHarness, names: readonly string[]): void {
  for (const u of Object.values(USERS)) for (const card of h.cardsFor(u)) expectRefreshedFor(card, u);
  const cards = h.allCards();
  expect(cards.length).toBeGreaterThan(0);
  for (const card of cards)
    expect(validateAdaptiveCard(card, { verbs: VERBS }), cardText(card).slice(0, 300)).toEqual([]);
  for (const card of cards) for (const n of names) expect(titleOf(card)).not.toContain(n);
  for (const p of h.fc.posted) for (const n of names) expect(String(p.activity.summary ?? '')).not.toContain(n);
  // Nothing about the conference is ever posted in the meeting chat.
  expect(h.fc.posted.filter((p) => p.conversationId === MEETING_CHAT)).toEqual([]);
}
