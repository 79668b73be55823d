/**
 * The chair's held family letters in Teams, as Teams drives it (real Activity JSON posted to
 * /api/messages): both parents were asked to leave part of the meeting, so their decision letters
 * wait. The chair sees them on a card (by command, and from the approved round of views), records
 * that one was told (her letter goes, saying so) and sends the other's without the record, with the
 * reason (his letter goes, saying someone will contact him). Bad submits (no reason, a blank answer,
 * a letter not held, an attendee of another conference, someone who is not this conference's chair)
 * each get a card naming the problem and change nothing: no letter, no record, no audit entry.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { hackneyInitialBody } from '../helpers/service.ts';
import { holdMeeting, type Created } from '../helpers/decision-flow.ts';
import {
  cardText,
  expectCardsClean,
  startTeamsHarness,
  titleOf,
  USERS,
  type TeamsHarness,
} from '../helpers/teams-harness.ts';
import { until } from '../helpers/wait.ts';

const FAMILY = ['Ruby', 'Leo', 'Testfamily', 'Jade', 'Marcus', 'Gina'];
const JADE = 'jade@family.example.com';
const MARCUS = 'marcus@family.example.com';
const GINA = 'gina@family.example.com';
let harness: TeamsHarness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

/** The fixture's family, all by email: Marcus as well as Jade, and a grandmother caring for the children. */
function familyByEmail(): Record<string, unknown>[] {
  return [
    ...(hackneyInitialBody().attendees as Record<string, unknown>[]).map((a) =>
      a['name'] === 'Marcus Testfamily' ? { ...a, email: MARCUS, contactPreference: 'email' } : a,
    ),
    { name: 'Gina Testfamily', email: GINA, role: 'carer', contactPreference: 'email' },
  ];
}

describe('Teams: the chair and the letters held for the family', () => {
  it(
    'shows the held letters, records one parent told and releases the other with a reason; bad submits change nothing',
    { timeout: 120_000 },
    async () => {
      const h = (harness = await startTeamsHarness({}, { attendees: familyByEmail() }));
      await h.settle();
      const { s, reference: ref } = h;
      const c0 = await h.conference();
      const jade = c0.attendees.find((a) => a.email === JADE)!;
      const marcus = c0.attendees.find((a) => a.email === MARCUS)!;
      const gina = c0.attendees.find((a) => a.email === GINA)!;
      const ground = s.rt.deps.policies.get(c0.policyId).exclusionGrounds[0]!;
      const data = (extra: Record<string, unknown> = {}) => ({ conferenceId: h.conferenceId, ...extra });

      // Another conference, chaired by someone else who uses Teams, with more people (so more ids) than this one.
      const other = await s.api(
        'POST',
        '/api/conferences',
        hackneyInitialBody({
          startsAt: '2027-01-05T10:00',
          attendees: [
            ...(hackneyInitialBody().attendees as Record<string, unknown>[]).map((a) =>
              a['role'] === 'chair' ? { ...a, email: USERS.outsider.email, teamsUserId: USERS.outsider.id } : a,
            ),
            { name: 'Carla Carer', email: 'carla@family.example.com', role: 'carer' },
            { name: 'Cora Carer', email: 'cora@family.example.com', role: 'carer' },
          ],
        }),
      );
      expect(other.status, JSON.stringify(other.body)).toBe(201);
      const elsewhere = (other.body as Created).attendees
        .map((a) => a.id)
        .find((id) => !c0.attendees.some((a) => a.id === id))!;
      expect(elsewhere).toBeDefined();

      // The meeting (through the API): both parents are asked to leave while the police speak; the chair approves in Teams.
      await holdMeeting(s, c0 as unknown as Created, {
        at: c0.startsAt,
        exclude: [jade, marcus].map((p) => ({
          attendeeId: p.id,
          part: 'police information about a third party',
          ground,
        })),
      });
      expect(cardText(await h.act(USERS.chair, 'approve', data()))).toContain('The decision is approved');
      await h.settle();
      await until('both letters held', async () =>
        (await h.conference()).heldLetters?.length === 2 ? true : undefined,
      );
      const isDecision = (to: string) =>
        s.smtp.messages.filter(
          (m) =>
            m.envelopeTo.includes(to) && /^The decision of your child protection meeting/.test(m.parsed.subject ?? ''),
        );
      expect(isDecision(GINA)).toHaveLength(1); // at the whole meeting: her letter went
      expect(isDecision(JADE)).toHaveLength(0);
      expect(isDecision(MARCUS)).toHaveLength(0);

      // The chair asks for the held letters; the approved round of views offers the same card.
      await h.say(USERS.chair, `held letters ${ref}`);
      const listed = h.cardsFor(USERS.chair).at(-1);
      expect(titleOf(listed)).toBe(`${ref}: parents to tell the decision`);
      const shown = cardText(listed);
      expect(shown).toContain(`Parent or carer 1 (${jade.id}): asked to leave part of the meeting`);
      expect(shown).toContain(`Parent or carer 2 (${marcus.id}): asked to leave part of the meeting`);
      expect(shown).not.toContain(`(${gina.id})`);
      for (const name of FAMILY) expect(shown).not.toContain(name); // by role and id, as on every card
      expect(shown).toContain('Their letter is held until someone records telling them');
      for (const q of ['Who told them', 'How they gave their view of the decision', 'why it cannot wait (required)'])
        expect(shown).toContain(q);
      const round = await h.act(USERS.chair, 'refresh', data({ card: 'round' }));
      expect(cardText(round)).toContain('Parents to tell the decision');
      expect(cardText(await h.act(USERS.chair, 'refresh', data({ card: 'held-letters' })))).toBe(shown);

      // Bad submits: each names its problem; nothing is recorded, audited or sent.
      const before = async () => {
        const c = await h.conference();
        return JSON.stringify([c.heldLetters, c.version, (await s.rt.deps.store.readAudit(h.conferenceId)).length]);
      };
      const unchanged = await before();
      const release = (user: typeof USERS.chair, extra: Record<string, unknown>) =>
        h.act(user, 'release-letter', data(extra)).then(cardText);
      const told = (user: typeof USERS.chair, extra: Record<string, unknown>) =>
        h.act(user, 'told-in-person', data(extra)).then(cardText);
      const answers = (id: string) => ({
        attendeeId: id,
        [`explainedBy-${id}`]: 'chair',
        [`how-${id}`]: 'phone',
        [`view-${id}`]: 'told-them',
      });
      const bad: [string, () => Promise<string>, RegExp][] = [
        [
          'no reason',
          () => release(USERS.chair, { attendeeId: marcus.id }),
          /Say why the letter should go before anyone has told them/,
        ],
        [
          'a blank reason',
          () => release(USERS.chair, { attendeeId: marcus.id, [`reason-${marcus.id}`]: '   ' }),
          /"title":"reason".*Say why the letter should go/,
        ],
        [
          'no answer to how',
          () => told(USERS.chair, { ...answers(jade.id), [`how-${jade.id}`]: '' }),
          /"title":"how","value":"required: Choose how they were told/,
        ],
        [
          'an answer not on the card',
          () => told(USERS.chair, { ...answers(jade.id), [`view-${jade.id}`]: 'vote' }),
          /"title":"view","value":"Choose how they gave their view/,
        ],
        ['no parent named', () => release(USERS.chair, { reason: 'x' }), /"title":"attendeeId","value":"required"/],
        [
          'a parent not on any card',
          () => release(USERS.chair, { attendeeId: 'a5; a6', 'reason-a5; a6': 'x' }),
          /"title":"attendeeId","value":"not a parent or carer on this card/,
        ],
        [
          'a letter that is not held',
          () => release(USERS.chair, { attendeeId: gina.id, [`reason-${gina.id}`]: 'Cannot reach her' }),
          new RegExp(`The letter to ${gina.id} is not held`),
        ],
        [
          'an attendee of another conference',
          () => release(USERS.chair, { attendeeId: elsewhere, [`reason-${elsewhere}`]: 'Cannot reach them' }),
          new RegExp(`No parent or carer ${elsewhere} receives a letter in ${ref}`),
        ],
        [
          'a professional who is not the chair',
          () => release(USERS.sw, { attendeeId: marcus.id, [`reason-${marcus.id}`]: 'Cannot reach him' }),
          new RegExp(`Only the chair of ${ref} can do that`),
        ],
        [
          'the chair of another conference',
          () => told(USERS.outsider, answers(jade.id)),
          new RegExp(`You are not an invited attendee of ${ref}`),
        ],
        [
          'the list, by a professional',
          () => h.act(USERS.sw, 'refresh', data({ card: 'held-letters' })).then(cardText),
          /Only the chair/,
        ],
      ];
      for (const [what, reply, message] of bad) {
        const text = await reply();
        expect(text, what).toMatch(message);
        expect(text, what).toContain('Nothing was changed.');
      }
      await h.settle();
      expect(await before()).toBe(unchanged);
      expect(isDecision(JADE)).toHaveLength(0);
      expect(isDecision(MARCUS)).toHaveLength(0);

      // The hold time passes with nothing recorded: the letters are late and still held; the chair, who
      // works in Teams, is sent the card unasked (as well as the email), one-to-one, titled by reference only.
      const heldUntil = (await h.conference()).heldLetters![0]!.heldUntil;
      const cardsBefore = h.cardsFor(USERS.chair).length;
      await s.advanceTo(new Date(Date.parse(heldUntil) + 60_000).toISOString());
      const unasked = h.cardsFor(USERS.chair).slice(cardsBefore);
      expect(unasked.map(titleOf)).toEqual([
        `${ref}: parents to tell the decision`,
        `${ref}: parents to tell the decision`,
      ]);
      const late = cardText(unasked.at(-1));
      for (const p of [jade, marcus])
        expect(late).toContain(`Parent or carer ${p === jade ? 1 : 2} (${p.id}): asked to leave`);
      expect(late.match(/It has been late since/g)).toHaveLength(2);
      expect(h.fc.posted.map((x) => String(x.activity.summary ?? ''))).toContain(
        `${ref}: parents to tell the decision`,
      );
      expect(isDecision(JADE)).toHaveLength(0);
      expect(isDecision(MARCUS)).toHaveLength(0);

      // The chair phoned Jade: recorded from the card; her letter goes now and says so.
      let card = await h.act(USERS.chair, 'told-in-person', data(answers(jade.id)));
      expect(cardText(card)).toContain(
        'Recorded that the parent was told the decision. A held letter goes now, and says so.',
      );
      expect(cardText(card)).not.toContain(`(${jade.id})`);
      expect(cardText(card)).toContain(`Parent or carer 2 (${marcus.id})`);
      await h.settle();
      const jades = (await until('Jade’s letter', () => isDecision(JADE)[0])).parsed.text!.replace(/\s+/g, ' ');
      expect(jades).toContain(
        'the chair spoke to you on the phone to explain why you were asked to leave part of the meeting, and what was decided. You told them what you think about the decision, and it is part of the conference record.',
      );
      expect(jades).not.toContain('third party');
      expect(isDecision(MARCUS)).toHaveLength(0);

      // Marcus cannot be reached: the chair sends his letter without the record, saying why.
      card = await h.act(
        USERS.chair,
        'release-letter',
        data({ attendeeId: marcus.id, [`reason-${marcus.id}`]: 'No answer by phone or at the door' }),
      );
      const after = cardText(card);
      expect(after).toContain('The held letter goes now, without the record');
      expect(after).toContain('before anyone recorded telling them: No answer by phone or at the door');
      expect(after).toContain('Record that they were told'); // the record is still to make
      expect(after).not.toContain('"verb":"release-letter"');
      await h.settle();
      const marcuss = (await until('Marcus’s letter', () => isDecision(MARCUS)[0])).parsed.text!.replace(/\s+/g, ' ');
      expect(marcuss).toContain(
        'The chair or your social worker will contact you to explain why, and to hear what you think about the decision.',
      );
      expect(marcuss).not.toContain('spoke to you');
      // Released once: a second release is refused, and his letter does not go again.
      expect(await release(USERS.chair, { attendeeId: marcus.id, [`reason-${marcus.id}`]: 'Again' })).toMatch(
        new RegExp(`The letter to ${marcus.id} is no longer held`),
      );

      // The same audit entries as the chair's page: the chair's own id as the actor.
      const audit = await s.rt.deps.store.readAudit(h.conferenceId);
      expect(audit.filter((e) => e.action === 'decision.told-in-person')).toMatchObject([
        {
          actor: c0.attendees.find((a) => a.role === 'chair')!.id,
          detail: { attendeeId: jade.id, explainedBy: 'chair', how: 'phone' },
        },
      ]);
      expect(audit.filter((e) => e.action === 'decision.letter-released-unexplained')).toMatchObject([
        {
          actor: c0.attendees.find((a) => a.role === 'chair')!.id,
          detail: { attendeeId: marcus.id, why: 'No answer by phone or at the door' },
        },
      ]);
      await h.settle();
      expect(isDecision(JADE)).toHaveLength(1);
      expect(isDecision(MARCUS)).toHaveLength(1);
      expectCardsClean(h, FAMILY);
    },
  );
});
