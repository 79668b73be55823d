/**
 * The disclosure table, row by row: each artefact's expected access for every role, written out
 * here by hand (R receive, O open, - none), so a change to the table shows up as a changed row.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Attendee } from '../../src/domain/conference-parts.ts';
import type { Conference } from '../../src/domain/conference.ts';
import { ARTEFACTS, DISCLOSURE_ROLES, type Artefact } from '../../src/domain/disclosure-artefacts.ts';
import {
  access,
  accessFor,
  childrenFor,
  disclosureMarkdown,
  disclosureRole,
  reportSharingTargets,
  type Access,
} from '../../src/domain/disclosure.ts';
import { getPreset } from '../../src/domain/policy/presets/index.ts';

const hackney = getPreset('hackney');
const hampshire = getPreset('hampshire');
const cumbria = getPreset('cumbria');

//            chair sw  pro pol min mgr par car chi adv sup sol int
const ROWS: Record<Artefact, string> = {
  report: 'R O O O - - - - - - - - -',
  'report-shared': 'O O O O - - O O - - - - -',
  'report-bundle': 'R O O O - - - - - - - - -',
  'own-view': '- O O O - - O O - - - - -',
  'professional-view': 'R R R R R m R R - - - - -',
  'parent-view': 'R R R R R m - - - - - - -',
  'family-view': 'R R R R R m R R - - - - -',
  'child-view': 'R R R R R - - - - - - - -',
  'child-view-shared': 'R R R R R m R R - - - - -',
  'decision-professional': 'R R R R R m - - - - - - -',
  'decision-family': 'O O O O O - R R - - - - -',
  'confidential-notes': 'R R R R R - - - - - - - -',
  'excluded-part': '- - - - - - - - - - - - -',
  'exclusion-parts': 'R R R R R - - - - - - - -',
  minutes: 'R R R R R - - - - - - - -',
  'minutes-family': 'O O O O O - R R - - - s -',
  'record-bundle': 'R R R R R - R R - - - s -',
  'case-identity': 'R R R R R R - - - - - - -',
  'core-group-record': 'R R R R R - - - - - - - -',
  'core-group-record-family': 'O O O O O - R R - - - - -',
  'child-participation': 'R R R R R - - - - - - - -',
};
const LETTER: Record<string, Access> = { R: 'receive', O: 'open', '-': 'none' };
/** `m`: a manager's copy, only where the policy copies managers (Hampshire); `s`: a parent's solicitor's copy, only where the policy asks (Cumbria). */
const expected = (cell: string, copyManagers: boolean, solicitorCopy = false): Access =>
  cell === 'm'
    ? copyManagers
      ? 'receive'
      : 'none'
    : cell === 's'
      ? solicitorCopy
        ? 'receive'
        : 'none'
      : LETTER[cell]!;

describe('the disclosure table', () => {
  it('has a row for every artefact and a column for every role', () => {
    expect(Object.keys(ROWS).sort()).toEqual([...ARTEFACTS].sort());
    for (const a of ARTEFACTS) expect(ROWS[a].trim().split(/\s+/), a).toHaveLength(DISCLOSURE_ROLES.length);
  });

  for (const artefact of ARTEFACTS) {
    it(`${artefact}: ${ROWS[artefact].trim().replace(/\s+/g, ' ')}`, () => {
      const cells = ROWS[artefact].trim().split(/\s+/);
      for (const [policy, copies, solicitor] of [
        [hackney, false, false],
        [hampshire, true, false],
        [cumbria, false, true],
      ] as const) {
        const got = Object.fromEntries(DISCLOSURE_ROLES.map((r) => [r, access(artefact, r, policy)]));
        const want = Object.fromEntries(DISCLOSURE_ROLES.map((r, i) => [r, expected(cells[i]!, copies, solicitor)]));
        expect(got, `${artefact} under ${policy.id}`).toEqual(want);
      }
    });
  }

  it('gives nothing about the decision to the family side before the chair approves, but the professionals keep theirs', () => {
    for (const role of ['parent', 'carer', 'supporter', 'interpreter', 'advocate'] as const) {
      for (const a of ['decision-family', 'minutes-family', 'child-view-shared'] as const)
        expect(access(a, role, hackney, { approved: false }), `${a} ${role}`).toBe('none');
    }
    expect(access('decision-family', 'parent', hackney, { approved: true })).toBe('receive');
    expect(access('decision-professional', 'police', hackney, { approved: false })).toBe('receive');
  });

  it('never sends a child anything, and never lets anyone outside the professionals read the confidential notes or the child’s words', () => {
    for (const a of ARTEFACTS) expect(access(a, 'child', hampshire), a).not.toBe('receive');
    for (const role of DISCLOSURE_ROLES.filter(
      (r) => !['chair', 'social-worker', 'professional', 'police', 'minute-taker'].includes(r),
    )) {
      expect(access('confidential-notes', role, hampshire), role).toBe('none');
      expect(access('child-view', role, hampshire), role).toBe('none');
      expect(access('exclusion-parts', role, hampshire), role).toBe('none');
    }
  });

  it('treats a midwife as one of the other professionals', () => {
    expect(disclosureRole('midwife')).toBe('professional');
  });
});

const person = (id: string, role: Attendee['role'], extra: Partial<Attendee> = {}): Attendee => ({
  id,
  name: id,
  role,
  interpreterNeeded: false,
  accessibilityNeeds: [],
  contactPreference: 'email',
  rsvp: 'accepted',
  ...extra,
});
const conference = (attendees: Attendee[]): Pick<Conference, 'attendees' | 'children'> => ({
  attendees,
  children: [
    { id: 'c1', unborn: false },
    { id: 'c2', unborn: false },
    { id: 'c3', unborn: false },
  ],
});

describe('companions and parents’ own children', () => {
  const mother = person('a5', 'parent', { childIds: ['c1', 'c2'] });
  const father = person('a6', 'carer', { childIds: ['c3'] });
  const interpreter = person('a7', 'interpreter', { accompanies: 'a5' });
  const solicitor = person('a8', 'supporter', { accompanies: 'a6' });
  const alone = person('a9', 'interpreter');
  const c = conference([person('a1', 'chair'), mother, father, interpreter, solicitor, alone, person('a10', 'parent')]);

  const RECORD: readonly Artefact[] = [
    'minutes',
    'minutes-family',
    'record-bundle',
    'core-group-record',
    'core-group-record-family',
  ];

  it('gives an interpreter or supporter exactly what the parent or carer they come with gets, never more', () => {
    for (const a of ARTEFACTS.filter((x) => !RECORD.includes(x))) {
      expect(accessFor(c, hampshire, interpreter, a), `interpreter ${a}`).toBe(accessFor(c, hampshire, mother, a));
      expect(accessFor(c, hampshire, solicitor, a), `supporter ${a}`).toBe(accessFor(c, hampshire, father, a));
    }
    expect(accessFor(c, hampshire, interpreter, 'confidential-notes')).toBe('none');
    expect(accessFor(c, hampshire, interpreter, 'decision-professional')).toBe('none');
    expect(accessFor(c, hampshire, interpreter, 'decision-family')).toBe('receive');
  });

  it("sends the minutes and the record bundle to the parent, not to whoever comes with them; a parent's solicitor gets a copy only where the policy asks", () => {
    const lawyer = person('a11', 'supporter', { accompanies: 'a5', solicitor: true });
    const unlinked = person('a12', 'supporter', { solicitor: true });
    const withLawyer = conference([...c.attendees, lawyer, unlinked]);
    for (const policy of [hackney, hampshire, cumbria]) {
      for (const a of RECORD) {
        expect(accessFor(withLawyer, policy, interpreter, a), `interpreter ${a}`).toBe('none');
        expect(accessFor(withLawyer, policy, solicitor, a), `supporter ${a}`).toBe('none');
        expect(accessFor(withLawyer, policy, unlinked, a), `unlinked solicitor ${a}`).toBe('none');
      }
      expect(accessFor(withLawyer, policy, mother, 'minutes-family')).toBe('receive');
      expect(accessFor(withLawyer, policy, lawyer, 'minutes')).toBe('none');
      expect(accessFor(withLawyer, policy, lawyer, 'minutes-family')).toBe(
        policy.circulation.solicitorCopy ? 'receive' : 'none',
      );
      expect(accessFor(withLawyer, policy, lawyer, 'record-bundle')).toBe(
        policy.circulation.solicitorCopy ? 'receive' : 'none',
      );
      // Everything else a solicitor has through the parent, as any supporter does.
      expect(accessFor(withLawyer, policy, lawyer, 'decision-family')).toBe('receive');
      expect(accessFor(withLawyer, policy, lawyer, 'confidential-notes')).toBe('none');
    }
    expect(access('minutes-family', 'solicitor', cumbria, { approved: false })).toBe('none');
  });

  it('gives a companion who comes with nobody nothing', () => {
    for (const a of ARTEFACTS) expect(accessFor(c, hampshire, alone, a), a).toBe('none');
  });

  it('links each parent, and whoever comes with them, to their own children only; no childIds means every child', () => {
    expect(childrenFor(c, mother)).toEqual(['c1', 'c2']);
    expect(childrenFor(c, father)).toEqual(['c3']);
    expect(childrenFor(c, interpreter)).toEqual(['c1', 'c2']);
    expect(childrenFor(c, solicitor)).toEqual(['c3']);
    expect(childrenFor(c, person('a10', 'parent'))).toEqual(['c1', 'c2', 'c3']);
    expect(childrenFor(c, person('a1', 'chair'))).toEqual(['c1', 'c2', 'c3']);
  });

  it('shares reports with parents and carers only, never their companions', () => {
    expect(reportSharingTargets(c.attendees).map((a) => a.id)).toEqual(['a5', 'a6', 'a10']);
  });

  it("gives a child's advocate (linked to no parent) what the child is entitled to, never more", () => {
    const RANK: Record<Access, number> = { none: 0, open: 1, receive: 2 };
    for (const policy of [hackney, hampshire, cumbria])
      for (const a of ARTEFACTS)
        expect(RANK[access(a, 'advocate', policy)], a).toBeLessThanOrEqual(RANK[access(a, 'child', policy)]);
  });

  it('prints as a Markdown table for the docs (docs/disclosure.md)', () => {
    const md = disclosureMarkdown(hampshire);
    expect(md.split('\n')).toHaveLength(ARTEFACTS.length + 2);
    expect(md).toContain('| confidential-notes | R | R | R | R | R | · | · | · | · | · | · | · | · |');
    // docs/disclosure.md shows the table as printed here: a change to the table must change it too.
    expect(readFileSync(new URL('../../docs/disclosure.md', import.meta.url), 'utf8')).toContain(md);
  });
});

describe('case-identity under a policy that keeps names on the link page only', () => {
  it('professionals may open the names on their page but are not sent them; a manager (no page) gets nothing', () => {
    const quiet = { ...hackney, caseNames: 'link-page-only' as const };
    const got = Object.fromEntries(DISCLOSURE_ROLES.map((r) => [r, access('case-identity', r, quiet)]));
    expect(got).toEqual({
      chair: 'open',
      'social-worker': 'open',
      professional: 'open',
      police: 'open',
      'minute-taker': 'open',
      manager: 'none',
      parent: 'none',
      carer: 'none',
      child: 'none',
      advocate: 'none',
      supporter: 'none',
      solicitor: 'none',
      interpreter: 'none',
    });
  });
});
