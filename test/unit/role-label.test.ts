/**
 * A chair trial read "Police (Police)" in the briefing and the round of views: the agency was said
 * again when it only repeated the role.
 */
import { describe, expect, it } from 'vitest';
import { roleLabel } from '../../src/content/words.ts';

describe('roleLabel', () => {
  it('names the agency once, and not at all when it only repeats the role', () => {
    expect(roleLabel('police', 'Police')).toBe('Police');
    expect(roleLabel('police', ' police ')).toBe('Police');
    expect(roleLabel('police', 'Hampshire Constabulary')).toBe('Police (Hampshire Constabulary)');
    expect(roleLabel('professional', 'Health Visiting')).toBe('Professional (Health Visiting)');
    expect(roleLabel('midwife')).toBe('Midwife');
  });
});
