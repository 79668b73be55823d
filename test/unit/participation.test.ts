/** The participation count figures use: attended / views by other means / not recorded, per born child. */
import { describe, expect, it } from 'vitest';
import {
  countParticipation,
  participationCategory,
  PARTICIPATION_WAYS,
  withParticipation,
  type ChildParticipation,
} from '../../src/domain/participation.ts';

const rec = (childId: string, way: ChildParticipation['way']): ChildParticipation => ({
  childId,
  way,
  recordedAt: '2027-01-04T10:30:00+00:00',
  recordedBy: 'coordinator',
});

describe('participation', () => {
  it('maps every way onto one of the three reported categories', () => {
    expect(Object.fromEntries(PARTICIPATION_WAYS.map((w) => [w, participationCategory({ way: w })]))).toEqual({
      attended: 'attended',
      advocate: 'views-by-other-means',
      'social-worker-report': 'views-by-other-means',
      'drawing-or-letter': 'views-by-other-means',
      other: 'views-by-other-means',
      'not-recorded': 'not-recorded',
    });
    expect(participationCategory(undefined)).toBe('not-recorded');
  });

  it('counts over conferences; a child with no record is not recorded; an unborn child is not counted until born', () => {
    const figures = countParticipation([
      {
        children: [
          { id: 'c1', unborn: false },
          { id: 'c2', unborn: false },
          { id: 'c3', unborn: false },
        ],
        participation: [rec('c1', 'attended'), rec('c2', 'advocate')],
      },
      { children: [{ id: 'c1', unborn: true }], participation: [] },
      {
        children: [
          { id: 'c1', unborn: true, bornOn: '2027-02-01' },
          { id: 'c2', unborn: false },
        ],
        participation: [rec('c2', 'not-recorded')],
      },
    ]);
    expect(figures).toEqual({ attended: 1, viewsByOtherMeans: 1, notRecorded: 3, children: 5 });
  });

  it('keeps one record per child, the latest', () => {
    expect(
      withParticipation([rec('c1', 'advocate'), rec('c2', 'other')], [rec('c1', 'attended')]).map((p) => [
        p.childId,
        p.way,
      ]),
    ).toEqual([
      ['c2', 'other'],
      ['c1', 'attended'],
    ]);
  });
});

describe('tasks for the child', () => {
  it('refers each child of the policy’s advocate age to the advocacy service, once, by id and age only', async () => {
    const { advocacyReferralTasks, explainDecisionTasks, ageOn } = await import('../../src/domain/tasks.ts');
    expect(ageOn({ dateOfBirth: '2013-05-02', unborn: false }, '2027-05-01')).toBe(13);
    expect(ageOn({ dateOfBirth: '2013-05-02', unborn: false }, '2027-05-02')).toBe(14);
    expect(ageOn({ unborn: true, dateOfBirth: '2027-06-01' }, '2027-05-02')).toBeUndefined();
    const children = [
      { id: 'c1', dateOfBirth: '2016-01-05', unborn: false },
      { id: 'c2', dateOfBirth: '2016-01-04', unborn: false },
      { id: 'c3', unborn: false },
    ];
    const first = advocacyReferralTasks(
      [],
      children,
      '2027-01-04',
      { fromAge: 11, service: 'NYAS' },
      '2026-12-23T17:00:00+00:00',
    );
    expect(first.map((t) => [t.id, t.subject, t.detail])).toEqual([
      ['t1', 'c2', 'the child (aged 11) to NYAS for an advocate'],
    ]);
    expect(advocacyReferralTasks(first, children, '2027-01-04', { fromAge: 11 }, 'x')).toEqual([]);
    expect(advocacyReferralTasks([], children, '2027-01-04', {}, 'x')).toEqual([]);
    expect(
      explainDecisionTasks(first, children, '2027-01-04', { fromAge: 5 }, 'x').map((t) => [t.id, t.subject, t.detail]),
    ).toEqual([
      ['t2', 'c1', 'the decision to the child (aged 10)'],
      ['t3', 'c2', 'the decision to the child (aged 11)'],
    ]);
    // A children's version of the plan only for a child on a child protection plan (not a child in need plan).
    expect(
      explainDecisionTasks(first, children, '2027-01-04', { fromAge: 5, childrensPlan: 'words and pictures' }, 'x', [
        'c2',
      ]).map((t) => [t.subject, t.detail]),
    ).toEqual([
      ['c1', 'the decision to the child (aged 10)'],
      ['c2', "the decision to the child (aged 11), with a children's version of the plan (words and pictures)"],
    ]);
  });
});
