/**
 * Every card builder's output validates against the Adaptive Card 1.5 structure Teams renders,
 * uses only verbs the bot handles, and keeps names out of titles: a child appears as
 * "Child 1 (c1)" in a title, by first name only in the body of a card for a professional.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { card as adaptiveCard, VERBS, type AdaptiveCard } from '../../src/content/cards/adaptive.ts';
import { chairBriefingCard } from '../../src/content/cards/chair-briefing.ts';
import { chairRoundCard, dissentCard } from '../../src/content/cards/chair-round.ts';
import { checklistCard } from '../../src/content/cards/checklist.ts';
import { joinNowCard } from '../../src/content/cards/join-now.ts';
import { errorCard, noticeCard } from '../../src/content/cards/message.ts';
import { reportPromptCard } from '../../src/content/cards/report-prompt.ts';
import { viewCard } from '../../src/content/cards/view-card.ts';
import { heldLettersCard } from '../../src/content/cards/held-letters.ts';
import { heldLettersModel } from '../../src/app/chat/held-letters-model.ts';
import {
  chairBriefingModel,
  chairRoundModel,
  checklistModel,
  joinNowModel,
  reportPromptModel,
  viewCardModel,
} from '../../src/app/chat/models.ts';
import type { Conference } from '../../src/domain/conference.ts';
import { getPreset } from '../../src/domain/policy/presets/index.ts';
import { validateAdaptiveCard } from '../helpers/adaptive-card-schema.ts';
import { FIXTURE_FAMILY_NAMES, makeConference } from '../helpers/fixtures.ts';

const policy = getPreset('hackney');
const expectValid = (card: AdaptiveCard) => expect(validateAdaptiveCard(card, { verbs: VERBS })).toEqual([]);
const titleOf = (card: AdaptiveCard) => String((card.body[0] as { text: string }).text);

function decided(): Conference {
  const c = makeConference({
    policyId: 'hackney',
    state: 'decided',
    viewRound: { state: 'closed', openedAt: '2027-03-22T10:40:00Z', openedBy: 'a1', closedAt: '2027-03-22T11:20:00Z' },
  });
  return {
    ...c,
    meeting: {
      provider: 'local',
      label: 'Local test meeting',
      joinUrl: 'https://meet.example/j/1',
      dialIn: [{ number: '+44 20 7946 0000', pin: '123456', fallback: false }],
      providerIds: {},
    },
    views: [
      {
        childId: 'c1',
        attendeeId: 'a2',
        recordedBy: 'a2',
        recommendation: 'child-protection-plan',
        categories: ['neglect'],
        rationale: 'Home conditions',
        scale: 3,
        at: '2027-03-22T10:50:00Z',
      },
      {
        childId: 'c1',
        onBehalfOfFamily: true,
        recordedBy: 'a1',
        categories: [],
        rationale: 'The family want support',
        at: '2027-03-22T10:55:00Z',
      },
    ],
    decision: {
      outcomes: [
        { childId: 'c1', outcome: 'child-in-need', categories: [], rationale: 'Support will do', scale: 5 },
        { childId: 'c2', outcome: 'no-further-action', categories: [], rationale: 'No concerns' },
      ],
      dissent: [
        {
          childId: 'c1',
          attendeeId: 'a2',
          recommendation: 'child-protection-plan',
          escalationRoute: policy.views.disagreement.escalationRoute,
        },
      ],
      plan: [],
      coreGroup: [],
      decidedAt: '2027-03-22T11:30:00Z',
      decidedBy: 'a1',
    },
    attendance: { present: ['a1', 'a2'], apologies: ['a4'], recordedAt: '2027-03-22T10:35:00Z', recordedBy: 'a1' },
    checklist: { 'explained-how-it-runs': { at: '2027-03-22T10:16:00Z', by: 'a1' } },
    exclusions: [
      {
        attendeeId: 'a6',
        part: 'police information',
        ground: policy.exclusionGrounds[0]!,
        recordedAt: '2027-03-22T10:20:00Z',
        recordedBy: 'a1',
      },
    ],
  };
}

/** The person each card is for, by Teams `29:` id. */
const R = '29:1f2e3d4c-recipient';
/** Every builder in src/content/cards, and how to tell its cards in the list below. */
const BUILT_BY: Record<string, (label: string) => boolean> = {
  reportPromptCard: (l) => l.startsWith('report'),
  checklistCard: (l) => l === 'checklist',
  joinNowCard: (l) => l === 'join now',
  chairBriefingCard: (l) => l.startsWith('chair briefing'),
  viewCard: (l) => l.startsWith('view card'),
  chairRoundCard: (l) => l.startsWith('chair round'),
  dissentCard: (l) => l === 'dissent',
  errorCard: (l) => l === 'error',
  noticeCard: (l) => l === 'notice',
  heldLettersCard: (l) => l.startsWith('held letters'),
};

describe('card builders', () => {
  const c = decided();
  const open: Conference = {
    ...c,
    state: 'in-session',
    decision: undefined,
    viewRound: { state: 'open', openedAt: '2027-03-22T10:40:00Z', openedBy: 'a1' },
  } as Conference;
  const a = (id: string) => c.attendees.find((x) => x.id === id)!;
  const cards: [string, AdaptiveCard][] = [
    ['report request', reportPromptCard(reportPromptModel(c, policy, a('a3'), 'request'), R)],
    ['report overdue', reportPromptCard(reportPromptModel(c, policy, a('a3'), 'overdue'), R)],
    [
      'report received',
      reportPromptCard(
        reportPromptModel(
          { ...c, reports: { ...c.reports, a3: { ...c.reports['a3']!, status: 'received' } } },
          policy,
          a('a3'),
          'request',
        ),
        R,
      ),
    ],
    ['checklist', checklistCard(checklistModel(c, policy), R)],
    ['join now', joinNowCard(joinNowModel(c, a('a3')))],
    [
      'chair briefing (not quorate)',
      chairBriefingCard(chairBriefingModel(c, policy, { quorate: false, missing: ['police'] }), R),
    ],
    [
      'chair briefing (no attendance)',
      chairBriefingCard(chairBriefingModel({ ...c, attendance: undefined } as Conference, policy), R),
    ],
    [
      'chair briefing (an invitation not gone)',
      chairBriefingCard(
        chairBriefingModel(c, policy, undefined, [
          {
            attendeeId: 'a5',
            why: 'letter not printed yet: it was to be posted by Wednesday 2 December 2026 at 17:00',
          },
        ]),
        R,
      ),
    ],
    ['view card (open, saved view)', viewCard(viewCardModel(open, policy, a('a2'), 'c1'), R)],
    ['view card (open, no view)', viewCard(viewCardModel(open, policy, a('a3'), 'c2'), R)],
    ['view card (closed)', viewCard(viewCardModel(c, policy, a('a2'), 'c1'), R)],
    ['chair round (open)', chairRoundCard(chairRoundModel(open, policy), R)],
    ['chair round (decided)', chairRoundCard(chairRoundModel(c, policy), R)],
    [
      'chair round (not open)',
      chairRoundCard(
        chairRoundModel({ ...open, viewRound: undefined } as Conference, {
          ...policy,
          views: { ...policy.views, chairOverallScale: true },
        }),
        R,
      ),
    ],
    [
      'dissent',
      dissentCard({
        reference: c.reference,
        childLabel: 'Child 1 (c1)',
        decision: 'child-in-need',
        yours: 'child-protection-plan',
        route: 'Escalate to the safeguarding partnership',
      }),
    ],
    [
      'error',
      errorCard({
        heading: 'Please check your answers',
        message: 'Invalid view',
        issues: [{ field: 'categories', message: 'required' }],
        reference: c.reference,
      }),
    ],
    ['notice', noticeCard({ heading: 'Done', lines: ['Thank you'], facts: [['a', 'b']] })],
    [
      'held letters (one held, one released)',
      heldLettersCard(
        heldLettersModel(
          {
            ...c,
            heldLetters: [
              {
                attendeeId: 'a6',
                reason: 'excluded',
                heldAt: '2027-03-22T12:00:00Z',
                heldUntil: '2027-03-23T09:00:00Z',
              },
              {
                attendeeId: 'a5',
                reason: 'absent',
                heldAt: '2027-03-22T12:00:00Z',
                heldUntil: '2027-03-23T09:00:00Z',
                released: { at: '2027-03-23T10:00:00Z', reason: 'Cannot be reached', recordedBy: 'a1' },
              },
            ],
          },
          'released',
        ),
        R,
      ),
    ],
    ['held letters (none)', heldLettersCard(heldLettersModel(c), R)],
  ];

  it.each(cards)('%s validates as an Adaptive Card 1.5', (_name, card) => expectValid(card));

  // Teams refreshes a card automatically only for the users in refresh.userIds; [] means by hand only.
  it.each(cards)('%s, if it has Universal Actions, refreshes for the person it is for', (_name, card) => {
    const json = JSON.stringify(card);
    if (!json.includes('"Action.Execute"')) return expect(card.refresh).toBeUndefined();
    expect(card.refresh?.userIds).toEqual([R]);
    expect(card.refresh?.action).toMatchObject({ type: 'Action.Execute', verb: 'refresh' });
  });

  it('covers every card builder there is', async () => {
    // Every file in the folder but the vocabulary (adaptive.ts, whose showCard is an action, not a card).
    const files = readdirSync(new URL('../../src/content/cards/', import.meta.url)).filter(
      (f) => f.endsWith('.ts') && f !== 'adaptive.ts',
    );
    const modules = await Promise.all(
      files.map(
        (f) =>
          import(/* @vite-ignore */ new URL(`../../src/content/cards/${f}`, import.meta.url).href) as Promise<
            Record<string, unknown>
          >,
      ),
    );
    const builders = modules.flatMap((m) =>
      Object.entries(m)
        .filter(([name, v]) => typeof v === 'function' && /Card$/.test(name))
        .map(([name]) => name),
    );
    expect(new Set(builders)).toEqual(new Set(Object.keys(BUILT_BY)));
    for (const [name, fn] of Object.entries(BUILT_BY))
      expect(
        cards.some(([label]) => fn(label)),
        name,
      ).toBe(true);
  });

  it('the join card has a button that dials the meeting and types the PIN', () => {
    const join = cards.find(([n]) => n === 'join now')![1];
    expect(join.actions).toContainEqual({
      type: 'Action.OpenUrl',
      title: 'Join by phone',
      url: 'tel:+442079460000,,123456%23',
    });
    expect(JSON.stringify(join.body)).toContain('+44 20 7946 0000, then PIN 123456 followed by #');
  });

  it('a card that refreshes cannot be built without naming its recipient', () => {
    expect(() =>
      adaptiveCard({ body: [], refresh: { data: { conferenceId: 'x', card: 'round' }, userIds: [] } }),
    ).toThrow(/refresh\.userIds: a card that refreshes must name the person it is for/);
    expect(() => checklistCard(checklistModel(c, policy), '')).toThrow(/refresh\.userIds/);
  });

  it.each(cards)('%s has no family name in its title', (_name, card) => {
    for (const name of FIXTURE_FAMILY_NAMES) expect(titleOf(card)).not.toContain(name);
  });

  it("names the child by label in the title and by first name only in a professional's card body", () => {
    const card = viewCard(viewCardModel(open, policy, a('a2'), 'c1'), R);
    expect(titleOf(card)).toBe(`${c.reference}: your view for Child 1 (c1)`);
    const json = JSON.stringify(card);
    expect(json).toContain('Ruby');
    expect(json).not.toContain('Testfamily');
    const forParent = JSON.stringify(viewCard(viewCardModel(open, policy, a('a5'), 'c1'), R));
    expect(forParent).not.toContain('Ruby');
  });

  it("tells a professional whose view is saved how to escalate a disagreement, by the policy's route", () => {
    const saved = JSON.stringify(viewCard(viewCardModel(open, policy, a('a2'), 'c1'), R));
    expect(saved).toContain('Your view is saved');
    expect(saved).toContain(`it can be escalated under ${policy.views.disagreement.escalationRoute}`);
    expect(saved).toContain('your manager');
    expect(saved).toContain('an outcome is due within 5 working days');
    const closed = JSON.stringify(viewCard(viewCardModel(c, policy, a('a2'), 'c1'), R));
    expect(closed).toContain(`it can be escalated under ${policy.views.disagreement.escalationRoute}`);
    // No view saved yet: nothing to say.
    expect(JSON.stringify(viewCard(viewCardModel(open, policy, a('a3'), 'c1'), R))).not.toContain('escalated under');
  });

  it("lists in the chair's briefing a parent whose invitation has not gone, by role and id, and nothing when all have", () => {
    const gap = JSON.stringify(
      chairBriefingCard(
        chairBriefingModel(c, policy, undefined, [
          {
            attendeeId: 'a5',
            why: 'letter not printed yet: it was to be posted by Wednesday 2 December 2026 at 17:00',
          },
        ]),
        R,
      ),
    );
    expect(gap).toContain('Family members whose invitation has not gone:');
    expect(gap).toContain(
      '{"title":"Parent or carer 1 (a5)","value":"letter not printed yet: it was to be posted by Wednesday 2 December 2026 at 17:00"}',
    );
    expect(JSON.stringify(chairBriefingCard(chairBriefingModel(c, policy), R))).not.toContain(
      'invitation has not gone',
    );
  });

  it('tells the chair whether each interpreter or accessibility arrangement is confirmed', () => {
    const tasks = [
      {
        id: 't1',
        kind: 'book-interpreter' as const,
        subject: 'a5',
        detail: 'an interpreter who speaks Polish',
        dueAt: '2027-03-19T17:00:00Z',
        status: 'open' as const,
      },
      {
        id: 't2',
        kind: 'arrange-accessibility' as const,
        subject: 'a5',
        detail: 'easy-read',
        dueAt: '2027-03-19T17:00:00Z',
        status: 'done' as const,
        doneAt: '2027-03-18T10:00:00Z',
        doneBy: 'coordinator',
      },
    ];
    const json = JSON.stringify(chairBriefingCard(chairBriefingModel({ ...c, tasks }, policy), R));
    expect(json).toContain('an interpreter who speaks Polish: NOT confirmed yet, check before you start');
    expect(json).toContain('an easy read version of letters and reports: booked and confirmed');
    expect(json).not.toContain('easy-read:');
    expect(JSON.stringify(chairBriefingCard(chairBriefingModel(c, policy), R))).not.toContain(
      'Interpreters and accessibility',
    );
  });

  it("tells the chair whether a child was referred to the advocacy service, by the child's number, never a name", () => {
    const tasks = [
      {
        id: 't1',
        kind: 'refer-to-advocacy' as const,
        subject: 'c1',
        detail: 'the child (aged 13) to NYAS (National Youth Advocacy Service) for an advocate',
        dueAt: '2027-03-12T17:00:00Z',
        status: 'open' as const,
      },
    ];
    const json = JSON.stringify(chairBriefingCard(chairBriefingModel({ ...c, tasks }, policy), R));
    expect(json).toContain(
      '{"title":"Child 1 (c1)","value":"Refer the child (aged 13) to NYAS (National Youth Advocacy Service) for an advocate: NOT referred yet: ask how the child’s views will be heard"}',
    );
    const done = JSON.stringify(
      chairBriefingCard(chairBriefingModel({ ...c, tasks: [{ ...tasks[0]!, status: 'done' as const }] }, policy), R),
    );
    expect(done).toContain('for an advocate: referred"');
    // The explanation after the decision is not a pre-meeting arrangement.
    const after = JSON.stringify(
      chairBriefingCard(
        chairBriefingModel({ ...c, tasks: [{ ...tasks[0]!, id: 't2', kind: 'explain-decision' as const }] }, policy),
        R,
      ),
    );
    expect(after).not.toContain('Interpreters, accessibility and advocacy');
  });

  it('labels both ends of the scale as the policy names them, and never counts views', () => {
    const json = JSON.stringify(chairRoundCard(chairRoundModel(open, policy), R));
    expect(json).toContain(policy.views.scale.minLabel);
    expect(json).toContain(policy.views.scale.maxLabel);
    expect(json).not.toMatch(/majority|\d+ votes?|vote count|tally/i);
  });

  it('names a parent only in a professional\'s own report card, in its "who it is about" facts; elsewhere "Parent or carer 1 (a5)"', () => {
    const isReportCard = (name: string) => name.startsWith('report');
    for (const [name, card] of cards.filter(([n]) => !isReportCard(n)))
      for (const parent of ['Jade', 'Marcus']) expect(JSON.stringify(card), name).not.toContain(parent);
    for (const [, card] of cards.filter(([n]) => isReportCard(n))) {
      const facts = card.body.filter((b) => (b as { type: string }).type === 'FactSet').map((b) => JSON.stringify(b));
      expect(facts.some((f) => f.includes('Parents and carers') && f.includes('Jade Testfamily (parent)'))).toBe(true);
      expect(titleOf(card)).not.toMatch(/Jade|Marcus|Testfamily/);
    }
    expect(JSON.stringify(cards[0]![1])).toContain('Parent or carer 1 (a5)');
  });
});

describe('the validator itself', () => {
  const ok = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'x' }] };
  it('accepts a minimal card', () => expect(validateAdaptiveCard(ok)).toEqual([]));
  it.each([
    ['wrong version', { ...ok, version: '1.2' }, /version/],
    ['unknown element', { ...ok, body: [{ type: 'Marquee' }] }, /unknown element/],
    ['Action.Execute without verb', { ...ok, actions: [{ type: 'Action.Execute', title: 'Go' }] }, /verb/],
    ['input without id', { ...ok, body: [{ type: 'Input.Text', label: 'x' }] }, /id/],
    [
      'duplicate input ids',
      {
        ...ok,
        body: [
          { type: 'Input.Text', id: 'a' },
          { type: 'Input.Date', id: 'a' },
        ],
      },
      /duplicate/,
    ],
    [
      'choice without value',
      { ...ok, body: [{ type: 'Input.ChoiceSet', id: 'c', choices: [{ title: 'A' }] }] },
      /title and a value/,
    ],
    [
      'too many refresh users',
      {
        ...ok,
        refresh: {
          action: { type: 'Action.Execute', verb: 'refresh' },
          userIds: Array.from({ length: 61 }, (_, i) => `29:${i}`),
        },
      },
      /at most 60/,
    ],
    [
      'refresh user not a 29: id',
      { ...ok, refresh: { action: { type: 'Action.Execute', verb: 'refresh' }, userIds: ['someone@example.org'] } },
      /29:/,
    ],
    ['typo in a property', { ...ok, body: [{ type: 'TextBlock', txet: 'x', text: 'y' }] }, /unknown property "txet"/],
    ['bad enum', { ...ok, body: [{ type: 'TextBlock', text: 'x', weight: 'Heavy' }] }, /weight/],
    [
      'verb the bot does not handle',
      { ...ok, actions: [{ type: 'Action.Execute', title: 'Go', verb: 'vote' }] },
      /not a verb/,
    ],
  ])('rejects %s', (_n, card, re) => expect(validateAdaptiveCard(card, { verbs: VERBS }).join('\n')).toMatch(re));
});
