/**
 * A policy with `caseNames: link-page-only` keeps the family's names off email and chat: professionals
 * read them on their own personal page only (docs/disclosure.md, "Names"). Attacked after the
 * decision: the professionals' decision letter (email body and PDF), the copy to a manager, and the
 * notices after it, read as an eavesdropper on the mail would.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decidedConference } from '../helpers/decision-flow.ts';
import { pdfText } from '../helpers/pdf-text.ts';
import { hackneyInitialBody, startedServices } from '../helpers/service.ts';
import { cardText, startTeamsHarness, USERS } from '../helpers/teams-harness.ts';

const start = startedServices();
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Hackney's rules, with names on the personal page only. */
function quietPolicy(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'cpc-policy-'));
  dirs.push(dir);
  const file = path.join(dir, 'quiet.yaml');
  writeFileSync(
    file,
    [
      'extends: hackney',
      'id: quietshire',
      'name: Quietshire',
      'authority: Quietshire Council (fictional)',
      'example: true',
      'basis: test policy',
      'caseNames: link-page-only',
      '',
    ].join('\n'),
  );
  return file;
}

const NAMES = /Ruby|Leo|Testfamily|Jade|Marcus/;
const PROFESSIONALS = ['chair@example.gov.uk', 'sw@example.gov.uk', 'hv@nhs.example.org', 'police@police.example.uk'];

describe('caseNames: link-page-only', () => {
  it('the professionals’ decision email and its PDF name no child', { timeout: 90_000 }, async () => {
    const s = await start({ POLICY_FILE: quietPolicy() });
    await decidedConference(s, { body: hackneyInitialBody({ policy: 'quietshire' }) });
    await s.idle();
    const decisions = s.smtp.messages.filter(
      (m) => PROFESSIONALS.some((p) => m.envelopeTo.includes(p)) && /decision/i.test(m.parsed.subject ?? ''),
    );
    expect(decisions.length).toBeGreaterThanOrEqual(PROFESSIONALS.length);
    for (const m of decisions) {
      const what = `${m.parsed.subject} to ${m.envelopeTo.join(',')}`;
      expect(m.parsed.text ?? '', what).not.toMatch(NAMES);
      expect(m.parsed.html || '', what).not.toMatch(NAMES);
      for (const a of m.parsed.attachments)
        if (a.contentType === 'application/pdf') expect(pdfText(a.content), what).not.toMatch(NAMES);
    }
    // Every email to a professional after the decision keeps to numbers.
    for (const m of s.smtp.messages.filter((x) => PROFESSIONALS.some((p) => x.envelopeTo.includes(p))))
      expect(m.parsed.text ?? '', `${m.parsed.subject} to ${m.envelopeTo.join(',')}`).not.toMatch(NAMES);
  });

  it('the Teams view card and the chair’s round card name no child', { timeout: 90_000 }, async () => {
    const h = await startTeamsHarness({ POLICY_FILE: quietPolicy() }, { policy: 'quietshire' });
    try {
      await h.settle();
      await h.s.advanceTo('2027-01-04T10:00');
      const base = `/api/conferences/${h.conferenceId}`;
      expect((await h.s.api('POST', `${base}/start`, {})).status).toBeLessThan(300);
      const cards = [
        await h.act(USERS.sw, 'refresh', { conferenceId: h.conferenceId, card: 'view', childId: 'c1' }),
        await h.act(USERS.chair, 'refresh', { conferenceId: h.conferenceId, card: 'round' }),
      ];
      for (const card of cards) expect(cardText(card)).not.toMatch(NAMES);
      // Still numbered, so each card says which child it is about.
      expect(cardText(cards[0])).toContain('Child 1');
    } finally {
      await h.stop();
    }
  });
});
