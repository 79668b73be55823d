/**
 * A policy with `caseNames: link-page-only` keeps the family's names off email and chat: professionals
 * read them on their own personal page only (docs/disclosure.md, "Names"). Attacked after the
 * decision: the professionals' decision letter (email body and PDF), the copy to a manager, and the
 * notices after it, read as an eavesdropper on the mail would.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { decidedConference } from '../helpers/decision-flow.ts';
import { pdfText } from '../helpers/pdf-text.ts';
import { quietPolicyFile } from '../helpers/quiet-policy.ts';
import { hackneyInitialBody, startedServices } from '../helpers/service.ts';
import { cardText, startTeamsHarness, USERS } from '../helpers/teams-harness.ts';

const start = startedServices();
const removals: (() => void)[] = [];
afterAll(() => {
  for (const remove of removals.splice(0)) remove();
});

/** Hackney's rules, with names on the personal page only. */
function quietPolicy(): string {
  const { file, remove } = quietPolicyFile();
  removals.push(remove);
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
