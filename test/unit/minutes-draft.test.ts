/**
 * The draft minutes keep one parent's view from the other parent: the disagreement it leads to says
 * what that parent recommended, so it goes with the views not shared with the family, not in the
 * child's section every parent's copy carries.
 */
import { describe, expect, it } from 'vitest';
import { draftSections } from '../../src/app/minutes/minutes-draft.ts';
import type { Conference, View } from '../../src/domain/conference.ts';
import { getPreset } from '../../src/domain/policy/presets/index.ts';
import { makeConference } from '../helpers/fixtures.ts';

const at = '2027-03-22T11:30:00+00:00';
const view = (v: Partial<View> & Pick<View, 'attendeeId' | 'rationale'>): View => ({
  childId: 'c1',
  recordedBy: v.attendeeId!,
  categories: [],
  at,
  ...v,
});

function decided(): Conference {
  return makeConference({
    state: 'decided',
    views: [
      view({ attendeeId: 'a2', recommendation: 'child-in-need', rationale: 'Some progress' }),
      view({ attendeeId: 'a3', recommendation: 'child-protection-plan', rationale: 'Still worried' }),
      // Marcus's own view: Jade may not read it.
      view({ attendeeId: 'a6', recommendation: 'no-further-action', rationale: 'MARCUS-OWN-WORDS' }),
    ],
    decision: {
      outcomes: [
        { childId: 'c1', outcome: 'child-protection-plan', categories: ['neglect'], rationale: 'Neglect' },
        { childId: 'c2', outcome: 'child-in-need', categories: [], rationale: 'Support' },
      ],
      dissent: [
        { childId: 'c1', attendeeId: 'a2', recommendation: 'child-in-need', escalationRoute: 'PRO-ROUTE' },
        { childId: 'c1', attendeeId: 'a6', recommendation: 'no-further-action', escalationRoute: 'FAMILY-ROUTE' },
      ],
      plan: [],
      coreGroup: ['a2'],
      decidedAt: at,
      decidedBy: 'a1',
    },
  });
}

describe('draft minutes: a parent’s disagreement', () => {
  it('is kept with the views not shared with the family; a professional’s stays in the shared section', () => {
    const sections = draftSections(decided(), getPreset('statutory'));
    const shared = sections.find((s) => /^Child 1: .*: views and decision$/.test(s.heading))!;
    const kept = sections.find((s) => /^Child 1: .*: views not shared with the family$/.test(s.heading))!;
    expect(shared.confidential).toBe(false);
    expect(shared.text).toContain(
      "- Social worker (Children's Social Care) disagreed (Child in need plan); route: PRO-ROUTE",
    );
    expect(shared.text).not.toContain('FAMILY-ROUTE');
    expect(shared.text).not.toContain('No further action');
    expect(kept.confidential).toBe(true);
    expect(kept.text).toContain('MARCUS-OWN-WORDS');
    expect(kept.text).toContain(
      'Disagreement recorded:\n- Parent disagreed (No further action under child protection procedures); route: FAMILY-ROUTE',
    );
  });
});
