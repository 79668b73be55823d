/**
 * Every audit action the code writes has words in src/content/audit-phrases.ts, so the record PDF and
 * the dashboard never fall back to the stored action code.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditLine } from '../../src/content/audit-lines.ts';
import { PHRASES } from '../../src/content/audit-phrases.ts';
import { REPORT_CHASE_STEPS } from '../../src/domain/steps.ts';

const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );

describe('the audit trail in words', () => {
  it('has words for every literal audit action in src/app', () => {
    const actions = new Set<string>();
    for (const f of files('src/app'))
      for (const line of readFileSync(f, 'utf8').split('\n'))
        if (/\baction\b/.test(line))
          for (const m of line.matchAll(/'((?:[a-z]+-)*[a-z]+\.[a-z][a-z0-9-]*)'/g)) actions.add(m[1]!);
    expect(actions.size).toBeGreaterThan(60);
    expect([...actions].filter((a) => !PHRASES[a])).toEqual([]);
  });

  it('names the actor and never shows an id', () => {
    const c = {
      attendees: [{ id: 'a1', name: 'Ann Chair', role: 'chair' as const, agency: 'Reviewing' }],
      children: [{ id: 'c1', firstName: 'Ruby' }],
    } as never;
    expect(
      auditLine(c, {
        at: '2027-03-28T00:30:00+00:00',
        actor: 'a1',
        action: 'minutes.approved',
        detail: { version: 2 },
      }),
    ).toEqual({
      at: '2027-03-28T00:30:00+00:00',
      when: 'Sun 28 Mar 2027 00:30',
      who: 'Ann Chair, Chair (Reviewing)',
      what: 'approved the minutes (version 2)',
    });
    expect(
      auditLine(c, {
        at: '2027-03-28T09:00:00+01:00',
        actor: 'a9',
        action: 'rsvp.recorded',
        detail: { rsvp: 'ACCEPTED' },
      }).who,
    ).toBe('Someone no longer on the attendee list');
    expect(auditLine(c, { at: '2027-03-28T09:00:00+01:00', actor: 'system', action: 'something.new-here' }).what).toBe(
      'something: new here',
    );
  });

  it('names every author a chasing step reached, for each step of chasing', () => {
    const c = {
      attendees: [
        { id: 'a2', name: 'Sam Social', role: 'social-worker' as const },
        { id: 'a3', name: 'Hana Health', role: 'professional' as const, agency: 'Health visiting' },
      ],
      children: [],
    } as never;
    for (const step of REPORT_CHASE_STEPS) {
      const line = auditLine(c, {
        at: '2026-12-22T09:00:00+00:00',
        actor: 'system',
        action: `report.${step}`,
        detail: { attendeeIds: ['a2', 'a3'] },
      });
      expect(line.what, step).toMatch(/^(asked|sent|told|escalated) .*Sam Social, Social worker and Hana Health/);
    }
  });
});
