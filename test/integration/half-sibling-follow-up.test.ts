/**
 * Half-siblings after the decision (found by a new-user trial: three children with different surnames,
 * each parent or carer linked to their own). Ruby (c1) gets a child protection plan, her half-brother
 * Leo (c2) a child in need plan; Marcus is Leo's parent only, and a supporter comes with him. Nothing
 * follows a plan for Leo: Marcus's letter (and his supporter's copy) promises no core group and no
 * review conference, and the review drafted for Ruby's plan does not invite them (the coordinator is
 * told why, by id and role), while Jade, Ruby's mother, is told of both and invited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { create, decidedConference, type Created } from '../helpers/decision-flow.ts';
import { hackneyInitialBody, startTestService, type TestService } from '../helpers/service.ts';
import { until } from '../helpers/wait.ts';

const JADE = 'jade@family.example.com';
const MARCUS = 'marcus@family.example.com';
const SUPPORTER = 'friend@marcus.example.com';
const COORDINATOR = 'coordinator@example.gov.uk';

let s: TestService;
let c: Created;
beforeAll(async () => {
  s = await startTestService();
  const body = hackneyInitialBody() as { attendees: Record<string, unknown>[] } & Record<string, unknown>;
  body.attendees = body.attendees.map((a) =>
    a.name === 'Jade Testfamily'
      ? { ...a, childIds: ['c1'] }
      : a.name === 'Marcus Testfamily'
        ? { name: 'Marcus Testfamily', role: 'parent', email: MARCUS, childIds: ['c2'] }
        : a,
  );
  const marcus = `a${body.attendees.findIndex((a) => a.name === 'Marcus Testfamily') + 1}`;
  body.attendees.push({ name: 'Sid Supporter', role: 'supporter', email: SUPPORTER, accompanies: marcus });
  c = await create(s, body);
  // Held on 4 January 2027: Ruby (c1) on a plan, Leo (c2) a child in need plan; approved. The chair
  // named both parents in the core group.
  const id = (email: string) => c.attendees.find((a) => a.email === email)!.id;
  const coreGroup = [id('sw@example.gov.uk'), id('hv@nhs.example.org'), id(JADE), id(MARCUS)];
  await decidedConference(s, {
    conference: c,
    meeting: { at: '2027-01-04T10:00', decideAt: '2027-01-04T11:45', decision: { coreGroup } },
  });
}, 120_000);
afterAll(async () => s.stop());

const text = (m: TestService['smtp']['messages'][number]) => (m.parsed.text ?? '').replace(/\s+/g, ' ');
const decisionLetter = (email: string) =>
  s.smtp.messages.find(
    (m) =>
      m.envelopeTo[0] === email &&
      (m.parsed.subject ?? '').startsWith('The decision of your child protection meeting') &&
      (m.parsed.subject ?? '').includes(c.reference),
  );

describe('a parent whose only child has a child in need plan, beside a half-sibling on a plan', () => {
  it('is told there is no core group and no review, and so is the supporter with them', async () => {
    for (const email of [MARCUS, SUPPORTER]) {
      const letter = text(await until(`the decision letter to ${email}`, () => decisionLetter(email)));
      expect(letter, email).toContain('The decision: Leo will have a child in need plan.');
      expect(letter, email).toContain('There will be no core group and no review conference.');
      expect(letter, email).not.toMatch(/core group (of workers )?(\(you and the main workers\) )?will meet/);
      expect(letter, email).not.toContain('(a review conference) by');
    }
    // Ruby's mother: her plan's core group and review, as before.
    const jade = text(await until('the decision letter to Jade', () => decisionLetter(JADE)));
    expect(jade).toContain('will meet by');
    expect(jade).toContain('(a review conference) by');
  });

  it('is not invited to the review drafted for the half-sibling’s plan; the coordinator is told why', async () => {
    const v = await until('the review draft', async () => {
      const x = (await s.api('GET', `/api/conferences/${c.id}`)).body;
      return x.reviewDraftId ? x : undefined;
    });
    const marcusId = c.attendees.find((a) => a.email === MARCUS)!.id;
    const supporterId = c.attendees.find((a) => a.email === SUPPORTER)!.id;
    const draft = (await s.api('GET', `/api/conferences/${v.reviewDraftId}`)).body;
    expect(draft.children.map((ch: { id: string }) => ch.id)).toEqual(['c1']);
    const ids = draft.attendees.map((a: { id: string }) => a.id);
    expect(ids).not.toContain(marcusId);
    expect(ids).not.toContain(supporterId);
    expect(ids).toContain(c.attendees.find((a) => a.email === JADE)!.id);

    const notice = await until('the coordinator notice', () =>
      s.smtp.messages.find(
        (m) => m.envelopeTo[0] === COORDINATOR && (m.parsed.subject ?? '').includes('review conference'),
      ),
    );
    expect(text(notice)).toContain('Check before confirming');
    expect(text(notice)).toContain(
      `${marcusId} (parent) is not invited to the review: none of their children has a child protection plan.`,
    );
    expect(text(notice)).toContain(
      `${supporterId} (supporter) is not invited to the review: they come with ${marcusId}`,
    );
    expect(`${notice.parsed.subject}\n${notice.parsed.text}`).not.toMatch(/Testfamily|Marcus|Leo/);

    // Confirmed: Jade is invited to the review, Marcus and his supporter are not.
    const confirmed = await s.api('POST', `/api/conferences/${draft.id}/confirm`, {});
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    await s.idle();
    const invited = (email: string) =>
      s.smtp.messages.some(
        (m) =>
          m.envelopeTo[0] === email &&
          new RegExp(`^<send-invites-a\\d+-v1\\.${draft.id}@`).test(m.parsed.messageId ?? ''),
      );
    await until('Jade’s invitation to the review', () => invited(JADE));
    expect(invited(MARCUS)).toBe(false);
    expect(invited(SUPPORTER)).toBe(false);
  });

  it('is not in the core group for the half-sibling’s plan: named, refused naming the field; by default, left out', async () => {
    const marcusId = c.attendees.find((a) => a.email === MARCUS)!.id;
    const swId = c.attendees.find((a) => a.role === 'social-worker')!.id;
    const booking = { startsAt: '2027-01-12T14:00', mode: 'virtual', chairAttendeeId: swId };
    const before = (await s.api('GET', `/api/conferences/${c.id}/core-groups`)).body;
    const named = await s.api('POST', `/api/conferences/${c.id}/core-groups`, {
      ...booking,
      members: [swId, marcusId],
    });
    expect(named.status, JSON.stringify(named.body)).toBe(400);
    expect(named.body.issues).toEqual([
      {
        field: 'members.1',
        message: `${marcusId} (parent) is linked only to children with no child protection plan (c2): the core group works on the plan for the others`,
      },
    ]);
    expect((await s.api('GET', `/api/conferences/${c.id}/core-groups`)).body).toEqual(before);

    // Booked with the chair's core group: Jade is in it, Marcus is not, and he is not invited.
    const booked = await s.api('POST', `/api/conferences/${c.id}/core-groups`, booking);
    expect(booked.status, JSON.stringify(booked.body)).toBeLessThan(300);
    expect(booked.body.coreGroup.members).toContain(c.attendees.find((a) => a.email === JADE)!.id);
    expect(booked.body.coreGroup.members).not.toContain(marcusId);
    await s.idle();
    const coreGroupMail = (email: string) =>
      s.smtp.messages.some(
        (m) =>
          m.envelopeTo[0] === email &&
          /^Core group meeting/.test(m.parsed.subject ?? '') &&
          (m.parsed.subject ?? '').includes(c.reference),
      );
    await until('Jade’s core group invitation', () => coreGroupMail(JADE));
    expect(coreGroupMail(MARCUS)).toBe(false);
  });
});
