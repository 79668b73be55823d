/** The participation count figures use: attended / views by other means / not recorded, per born child. */
import { describe, expect, it } from 'vitest';
import { countParticipation, participationCategory, PARTICIPATION_WAYS, withParticipation, type ChildParticipation } from '../../src/domain/participation.ts';

const rec = (childId: string, way: ChildParticipation['way']): ChildParticipation => ({ childId, way, recordedAt: '2027-01-04T10:30:00+00:00', recordedBy: 'coordinator' });

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
      { children: [{ id: 'c1', unborn: false }, { id: 'c2', unborn: false }, { id: 'c3', unborn: false }], participation: [rec('c1', 'attended'), rec('c2', 'advocate')] },
      { children: [{ id: 'c1', unborn: true }], participation: [] },
      { children: [{ id: 'c1', unborn: true, bornOn: '2027-02-01' }, { id: 'c2', unborn: false }], participation: [rec('c2', 'not-recorded')] },
    ]);
    expect(figures).toEqual({ attended: 1, viewsByOtherMeans: 1, notRecorded: 3, children: 5 });
  });

  it('keeps one record per child, the latest', () => {
    expect(withParticipation([rec('c1', 'advocate'), rec('c2', 'other')], [rec('c1', 'attended')]).map((p) => [p.childId, p.way])).toEqual([['c2', 'other'], ['c1', 'attended']]);
  });
});
