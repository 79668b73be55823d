/**
 * Every door does the same thing. One conference is run through the API (the coordinator's key),
 * one through the chair's personal page and one through the chair's Teams cards: open the round of
 * views, record a view for the police officer on the phone, decide, approve. The state, the
 * decision, the views, the audit trail's actions, the emails (by recipient and subject) and the
 * cards (by recipient and title) come out the same: only who the audit says acted differs (the
 * coordinator's key, or the chair).
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Conference } from '../../src/domain/conference.ts';
import { csrfOf, linkPath, PageClient } from '../helpers/pages.ts';
import { hackneyInitialBody } from '../helpers/service.ts';
import { cardText, startTeamsHarness, titleOf, USERS, type TeamsHarness } from '../helpers/teams-harness.ts';

let h: TeamsHarness;
afterAll(async () => h?.stop());

type Door = 'api' | 'web' | 'teams';

describe('every door does the same thing', () => {
  it(
    'the API, the chair’s page and Teams give the same outcome for the same meeting',
    { timeout: 120_000 },
    async () => {
      h = await startTeamsHarness();
      // Two more conferences like the harness's own, with the same people on Teams.
      const body = hackneyInitialBody();
      const teamsIds: Record<string, string> = {
        chair: USERS.chair.aadObjectId,
        'social-worker': USERS.sw.id,
        police: USERS.police.id,
      };
      const attendees = (body.attendees as Record<string, unknown>[]).map((a) =>
        teamsIds[a['role'] as string] ? { ...a, teamsUserId: teamsIds[a['role'] as string] } : a,
      );
      const ids: Record<Door, string> = { teams: h.conferenceId, api: '', web: '' };
      for (const door of ['api', 'web'] as const) {
        const r = await h.s.api('POST', '/api/conferences', { ...body, attendees });
        expect(r.status, JSON.stringify(r.body)).toBe(201);
        ids[door] = r.body.id;
      }
      const load = async (door: Door) => (await h.s.rt.deps.store.get(ids[door])) as Conference;
      const c0 = await load('teams');
      const who = (role: string) => c0.attendees.find((a) => a.role === role)!.id;
      const [sw, hv, police] = [who('social-worker'), who('professional'), who('police')];
      await h.s.advanceTo(c0.timetable.professionalsJoinAt);
      const mark = h.s.smtp.messages.length;
      const cardMark = h.fc.posted.length;

      const outcomes = [
        {
          childId: 'c1',
          outcome: 'child-protection-plan',
          categories: ['neglect'],
          rationale: 'Neglect of health needs',
          // The chair's reasons for the family; child 2 has none (a warning, not an error).
          familyRationale: 'Ruby has missed many health checks',
        },
        { childId: 'c2', outcome: 'child-in-need', categories: [], rationale: 'Support will do' },
      ];
      // No reports and no attendance register in this meeting: the chair says why at every door.
      const reasons = {
        withoutReportsReason: 'Reports were given orally',
        inquorateReason: 'The register is on paper',
      };
      const police_view = {
        childId: 'c1',
        recommendation: 'child-in-need',
        rationale: 'Police: no offences',
        scale: 5,
      };

      // The doors, as a person at each would use them.
      const chairPage = async (conferenceId: string) => {
        const path = await linkPath(h.s, conferenceId, who('chair'), 'chair');
        const client = new PageClient(h.s.url);
        const post = async (fields: Record<string, string | string[]>) => {
          const page = await client.get(path);
          const res = await client.post(path, { _csrf: csrfOf(page.text), ...fields });
          expect(res.status, res.text.slice(0, 2000)).toBe(303);
        };
        return post;
      };
      const run: Record<
        Door,
        {
          open(): Promise<void>;
          viewFor(childId: string, recommendation: string): Promise<void>;
          decide(): Promise<void>;
          approve(): Promise<void>;
        }
      > = {
        api: {
          open: async () =>
            expect((await h.s.api('POST', `/api/conferences/${ids.api}/views/open`, {})).status).toBe(200),
          viewFor: async (childId, recommendation) =>
            expect(
              (
                await h.s.api('POST', `/api/conferences/${ids.api}/views`, {
                  attendeeId: police,
                  ...police_view,
                  childId,
                  recommendation,
                })
              ).status,
            ).toBe(201),
          decide: async () => {
            const r = await h.s.api('POST', `/api/conferences/${ids.api}/decision`, {
              outcomes,
              plan: [],
              coreGroup: [sw, hv],
              ...reasons,
            });
            expect(r.status, JSON.stringify(r.body)).toBe(201);
            // Recorded, with warnings: no reasons in plain words for the family for child 2, and a
            // core group of the social worker and health visitor only (the chair's choice, said).
            expect(r.body.warnings).toEqual([
              'c2: no reasons in plain words for the family: their letter will say the social worker will explain why, until you add them',
              "The core group has no parent or carer: they would not be invited to its meetings. Add its members to the decision's core group (coreGroup) before approving, if they should come.",
            ]);
          },
          approve: async () =>
            expect((await h.s.api('POST', `/api/conferences/${ids.api}/decision/approve`, {})).status).toBe(200),
        },
        web: {
          open: async () => (await chairPage(ids.web))({ action: 'open-round' }),
          viewFor: async (childId, recommendation) =>
            (await chairPage(ids.web))({
              action: 'record-view',
              who: police,
              childId,
              recommendation,
              rationale: police_view.rationale,
              scale: '5',
            }),
          decide: async () =>
            (await chairPage(ids.web))({
              action: 'decide',
              'c1-recommendation': 'child-protection-plan',
              'c1-categories': 'neglect',
              'c1-rationale': outcomes[0]!.rationale,
              'c1-familyRationale': outcomes[0]!.familyRationale!,
              'c2-recommendation': 'child-in-need',
              'c2-rationale': outcomes[1]!.rationale,
              coreGroup: [sw, hv],
              ...reasons,
            }),
          approve: async () => (await chairPage(ids.web))({ action: 'approve' }),
        },
        teams: {
          open: async () => void (await h.act(USERS.chair, 'open-views', { conferenceId: ids.teams })),
          viewFor: async (childId, recommendation) =>
            void (await h.act(USERS.chair, 'record-view-for', {
              conferenceId: ids.teams,
              who: police,
              childId,
              recommendation,
              rationale: police_view.rationale,
              scale: '5',
            })),
          decide: async () =>
            void (await h.act(USERS.chair, 'decide', {
              conferenceId: ids.teams,
              'outcome-c1': 'child-protection-plan',
              'categories-c1': 'neglect',
              'rationale-c1': outcomes[0]!.rationale,
              'familyRationale-c1': outcomes[0]!.familyRationale!,
              'outcome-c2': 'child-in-need',
              'rationale-c2': outcomes[1]!.rationale,
              coreGroup: `${sw},${hv}`,
              ...reasons,
            })),
          approve: async () => void (await h.act(USERS.chair, 'approve', { conferenceId: ids.teams })),
        },
      };

      const doors: Door[] = ['api', 'web', 'teams'];
      for (const door of doors) await run[door].open();
      // The social worker and the health visitor answer on their own cards, in every conference alike.
      for (const door of doors) {
        for (const [u, childId, v] of [
          [
            USERS.sw,
            'c1',
            {
              recommendation: 'child-protection-plan',
              categories: 'neglect',
              rationale: 'Chronic neglect',
              scale: '2',
            },
          ],
          [USERS.sw, 'c2', { recommendation: 'child-in-need', rationale: 'Less affected', scale: '6' }],
          [
            USERS.hv,
            'c1',
            {
              recommendation: 'child-protection-plan',
              categories: 'neglect',
              rationale: 'Missed appointments',
              scale: '3',
            },
          ],
          [USERS.hv, 'c2', { recommendation: 'no-further-action', rationale: 'No concerns', scale: '8' }],
        ] as const)
          await h.act(u, 'view', { conferenceId: ids[door], childId, ...v });
      }
      for (const door of doors) await run[door].viewFor('c1', 'child-in-need');
      for (const door of doors) await run[door].viewFor('c2', 'no-further-action');
      for (const door of doors) await run[door].decide();
      // The chair's page and card show the family's reasons and warn that child 2 has none.
      const decided = await new PageClient(h.s.url).get(await linkPath(h.s, ids.web, who('chair'), 'chair'));
      expect(decided.text).toContain('Why, in plain words for the family');
      expect(decided.text).toContain('>Ruby has missed many health checks</textarea>');
      expect(decided.text).toMatch(
        /<strong>Child 2: Leo[^<]*: no reasons in plain words for the family: their letter will say the social worker will explain why, until you add them\.<\/strong>/,
      );
      const round = await h.act(USERS.chair, 'refresh', { conferenceId: ids.teams, card: 'round' });
      const roundCard = cardText(round);
      expect(roundCard).toContain('"id":"familyRationale-c1"');
      expect(roundCard).toContain('"title":"Why, for the family","value":"Ruby has missed many health checks"');
      const warning = (round.body as { text?: string; color?: string }[]).find((b) =>
        b.text?.startsWith('Child 2 (c2): no reasons in plain words for the family'),
      );
      expect(warning?.color).toBe('Attention');
      for (const door of doors) await run[door].approve();
      await h.s.idle();

      const c = Object.fromEntries(await Promise.all(doors.map(async (d) => [d, await load(d)] as const))) as Record<
        Door,
        Conference
      >;
      const ref = (d: Door) => c[d].reference;
      const outcome = (d: Door) => ({
        state: c[d].state,
        outcomes: c[d].decision!.outcomes,
        coreGroup: c[d].decision!.coreGroup,
        dissent: c[d]
          .decision!.dissent.map((x) => `${x.attendeeId}/${x.childId}/${x.recommendation}/${x.escalationRoute}`)
          .sort(),
        views: c[d].views
          .map((v) => `${v.attendeeId}/${v.childId}/${v.recommendation}/${v.rationale}/${v.scale}`)
          .sort(),
      });
      const audit = async (d: Door) =>
        (await h.s.rt.deps.store.readAudit(ids[d]))
          .map((e) => e.action)
          .filter((a) => !a.startsWith('conference.') && !a.startsWith('invite'))
          .sort();
      const mails = (d: Door) =>
        h.s.smtp.messages
          .slice(mark)
          .filter((m) => (m.parsed.subject ?? '').includes(ref(d)))
          .map(
            (m) =>
              `${m.envelopeTo.join(',')} :: ${(m.parsed.subject ?? '').replaceAll(ref(d), 'REF').replace(/CPC-\d{4}-\d{4}/g, 'OTHER')}`,
          )
          .sort();
      const cards = (d: Door) =>
        h.fc.posted
          .slice(cardMark)
          .flatMap((p) =>
            (p.activity.attachments ?? []).map(
              (a: { content: unknown }) => `${p.conversationId} :: ${titleOf(a.content)}`,
            ),
          )
          .filter((t) => t.includes(ref(d)))
          // The chair's own round card, kept current in the chat where the chair works it, is the Teams door itself.
          .filter((t) => !(d === 'teams' && t.endsWith(`${ref(d)}: round of views`)))
          .map((t) => t.replaceAll(ref(d), 'REF'))
          .sort();

      expect(outcome('api').state).toBe('follow-up'); // approved, circulated, and on to the follow-ups
      expect(outcome('api').dissent).toHaveLength(3); // police for both children, the health visitor for c2
      // The professionals whose view differs are told their route: the police officer (no Teams app) by one
      // email for both children, the health visitor by card.
      expect(
        mails('api').filter((m) => m.startsWith('police@police.example.uk :: REF: your view differs')),
      ).toHaveLength(1);
      const policeDissent = h.s.smtp.messages.find(
        (m) =>
          m.envelopeTo.includes('police@police.example.uk') &&
          m.parsed.subject === `${ref('api')}: your view differs from the decision`,
      )!;
      expect(policeDissent.parsed.text).toContain('your view differs from the decision for 2 children');
      expect(cards('api').some((t) => t.endsWith('REF: your view differs from the decision'))).toBe(true);
      for (const d of ['web', 'teams'] as const) {
        expect(outcome(d), d).toEqual(outcome('api'));
        expect(await audit(d), d).toEqual(await audit('api'));
        expect(mails(d), d).toEqual(mails('api'));
        expect(cards(d), d).toEqual(cards('api'));
      }
      // After approval the chair's page shows the decision, not a form or a list of views still owed.
      const after = await new PageClient(h.s.url).get(await linkPath(h.s, ids.web, who('chair'), 'chair'));
      expect(after.status).toBe(200);
      expect(after.text).toContain('<h2 id="decision-h">The decision</h2>');
      expect(after.text).toContain(outcomes[0]!.rationale);
      expect(after.text).not.toMatch(/The decision form appears|you record it below|Still to give a view/);

      // Only the actor differs: the key proves the coordinator, the page and the card the chair.
      const actorOf = async (d: Door) =>
        (await h.s.rt.deps.store.readAudit(ids[d])).find((e) => e.action === 'decision.approved')!.actor;
      expect(await actorOf('api')).toBe('coordinator');
      expect(await actorOf('web')).toBe(who('chair'));
      expect(await actorOf('teams')).toBe(who('chair'));
    },
  );
});
