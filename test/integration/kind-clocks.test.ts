/**
 * Clocks for every kind of conference (issue #19.7), per preset, through the running service: a
 * pre-birth conference 4 weeks before the due date and a transfer-in conference 7 weeks after the
 * notification are created with a warning naming the rule (local practice, the statutory preset's
 * default), as an initial conference past its 15 working days is; one in time is not warned; the
 * dashboard's form shows the warning on the new conference's page; a transfer-in without its
 * notification date, or with one still to come, is refused naming notifiedOn and creates nothing.
 */
import { getPreset } from '../../src/domain/policy/presets/index.ts';
import { describe, expect, it } from 'vitest';
import { oneService, PRESETS, presetConference } from '../helpers/every-preset.ts';
import { csrfOf, plainText, signedInDashboard } from '../helpers/pages.ts';
import { TEST_API_KEY } from '../helpers/service.ts';

// One service for every preset: nothing here moves the clock, and each test counts only its own conferences.
const s = oneService();
const PRE_BIRTH_RULE =
  'a pre-birth child protection conference is held within 15 working days of the strategy discussion and at least 10 weeks before the expected due date';
const TRANSFER_RULE =
  "a transfer-in child protection conference is held within 15 working days of the other authority's notification";

describe.each(PRESETS)('pre-birth and transfer-in clocks under $policy', (p) => {
  it(
    'warns when either is later than the policy allows, and refuses a transfer-in without its date',
    { timeout: 90_000 },
    async () => {
      const body = (over: Record<string, unknown>) => {
        const { strategyDiscussionOn: _s, ...b } = presetConference(p);
        return { ...b, ...over };
      };
      const children = (due: string) => [
        { firstName: 'Ruby', lastName: 'Testfamily', dateOfBirth: '2019-05-02' },
        { unborn: true, expectedDueDate: due },
      ];

      // Four weeks before the due date (no strategy discussion given): too late for the due date.
      const late = await s.api(
        'POST',
        '/api/conferences',
        body({ kind: 'pre-birth', children: children('2027-02-01') }),
      );
      expect(late.status, JSON.stringify(late.body)).toBe(201);
      expect(late.body.warnings).toContain(
        `This conference is later than the ${getPreset(p.policy).shortName} policy allows (${PRE_BIRTH_RULE}): it should be held by Monday 23 November 2026.`,
      );
      // The same, asked for at a strategy discussion after that date: the warning says the limit had
      // already passed then, not a date nobody could have met (trial: Cumbria, "should be held by" a
      // date before the strategy discussion).
      const passed = await s.api(
        'POST',
        '/api/conferences',
        body({ kind: 'pre-birth', strategyDiscussionOn: '2026-11-30', children: children('2027-02-01') }),
      );
      expect(passed.status, JSON.stringify(passed.body)).toBe(201);
      expect(passed.body.warnings).toContain(
        `This conference is later than the ${getPreset(p.policy).shortName} policy allows (${PRE_BIRTH_RULE}): the latest date, Monday 23 November 2026, had already passed when the strategy discussion took place on Monday 30 November 2026. Hold it as soon as possible and record why it is late.`,
      );
      // The limit came after the strategy discussion: the date it should have been held by.
      const after = await s.api(
        'POST',
        '/api/conferences',
        body({ kind: 'pre-birth', strategyDiscussionOn: '2026-11-27', children: children('2027-02-22') }),
      );
      expect(after.status, JSON.stringify(after.body)).toBe(201);
      expect(after.body.warnings).toContain(
        `This conference is later than the ${getPreset(p.policy).shortName} policy allows (${PRE_BIRTH_RULE}): it should be held by Monday 14 December 2026.`,
      );
      const early = await s.api(
        'POST',
        '/api/conferences',
        body({ kind: 'pre-birth', children: children('2027-04-05') }),
      );
      expect(early.status).toBe(201);
      expect(early.body.warnings.join(' ')).not.toContain('later than');

      // Seven weeks after the notification.
      const transfer = await s.api('POST', '/api/conferences', body({ kind: 'transfer-in', notifiedOn: '2026-11-16' }));
      expect(transfer.status, JSON.stringify(transfer.body)).toBe(201);
      expect(transfer.body.warnings).toContain(
        `This conference is later than the ${getPreset(p.policy).shortName} policy allows (${TRANSFER_RULE}): it should be held by Monday 7 December 2026.`,
      );
      // Told today (the clock's first day), held within the 15 working days.
      const inTime = await s.api(
        'POST',
        '/api/conferences',
        body({ kind: 'transfer-in', notifiedOn: '2026-12-01', startsAt: '2026-12-21T10:00' }),
      );
      expect(inTime.status, JSON.stringify(inTime.body)).toBe(201);
      expect(inTime.body.warnings.join(' ')).not.toContain('later than');

      // Bad input: refused naming the field, nothing created.
      const before = (await s.api('GET', '/api/conferences')).body.total;
      const bad = await s.api('POST', '/api/conferences', body({ kind: 'transfer-in' }));
      expect(bad.status).toBe(400);
      expect(bad.body.issues.map((i: { field: string }) => i.field)).toContain('notifiedOn');
      // A notification still to come (trial finding: it was taken, and the clock counted from it).
      const future = await s.api('POST', '/api/conferences', body({ kind: 'transfer-in', notifiedOn: '2026-12-02' }));
      expect(future.status).toBe(400);
      expect(future.body.issues).toEqual([
        {
          field: 'notifiedOn',
          message: 'is after today (2026-12-01): give the date the other authority told us about the child',
        },
      ]);
      expect((await s.api('GET', '/api/conferences')).body.total).toBe(before);

      // The dashboard's form: the new conference's page shows the same warning.
      if (p.policy === 'hackney') {
        const client = await signedInDashboard(s.url, TEST_API_KEY);
        const form = await client.get('/dashboard/new?policy=hackney');
        const fields: Record<string, string> = {
          _csrf: csrfOf(form.text),
          policy: 'hackney',
          kind: 'transfer-in',
          startsAt: '2027-01-04T10:00',
          durationMinutes: '120',
          notifiedOn: '2026-11-16',
          mode: 'virtual',
          'children-0-firstName': 'Ruby',
          'children-0-lastName': 'Testfamily',
          'children-0-dateOfBirth': '2019-05-02',
        };
        const people = [
          ['Chair Person', 'chair@example.gov.uk', 'chair'],
          ['Sam Social', 'sw@example.gov.uk', 'social-worker'],
          ['Jade Testfamily', 'jade@family.example.com', 'parent'],
        ];
        people.forEach(([name, email, role], i) =>
          Object.assign(fields, {
            [`attendees-${i}-name`]: name,
            [`attendees-${i}-email`]: email,
            [`attendees-${i}-role`]: role,
          }),
        );
        const created = await client.post('/dashboard/new', fields);
        expect(created.status, plainText(created.text).slice(0, 2000)).toBe(303);
        const page = plainText((await client.get(created.location!)).text);
        expect(page).toContain(
          `This conference is later than the Hackney policy allows (${TRANSFER_RULE}): it should be held by Monday 7 December 2026.`,
        );
        // The form refuses a notification still to come on its field, in the API's words.
        const again = await client.get('/dashboard/new?policy=hackney');
        const refused = await client.post('/dashboard/new', {
          ...fields,
          _csrf: csrfOf(again.text),
          notifiedOn: '2026-12-02',
        });
        expect(refused.status).toBe(400);
        expect(plainText(refused.text)).toContain(
          'Date the other authority told us: is after today (2026-12-01): give the date the other authority told us about the child',
        );
      }
    },
  );
});
