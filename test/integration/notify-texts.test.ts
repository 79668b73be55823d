/**
 * Text reminders through GOV.UK Notify (the real client against test/fakes/fake-notify.ts): parents
 * and carers who gave a UK mobile and agreed get name-free texts from the configured templates; a
 * reply (STOP) or the coordinator stops them; statuses are recorded like letters'.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeNotify, type FakeNotify } from '../fakes/fake-notify.ts';
import { hackneyInitialBody, startTestService, type TestService } from '../helpers/service.ts';

const TOKEN = 'notify-callback-token-0123456789';
const TEMPLATES = {
  INVITATION: '11111111-1111-4111-8111-111111111111',
  DAY_BEFORE: '22222222-2222-4222-8222-222222222222',
  CHANGED: '33333333-3333-4333-8333-333333333333',
  CANCELLED: '44444444-4444-4444-8444-444444444444',
  DECISION_READY: '55555555-5555-4555-8555-555555555555',
};
let notify: FakeNotify;
let s: TestService;

beforeAll(async () => {
  notify = await startFakeNotify();
  for (const id of Object.values(TEMPLATES)) notify.templates.add(id);
  s = await startTestService({
    NOTIFY_API_KEY: notify.apiKey,
    NOTIFY_BASE_URL: notify.url,
    NOTIFY_CALLBACK_TOKEN: TOKEN,
    ...Object.fromEntries(Object.entries(TEMPLATES).map(([k, v]) => [`NOTIFY_SMS_TEMPLATE_${k}`, v])),
  });
  notify.callbacks = { deliveryUrl: `${s.url}/notify/delivery-receipts`, receivedTextUrl: `${s.url}/notify/received-texts`, token: TOKEN };
});
afterAll(async () => {
  await s?.stop();
  await notify?.close();
});

const withTexts = () => {
  const body = hackneyInitialBody();
  const people = body.attendees as any[];
  people[4] = { ...people[4], mobile: '07700 900123', textReminders: true };
  people[5] = { ...people[5], mobile: '+44 7700 900456', textReminders: true };
  people.push({ name: 'Casey Testfamily', role: 'carer', email: 'casey@family.example.com', contactPreference: 'email', mobile: '07700900789', textReminders: true });
  return body;
};

describe('text reminders', () => {
  it('refuses a number that is not a UK mobile, naming the field', async () => {
    const body = withTexts();
    (body.attendees as any[])[4].mobile = '020 7946 0000';
    const r = await s.api('POST', '/api/conferences', body);
    expect(r.status).toBe(400);
    expect(r.body.issues).toContainEqual({ field: 'attendees.4.mobile', message: 'expected a UK mobile number such as 07700 900123' });
  });

  it('go with the invitation, carry no names, stop on a reply or at the coordinator’s word, and record Notify’s status', { timeout: 90_000 }, async () => {
    const created = await s.api('POST', '/api/conferences', withTexts());
    expect(created.status).toBe(201);
    await s.idle();
    const id = created.body.id as string;
    const ref = created.body.reference as string;
    const view = async () => (await s.api('GET', `/api/conferences/${id}`)).body;
    const textsTo = (number: string, template?: string) => notify.texts().filter((t) => t.phoneNumber === number && (!template || t.templateId === template));

    // One invitation text each, from the invitation template: the reference, a date and a time, no names.
    for (const number of ['+447700900123', '+447700900456', '+447700900789']) {
      expect(textsTo(number, TEMPLATES.INVITATION)).toHaveLength(1);
      expect(textsTo(number)[0]!.personalisation).toEqual({ reference: ref, date: 'Monday 4 January', time: '10:00' });
      expect(textsTo(number)[0]!.reference).toMatch(new RegExp(`^${ref}-text-invitation-a\\d+-v1$`));
    }
    for (const t of notify.texts()) expect(JSON.stringify(t.personalisation) + t.reference).not.toMatch(/Testfamily|Jade|Marcus|Casey|Ruby|Leo/);
    let v = await view();
    const idOf = (name: string) => v.attendees.find((a: any) => a.name === name).id as string;
    const [jade, marcus, casey] = ['Jade Testfamily', 'Marcus Testfamily', 'Casey Testfamily'].map(idOf) as [string, string, string];
    // A reminder on the working day before (Thursday 31 December: 1 January is a bank holiday) for each of them.
    const dayBefore = () => v.pendingJobs.filter((j: any) => j.step === 'text-day-before').map((j: any) => `${j.attendeeId} ${j.runAt}`).sort();
    expect(dayBefore()).toEqual([jade, marcus, casey].map((a) => `${a} 2026-12-31T10:00:00.000Z`).sort());

    // Notify reports Casey's invitation text delivered: recorded on the text and the ledger.
    const caseyText = textsTo('+447700900789')[0]!;
    expect(await notify.setStatus(caseyText.id, 'delivered')).toBe(200);
    v = await view();
    expect(v.texts.find((t: any) => t.attendeeId === casey && t.kind === 'invitation')).toMatchObject({ status: 'delivered', notificationId: caseyText.id });
    expect(v.deliveries[`text-invitation-${casey}-v1`]).toMatchObject({ state: 'sent', deliveryStatus: 'delivered' });

    // Jade replies STOP; the coordinator stops Marcus's texts.
    expect(await notify.receiveText('447700900123', 'STOP')).toBe(200);
    const stopped = await s.api('POST', `/api/conferences/${id}/attendees/${marcus}/texts/stop`, { by: 'Coordinator Jones' });
    expect(stopped.status).toBe(200);
    expect(stopped.body.attendee).toMatchObject({ textReminders: false, textsStopped: { by: 'coordinator' } });
    v = await view();
    expect(dayBefore()).toEqual([`${jade} 2026-12-31T10:00:00.000Z`, `${casey} 2026-12-31T10:00:00.000Z`].sort());

    // The meeting is cancelled: only Casey is texted.
    expect((await s.api('POST', `/api/conferences/${id}/cancel`, { reason: 'Family moved away', requestedBy: 'coordinator' })).status).toBe(200);
    await s.idle();
    expect(textsTo('+447700900789', TEMPLATES.CANCELLED)).toHaveLength(1);
    expect(textsTo('+447700900123', TEMPLATES.CANCELLED)).toHaveLength(0);
    expect(textsTo('+447700900456', TEMPLATES.CANCELLED)).toHaveLength(0);
    // Jade's reply stopped hers when the next text was due, and says so.
    v = await view();
    expect(v.attendees.find((a: any) => a.id === jade)).toMatchObject({ textReminders: false, textsStopped: { by: 'reply' } });
    expect(v.audit.filter((e: any) => e.action === 'texts.stopped').map((e: any) => e.detail.attendeeId).sort()).toEqual([jade, marcus].sort());
    // Every request to Notify carried a good token.
    expect(notify.requests.every((r) => r.authorised)).toBe(true);
  });
});
