/**
 * Every voice kept apart, through the running service: both parents' own views and the child's own
 * view for the same child are separate records; a mother's letter quotes only her own words, never
 * the father's or the child's; a supporter (a solicitor), an interpreter or the minute taker cannot
 * give a view by any door (API, the chair's web page, the Teams card), and nothing changes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CONFIDENTIAL, NO_REPORTS_REASON, create, settle, type Created } from '../helpers/decision-flow.ts';
import { csrfOf, linkPath, PageClient } from '../helpers/pages.ts';
import { hackneyInitialBody, startedServices, type TestService } from '../helpers/service.ts';
import { cardText, startTeamsHarness, USERS, type TeamsHarness } from '../helpers/teams-harness.ts';
import { pdfText } from '../helpers/pdf-text.ts';
import { until } from '../helpers/wait.ts';

type Msg = TestService['smtp']['messages'][number];
const start = startedServices();
let harness: TeamsHarness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

const JADE = 'jade@family.example.com';
const MARCUS = 'marcus@family.example.com';
const INTERPRETER = 'interpreter@language.example.com';
const SOLICITOR = 'solicitor@law.example.com';
const MOTHER = 'MOTHER-WORDS I have done every course the social worker asked';
const FATHER = 'FATHER-WORDS I want the children to live with me';
const CHILD = 'CHILD-WORDS I am scared when dad shouts at mum';
const CHILD_SHARE = 'Ruby would like more time at her nan';
const LEGACY = 'LEGACY-ADVOCATE-WORDS dad hit me';
const text = (m: Msg) => (m.parsed.text ?? '').replace(/\s+/g, ' ');
const isDecision = (m: Msg) =>
  /^Decision of child protection conference|^The decision of your child protection meeting/.test(
    m.parsed.subject ?? '',
  );
const letterTo = (s: TestService, email: string) =>
  until(
    `the decision letter to ${email}`,
    () => s.smtp.messages.find((m) => m.envelopeTo.includes(email) && isDecision(m)),
    20_000,
  );

async function ok(s: TestService, method: string, path: string, body?: unknown): Promise<any> {
  const r = await s.api(method, path, body);
  expect(r.status, `${method} ${path}: ${JSON.stringify(r.body)}`).toBeLessThan(300);
  return r.body;
}

/** Hackney (every attendee gives a view): both parents by email, Jade with an interpreter and a solicitor, the child's advocate, a minute taker. */
function body() {
  const b = hackneyInitialBody() as { attendees: Record<string, unknown>[] } & Record<string, unknown>;
  b.attendees = [
    ...b.attendees.map((a) =>
      a.name === 'Marcus Testfamily' ? { name: 'Marcus Testfamily', role: 'parent', email: MARCUS } : a,
    ),
    { name: 'Ines Interpreter', email: INTERPRETER, role: 'interpreter', accompanies: 'a5' }, // a7
    { name: 'Sol Solicitor', email: SOLICITOR, role: 'supporter', agency: 'Solicitor', accompanies: 'a5' }, // a8
    { name: 'Ada Advocate', email: 'advocate@advocacy.example.org', role: 'advocate', agency: 'Advocacy service' }, // a9
    { name: 'Mina Minutes', email: 'minutes@example.gov.uk', role: 'minute-taker' }, // a10
  ];
  return b;
}

const proView = (who: string, childId: string, rationale: string) => ({
  attendeeEmail: who,
  childId,
  recommendation: childId === 'c1' ? 'child-protection-plan' : 'child-in-need',
  categories: childId === 'c1' ? ['neglect'] : [],
  rationale,
});

describe('every voice is its own record', () => {
  it(
    'keeps both parents’ views and the child’s view apart, and each letter quotes only its reader’s own words',
    { timeout: 90_000 },
    async () => {
      const s = await start();
      const c: Created = await create(s, body());
      await settle(s);
      await s.advanceTo('2027-01-04T10:00');
      const base = `/api/conferences/${c.id}`;
      await ok(s, 'POST', `${base}/start`, {});
      // The police officer sent apologies and a written view.
      const present = c.attendees.filter((a) => a.role !== 'police').map((a) => a.id);
      await ok(s, 'POST', `${base}/attendance`, { present, apologies: ['a4'] });
      for (const childId of ['c1', 'c2']) {
        await ok(
          s,
          'POST',
          `${base}/views`,
          proView('sw@example.gov.uk', childId, 'Home conditions have not improved'),
        );
        await ok(s, 'POST', `${base}/views`, proView('hv@nhs.example.org', childId, 'Missed appointments'));
        await ok(
          s,
          'POST',
          `${base}/views`,
          proView('police@police.example.uk', childId, 'POLICE-WRITTEN callouts to the address'),
        );
      }
      await ok(s, 'POST', `${base}/views`, {
        attendeeId: 'a5',
        childId: 'c1',
        recommendation: 'child-in-need',
        rationale: MOTHER,
      });
      await ok(s, 'POST', `${base}/views`, {
        attendeeId: 'a6',
        childId: 'c1',
        recommendation: 'child-in-need',
        rationale: FATHER,
      });
      await ok(s, 'POST', `${base}/views`, {
        attendeeId: 'a9',
        childsView: true,
        childId: 'c1',
        rationale: CHILD,
        mayShare: CHILD_SHARE,
      });
      // An older record: before this change an advocate's view was stored as their own.
      await s.rt.deps.store.update(c.id, (x) => ({
        ...x,
        views: [
          ...x.views,
          { childId: 'c2', attendeeId: 'a9', recordedBy: 'a1', categories: [], rationale: LEGACY, at: x.views[0]!.at },
        ],
      }));

      const views = (await ok(s, 'GET', `${base}/views`)).views.filter((v: any) => v.childId === 'c1');
      expect(views.map((v: any) => v.rationale)).toEqual(expect.arrayContaining([MOTHER, FATHER, CHILD]));
      expect(views.find((v: any) => v.rationale === CHILD)).toMatchObject({
        attendeeId: 'a9',
        childsVoice: { via: 'advocate' },
        mayShare: CHILD_SHARE,
      });
      expect(views.find((v: any) => v.rationale === MOTHER)).toMatchObject({ attendeeId: 'a5' });
      expect(views.find((v: any) => v.rationale === FATHER)).toMatchObject({ attendeeId: 'a6' });

      await ok(s, 'POST', `${base}/decision`, {
        outcomes: [
          {
            childId: 'c1',
            outcome: 'child-protection-plan',
            categories: ['neglect'],
            rationale: 'Neglect of health needs',
          },
          { childId: 'c2', outcome: 'child-in-need', categories: [], rationale: 'Needs met with support' },
        ],
        confidentialNotes: CONFIDENTIAL,
        withoutReportsReason: NO_REPORTS_REASON,
        // Without the police officer only one other agency was there.
        inquorateReason: 'The police sent a written contribution; delay would leave the children unprotected',
      });
      await ok(s, 'POST', `${base}/decision/approve`, {});
      await settle(s);

      const mother = text(await letterTo(s, JADE));
      expect(mother).toContain(`What you told the meeting: ${MOTHER}`);
      expect(mother).toContain(`What Ruby wanted the meeting to know: ${CHILD_SHARE}`);
      for (const never of [FATHER, CHILD, LEGACY, CONFIDENTIAL, 'POLICE-WRITTEN'])
        expect(mother, never).not.toContain(never);
      const father = text(await letterTo(s, MARCUS));
      expect(father).toContain(`What you told the meeting: ${FATHER}`);
      for (const never of [MOTHER, CHILD, LEGACY]) expect(father, never).not.toContain(never);
      // Jade's interpreter and solicitor get her letter, nothing more; her words are hers, not theirs.
      expect(text(await letterTo(s, INTERPRETER))).toBe(
        mother.replace('What you told the meeting', 'What the parent you interpret for told the meeting'),
      );
      expect(text(await letterTo(s, SOLICITOR))).toBe(
        mother.replace('What you told the meeting', 'What the parent you come with told the meeting'),
      );

      const pro = text(await letterTo(s, 'hv@nhs.example.org'));
      expect(pro).toContain(`The child's own view, through the advocate: no recommendation. ${CHILD}`);
      expect(pro).toContain(LEGACY);
      expect(pro).toContain(
        'POLICE-WRITTEN callouts to the address (written contribution: sent apologies, not at the meeting)',
      );
      // Every message and letter PDF sent: the child's words and the confidential notes reach only people at the conference in a professional capacity.
      const professionals = new Set([
        'chair@example.gov.uk',
        'sw@example.gov.uk',
        'hv@nhs.example.org',
        'police@police.example.uk',
        'minutes@example.gov.uk',
      ]);
      for (const m of s.smtp.messages) {
        const all = [
          m.parsed.text ?? '',
          m.parsed.html || '',
          ...m.parsed.attachments.filter((a) => a.contentType === 'application/pdf').map((a) => pdfText(a.content)),
        ]
          .join(' ')
          .replace(/\s+/g, ' ');
        for (const secret of [CHILD, CONFIDENTIAL, FATHER])
          if (all.includes(secret))
            expect(
              m.envelopeTo.filter((t) => !professionals.has(t) && !(secret === FATHER && t === MARCUS)),
              `${secret} to ${m.envelopeTo.join(',')}`,
            ).toEqual([]);
      }
      // Dissent goes to the parents (family route), never the child's view.
      const decided = (await ok(s, 'GET', base)).decision;
      expect(
        decided.dissent
          .filter((d: any) => d.childId === 'c1')
          .map((d: any) => d.attendeeId)
          .sort(),
      ).toEqual(['a5', 'a6']);
    },
  );
});

describe('who may not give a view', () => {
  it(
    'refuses a supporter (a solicitor), an interpreter and the minute taker through the API, naming the role, and changes nothing',
    { timeout: 60_000 },
    async () => {
      const s = await start();
      const c: Created = await create(s, body());
      await settle(s);
      await s.advanceTo('2027-01-04T10:00');
      const base = `/api/conferences/${c.id}`;
      await ok(s, 'POST', `${base}/start`, {});
      const before = (await ok(s, 'GET', base)).views;
      for (const [email, role] of [
        [SOLICITOR, 'a supporter'],
        [INTERPRETER, 'an interpreter'],
        ['minutes@example.gov.uk', 'a minute taker'],
      ] as const) {
        const r = await s.api('POST', `${base}/views`, {
          attendeeEmail: email,
          childId: 'c1',
          recommendation: 'child-in-need',
          rationale: 'I think',
        });
        expect(r.status, email).toBe(400);
        expect(r.body.issues).toHaveLength(1);
        expect(r.body.issues[0].field).toBe('attendeeEmail');
        expect(r.body.issues[0].message).toContain(`${role} (`);
        expect(r.body.issues[0].message).toContain('does not give a view');
      }
      const r = await s.api('POST', `${base}/views`, {
        attendeeId: 'a7',
        childsView: true,
        childId: 'c1',
        rationale: 'what the child said',
      });
      expect(r.status).toBe(400);
      expect((await ok(s, 'GET', base)).views).toEqual(before);

      // The chair's web page: a forged choice of the solicitor is refused the same way.
      const chairPage = await linkPath(s, c.id, 'a1', 'chair');
      const client = new PageClient(s.url);
      const page = await client.get(chairPage);
      expect(page.status).toBe(200);
      const whose = /<select[^>]*id="o-who"[\s\S]*?<\/select>/.exec(page.text)?.[0] ?? '';
      expect(whose).toContain('value="a5"');
      expect(whose).toContain('value="child:a9"');
      for (const never of ['a7', 'a8', 'a10', 'a1']) expect(whose).not.toContain(`value="${never}"`); // never offered
      const res = await client.post(chairPage, {
        _csrf: csrfOf(page.text),
        action: 'record-view',
        who: 'a8',
        childId: 'c1',
        recommendation: 'child-in-need',
        rationale: 'The solicitor thinks',
      });
      const shown = res.location ? (await client.get(res.location)).text : res.text;
      expect(shown).toContain('does not give a view');
      expect((await ok(s, 'GET', base)).views).toEqual(before);
    },
  );

  it('refuses them on the chair’s Teams card too', { timeout: 60_000 }, async () => {
    const h = (harness = await startTeamsHarness());
    await h.settle();
    for (const attendee of [
      { name: 'Sol Solicitor', email: SOLICITOR, role: 'supporter', agency: 'Solicitor', accompanies: 'a5' },
      { name: 'Mina Minutes', email: 'minutes@example.gov.uk', role: 'minute-taker' },
    ])
      await ok(h.s, 'POST', `/api/conferences/${h.conferenceId}/attendees`, { attendee, requestedBy: 'coordinator' });
    const c0 = await h.conference();
    await h.s.advanceTo(c0.timetable.professionalsJoinAt);
    await h.act(USERS.chair, 'open-views', { conferenceId: h.conferenceId });
    const before = (await h.conference()).views;
    const ids = (await h.conference()).attendees
      .filter((a) => a.role === 'supporter' || a.role === 'minute-taker')
      .map((a) => a.id);
    for (const who of ids) {
      const card = await h.act(USERS.chair, 'record-view-for', {
        conferenceId: h.conferenceId,
        who,
        childId: 'c1',
        recommendation: 'child-in-need',
        rationale: 'x',
      });
      expect(cardText(card)).toContain('does not give a view');
    }
    expect((await h.conference()).views).toEqual(before);
    // The child's own view, taken by the chair on the card: its own record, with what may be shared.
    const card = await h.act(USERS.chair, 'record-view-for', {
      conferenceId: h.conferenceId,
      who: 'child',
      childId: 'c1',
      rationale: CHILD,
      mayShare: CHILD_SHARE,
    });
    expect(cardText(card)).toContain("The child's own view");
    const added = (await h.conference()).views.filter(
      (v) => !before.some((b) => b.at === v.at && b.rationale === v.rationale),
    );
    expect(added).toEqual([
      expect.objectContaining({
        childId: 'c1',
        childsVoice: { via: 'chair' },
        rationale: CHILD,
        mayShare: CHILD_SHARE,
        recordedBy: 'a1',
      }),
    ]);
    expect(added[0]!.attendeeId).toBeUndefined();
    // Opened on the chair's card: audited as the chair (a1), not the coordinator.
    const audit = await h.s.rt.deps.store.readAudit(h.conferenceId);
    expect(audit.find((e) => e.action === 'views.opened')).toMatchObject({ actor: 'a1' });
  });
});

describe('the audit says who really acted', () => {
  it(
    'records actions through the coordinator key as the coordinator (with requestedBy) and on the chair’s link as the chair',
    { timeout: 60_000 },
    async () => {
      const s = await start();
      const c: Created = await create(s, hackneyInitialBody());
      await settle(s);
      await s.advanceTo('2027-01-04T10:00');
      const base = `/api/conferences/${c.id}`;
      await ok(s, 'POST', `${base}/start`, { by: 'a1' });
      await ok(s, 'POST', `${base}/views`, proView('sw@example.gov.uk', 'c1', 'Home conditions'));
      await ok(s, 'POST', `${base}/views`, proView('sw@example.gov.uk', 'c2', 'Home conditions'));
      await ok(s, 'POST', `${base}/decision`, {
        outcomes: [
          { childId: 'c1', outcome: 'child-protection-plan', categories: ['neglect'], rationale: 'Neglect' },
          { childId: 'c2', outcome: 'child-in-need', categories: [], rationale: 'Support' },
        ],
        decidedBy: 'a1',
        withoutReportsReason: NO_REPORTS_REASON,
        inquorateReason: 'No attendance register for this test',
      });
      // The chair approves on their own page.
      const chairPage = await linkPath(s, c.id, 'a1', 'chair');
      const client = new PageClient(s.url);
      const page = await client.get(chairPage);
      const res = await client.post(chairPage, { _csrf: csrfOf(page.text), action: 'approve' });
      expect(res.status).toBe(303);

      const v = await ok(s, 'GET', base);
      const entry = (action: string) => v.audit.find((e: any) => e.action === action);
      expect(entry('meeting.started')).toMatchObject({ actor: 'coordinator', detail: { requestedBy: 'a1' } });
      expect(entry('view.recorded')).toMatchObject({ actor: 'coordinator' });
      expect(entry('decision.recorded')).toMatchObject({ actor: 'coordinator', detail: { requestedBy: 'a1' } });
      expect(v.decision.decidedBy).toBe('coordinator');
      expect(entry('decision.approved').actor).toBe('a1');
      expect(entry('decision.approved').detail?.requestedBy).toBeUndefined();
      expect(v.decision.approvedBy).toBe('a1');
    },
  );
});
