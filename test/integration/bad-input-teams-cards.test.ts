/**
 * Bad input at the Teams card entry point: hostile Adaptive Card submits posted as real Bot
 * Framework activities (Action.Execute `adaptiveCard/action` invokes, and Action.Submit messages
 * carrying `value`) to /api/messages of a running service whose conference has live cards: report
 * requests while reports are collected, then the checklist, attendance and an open round of views.
 * Garbage data, unknown verbs, prototype-pollution keys, depth bombs, huge strings, wrong
 * conference, attendee and child ids, out-of-range safety scales, and other people's real card
 * data. Each gets a card naming the problem, nothing answers 5xx, the service stays up, and the
 * conference record, send ledger, audit trail and pending jobs are unchanged. Prints how many
 * inputs each kind tried.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERBS } from '../../src/content/cards/adaptive.ts';
import {
  cardText,
  MEETING_CHAT,
  startTeamsHarness,
  titleOf,
  USERS,
  type TeamsHarness,
} from '../helpers/teams-harness.ts';
import {
  actionActivity,
  messageActivity,
  personalConversation,
  postActivity,
  TENANT,
  type TeamsTestUser,
} from '../helpers/teams-activities.ts';
import { hackneyInitialBody } from '../helpers/service.ts';

// A fixed seed keeps CI reproducible; FC_SEED=random explores new inputs (and prints the seed of any failure).
if (process.env.FC_SEED !== 'random') fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20261123) });

const RUNS = Number(process.env.BAD_INPUT_RUNS ?? 60);
const tried: Record<string, number> = {};
const count = (entry: string, n = 1) => (tried[entry] = (tried[entry] ?? 0) + n);

const CHAIR_ONLY = new Set([
  'open-views',
  'close-views',
  'decide',
  'approve',
  'checklist-tick',
  'record-view-for',
  'attendance',
  'exclusion',
  'told-in-person',
  'release-letter',
]);
const GROUP_CHAT = { id: MEETING_CHAT, conversationType: 'groupChat', isGroup: true, tenantId: TENANT };
const NOBODY = { id: '29:nobody-at-all', aadObjectId: '00000000-0000-4000-8000-0000000000ff' };

let h: TeamsHarness;
let A: string; // the conference with live cards
let B: string; // another conference none of these Teams users is invited to
let ground: string;
let snapshot: () => Promise<string>;
beforeAll(async () => {
  h = await startTeamsHarness({ API_RATE_LIMIT_BURST: '100000', API_RATE_LIMIT_PER_MINUTE: '1000000' });
  A = h.conferenceId;
  const strangers = (hackneyInitialBody().attendees as Record<string, unknown>[]).map((a, i) => ({
    ...a,
    ...(a['email'] ? { email: `person${i}@other.example.org` } : {}),
  }));
  const b = await h.s.api(
    'POST',
    '/api/conferences',
    hackneyInitialBody({ attendees: strangers, startsAt: '2027-01-05T10:00' }),
  );
  expect(b.status, JSON.stringify(b.body)).toBe(201);
  B = b.body.id;
  await h.settle(); // invitations and report requests: the report cards are live
  ground = h.s.rt.deps.policies.get((await h.conference()).policyId).exclusionGrounds[0]!;
  const { store, ledger, jobs } = h.s.rt.deps;
  snapshot = async () =>
    JSON.stringify(
      await Promise.all([
        store.list(),
        ...[A, B].flatMap((id): Promise<unknown>[] => [
          store.get(id),
          ledger.list(id),
          store.readAudit(id),
          jobs.pending(id),
        ]),
      ]),
    );
}, 120_000);
afterAll(async () => {
  const lines = Object.entries(tried).map(([k, v]) => `  ${k.padEnd(34)} ${v}`);
  console.log(
    `bad-input suite (Teams cards): inputs tried per entry point\n${lines.join('\n')}\n  total ${Object.values(tried).reduce((a, b) => a + b, 0)}`,
  );
  await h?.stop();
});

/** Posts an activity whose JSON the test writes itself (too deep for JSON.stringify). */
async function postRaw(
  activity: Record<string, unknown>,
  raw: Record<string, string>,
): Promise<{ status: number; body: any }> {
  let json = JSON.stringify(activity);
  for (const [marker, text] of Object.entries(raw)) json = json.replace(JSON.stringify(marker), text);
  const res = await fetch(`${h.s.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: json,
  });
  const text = await res.text();
  return { status: res.status, body: text.startsWith('{') ? JSON.parse(text) : text };
}

/** Presses a card button with any verb and any data (typed or not), as Teams posts it; `raw` replaces marker strings with JSON text. */
async function press(
  user: TeamsTestUser,
  verb: unknown,
  data: unknown,
  opts: { conversation?: Record<string, unknown>; action?: unknown; raw?: Record<string, string> } = {},
) {
  const activity = {
    ...actionActivity(user, h.fc.url, 'x', {}, opts),
    value: { action: opts.action ?? { type: 'Action.Execute', id: randomUUID(), verb, data }, trigger: 'manual' },
  };
  const r = await postRaw(activity, opts.raw ?? {});
  const what = `${JSON.stringify(verb)} by ${user.id}: ${JSON.stringify(data)?.slice(0, 200)} → ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`;
  expect(r.status, what).toBe(200);
  expect(r.body?.type, what).toBe('application/vnd.microsoft.card.adaptive');
  const text = cardText(r.body.value);
  // The answer names the problem and never echoes a huge input back.
  expect(text, what).toContain('Nothing was changed.');
  expect(text.length, what).toBeLessThan(20_000);
  return { card: r.body.value, text, what };
}

/** Every Action.Execute on the cards a user was sent (their real card data). */
function actionsOn(cards: unknown[]): { verb: string; data: Record<string, unknown> }[] {
  const found: { verb: string; data: Record<string, unknown> }[] = [];
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) return x.forEach(walk);
    if (!x || typeof x !== 'object') return;
    const o = x as Record<string, unknown>;
    if (o['type'] === 'Action.Execute' && typeof o['verb'] === 'string')
      found.push({ verb: o['verb'], data: (o['data'] ?? {}) as Record<string, unknown> });
    Object.values(o).forEach(walk);
  };
  walk(cards);
  return found;
}

const hostileKeys = fc.constantFrom(
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '__defineGetter__',
  'valueOf',
);
const hostileObject = fc.dictionary(
  fc.oneof(
    hostileKeys,
    fc.string({ maxLength: 8 }),
    fc.constantFrom('conferenceId', 'childId', 'card', 'verb', 'token', 'attendeeId', 'from', 'userId'),
  ),
  fc.jsonValue({ maxDepth: 2 }),
  { maxKeys: 6 },
);
const nested = (depth: number, leaf: unknown = 1): unknown =>
  Array.from({ length: depth }).reduce<unknown>((inner) => ({ a: inner }), leaf);
/** JSON text nested `depth` deep, for bodies too deep to build with JSON.stringify. */
const deepJson = (depth: number, open = '{"a":', close = '}') => open.repeat(depth) + '1' + close.repeat(depth);
/** The card names the field (a FactSet row titled with it) or says what is wrong. */
const named = (field: string, alt?: string) =>
  new RegExp(`"title":"${field.replace(/[-.]/g, '\\$&')}${alt ? `|${alt}` : ''}`);
const badConferenceId = fc.oneof(
  fc.constant(undefined),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 4 }), { maxLength: 2 }),
  fc.object({ maxDepth: 1 }),
  fc.constantFrom(
    '',
    ' ',
    'ABCDEFGHIJKL',
    'a'.repeat(33),
    '../../etc/passwd',
    'abc def ghij',
    '*',
    '__proto__',
    'constructor',
    '<script>',
  ),
  fc.stringMatching(/^[a-z0-9]{12}$/), // well-formed, but no such conference
);
/** Data that can never name a real conference: garbage, or objects with no usable conference id. */
const garbageData = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }).filter((v) => !(v && typeof v === 'object' && !Array.isArray(v))),
  fc.tuple(hostileObject, badConferenceId).map(([o, id]) => ({ ...o, conferenceId: id })),
  fc.constantFrom<unknown>('', [], {}, 'x'.repeat(200_000), nested(300)),
  // The real id, but only on the prototype chain: must not be found.
  fc
    .constant(null)
    .map(() =>
      JSON.parse(`{"__proto__": {"conferenceId": "${A}"}, "constructor": {"prototype": {"conferenceId": "${A}"}}}`),
    ),
);
const anyVerb = fc.oneof(
  fc.constantFrom(...VERBS),
  fc.string({ maxLength: 20 }),
  fc.constantFrom('__proto__', 'constructor', 'toString', 'VIEW', 'view ', 'upload'),
  fc.integer(),
  fc.constant(null),
  fc.object({ maxDepth: 1 }),
);
const anyone = fc.constantFrom(USERS.chair, USERS.sw, USERS.hv, USERS.police, USERS.outsider, NOBODY);

describe('report requests live: report cards', () => {
  const at = (field: string, values: unknown[], match = named(field)) =>
    values.map((v) => ({ field, value: v, match }));
  const reportCases: Record<
    string,
    { base: Record<string, unknown>; wrong: { field: string; value: unknown; match: RegExp }[] }
  > = {
    'report-submit': {
      base: { report: 'Assessment and analysis' },
      wrong: [
        ...at('report', ['', '   ', {}, [], true, ['text']]),
        ...at('shared-a5', [
          '2026-02-31',
          '2026-13-01',
          'yesterday',
          '12/11/2026',
          '2099-01-01',
          20261120,
          {},
          ['2026-11-20'],
        ]),
        ...at('shared-a3', ['2026-11-20'], named('shared')), // not a parent
        ...at('shared-a99', ['2026-11-20'], named('shared')), // no such attendee
        ...at('withheld', ['w'.repeat(2_001), 'w'.repeat(300_000), {}, [1]]),
      ],
    },
    'report-shared': {
      base: { 'shared-a5': '2026-11-20' },
      wrong: [
        ...at('shared-a5', ['2026-02-30', 'soon', '9999-12-31', {}]),
        ...at('shared-a6', ['0000-00-00', 'x']),
        ...at('withheld', ['w'.repeat(2_001), {}]),
      ],
    },
    rsvp: {
      base: { rsvp: 'accepted' },
      wrong: at('rsvp', ['perhaps', 'needs-action', 'ACCEPTED', '', {}, ['accepted'], 1, '__proto__']),
    },
    'cant-attend': {
      base: { deputyName: 'Dee Puty', deputyEmail: 'dee.puty@example.gov.uk' },
      wrong: [
        ...at('deputyName', ['', '  ', {}, 'n'.repeat(121), 'n'.repeat(100_000)]),
        ...at('deputyEmail', [
          'not-an-email',
          '',
          'a@b',
          'two@@example.org',
          `${'a'.repeat(250)}@example.org`,
          {},
          ['dee@example.org'],
        ]),
      ],
    },
  };

  it(
    'wrong types, missing fields, impossible dates and oversized text: an error card naming the field, nothing recorded',
    { timeout: 120_000 },
    async () => {
      const before = await snapshot();
      const cases = Object.entries(reportCases).flatMap(([verb, c]) => c.wrong.map((w) => ({ verb, ...c, w })));
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(USERS.sw, USERS.hv),
          fc.constantFrom(...cases),
          async (user, { verb, base, w }) => {
            count('teams cards: wrong fields');
            const data = { conferenceId: A, ...base, [w.field]: w.value };
            const { text, what } = await press(user, verb, data);
            expect(text, what).toMatch(w.match);
          },
        ),
        { numRuns: RUNS * 3 },
      );
      expect(await snapshot()).toBe(before);
    },
  );

  it(
    "someone else's report card, or a card for a conference they are not in: refused, nothing recorded",
    { timeout: 60_000 },
    async () => {
      const before = await snapshot();
      const valid = Object.entries(reportCases).map(([verb, c]) => ({ verb, data: c.base }));
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...valid),
          fc.constantFrom(USERS.outsider, NOBODY, USERS.sw, USERS.hv, USERS.chair),
          async ({ verb, data }, user) => {
            count("teams cards: someone else's card");
            // Outsiders hold the real conference's card; everyone invited holds the other conference's.
            const inA = user === USERS.outsider || user === NOBODY;
            const { text, what } = await press(user, verb, { ...data, conferenceId: inA ? A : B });
            expect(text, what).toMatch(/not an invited attendee/);
          },
        ),
        { numRuns: RUNS },
      );
      expect(await snapshot()).toBe(before);
    },
  );
});

describe('round of views open: view, checklist and chair cards', () => {
  beforeAll(async () => {
    const c = await h.conference();
    await h.s.advanceTo(c.timetable.parentsJoinAt!);
    await h.s.advanceTo(c.timetable.professionalsJoinAt);
    await h.act(USERS.chair, 'attendance', { conferenceId: A, present: 'a1,a2,a3,a5', apologies: 'a4' });
    expect(titleOf(await h.act(USERS.chair, 'open-views', { conferenceId: A }))).toContain('round of views');
    expect((await h.conference()).viewRound?.closedAt).toBeUndefined();
  }, 60_000);

  it(
    'garbage data, unknown verbs, prototype pollution and depth bombs, from anyone: an error card, nothing recorded',
    { timeout: 180_000 },
    async () => {
      const before = await snapshot();
      await fc.assert(
        fc.asyncProperty(anyone, anyVerb, garbageData, fc.boolean(), async (user, verb, data, inGroup) => {
          count('teams cards: garbage data');
          const { text, what } = await press(user, verb, data, inGroup ? { conversation: GROUP_CHAT } : {});
          if (typeof verb !== 'string' || !(VERBS as readonly string[]).includes(verb))
            expect(text, what).toMatch(/not an action this bot knows/);
          else if (inGroup) expect(text, what).toMatch(/one-to-one chat/);
          else expect(text, what).toMatch(/not from a conference|no longer exists|"title":"conferenceId"/);
        }),
        { numRuns: RUNS * 4 },
      );
      // A malformed action object (no verb, wrong type, not an object): still a card saying so.
      for (const action of [
        undefined,
        null,
        'Action.Execute',
        [],
        { type: 'Action.Submit', verb: 'view', data: { conferenceId: A } },
        { type: 'Action.Execute' },
        nested(300),
      ]) {
        count('teams cards: garbage data');
        expect((await press(USERS.sw, 'x', {}, { action })).text).toMatch(/not an action this bot knows/);
      }
      expect(await snapshot()).toBe(before);
      expect(({} as Record<string, unknown>)['conferenceId']).toBeUndefined();
    },
  );

  it(
    "another person's real card data: the chair's buttons pressed by others, anyone's pressed by an outsider, nothing recorded",
    { timeout: 120_000 },
    async () => {
      const before = await snapshot();
      const chairActions = actionsOn(h.cardsFor(USERS.chair)).filter(
        (a) =>
          CHAIR_ONLY.has(a.verb) || (a.verb === 'refresh' && a.data['card'] !== 'view' && a.data['card'] !== 'report'),
      );
      const everyonesActions = actionsOn([
        ...h.cardsFor(USERS.chair),
        ...h.cardsFor(USERS.sw),
        ...h.cardsFor(USERS.hv),
      ]);
      expect(chairActions.length).toBeGreaterThan(3);
      expect(new Set(everyonesActions.map((a) => a.verb)).size).toBeGreaterThan(6);
      // What a person would type into the card's inputs: all valid.
      const inputs = {
        recommendation: 'child-in-need',
        rationale: 'Support needed',
        scale: '5',
        report: 'Report text',
        rsvp: 'accepted',
        deputyName: 'Dee',
        deputyEmail: 'dee@example.gov.uk',
        item: 'explained-how-it-runs',
        present: 'a1,a2,a3',
        who: 'a3',
        childId: 'c1',
        'outcome-c1': 'child-in-need',
        'rationale-c1': 'Support',
        'outcome-c2': 'child-in-need',
        'rationale-c2': 'Support',
        attendeeId: 'a6',
        part: 'police information',
        ground,
      };
      const pressing = fc.oneof(
        fc
          .tuple(fc.constantFrom(...chairActions), fc.constantFrom(USERS.sw, USERS.hv, USERS.police))
          .map(([a, user]) => ({ a, user, expect: /Only the chair/ })),
        fc
          .tuple(fc.constantFrom(...everyonesActions), fc.constantFrom(USERS.outsider, NOBODY))
          .map(([a, user]) => ({ a, user, expect: /not an invited attendee/ })),
        fc
          .tuple(fc.constantFrom(...everyonesActions), fc.constantFrom(USERS.chair, USERS.sw, USERS.hv))
          .map(([a, user]) => ({
            a: { ...a, data: { ...a.data, conferenceId: B } },
            user,
            expect: /not an invited attendee/,
          })),
      );
      // Forged identity fields in the data change nothing: who acts comes from the activity.
      const forged = fc.record(
        {
          attendeeId: fc.constantFrom('a1', 'a2', 'a3'),
          from: fc.constant({ id: USERS.chair.id }),
          userId: fc.constant(USERS.chair.id),
          token: fc.string({ maxLength: 30 }),
        },
        { requiredKeys: [] },
      );
      await fc.assert(
        fc.asyncProperty(pressing, forged, async ({ a, user, expect: message }, extra) => {
          count("teams cards: someone else's card");
          const { text, what } = await press(user, a.verb, { ...inputs, ...extra, ...a.data });
          expect(text, what).toMatch(message);
        }),
        { numRuns: RUNS * 2 },
      );
      expect(await snapshot()).toBe(before);
    },
  );

  it(
    'out-of-range scales, unknown ids and categories, oversized rationales on live cards: an error card naming the field',
    { timeout: 120_000 },
    async () => {
      const before = await snapshot();
      const at = (field: string, values: unknown[], match = named(field)) =>
        values.map((v) => ({ field, value: v, match }));
      const viewWrong = [
        ...at('scale', [
          '11',
          '-1',
          '2.5',
          '1e1',
          'eleven',
          '99999999999999999999',
          'NaN',
          'Infinity',
          11,
          -3,
          7.5,
          {},
          ['5'],
        ]),
        ...at('childId', ['c9', 'c0', 'x', '__proto__', {}, ['c1'], 'c1,c2']),
        ...at('recommendation', ['a-vote', 'CHILD-IN-NEED', 'toString', 7, {}, ['child-in-need']]),
        ...at('categories', ['made-up', 'neglect', {}, 'neglect,x']),
        ...at('rationale', ['r'.repeat(4_001), 'r'.repeat(500_000), {}, [1, 2]]),
      ];
      const cases = [
        ...viewWrong.map((w) => ({
          verb: 'view',
          users: [USERS.sw, USERS.hv],
          base: { childId: 'c1', recommendation: 'child-in-need', rationale: 'Support needed', scale: '5' },
          w,
        })),
        ...[
          ...viewWrong,
          ...at('who', ['a99', 'a0', 'a1', 'someone', {}, ''], named('who', '"title":"attendeeId')),
        ].map((w) => ({
          verb: 'record-view-for',
          users: [USERS.chair],
          base: { who: 'a2', childId: 'c2', recommendation: 'child-in-need', rationale: 'On the phone', scale: '4' },
          w,
        })),
        ...at('item', ['not-an-item', '', '__proto__', 'constructor', 'i'.repeat(100_000), {}]).map((w) => ({
          verb: 'checklist-tick',
          users: [USERS.chair],
          base: { item: 'childs-views' },
          w,
        })),
        ...[
          ...at('attendeeId', ['a99', 'x', '', {}], named('attendeeId', 'No attendee a99')),
          ...at('part', ['', 'p'.repeat(301), {}]),
          ...at('ground', ['made up', '', {}]),
        ].map((w) => ({
          verb: 'exclusion',
          users: [USERS.chair],
          base: { attendeeId: 'a5', part: 'police information', ground },
          w,
        })),
        ...[...at('present', ['a99', 'x1', 'a1;a2', {}, 'a1,'.repeat(100)]), ...at('apologies', ['zz', 'a99', {}])].map(
          (w) => ({ verb: 'attendance', users: [USERS.chair], base: { present: 'a1,a2,a3', apologies: 'a4' }, w }),
        ),
      ];
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...cases), fc.nat(), async ({ verb, users, base, w }, pick) => {
          count('teams cards: wrong fields');
          const { text, what } = await press(users[pick % users.length]!, verb, {
            conferenceId: A,
            ...base,
            [w.field]: w.value,
          });
          expect(text, what).toMatch(w.match);
        }),
        { numRuns: RUNS * 4 },
      );
      expect(await snapshot()).toBe(before);
    },
  );

  it(
    'Action.Submit (a message carrying `value`): an error card in the one-to-one chat, silence in a group chat, nothing recorded',
    { timeout: 120_000 },
    async () => {
      const before = await snapshot();
      const everyonesActions = actionsOn([
        ...h.cardsFor(USERS.chair),
        ...h.cardsFor(USERS.sw),
        ...h.cardsFor(USERS.hv),
      ]);
      const value = fc.oneof(
        garbageData.filter((v) => v !== null && v !== undefined),
        hostileObject,
        fc.constantFrom(...everyonesActions).map((a) => ({
          verb: a.verb,
          ...a.data,
          recommendation: 'child-in-need',
          rationale: 'x',
          report: 'Report text',
        })),
      );
      const text = fc.option(
        fc.string({ maxLength: 30 }).filter((t) => !/help|CPC-/i.test(t)),
        { nil: undefined },
      );
      await fc.assert(
        fc.asyncProperty(anyone, value, text, fc.boolean(), async (user, v, t, inGroup) => {
          count('teams cards: Action.Submit');
          const posted = h.fc.posted.length;
          const activity = {
            ...messageActivity(user, h.fc.url, t ?? '', inGroup ? { conversation: GROUP_CHAT } : {}),
            value: v,
            ...(t === undefined ? { text: undefined } : {}),
          };
          const r = await postActivity(h.s.url, activity);
          const what = `${user.id} ${JSON.stringify(v).slice(0, 200)} → ${r.status}`;
          expect(r.status, what).toBe(200);
          const replies = h.fc.posted.slice(posted);
          if (inGroup) return void expect(replies, what).toEqual([]);
          expect(
            replies.map((p) => p.conversationId),
            what,
          ).toEqual([personalConversation(user)]);
          const reply = cardText(replies[0]!.activity.attachments?.[0]?.content);
          expect(reply, what).toMatch(/That button did not work/);
          expect(reply, what).toContain('Nothing was changed.');
        }),
        { numRuns: RUNS * 2 },
      );
      expect(await snapshot()).toBe(before);
    },
  );

  it(
    'bombs: 10,000-deep nesting, 50,000 keys, a 900 kB string, a body over the limit; then the service still answers',
    { timeout: 120_000 },
    async () => {
      const before = await snapshot();
      const manyKeys = Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`k${i}`, i]));
      const view = { conferenceId: A, childId: 'c1', recommendation: 'child-in-need' };
      for (const [label, verb, data, raw, match] of [
        ['deep object as data', 'view', 'DEEP', { DEEP: deepJson(10_000) }, /not from a conference/],
        ['deep array as data', 'view', 'DEEP', { DEEP: deepJson(10_000, '[', ']') }, /not from a conference/],
        ['deep rationale', 'view', { ...view, rationale: 'DEEP' }, { DEEP: deepJson(10_000) }, named('rationale')],
        ['deep verb', 'DEEP', { conferenceId: A }, { DEEP: deepJson(10_000) }, /not an action this bot knows/],
        ['50,000 keys', 'report-submit', { conferenceId: A, ...manyKeys }, {}, named('report')],
        ['900 kB rationale', 'view', { ...view, rationale: 'r'.repeat(900_000) }, {}, named('rationale')],
        ['900 kB conference id', 'view', { ...view, conferenceId: 'a'.repeat(900_000) }, {}, /not from a conference/],
      ] as const) {
        count('teams cards: bombs');
        expect((await press(USERS.sw, verb, data, { raw })).text, label).toMatch(match);
      }
      count('teams cards: bombs');
      expect((await press(USERS.sw, 'x', {}, { action: 'DEEP', raw: { DEEP: deepJson(10_000) } })).text).toMatch(
        /not an action this bot knows/,
      );
      count('teams cards: bombs');
      const tooBig = await postActivity(
        h.s.url,
        actionActivity(USERS.sw, h.fc.url, 'view', { conferenceId: A, rationale: 'r'.repeat(1_100_000) }),
      );
      expect(tooBig.status).toBe(413);
      count('teams cards: bombs');
      const posted = h.fc.posted.length;
      expect(
        (await postRaw({ ...messageActivity(USERS.hv, h.fc.url, ''), value: 'DEEP' }, { DEEP: deepJson(10_000) }))
          .status,
      ).toBe(200);
      expect(cardText(h.fc.posted.slice(posted).map((p) => p.activity.attachments?.[0]?.content))).toMatch(
        /That button did not work/,
      );
      expect(await snapshot()).toBe(before);
      expect((await fetch(`${h.s.url}/healthz`)).status).toBe(200);
      // And the cards still work for the people they belong to.
      expect(titleOf(await h.act(USERS.hv, 'refresh', { conferenceId: A, card: 'view', childId: 'c1' }))).toContain(
        'your view for Child 1',
      );
    },
  );

  it('forged identity in valid data is ignored: the view is recorded as the sender’s own, nobody else’s', async () => {
    count("teams cards: someone else's card");
    const sw = (c: Awaited<ReturnType<TeamsHarness['conference']>>) => c.views.filter((v) => v.attendeeId === 'a2');
    const before = await h.conference();
    await h.act(USERS.hv, 'view', {
      conferenceId: A,
      childId: 'c2',
      recommendation: 'child-in-need',
      rationale: 'Mine',
      attendeeId: 'a2',
      who: 'a2',
      userId: USERS.sw.id,
      from: { id: USERS.sw.id },
    });
    const after = await h.conference();
    expect(sw(after)).toEqual(sw(before));
    expect(
      after.views.filter((v) => v.attendeeId === 'a3' && v.childId === 'c2').map((v) => [v.recordedBy, v.rationale]),
    ).toEqual([['a3', 'Mine']]);
  });
});
