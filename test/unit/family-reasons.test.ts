import { describe, expect, it } from 'vitest';
import { familyReason, familyReasonGap } from '../../src/domain/family-reasons.ts';

describe("the chair's reasons for the family", () => {
  const rationale = 'Neglect of health needs over a long period';
  it.each([
    [undefined, 'missing'],
    ['   ', 'missing'],
    [rationale, 'same-as-professional'],
    ['NEGLECT of health needs, over a long period!', 'same-as-professional'],
    ['Ruby has missed her health checks', undefined],
  ] as const)('%j is %s', (familyRationale, gap) => {
    const o = { rationale, ...(familyRationale !== undefined ? { familyRationale } : {}) };
    expect(familyReasonGap(o)).toBe(gap);
    // A family letter quotes only a family version of its own.
    expect(familyReason(o)).toBe(gap ? undefined : familyRationale);
  });
});
