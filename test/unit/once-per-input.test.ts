/** oncePerInput: a batch's template is rendered once per distinct input, and never shares across policies. */
import { describe, expect, it } from 'vitest';
import { oncePerInput } from '../../src/app/shared/once-per-input.ts';

describe('oncePerInput', () => {
  it('renders each distinct input once and hands the same result to every recipient it is the same for', () => {
    const policy = { id: 'hackney' };
    const rendered: string[] = [];
    const render = oncePerInput((i: { policy: object; role: string; agency?: string }) => {
      rendered.push(`${i.role}/${i.agency ?? ''}`);
      return `text for ${i.role}`;
    });
    const out = [
      render({ policy, role: 'professional', agency: 'Health' }),
      render({ policy, role: 'professional', agency: 'Health' }),
      render({ policy, role: 'professional', agency: 'Police' }),
      render({ policy, role: 'professional' }),
      render({ policy, role: 'professional', agency: 'Health' }),
    ];
    expect(out).toEqual([
      'text for professional',
      'text for professional',
      'text for professional',
      'text for professional',
      'text for professional',
    ]);
    expect(rendered).toEqual(['professional/Health', 'professional/Police', 'professional/']);
  });

  it('renders an input with another policy object on its own', () => {
    let calls = 0;
    const render = oncePerInput((i: { policy: { id: string }; n: number }) => `${i.policy.id} ${i.n} ${++calls}`);
    expect(render({ policy: { id: 'a' }, n: 1 })).toBe('a 1 1');
    expect(render({ policy: { id: 'b' }, n: 1 })).toBe('b 1 2');
    expect(render({ policy: { id: 'b' }, n: 1 })).toBe('b 1 3');
  });
});
