/**
 * "Who will be there" in an interpreter's invitation. Trial finding (one BSL interpreter for a
 * parent): the interpreter's own list said "an interpreter", meaning themselves, as if another were
 * coming. A companion's list now leaves them out (another interpreter still shows); the parents'
 * list still says an interpreter is coming.
 */
import { describe, expect, it } from 'vitest';
import { hackneyInitialBody, startedServices } from '../helpers/service.ts';

const start = startedServices();
const INTERPRETER = 'signer@interpreters.example.com';

describe('who will be there, for an interpreter', () => {
  it('does not list the interpreter themselves', { timeout: 60_000 }, async () => {
    const s = await start();
    const base = hackneyInitialBody();
    const body = {
      ...base,
      attendees: [
        ...base.attendees,
        {
          name: 'Irene Signer',
          email: INTERPRETER,
          role: 'interpreter',
          language: 'British Sign Language',
          accompanies: 'a5',
        },
      ],
    };
    const created = await s.api('POST', '/api/conferences', body);
    expect(created.status).toBe(201);
    await s.idle();
    const section = (to: string) => {
      const m = s.smtp.messages.find(
        (x) => x.envelopeTo.includes(to) && (x.parsed.subject ?? '').includes(created.body.reference),
      )!;
      return (m.parsed.text ?? '').split('Who will be there')[1]!.split('The chair will confirm')[0]!;
    };
    const theirs = section(INTERPRETER);
    expect(theirs).toContain('the social worker');
    expect(theirs).not.toContain('interpreter');
    expect(section('jade@family.example.com')).toContain('an interpreter');
  });
});
