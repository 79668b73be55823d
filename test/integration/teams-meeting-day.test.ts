/**
 * The day of the conference through Teams: the chair's checklist at the parents' slot, "join now"
 * at the professionals' time (Teams or email), attendance with a quorum warning, then the full round
 * of views for two children — several people, a changed view, views entered by the chair for a
 * phone attendee and for the family, malformed and unauthorised submits, close, a decision per
 * child (with dissent told its escalation route) and approval. All cards go one-to-one.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  cardText,
  expectCardsClean,
  MEETING_CHAT,
  startTeamsHarness,
  titleOf,
  USERS,
  type TeamsHarness,
} from '../helpers/teams-harness.ts';
import { meetingEventActivity, postActivity, TENANT } from '../helpers/teams-activities.ts';

const FAMILY = ['Ruby', 'Leo', 'Testfamily', 'Jade', 'Marcus'];
let harness: TeamsHarness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

describe("Teams on the day: parents' slot, join now, views and decision", () => {
  it('runs the checklist, join-now, attendance, a two-child round of views and the decision', async () => {
    const h = (harness = await startTeamsHarness());
    await h.settle();
    const c0 = await h.conference();
    const id = (role: string) => c0.attendees.find((a) => a.role === role)!.id;
    const [chair, sw, hv, police] = [id('chair'), id('social-worker'), id('professional'), id('police')];
    const ref = h.reference;
    const data = (extra: Record<string, unknown> = {}) => ({ conferenceId: h.conferenceId, ...extra });

    // Parents' slot: the chair (seen only in the meeting chat) gets the checklist in a new one-to-one chat.
    await h.s.advanceTo(c0.timetable.parentsJoinAt!);
    expect(h.fc.created.map((x) => x.members)).toContainEqual([USERS.chair.id]);
    expect(h.titles(USERS.chair)).toContain(`${ref}: parents' slot checklist`);
    expect((await h.conference()).state).toBe('pre-meeting');
    let card = await h.act(USERS.chair, 'checklist-tick', data({ item: 'explained-how-it-runs' }));
    expect(cardText(card)).toMatch(/✓ Done/);
    card = await h.act(
      USERS.chair,
      'exclusion',
      data({
        attendeeId: 'a6',
        part: 'police information',
        ground: c0.policyId && (await h.s.rt.deps.policies.get(c0.policyId)).exclusionGrounds[0],
      }),
    );
    expect(cardText(card)).toContain('Parent or carer 2 (a6)');
    expect(cardText(await h.act(USERS.chair, 'checklist-tick', data({ item: 'not-an-item' })))).toMatch(
      /Please check your answers/,
    );
    expect(cardText(await h.act(USERS.sw, 'checklist-tick', data({ item: 'childs-views' })))).toMatch(/Only the chair/);
    let c = await h.conference();
    expect(Object.keys(c.checklist ?? {})).toEqual(['explained-how-it-runs']);
    expect(c.exclusions).toHaveLength(1);

    // Professionals' join time: Teams for those with the app, email (link, dial-in, PIN) for the police officer.
    await h.s.advanceTo(c0.timetable.professionalsJoinAt);
    for (const u of [USERS.sw, USERS.hv]) expect(h.titles(u)).toContain(`${ref}: please join now`);
    const join = h.cardsFor(USERS.sw).find((x) => titleOf(x).endsWith('please join now'));
    const meeting = (await h.conference()).meeting!;
    expect(cardText(join)).toContain(meeting.dialIn[0]!.pin);
    const policeJoin = h.s.smtp.messages.find(
      (m) => m.envelopeTo.includes('police@police.example.uk') && m.parsed.subject === `${ref}: please join now`,
    );
    expect(policeJoin?.parsed.text).toContain(meeting.dialIn[0]!.pin);
    const briefing = h.cardsFor(USERS.chair).find((x) => titleOf(x).endsWith('professionals are joining'));
    expect(cardText(briefing)).toContain('Hana Health'); // whose report is missing (a professional, by name, to the chair only)
    // The notification Teams shows for each card says what the email's subject says.
    const summaries = h.fc.posted.map((p) => String(p.activity.summary ?? ''));
    for (const s of [`${ref}: parents' slot checklist`, `${ref}: please join now`, `${ref}: professionals are joining`])
      expect(summaries).toContain(s);

    // Attendance: not quorate (no police, one agency) → warning.
    card = await h.act(USERS.chair, 'attendance', data({ present: `${chair},${sw},a5`, apologies: police }));
    expect(cardText(card)).toMatch(/not quorate/);

    // Open the round: each person who gives a view gets one card per child, one-to-one.
    card = await h.act(USERS.chair, 'open-views', data());
    expect(titleOf(card)).toBe(`${ref}: round of views`);
    for (const u of [USERS.sw, USERS.hv])
      expect(h.titles(u).filter((t) => t.includes('your view for'))).toEqual([
        `${ref}: your view for Child 1 (c1)`,
        `${ref}: your view for Child 2 (c2)`,
      ]);
    expect(cardText(h.cardsFor(USERS.sw).find((x) => titleOf(x).endsWith('Child 1 (c1)')))).toContain('Ruby'); // first name in the body only

    const view = (u: typeof USERS.sw, childId: string, v: Record<string, unknown>) =>
      h.act(u, 'view', data({ childId, ...v }));
    await view(USERS.sw, 'c1', {
      recommendation: 'child-protection-plan',
      categories: 'neglect,emotional',
      rationale: 'Chronic neglect',
      scale: '2',
    });
    await view(USERS.sw, 'c2', {
      recommendation: 'child-in-need',
      rationale: 'Younger child less affected',
      scale: '6',
    });
    await view(USERS.hv, 'c1', { recommendation: 'no-further-action', rationale: 'Improving' });
    card = await view(USERS.hv, 'c1', {
      recommendation: 'child-protection-plan',
      categories: 'neglect',
      rationale: 'On reflection, a plan',
      scale: '3',
    }); // changed
    expect(cardText(card)).toContain('Save my changed view');
    await view(USERS.hv, 'c2', {
      recommendation: 'no-further-action',
      rationale: 'No concerns for the baby',
      scale: '8',
    });

    // Malformed and unauthorised: error cards, nothing recorded.
    const before = (await h.conference()).views;
    for (const [u, v, re] of [
      [USERS.sw, { recommendation: 'child-protection-plan', rationale: 'x' }, /give at least one category/],
      [
        USERS.sw,
        { recommendation: 'child-in-need', categories: 'neglect', rationale: 'x' },
        /only with a child protection plan/,
      ],
      [USERS.sw, { recommendation: 'child-in-need', rationale: 'x', scale: 'eleven' }, /scale/],
      // Out of range: said in words, not the parser's ("Too big: expected number to be <=10").
      [USERS.sw, { recommendation: 'child-in-need', rationale: 'x', scale: '12' }, /give a whole number from 0 to 10/],
      [USERS.sw, { recommendation: 'a-vote', rationale: 'x' }, /recommendation/],
      [USERS.outsider, { recommendation: 'child-in-need', rationale: 'x' }, /not an invited attendee/],
    ] as const)
      expect(cardText(await view(u, 'c2', v)), JSON.stringify(v)).toMatch(re);
    expect(cardText(await view(USERS.sw, 'c9', { recommendation: 'child-in-need', rationale: 'x' }))).toMatch(
      /no child .{0,4}c9/,
    );
    expect((await h.conference()).views).toEqual(before);

    // The chair enters the police officer's view (on the phone) and the family's view as free text.
    await h.act(
      USERS.chair,
      'record-view-for',
      data({
        who: police,
        childId: 'c1',
        recommendation: 'child-in-need',
        rationale: 'Police: no offences',
        scale: '5',
      }),
    );
    card = await h.act(
      USERS.chair,
      'record-view-for',
      data({ who: 'family', childId: 'c1', rationale: 'We want help, not a plan' }),
    );
    expect(cardText(card)).toContain('The family (entered by the chair)');
    expect(cardText(card)).toMatch(/No view yet from: .*Parent or carer 1 \(a5\)/);

    c = await h.conference();
    const views = c.views
      .map((v) => `${v.attendeeId ?? 'family'}/${v.childId}/${v.recommendation ?? '-'}/${v.recordedBy}`)
      .sort();
    expect(views).toEqual(
      [
        `${hv}/c1/child-protection-plan/${hv}`,
        `${hv}/c2/no-further-action/${hv}`,
        `${police}/c1/child-in-need/${chair}`,
        `${sw}/c1/child-protection-plan/${sw}`,
        `${sw}/c2/child-in-need/${sw}`,
        `family/c1/-/${chair}`,
      ].sort(),
    );
    expect(c.views.find((v) => v.attendeeId === sw && v.childId === 'c1')!.categories).toEqual([
      'neglect',
      'emotional',
    ]);

    // Close: later changes are refused; the view card now says so.
    card = await h.act(USERS.chair, 'close-views', data());
    expect(cardText(card)).toContain('The round of views is closed');
    expect(
      cardText(await view(USERS.sw, 'c2', { recommendation: 'no-further-action', rationale: 'changed my mind' })),
    ).toMatch(/closed the round/);
    expect((await h.conference()).views.find((v) => v.attendeeId === sw && v.childId === 'c2')!.recommendation).toBe(
      'child-in-need',
    );
    expect(cardText(await h.act(USERS.sw, 'refresh', data({ card: 'view', childId: 'c1' })))).toContain(
      'Views can no longer be changed',
    );

    // Decide per child; the health visitor's differing view for child 2 is dissent, told its escalation route.
    expect(
      cardText(
        await h.act(
          USERS.chair,
          'decide',
          data({
            'outcome-c1': 'child-protection-plan',
            'rationale-c1': 'Neglect',
            'outcome-c2': 'child-in-need',
            'rationale-c2': 'Support',
          }),
        ),
      ),
    ).toMatch(/give at least one category/);
    expect((await h.conference()).state).toBe('in-session');
    card = await h.act(
      USERS.chair,
      'decide',
      data({
        'outcome-c1': 'child-protection-plan',
        'categories-c1': 'neglect',
        'rationale-c1': 'Neglect',
        'outcome-c2': 'child-in-need',
        'rationale-c2': 'Support',
        coreGroup: `${sw},${hv}`,
        withoutReportsReason: 'Reports were given orally',
        inquorateReason: 'The register is on paper',
      }),
    );
    c = await h.conference();
    expect(c.state).toBe('decided');
    expect(c.decision!.outcomes.map((o) => `${o.childId}:${o.outcome}`)).toEqual([
      'c1:child-protection-plan',
      'c2:child-in-need',
    ]);
    expect(c.decision!.dissent.map((d) => `${d.attendeeId}/${d.childId}`).sort()).toEqual(
      [`${hv}/c2`, `${police}/c1`].sort(),
    );
    expect(h.titles(USERS.hv)).toContain(`${ref}: your view differs from the decision`);
    expect(cardText(card)).toContain('Approve the decision');
    expect(cardText(await h.act(USERS.sw, 'approve', data()))).toMatch(/Only the chair/);
    card = await h.act(USERS.chair, 'approve', data());
    expect((await h.conference()).state).toBe('approved');
    expect(cardText(card)).toContain('The decision is approved');

    // Teams says the meeting ended, naming its join URL (decoded): the conference is found by its join-URL index.
    const joinUrl = decodeURIComponent(c.meeting!.joinUrl!);
    const conversation = { id: MEETING_CHAT, conversationType: 'groupChat', isGroup: true, tenantId: TENANT };
    expect(
      (
        await postActivity(
          h.s.url,
          meetingEventActivity(USERS.chair, h.fc.url, 'End', 'https://meet.example/not-ours', conversation),
        )
      ).status,
    ).toBe(200);
    expect(
      (await postActivity(h.s.url, meetingEventActivity(USERS.chair, h.fc.url, 'End', joinUrl, conversation))).status,
    ).toBe(200);
    expect(
      (await h.s.rt.deps.store.readAudit(h.conferenceId))
        .filter((e) => e.action === 'meeting.ended')
        .map((e) => e.actor),
    ).toEqual(['teams-meeting']);

    expectCardsClean(h, FAMILY);
  });
});

describe('the day without Teams: email is the fallback', () => {
  it("emails the chair the checklist at the parents' slot, professionals the link, dial-in and PIN, and the chair who replied", async () => {
    const { hackneyInitialBody, startTestService } = await import('../helpers/service.ts');
    const s = await startTestService();
    try {
      const created = await s.api('POST', '/api/conferences', hackneyInitialBody());
      expect(created.status).toBe(201);
      const { reference, timetable } = created.body;
      await s.advanceTo(timetable.parentsJoinAt);
      const subject = (to: string, sub: string) =>
        s.smtp.messages.find((m) => m.envelopeTo.includes(to) && m.parsed.subject === sub);
      const checklist = subject('chair@example.gov.uk', `${reference}: parents' slot checklist`);
      expect(checklist?.parsed.text).toContain('Explained to the parents how the conference runs');
      expect(checklist?.parsed.text).toContain('Checked that the parents have seen the reports');
      await s.advanceTo(timetable.professionalsJoinAt);
      const conf = (await s.api('GET', `/api/conferences/${created.body.id}`)).body;
      for (const to of ['sw@example.gov.uk', 'hv@nhs.example.org', 'police@police.example.uk']) {
        const join = subject(to, `${reference}: please join now`);
        expect(join?.parsed.text, to).toContain(conf.meeting.dialIn[0].pin);
        expect(join?.parsed.text, to).toContain(conf.meeting.dialIn[0].number);
      }
      expect(subject('jade@family.example.com', `${reference}: please join now`)).toBeUndefined(); // the family is already in
      const briefing = subject('chair@example.gov.uk', `${reference}: professionals are joining`);
      expect(briefing?.parsed.text).toMatch(/Replies to the invitation[\s\S]*Reports/);
      for (const name of FAMILY) {
        for (const m of s.smtp.messages) expect(m.parsed.subject ?? '').not.toContain(name);
      }
    } finally {
      await s.stop();
    }
  });
});
