/**
 * The chair's pre-meeting checklist knows the arrangements (issue #19.2/#19.6), through the running
 * service. Under every preset, with a mother who needs a Polish interpreter: the checklist has the
 * six built-in items, "the arrangements are in place", "the interpreter is here" and the policy's
 * own (Cumbria's from its parents' guide, bar its interpreter item, which the built-in one asks;
 * none elsewhere); the checklist page and the chair's Teams briefing warn the interpreter is not
 * confirmed yet, and once the coordinator confirms the booking the warning goes; the chair's note
 * with a tick is on the briefing. Without anyone needing an interpreter the item is not there, and
 * ticking it is refused naming the field, changing nothing. One service for the file.
 */
import { describe, expect, it } from 'vitest';
import { chairBriefingModel, checklistModel } from '../../src/app/chat/models.ts';
import { chairBriefingCard } from '../../src/content/cards/chair-briefing.ts';
import { checklistCard } from '../../src/content/cards/checklist.ts';
import type { Conference } from '../../src/domain/conference.ts';
import { create, settle } from '../helpers/decision-flow.ts';
import { oneService, PRESETS, presetConference } from '../helpers/every-preset.ts';
import { csrfOf, linksInMail, PageClient, purposeOf, snapshot } from '../helpers/pages.ts';
import { pdfText } from '../helpers/pdf-text.ts';
import { hackneyInitialBody, TEST_API_KEY } from '../helpers/service.ts';

const s = oneService();
const JADE = 'jade@family.example.com';
const plain = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&[a-z#0-9]+;/g, ' ')
    .replace(/\s+/g, ' ');

describe("the chair's pre-meeting checklist", () => {
  it(
    'has no interpreter item where nobody needs one: ticking it is refused naming the field, changing nothing',
    { timeout: 60_000 },
    async () => {
      const other = await create(s, hackneyInitialBody());
      await settle(s);
      const before = await snapshot(s, other.id);
      const bad = await s.api('POST', `/api/conferences/${other.id}/checklist`, { item: 'interpreter-present' });
      expect(bad.status).toBe(400);
      expect(bad.body.issues).toEqual([
        { field: 'item', message: "not on this conference's checklist (nobody needs an interpreter)" },
      ]);
      expect(await snapshot(s, other.id)).toEqual(before);
    },
  );

  it(
    'makes one task of a British Sign Language interpreter asked for twice (an interpreter and the bsl need)',
    { timeout: 60_000 },
    async () => {
      const b = hackneyInitialBody() as { attendees: Record<string, unknown>[] } & Record<string, unknown>;
      b.attendees = b.attendees.map((a) =>
        a['email'] === JADE ? { ...a, interpreterNeeded: true, accessibilityNeeds: ['bsl', 'step-free-access'] } : a,
      );
      const c = await create(s, b);
      await settle(s);
      const jade = c.attendees.find((a) => a.email === JADE)!;
      // The interpreter booking covers the BSL need; step-free access is still its own arrangement.
      const tasks = (await s.api('GET', `/api/conferences/${c.id}/tasks`)).body.tasks;
      expect(
        tasks.map((t: { kind: string; subject: string; detail: string }) => [t.kind, t.subject, t.detail]),
      ).toEqual([
        ['book-interpreter', jade.id, 'a British Sign Language interpreter'],
        ['arrange-accessibility', jade.id, 'step-free-access'],
      ]);
      // The coordinator's page: one row for the interpreter, none saying "Arrange a British Sign Language interpreter".
      const desk = new PageClient(s.url);
      const signIn = await desk.get('/dashboard/sign-in');
      await desk.post('/dashboard/sign-in', { key: TEST_API_KEY, _csrf: csrfOf(signIn.text) });
      const html = (await desk.get(`/dashboard/c/${c.id}`)).text;
      const table = /id="arrangements"[\s\S]*?<\/table>/.exec(html)![0];
      expect(table.match(/<tr><th scope="row">/g)).toHaveLength(2);
      expect(plain(table).match(/British Sign Language/g)).toHaveLength(1);
      expect(plain(table)).toContain('Book a British Sign Language interpreter');
      expect(plain(table)).toContain('Arrange step-free access to the building');
      // The chair's briefing lists it once.
      const stored = (await s.rt.deps.store.get(c.id)) as Conference;
      const briefing = JSON.stringify(
        chairBriefingCard(chairBriefingModel(stored, s.rt.deps.policies.get('hackney')), '29:x'),
      );
      expect(briefing.match(/British Sign Language/g)).toHaveLength(1);
      expect(briefing).toContain('a British Sign Language interpreter: NOT confirmed yet, check before you start');
      // Jade's invitation promises one interpreter, and lists only the need still to arrange.
      const invite = s.smtp.messages.find(
        (m) => m.envelopeTo.includes(JADE) && (m.parsed.subject ?? '').includes(c.reference),
      )!;
      const t = (invite.parsed.text ?? '').replace(/\s+/g, ' ');
      expect(t).toContain(
        'We are arranging a British Sign Language interpreter for you. We will tell you when it is booked.',
      );
      expect(t.match(/British Sign Language/g)).toHaveLength(1);
      expect(t).toContain('You told us you need: - step-free access to the building We are arranging these.');
    },
  );

  it(
    "has the policy's own items (Cumbria's parents' guide) and keeps the chair's note with each tick",
    { timeout: 60_000 },
    async () => {
      const cumbria = await create(s, hackneyInitialBody({ policy: 'cumbria' }));
      const hackney = await create(s, hackneyInitialBody());
      await settle(s);
      const CRITERIA = 'Explained the strict criteria a child must meet before a child protection plan is made';
      const SUPPORTER =
        "Checked that the child does not object to the parents' supporter hearing personal information (if the child objects, the child's wishes come first)";
      const INTERPRETER = 'Checked whether an interpreter is needed and, if so, that they are here';
      const paths = linksInMail(s, 'chair@example.gov.uk').filter((l) => purposeOf(l) === 'checklist');
      const client = new PageClient(s.url);
      const pages = await Promise.all(paths.map(async (p) => [p, (await client.get(p)).text] as const));
      const [cumbriaPath, cumbriaPage] = pages.find(([, t]) => t.includes(cumbria.reference))!;
      const hackneyPage = pages.find(([, t]) => t.includes(hackney.reference))![1];
      for (const label of [CRITERIA, SUPPORTER, INTERPRETER]) {
        expect(plain(cumbriaPage)).toContain(plain(label.replace(/'/g, ' ')));
        expect(plain(hackneyPage)).not.toContain(plain(label.replace(/'/g, ' ')));
      }

      // The chair ticks the criteria on the page with a note: the note is shown with the tick.
      const ticked = await client.post(cumbriaPath, {
        _csrf: csrfOf((await client.get(cumbriaPath)).text),
        item: 'criteria-for-a-plan',
        'note-criteria-for-a-plan': 'Went through them with the guide; the mother asked about the review',
      });
      expect(ticked.status, ticked.text.slice(0, 500)).toBe(303);
      const after = plain((await client.get(cumbriaPath)).text);
      expect(after).toContain(`Done ${plain(CRITERIA)}`);
      expect(after).toContain('Note: Went through them with the guide; the mother asked about the review');

      // The Teams card says the same, with a note box for the next tick.
      const stored = (await s.rt.deps.store.get(cumbria.id)) as Conference;
      const card = JSON.stringify(checklistCard(checklistModel(stored, s.rt.deps.policies.get('cumbria')), '29:x'));
      expect(card).toContain(`${CRITERIA} (`);
      expect(card).toContain('. Note: Went through them with the guide; the mother asked about the review');
      expect(card).toContain(`{"title":"${INTERPRETER}","value":"interpreter-there"}`);
      expect(card).toContain('"id":"note"');

      // And the record.
      const res = await fetch(`${s.url}/api/conferences/${cumbria.id}/export.pdf`, {
        headers: { authorization: `Bearer ${TEST_API_KEY}` },
      });
      expect(pdfText(Buffer.from(await res.arrayBuffer())).replace(/\s+/g, ' ')).toContain(
        'criteria-for-a-plan, ticked by a1. Note: Went through them with the guide; the mother asked about the review',
      );

      // Bad input names the field and changes nothing: a note too long; Cumbria's item on a Hackney conference.
      const before = await snapshot(s, cumbria.id);
      const long = await s.api('POST', `/api/conferences/${cumbria.id}/checklist`, {
        item: 'interpreter-there',
        note: 'x'.repeat(1001),
      });
      expect(long.status).toBe(400);
      expect(long.body.issues.map((i: { field: string }) => i.field)).toEqual(['note']);
      expect(await snapshot(s, cumbria.id)).toEqual(before);
      const elsewhere = await s.api('POST', `/api/conferences/${hackney.id}/checklist`, {
        item: 'criteria-for-a-plan',
      });
      expect(elsewhere.status).toBe(400);
      expect(elsewhere.body.issues).toEqual([
        { field: 'item', message: "not on this conference's checklist (not an item of the Hackney policy)" },
      ]);
    },
  );

  const CUMBRIA_ITEMS = [
    ['criteria-for-a-plan', 'Explained the strict criteria a child must meet before a child protection plan is made'],
    [
      'child-objects-to-supporter',
      "Checked that the child does not object to the parents' supporter hearing personal information (if the child objects, the child's wishes come first)",
    ],
    ['interpreter-there', 'Checked whether an interpreter is needed and, if so, that they are here'],
  ];
  const BUILT_IN = [
    ['explained-how-it-runs', 'Explained to the parents how the conference runs'],
    ['who-is-attending', 'Told the parents who is attending'],
    ['supporter-or-advocate', 'Checked whether they have a supporter or need an advocate'],
    ['exclusion-requests', 'Dealt with any requests to exclude someone from part of the meeting'],
    ['childs-views', 'Checked how the child’s views will be heard'],
    ['reports-seen-by-parents', 'Checked that the parents have seen the reports'],
  ];
  const ARRANGEMENTS = [
    ['arrangements-in-place', 'Checked the arrangements are in place (interpreter, accessibility, advocacy referral)'],
    ['interpreter-present', 'The interpreter is here and has been introduced'],
  ];
  it.each(PRESETS.map((preset) => ({ ...preset, own: preset.policy === 'cumbria' ? CUMBRIA_ITEMS : [] })))(
    "under $policy: the built-in items, the interpreter's and the policy's own, what is not confirmed, and the chair's note on the Teams briefing",
    { timeout: 60_000 },
    async ({ own, ...preset }) => {
      const { policy } = preset;
      // Jade needs a Polish interpreter.
      const b = presetConference(preset) as { attendees: Record<string, unknown>[] } & Record<string, unknown>;
      b.attendees = b.attendees.map((a) =>
        a['email'] === JADE ? { ...a, interpreterNeeded: true, language: 'Polish' } : a,
      );
      const c = await create(s, b);
      await settle(s);
      const p = s.rt.deps.policies.get(policy);
      const stored = async () => (await s.rt.deps.store.get(c.id)) as Conference;
      const items = checklistModel(await stored(), p).items;
      // Cumbria's "whether an interpreter is needed and there" is asked once, by the built-in item.
      const theirs = own.filter(([id]) => id !== 'interpreter-there');
      expect(items.map((i) => [i.id, i.label])).toEqual([...BUILT_IN, ...ARRANGEMENTS, ...theirs]);

      // The chair's checklist page (from their invitation) and briefing say the interpreter is not confirmed yet.
      // Their invitation, whichever of their emails (the translation notice goes out beside it) came first.
      const path = s.smtp.messages
        .filter((m) => m.envelopeTo.includes('chair@example.gov.uk') && (m.parsed.text ?? '').includes(c.reference))
        .flatMap((m) => [...(m.parsed.text ?? '').matchAll(/https?:\/\/\S+?(\/l\/[A-Za-z0-9_.-]+)/g)])
        .map((x) => x[1]!)
        .find((l) => purposeOf(l) === 'checklist')!;
      expect(path, "the chair's checklist link").toBeDefined();
      const client = new PageClient(s.url);
      let page = plain((await client.get(path)).text);
      for (const [, label] of ARRANGEMENTS) expect(page).toContain(label);
      expect(page).toContain('Not confirmed yet, check before you start: Book an interpreter who speaks Polish.');
      let briefing = JSON.stringify(chairBriefingCard(chairBriefingModel(await stored(), p), '29:x'));
      expect(briefing).toContain('an interpreter who speaks Polish: NOT confirmed yet, check before you start');
      // The coordinator confirms the booking: the warning goes from both.
      const tasks = (await s.api('GET', `/api/conferences/${c.id}/tasks`)).body.tasks as { id: string; kind: string }[];
      const booking = tasks.find((t) => t.kind === 'book-interpreter')!;
      expect((await s.api('POST', `/api/conferences/${c.id}/tasks/${booking.id}/done`, {})).status).toBe(200);
      page = plain((await client.get(path)).text);
      expect(page).toContain('The interpreter is here and has been introduced');
      expect(page).not.toContain('Book an interpreter who speaks Polish');
      briefing = JSON.stringify(chairBriefingCard(chairBriefingModel(await stored(), p), '29:x'));
      expect(briefing).toContain('an interpreter who speaks Polish: booked and confirmed');
      if (policy === 'cumbria') {
        // Its own interpreter item is not on this conference's list: a tick of it is refused, naming why.
        const dup = await s.api('POST', `/api/conferences/${c.id}/checklist`, { item: 'interpreter-there' });
        expect(dup.status).toBe(400);
        expect(dup.body.issues).toEqual([
          {
            field: 'item',
            message: "not on this conference's checklist (the item interpreter-present asks the same here)",
          },
        ]);
      }
      // The chair ticks the last item with a note: the briefing (at the professionals' join time) shows both.
      const last = items.at(-1)!;
      const note = `Covered with both parents under ${policy}`;
      const r = await s.api('POST', `/api/conferences/${c.id}/checklist`, { item: last.id, note });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      briefing = JSON.stringify(chairBriefingCard(chairBriefingModel(await stored(), p), '29:x'));
      expect(briefing).toContain("Parents' slot checklist:");
      expect(briefing).toMatch(
        new RegExp(`"title":"✓ Done","value":"${last.label.replace(/[()?]/g, '.')} \\([^)]+\\)\\. Note: ${note}"`),
      );
      for (const [, label] of [...BUILT_IN, ...ARRANGEMENTS, ...theirs].slice(0, -1))
        expect(briefing).toContain(`"title":"○ To do","value":"${label}"`);
    },
  );
});
