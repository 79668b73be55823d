/**
 * Render once, send many (app/circulation/render-once.ts, storage/redis-render-cache.ts): a circulation draws
 * each distinct decision letter's PDF once and shares it, yet every recipient still gets exactly
 * the letter the disclosure table gives them. Through the running service (real Redis, real SMTP
 * sink): a Hampshire conference whose managers get their own copy and whose two parents differ
 * (one was asked to leave part of the meeting). Then the cache itself: a revision is never served
 * from an older entry, and Redis holds no names (keys, fields) and no readable content.
 */
import { describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { FIXTURE_FAMILY_NAMES } from '../helpers/fixtures.ts';
import { CONFIDENTIAL, FAMILY_VIEW, create, holdMeeting, settle, toldTheDecision } from '../helpers/decision-flow.ts';
import { hackneyInitialBody, startedServices, type TestService } from '../helpers/service.ts';
import { pdfText } from '../helpers/pdf-text.ts';
import { until } from '../helpers/wait.ts';
import { letterPdf, professionalDecisionLetter } from '../../src/app/circulation/circulation-letters.ts';
import { RedisRenderCache } from '../../src/storage/redis-render-cache.ts';
import { DataCipher } from '../../src/infra/data-cipher.ts';
import { redisUrl } from '../helpers/redis.ts';
import type { RenderCache } from '../../src/ports.ts';

type Msg = TestService['smtp']['messages'][number];
const start = startedServices();

const JADE = 'jade@family.example.com';
const MARCUS = 'marcus@family.example.com';
const PROFESSIONALS = ['chair@example.gov.uk', 'sw@example.gov.uk', 'hv@nhs.example.org', 'police@police.example.uk'];
const MANAGERS = ['sw.manager@example.gov.uk', 'hv.manager@nhs.example.org', 'police.manager@police.example.uk'];
const EXCLUDED_PART = 'police information about a third party';
const HAMPSHIRE_GROUND =
  'Exceptionally, where a family member being present would not be in the interests of the child or would put others at risk';
const subject = (m: Msg) => m.parsed.subject ?? '';
const isDecision = (m: Msg) =>
  /^Decision of child protection conference|^The decision of your child protection meeting/.test(subject(m));
const flat = (s: string) => s.replace(/\s+/g, ' ');
const letterTo = (s: TestService, email: string) =>
  until(
    `the decision letter to ${email}`,
    () => s.smtp.messages.find((m) => m.envelopeTo.includes(email) && isDecision(m)),
    30_000,
  );
const pdfOf = (m: Msg) => m.parsed.attachments.find((a) => a.contentType === 'application/pdf')!.content;

/** Counts the renders the cache asks for: a miss renders, a hit does not. */
function countRenders(s: TestService): { renders: number } {
  const counter = { renders: 0 };
  const inner: RenderCache = s.rt.deps.renders;
  s.rt.deps.renders = {
    getOrRender: (id, artefact, inputs, render) =>
      inner.getOrRender(id, artefact, inputs, () => {
        counter.renders++;
        return render();
      }),
    forget: (id) => inner.forget(id),
  };
  return counter;
}

describe('render once, send many', () => {
  it(
    'draws each distinct letter once, and still gives every recipient only their own version',
    { timeout: 120_000 },
    async () => {
      const s = await start();
      const base = hackneyInitialBody({ policy: 'hampshire', mode: 'in-person', venue: 'Civic Offices, Room 2' });
      const attendees = (base.attendees as Record<string, unknown>[]).map((a) =>
        a['name'] === 'Marcus Testfamily'
          ? { name: a['name'], email: MARCUS, role: 'parent', contactPreference: 'email' }
          : a,
      );
      const c = await create(s, { ...base, attendees });
      await settle(s);
      const jade = c.attendees.find((a) => a.email === JADE)!;
      // Jade was asked to leave part of the meeting; Marcus was not.
      await holdMeeting(s, c, {
        at: '2027-01-04T10:00',
        decideAt: '2027-01-04T11:45',
        exclude: { attendeeId: jade.id, part: EXCLUDED_PART, ground: HAMPSHIRE_GROUND },
      });
      const counter = countRenders(s);
      expect((await s.api('POST', `/api/conferences/${c.id}/decision/approve`, {})).status).toBe(200);
      await settle(s);
      // Jade left part of the meeting: her letter goes once the chair has told her.
      await toldTheDecision(s, c, jade.id);

      const pros = await Promise.all(PROFESSIONALS.map((p) => letterTo(s, p)));
      const managers = await Promise.all(MANAGERS.map((m) => letterTo(s, m)));
      const [jadeLetter, marcusLetter] = await Promise.all([letterTo(s, JADE), letterTo(s, MARCUS)]);
      await until(
        'the conference in follow-up',
        async () => (await s.api('GET', `/api/conferences/${c.id}`)).body.state === 'follow-up',
        30_000,
      );

      // Four distinct letters (professionals', managers', Jade's, Marcus's) for nine recipients: four renders.
      expect(counter.renders).toBe(4);
      // Everyone at the conference has the same PDF, with the confidential notes.
      const proPdf = pdfOf(pros[0]!);
      for (const m of pros) expect(pdfOf(m).equals(proPdf)).toBe(true);
      expect(flat(pdfText(proPdf))).toContain(CONFIDENTIAL);
      // Managers share theirs, which leaves the notes and what the excluded part was about out.
      const managerPdf = pdfOf(managers[0]!);
      for (const m of managers) expect(pdfOf(m).equals(managerPdf)).toBe(true);
      expect(managerPdf.equals(proPdf)).toBe(false);
      expect(flat(pdfText(managerPdf))).not.toContain(CONFIDENTIAL);
      expect(flat(pdfText(managerPdf))).not.toContain(EXCLUDED_PART);
      expect(flat(pdfText(proPdf))).toContain(EXCLUDED_PART);
      // The parents differ: Jade's letter withholds what was said while she was out; Marcus's quotes the family's view.
      const jadePdf = flat(pdfText(pdfOf(jadeLetter)));
      const marcusPdf = flat(pdfText(pdfOf(marcusLetter)));
      expect(pdfOf(jadeLetter).equals(pdfOf(marcusLetter))).toBe(false);
      expect(marcusPdf).toContain(FAMILY_VIEW);
      expect(jadePdf).not.toContain(FAMILY_VIEW);
      expect(jadePdf).toContain('You were asked to leave part of the meeting');
      expect(marcusPdf).not.toContain('asked to leave part of the meeting');
      // Each PDF says what its own email says.
      expect(flat(jadeLetter.parsed.text ?? '')).not.toContain(FAMILY_VIEW);
      expect(flat(marcusLetter.parsed.text ?? '')).toContain(FAMILY_VIEW);
      for (const m of [...pros, ...managers, jadeLetter, marcusLetter])
        expect(
          s.smtp.messages.filter((x) => isDecision(x) && x.envelopeTo.join() === m.envelopeTo.join()),
        ).toHaveLength(1);
      // The fan-out is over: nothing kept for it.
      expect((await s.redisKeys()).filter((k) => k.includes(':renders'))).toEqual([]);
    },
  );

  it(
    'never serves a revision from an older entry, and keeps no names or readable text in Redis',
    { timeout: 120_000 },
    async () => {
      const s = await start();
      const c0 = await create(s, hackneyInitialBody());
      await settle(s);
      await holdMeeting(s, c0, { at: '2027-01-04T10:00', decideAt: '2027-01-04T11:45' });
      const c = (await s.rt.deps.store.get(c0.id))!;
      const decided = { ...c, decision: { ...c.decision!, approvedAt: '2027-01-04T12:00:00.000Z' } };
      const policy = s.rt.deps.policies.get(c.policyId);
      const redis = new Redis(redisUrl());
      const cache = new RedisRenderCache(redis, `${s.prefix}rc`, new DataCipher(Buffer.alloc(32, 7)));
      let renders = 0;
      const deps = {
        renders: {
          getOrRender: (
            id: string,
            artefact: 'decision-pdf' | 'minutes-pdf',
            inputs: unknown,
            render: () => Promise<Buffer>,
          ) =>
            cache.getOrRender(id, artefact, inputs, () => {
              renders++;
              return render();
            }),
          forget: (id: string) => cache.forget(id),
        },
      };
      try {
        const letter = professionalDecisionLetter(decided, policy, s.rt.deps.calendar);
        // Ten jobs at once for the same letter: one render, the same bytes for all.
        const pdfs = await Promise.all(Array.from({ length: 10 }, () => letterPdf(deps, decided, policy, letter)));
        expect(renders).toBe(1);
        for (const p of pdfs) expect(p.equals(pdfs[0]!)).toBe(true);
        expect((await letterPdf(deps, decided, policy, letter)).equals(pdfs[0]!)).toBe(true);
        expect(renders).toBe(1);

        // The chair corrects the decision (a revision): a new render with the new words, never the old PDF.
        const corrected = {
          ...decided,
          decision: {
            ...decided.decision,
            outcomes: decided.decision.outcomes.map((o) => ({ ...o, rationale: `${o.rationale} REVISED-RATIONALE` })),
          },
        };
        const revised = await letterPdf(
          deps,
          corrected,
          policy,
          professionalDecisionLetter(corrected, policy, s.rt.deps.calendar),
        );
        expect(renders).toBe(2);
        expect(flat(pdfText(revised))).toContain('REVISED-RATIONALE');
        expect(flat(pdfText(pdfs[0]!))).not.toContain('REVISED-RATIONALE');
        // A manager's copy of the same decision is another entry, not the professionals'.
        const managerCopy = await letterPdf(
          deps,
          decided,
          policy,
          professionalDecisionLetter(decided, policy, s.rt.deps.calendar, 'manager'),
        );
        expect(renders).toBe(3);
        expect(flat(pdfText(managerCopy))).not.toContain(CONFIDENTIAL);
        expect(flat(pdfText(pdfs[0]!))).toContain(CONFIDENTIAL);

        // In Redis: one hash under the conference id, fields of artefact and fingerprint only, values encrypted.
        const keys = (await redis.keys(`${s.prefix}rc:*`)).sort();
        expect(keys).toEqual([`${s.prefix}rc:conf:${c.id}:renders`]);
        const fields = await redis.hkeys(keys[0]!);
        expect(fields).toHaveLength(3);
        for (const f of fields) expect(f).toMatch(/^decision-pdf:[A-Za-z0-9_-]{22}$/);
        const stored = await redis.hgetallBuffer(keys[0]!);
        for (const [field, value] of Object.entries(stored)) {
          for (const name of FIXTURE_FAMILY_NAMES) expect(`${keys[0]} ${field}`).not.toContain(name);
          // Encrypted (the binary envelope): no PDF, no words of the letter.
          expect(value.subarray(0, 3).toString('latin1')).toBe('b1:');
          expect(value.includes('%PDF')).toBe(false);
          expect(value.includes(CONFIDENTIAL)).toBe(false);
        }
        expect(await redis.pttl(keys[0]!)).toBeGreaterThan(0);
        // The fan-out is over: forget drops it all.
        await cache.forget(c.id);
        expect(await redis.exists(keys[0]!)).toBe(0);
      } finally {
        await redis.del(...(await redis.keys(`${s.prefix}rc:*`)), 'none');
        redis.disconnect();
      }
    },
  );
});
