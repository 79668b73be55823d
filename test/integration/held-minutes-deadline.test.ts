/**
 * The minutes' deadline (the record bundle's, under Hackney) when the only copies left are those
 * waiting for a held decision letter: the mother was asked to leave part of the meeting, and her copy
 * and her solicitor's (where the policy sends one) wait for her letter. Everyone else had theirs well
 * before the deadline.
 * At the watchdog and at the deadline itself the copies waiting on purpose are no miss: the chair and
 * the coordinator get no "at risk" or "deadline missed" email, the audit records the minutes on time
 * (counting the held copies), and the minutes' view still shows both copies held. Neither copy goes
 * at the deadline. Once the chair records telling her, each mailbox has the letter first, then the
 * minutes, and the minutes are circulated. Cumbria sends the solicitor a copy but sets no deadline
 * for the minutes, so its case is an authority's file extending Cumbria with Hampshire's 10 working
 * days (POLICY_FILE); Hackney's is the record bundle.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { create, extraAttendees, holdMeeting, settle, toldTheDecision } from '../helpers/decision-flow.ts';
import { presetConference, presetsOnMondays } from '../helpers/every-preset.ts';
import { startTestService, type TestService } from '../helpers/service.ts';
import type { SmtpSink } from '../helpers/smtp-sink.ts';
import { isMinutes } from '../helpers/minutes-flow.ts';

type Sent = SmtpSink['messages'][number];
const dir = mkdtempSync(path.join(tmpdir(), 'cpc-policy-'));
const s = {} as TestService;
beforeAll(async () => {
  const file = path.join(dir, 'cumbria-minutes-due.yaml');
  writeFileSync(
    file,
    [
      'extends: cumbria',
      'id: cumbria-minutes-due',
      'name: Cumbria with a minutes deadline',
      'authority: Cumbria-like Council (fictional)',
      'example: true',
      'basis: test policy',
      'minutes: { amount: 10, unit: working-days }',
      '',
    ].join('\n'),
  );
  Object.assign(s, await startTestService({ POLICY_FILE: file }));
}, 60_000);
afterAll(async () => {
  await s.stop?.();
  rmSync(dir, { recursive: true, force: true });
});

const PRESETS = presetsOnMondays({
  presets: [
    { policy: 'cumbria-minutes-due', mode: 'virtual' },
    { policy: 'hackney', mode: 'virtual' },
  ],
  weeksApart: 6,
});
const JADE = 'jade@family.example.com';
const MARCUS = 'marcus@family.example.com';
const SOLICITOR = 'solicitor@law.example.com';
const CHAIR = 'chair@example.gov.uk';
const COORDINATOR = 'coordinator@example.gov.uk';
const subject = (m: Sent) => m.parsed.subject ?? '';
const isLetter = (m: Sent) => /^The decision of your child protection meeting/.test(subject(m));

describe.each(PRESETS)('the minutes deadline with only held copies left, under $policy', (p) => {
  it(
    'tells nobody it is missed, sends no held copy at the deadline, and sends each after its letter',
    { timeout: 120_000 },
    async () => {
      const base = presetConference(p);
      const c = await create(s, {
        ...base,
        attendees: [
          ...(base.attendees as Record<string, unknown>[]).map((a) =>
            a['name'] === 'Marcus Testfamily' ? { ...a, email: MARCUS, contactPreference: 'email' } : a,
          ),
          { name: 'Sol Solicitor', email: SOLICITOR, role: 'supporter', solicitor: true, accompanies: 'a5' },
          ...extraAttendees(),
        ],
      });
      await settle(s);
      const ours = (m: Sent) => subject(m).includes(c.reference);
      const mail = (to: string) => s.smtp.messages.filter((m) => m.envelopeTo.includes(to) && ours(m));
      /** What a family mailbox has had of this conference, in order. */
      const family = (to: string) =>
        mail(to)
          .map((m) => (isLetter(m) ? 'letter' : isMinutes(m) ? 'minutes' : ''))
          .filter(Boolean);
      /** The watchdog's emails about the minutes (or the bundle) to the chair and the coordinator. */
      const alerts = () =>
        [CHAIR, COORDINATOR].flatMap((to) =>
          mail(to)
            .map(subject)
            .filter((t) => /circulation (at risk|deadline missed)|not yet approved/.test(t)),
        );
      const policy = s.rt.deps.policies.get(p.policy);
      const jade = c.attendees.find((a) => a.email === JADE)!.id;
      const solicitor = c.attendees.find((a) => a.email === SOLICITOR)!.id;
      await holdMeeting(s, c, {
        at: `${p.on}T10:00`,
        decideAt: `${p.on}T11:45`,
        exclude: {
          attendeeId: jade,
          part: 'police information about a third party',
          ground: policy.exclusionGrounds[0]!,
        },
      });
      await s.advanceTo(`${p.on}T11:50`);
      expect((await s.api('POST', `/api/conferences/${c.id}/decision/approve`, {})).status).toBe(200);
      await settle(s);
      const decisionAlerts = alerts().length; // the decision's own (none expected, but not this test's subject)

      // The minutes are approved the same day: the father has his; hers and her solicitor's wait.
      const by = c.attendees.find((a) => a.role === 'chair')!.id;
      const saved = await s.api('POST', `/api/conferences/${c.id}/minutes`, {
        text: '## Discussion\n\nThe plan was agreed.',
        by,
      });
      expect(saved.status, JSON.stringify(saved.body)).toBeLessThan(300);
      expect((await s.api('POST', `/api/conferences/${c.id}/minutes/approve`, { by })).status).toBeLessThan(300);
      await settle(s);
      expect(family(MARCUS)).toEqual(['letter', 'minutes']);
      expect(family(JADE)).toEqual([]);
      expect(family(SOLICITOR)).toEqual([]);
      const minutes = async () => (await s.api('GET', `/api/conferences/${c.id}/minutes`)).body;
      const dueAt: string = (await minutes()).dueAt;
      expect(dueAt).toBeTruthy();
      const waiting = (m: any) =>
        m.recipients
          .filter((r: any) => r.channel !== 'none' && r.status !== 'sent')
          .map((r: any) => `${r.attendeeId}:${r.status}`)
          .sort();
      const held = [`${jade}:held`, ...(p.policy === 'cumbria-minutes-due' ? [`${solicitor}:held`] : [])].sort();
      expect(waiting(await minutes())).toEqual(held);

      // The deadline itself (the watchdog before it has run too): no miss, nobody told, no copy sent.
      await s.advanceTo(new Date(Date.parse(dueAt) + 60_000).toISOString());
      const atDeadline = await minutes();
      expect(atDeadline.missed).toBeNull();
      expect(atDeadline.alert).toBeNull();
      expect(atDeadline.complete).toBe(false);
      expect(waiting(atDeadline)).toEqual(held);
      expect(atDeadline.recipients.find((r: any) => r.attendeeId === jade).reason).toBe(
        'waits for their decision letter, held until someone records telling them',
      );
      expect(alerts()).toHaveLength(decisionAlerts);
      const document = policy.recordBundle ? 'record-bundle' : 'minutes';
      const audit = (await s.api('GET', `/api/conferences/${c.id}`)).body.audit as any[];
      expect(audit.filter((a) => a.action === `${document}.missed` || a.action === `${document}.at-risk`)).toEqual([]);
      expect(audit.find((a) => a.action === `${document}.on-time`)?.detail).toEqual({
        dueAt,
        heldCopies: held.length,
      });
      expect(family(JADE)).toEqual([]);
      expect(family(SOLICITOR)).toEqual([]);

      // The chair records telling her: her letter first, then her minutes; the same for her solicitor.
      await toldTheDecision(s, c, jade, { explainedBy: 'chair', how: 'phone', view: 'told-them' });
      expect(family(JADE)).toEqual(['letter', 'minutes']);
      expect(family(SOLICITOR)).toEqual(p.policy === 'cumbria-minutes-due' ? ['letter', 'minutes'] : ['letter']);
      const after = await minutes();
      expect(waiting(after)).toEqual([]);
      expect(after.complete).toBe(true);
      expect(after.circulatedAt).toBeTruthy();
      expect(alerts()).toHaveLength(decisionAlerts);
    },
  );
});
