/**
 * A batch's recipients are looked up in Teams in one round trip (ConversationReferenceStore.findMany,
 * the notifier's reachableMany): each finds exactly whom find() finds, an account found by email only
 * when its email was checked as its own, a record stored before encryption still read (and sealed).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConversationReferenceStore, hashEmail } from '../../src/channels/teams/reference-store.ts';
import { DataCipher } from '../../src/infra/data-cipher.ts';
import { testRedis, type TestRedis } from '../helpers/redis.ts';

describe('Teams look-ups for a batch', () => {
  let t: TestRedis;
  beforeEach(() => {
    t = testRedis();
  });
  afterEach(() => t.cleanup());

  it('finds each address as find() does, in one MGET', async () => {
    const cipher = new DataCipher(Buffer.alloc(32, 7));
    const refs = new ConversationReferenceStore(t.redis, t.prefix, cipher);
    const base = { serviceUrl: 'https://smba.example/', botId: 'bot', tenantId: 'tenant' };
    await refs.save({
      ...base,
      userId: '29:hv',
      aadObjectId: '00000000-0000-4000-8000-0000000000a1',
      conversationId: 'a:hv',
      emailHash: hashEmail('hv@nhs.example.org'),
      emailVerified: true,
    });
    // A guest's account under the police officer's email: never found by that email.
    await refs.save({ ...base, userId: '29:guest', emailHash: hashEmail('police@police.example.uk') });
    // Stored as plain JSON before references were encrypted.
    const swKey = `${t.prefix}:teams:user:email:${hashEmail('sw@example.gov.uk')}`;
    const storedPlain = () =>
      t.redis.set(
        swKey,
        JSON.stringify({
          ...base,
          userId: '29:sw',
          emailHash: hashEmail('sw@example.gov.uk'),
          emailVerified: true,
          savedAt: '2026-01-01T00:00:00Z',
        }),
      );
    await storedPlain();
    const addresses = [
      { email: 'HV@nhs.example.org ' },
      { teamsUserId: '00000000-0000-4000-8000-0000000000A1' },
      { teamsUserId: '29:hv', email: 'someone.else@example.org' },
      { teamsUserId: '29:nobody', email: 'hv@nhs.example.org' },
      { email: 'police@police.example.uk' },
      { email: 'sw@example.gov.uk' },
      { email: 'nobody@example.org' },
      {},
    ];
    const oneByOne = [];
    for (const a of addresses) oneByOne.push(await refs.find(a));

    await storedPlain();
    const calls: string[] = [];
    const counted = new Proxy(t.redis, {
      get(target, name, receiver) {
        const v = Reflect.get(target, name, receiver);
        if (typeof v !== 'function') return v;
        return (...args: unknown[]) => {
          calls.push(String(name));
          return (v as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    const batch = await new ConversationReferenceStore(counted, t.prefix, cipher).findMany(addresses);
    expect(batch.map((u) => u?.userId)).toEqual(oneByOne.map((u) => u?.userId));
    expect(batch.map((u) => u?.userId)).toEqual([
      '29:hv',
      '29:hv',
      '29:hv',
      undefined,
      undefined,
      '29:sw',
      undefined,
      undefined,
    ]);
    expect(calls.filter((c) => c !== 'eval')).toEqual(['mget']);
    // The plain record was sealed when read (only while nothing had changed it).
    expect(DataCipher.isEnvelope((await t.redis.get(swKey))!)).toBe(true);
    expect(await refs.findMany([])).toEqual([]);
  });
});
