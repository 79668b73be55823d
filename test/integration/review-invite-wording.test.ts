/**
 * A review conference's invitations (trial finding): the children are on a plan already, so the
 * parents' invitation says the meeting decides whether each child *still* needs one, and so does
 * the invitation of the supporter who comes with a parent. An initial conference's says "needs".
 */
import { describe, expect, it } from 'vitest';
import { create, settle } from '../helpers/decision-flow.ts';
import { oneService } from '../helpers/every-preset.ts';
import { hackneyInitialBody } from '../helpers/service.ts';

const s = oneService();
const JADE = 'jade@family.example.com';
const FRIEND = 'fran@friends.example.com';
const text = (to: string, ref: string) =>
  s.smtp.messages
    .filter((m) => m.envelopeTo.includes(to) && (m.parsed.subject ?? '').includes(ref))
    .map((m) => (m.parsed.text ?? '').replace(/\s+/g, ' '))
    .join('\n');

function body(kind: 'review' | 'initial', startsAt: string) {
  const { strategyDiscussionOn: _none, ...b } = hackneyInitialBody({ kind, startsAt }) as {
    attendees: Record<string, unknown>[];
  } & Record<string, unknown>;
  const jade = `a${b.attendees.findIndex((a) => a['email'] === JADE) + 1}`;
  b.attendees.push({ name: 'Fran Friend', role: 'supporter', email: FRIEND, accompanies: jade });
  return kind === 'initial' ? { ...b, strategyDiscussionOn: '2026-12-01' } : b;
}

describe('the invitations to a review conference', () => {
  it('say the meeting decides whether each child still needs a plan; an initial one says needs', async () => {
    const review = await create(s, body('review', '2027-01-05T10:00'));
    const initial = await create(s, body('initial', '2027-01-06T10:00'));
    await settle(s);
    expect(text(JADE, review.reference)).toContain(
      'The meeting will decide whether each of your children still needs a child protection plan.',
    );
    expect(text(FRIEND, review.reference)).toContain(
      'The meeting decides whether each child still needs a child protection plan.',
    );
    expect(text(JADE, initial.reference)).toContain(
      'The meeting will decide whether each of your children needs a child protection plan.',
    );
    expect(text(FRIEND, initial.reference)).toContain(
      'The meeting decides whether each child needs a child protection plan.',
    );
  });
});
