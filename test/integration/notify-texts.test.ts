/**
 * Text reminders through GOV.UK Notify (the real client against test/fakes/fake-notify.ts): parents
 * and carers who gave a UK mobile and agreed get name-free texts from the configured templates; a
 * reply (STOP) or the coordinator stops them; statuses are recorded like letters'.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeNotify, type FakeNotify } from '../fakes/fake-notify.ts';
import { TEST_API_KEY, hackneyInitialBody, startTestService, type TestService } from '../helpers/service.ts';
import { PageClient, csrfOf } from '../helpers/pages.ts';

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
  notify.callbacks = {
    deliveryUrl: `${s.url}/notify/delivery-receipts`,
    receivedTextUrl: `${s.url}/notify/received-texts`,
    token: TOKEN,
  };
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
  people.push({
    name: 'Casey Testfamily',
    role: 'carer',
    email: 'casey@family.example.com',
    contactPreference: 'email',
    mobile: '07700900789',
    textReminders: true,
  });
  return body;
};

describe('text reminders', () => {
  it('refuses a number that is not a UK mobile, naming the field', async () => {
    const body = withTexts();
    (body.attendees as any[])[4].mobile = '020 7946 0000';
    const r = await s.api('POST', '/api/conferences', body);
    expect(r.status).toBe(400);
    expect(r.body.issues).toContainEqual({
      field: 'attendees.4.mobile',
      message: 'expected a UK mobile number such as 07700 900123',
    });
  });

  it(
    'go with the invitation, carry no names, stop on a reply or at the coordinator’s word, and record Notify’s status',
    { timeout: 90_000 },
    async () => {
      const created = await s.api('POST', '/api/conferences', withTexts());
      expect(created.status).toBe(201);
      await s.idle();
      const id = created.body.id as string;
      const ref = created.body.reference as string;
      const view = async () => (await s.api('GET', `/api/conferences/${id}`)).body;
      const textsTo = (number: string, template?: string) =>
        notify.texts().filter((t) => t.phoneNumber === number && (!template || t.templateId === template));

      // One invitation text each, from the invitation template: the reference, a date and a time, no names.
      for (const number of ['+447700900123', '+447700900456', '+447700900789']) {
        expect(textsTo(number, TEMPLATES.INVITATION)).toHaveLength(1);
        expect(textsTo(number)[0]!.personalisation).toEqual({
          reference: ref,
          date: 'Monday 4 January',
          time: '10:00',
        });
        expect(textsTo(number)[0]!.reference).toMatch(new RegExp(`^${ref}-text-invitation-a\\d+-v1$`));
      }
      for (const t of notify.texts())
        expect(JSON.stringify(t.personalisation) + t.reference).not.toMatch(/Testfamily|Jade|Marcus|Casey|Ruby|Leo/);
      let v = await view();
      const idOf = (name: string) => v.attendees.find((a: any) => a.name === name).id as string;
      const [jade, marcus, casey] = ['Jade Testfamily', 'Marcus Testfamily', 'Casey Testfamily'].map(idOf) as [
        string,
        string,
        string,
      ];
      // A reminder on the working day before (Thursday 31 December: 1 January is a bank holiday) for each of them.
      const dayBefore = () =>
        v.pendingJobs
          .filter((j: any) => j.step === 'text-day-before')
          .map((j: any) => `${j.attendeeId} ${j.runAt}`)
          .sort();
      expect(dayBefore()).toEqual([jade, marcus, casey].map((a) => `${a} 2026-12-31T10:00:00.000Z`).sort());

      // Notify reports Casey's invitation text delivered: recorded on the text and the ledger.
      const caseyText = textsTo('+447700900789')[0]!;
      expect(await notify.setStatus(caseyText.id, 'delivered')).toBe(200);
      v = await view();
      expect(v.texts.find((t: any) => t.attendeeId === casey && t.kind === 'invitation')).toMatchObject({
        status: 'delivered',
        notificationId: caseyText.id,
      });
      expect(v.deliveries[`text-invitation-${casey}-v1`]).toMatchObject({ state: 'sent', deliveryStatus: 'delivered' });

      // Jade replies STOP: her record says so at once, and her day-before reminder is withdrawn.
      expect(await notify.receiveText('447700900123', 'STOP')).toBe(200);
      v = await view();
      expect(v.attendees.find((a: any) => a.id === jade)).toMatchObject({
        textReminders: false,
        textsStopped: { by: 'reply' },
      });
      expect(dayBefore()).toEqual([marcus, casey].map((a) => `${a} 2026-12-31T10:00:00.000Z`).sort());
      // The coordinator stops Marcus's texts.
      const stopped = await s.api('POST', `/api/conferences/${id}/attendees/${marcus}/texts/stop`, {
        by: 'Coordinator Jones',
      });
      expect(stopped.status).toBe(200);
      expect(stopped.body.attendee).toMatchObject({ textReminders: false, textsStopped: { by: 'coordinator' } });
      v = await view();
      expect(dayBefore()).toEqual([`${casey} 2026-12-31T10:00:00.000Z`]);

      // The meeting is cancelled: only Casey is texted.
      expect(
        (
          await s.api('POST', `/api/conferences/${id}/cancel`, {
            reason: 'Family moved away',
            requestedBy: 'coordinator',
          })
        ).status,
      ).toBe(200);
      await s.idle();
      expect(textsTo('+447700900789', TEMPLATES.CANCELLED)).toHaveLength(1);
      expect(textsTo('+447700900123', TEMPLATES.CANCELLED)).toHaveLength(0);
      expect(textsTo('+447700900456', TEMPLATES.CANCELLED)).toHaveLength(0);
      v = await view();
      expect(
        v.audit
          .filter((e: any) => e.action === 'texts.stopped')
          .map((e: any) => e.detail.attendeeId)
          .sort(),
      ).toEqual([jade, marcus].sort());
      // Every request to Notify carried a good token.
      expect(notify.requests.every((r) => r.authorised)).toBe(true);
    },
  );

  it(
    'the coordinator records a mobile and agreement later (API and dashboard); agreeing again after a STOP starts them again',
    { timeout: 90_000 },
    async () => {
      const created = await s.api('POST', '/api/conferences', hackneyInitialBody());
      expect(created.status).toBe(201);
      await s.idle();
      const id = created.body.id as string;
      const ref = created.body.reference as string;
      const view = async () => (await s.api('GET', `/api/conferences/${id}`)).body;
      let v = await view();
      const jade = v.attendees.find((a: any) => a.name === 'Jade Testfamily').id as string;
      const social = v.attendees.find((a: any) => a.role === 'social-worker').id as string;
      const number = '+447700900321';
      const textsTo = () => notify.texts().filter((t) => t.phoneNumber === number);
      const dayBefore = () =>
        v.pendingJobs.filter((j: any) => j.step === 'text-day-before').map((j: any) => j.attendeeId);

      // Bad input names the field and changes nothing.
      const bad = await s.api('POST', `/api/conferences/${id}/attendees/${jade}/texts`, {
        textReminders: true,
        mobile: '020 7946 0000',
      });
      expect(bad.status).toBe(400);
      expect(bad.body.issues).toContainEqual({
        field: 'mobile',
        message: 'expected a UK mobile number such as 07700 900123',
      });
      const noNumber = await s.api('POST', `/api/conferences/${id}/attendees/${jade}/texts`, { textReminders: true });
      expect(noNumber.status).toBe(400);
      expect(noNumber.body.issues).toContainEqual({
        field: 'mobile',
        message: 'required for text reminders: a UK mobile number',
      });
      const professional = await s.api('POST', `/api/conferences/${id}/attendees/${social}/texts`, {
        textReminders: true,
        mobile: '07700 900999',
      });
      expect(professional.status).toBe(400);
      expect(professional.body.issues[0].field).toBe('textReminders');
      v = await view();
      expect(v.attendees.find((a: any) => a.id === jade).textReminders).toBeUndefined();
      expect(dayBefore()).toEqual([]);

      // Recorded through the API: texts on, and the reminder on the working day before is planned.
      const on = await s.api('POST', `/api/conferences/${id}/attendees/${jade}/texts`, {
        textReminders: true,
        mobile: '07700 900321',
        by: 'Coordinator Jones',
      });
      expect(on.status, JSON.stringify(on.body)).toBe(200);
      expect(on.body.attendee).toMatchObject({ textReminders: true, textsStopped: null });
      v = await view();
      expect(dayBefore()).toEqual([jade]);
      expect(v.audit.find((e: any) => e.action === 'texts.started')).toMatchObject({
        actor: 'coordinator',
        detail: { attendeeId: jade, requestedBy: 'Coordinator Jones' },
      });

      // The meeting moves: she is texted the new time.
      const moved = await s.api('POST', `/api/conferences/${id}/reschedule`, {
        startsAt: '2027-01-05T10:00:00Z',
        reason: 'Chair unwell',
        requestedBy: 'coordinator',
      });
      expect(moved.status, JSON.stringify(moved.body)).toBe(200);
      await s.idle();
      expect(textsTo().map((t) => t.templateId)).toEqual([TEMPLATES.CHANGED]);
      expect(textsTo()[0]!.personalisation).toMatchObject({ reference: ref, date: 'Tuesday 5 January' });

      // She replies STOP: stopped at once.
      expect(await notify.receiveText('447700900321', 'Stop please')).toBe(200);
      v = await view();
      expect(v.attendees.find((a: any) => a.id === jade)).toMatchObject({
        textReminders: false,
        textsStopped: { by: 'reply' },
      });
      expect(dayBefore()).toEqual([]);

      // Later she tells the coordinator she wants them after all; the coordinator ticks the box on the dashboard.
      const desk = new PageClient(s.url);
      const signIn = await desk.get('/dashboard/sign-in');
      expect((await desk.post('/dashboard/sign-in', { key: TEST_API_KEY, _csrf: csrfOf(signIn.text) })).status).toBe(
        303,
      );
      let page = await desk.get(`/dashboard/c/${id}`);
      expect(page.text).toContain('Text reminders');
      expect(page.text).toContain(`/dashboard/c/${id}/attendees/${jade}/texts`);
      // A wrong number comes back with the problem beside the field; nothing changes.
      const wrong = await desk.post(`/dashboard/c/${id}/attendees/${jade}/texts`, {
        _csrf: csrfOf(page.text),
        mobile: '12345',
        textReminders: 'yes',
      });
      expect(wrong.status).toBe(400);
      expect(wrong.text).toContain('There is a problem');
      expect(wrong.text).toContain('expected a UK mobile number such as 07700 900123');
      expect(wrong.text).toContain('value="12345"');
      v = await view();
      expect(v.attendees.find((a: any) => a.id === jade).textReminders).toBe(false);
      page = await desk.get(`/dashboard/c/${id}`);
      const saved = await desk.post(`/dashboard/c/${id}/attendees/${jade}/texts`, {
        _csrf: csrfOf(page.text),
        mobile: '',
        textReminders: 'yes',
      });
      expect(saved.status, saved.text).toBe(303);
      expect((await desk.get(saved.location!)).text).toContain('Saved: their text reminders are as the form shows.');
      v = await view();
      expect(v.attendees.find((a: any) => a.id === jade)).toMatchObject({ textReminders: true, mobile: number });
      expect(dayBefore()).toEqual([jade]);
      // The opt-out is lifted: the next text goes.
      expect(
        (
          await s.api('POST', `/api/conferences/${id}/cancel`, {
            reason: 'Family moved away',
            requestedBy: 'coordinator',
          })
        ).status,
      ).toBe(200);
      await s.idle();
      expect(textsTo().map((t) => t.templateId)).toEqual([TEMPLATES.CHANGED, TEMPLATES.CANCELLED]);
    },
  );

  it('a new number given while turning texts off is one change and one audit entry', { timeout: 60_000 }, async () => {
    const created = await s.api('POST', '/api/conferences', hackneyInitialBody());
    expect(created.status).toBe(201);
    await s.idle();
    const id = created.body.id as string;
    const view = async () => (await s.api('GET', `/api/conferences/${id}`)).body;
    const jade = (await view()).attendees.find((a: any) => a.name === 'Jade Testfamily').id as string;
    const texts = (body: object) => s.api('POST', `/api/conferences/${id}/attendees/${jade}/texts`, body);
    expect((await texts({ textReminders: true, mobile: '07700 900321' })).status).toBe(200);
    const before = (await view()).audit.length;

    const off = await texts({ textReminders: false, mobile: '07700 900654' });
    expect(off.status, JSON.stringify(off.body)).toBe(200);
    let v = await view();
    expect(v.attendees.find((a: any) => a.id === jade)).toMatchObject({
      textReminders: false,
      mobile: '+447700900654',
    });
    expect(v.pendingJobs.filter((j: any) => j.step === 'text-day-before')).toEqual([]);
    expect(v.audit.slice(before).map((e: any) => [e.action, e.detail])).toEqual([
      ['texts.stopped', { attendeeId: jade, why: 'stopped by the coordinator', numberChanged: true }],
    ]);

    // Texts already off: a new number alone is still one entry.
    expect((await texts({ textReminders: false, mobile: '07700 900987' })).status).toBe(200);
    v = await view();
    expect(v.attendees.find((a: any) => a.id === jade).mobile).toBe('+447700900987');
    expect(v.audit.slice(before + 1).map((e: any) => [e.action, e.detail])).toEqual([
      ['texts.number-changed', { attendeeId: jade }],
    ]);
  });
});

describe('SMS templates checked at start-up', () => {
  it(
    'an id Notify does not know, or a template that is not a text, stops the service naming the setting',
    { timeout: 60_000 },
    async () => {
      const emailTemplate = '66666666-6666-4666-8666-666666666666';
      notify.otherTemplates.set(emailTemplate, 'email');
      const unknown = '77777777-7777-4777-8777-777777777777';
      const start = startTestService({
        NOTIFY_API_KEY: notify.apiKey,
        NOTIFY_BASE_URL: notify.url,
        NOTIFY_SMS_TEMPLATE_INVITATION: TEMPLATES.INVITATION,
        NOTIFY_SMS_TEMPLATE_DAY_BEFORE: unknown,
        NOTIFY_SMS_TEMPLATE_CANCELLED: emailTemplate,
      });
      await expect(start).rejects.toThrow(
        /NOTIFY_SMS_TEMPLATE_DAY_BEFORE: GOV.UK Notify has no template 77777777-7777-4777-8777-777777777777/,
      );
      await expect(start).rejects.toThrow(
        /NOTIFY_SMS_TEMPLATE_CANCELLED: template 66666666-6666-4666-8666-666666666666 is an email template/,
      );
      await expect(start).rejects.not.toThrow(/NOTIFY_SMS_TEMPLATE_INVITATION/);
    },
  );
});
