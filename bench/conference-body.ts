/** The conference both benchmarks create: 7 invitations and 5 report requests each (12 messages). */
export const benchConferenceBody = (i: number) => ({
  policy: 'hackney',
  kind: 'initial',
  startsAt: '2027-01-04T10:00',
  strategyDiscussionOn: '2026-12-01',
  children: [{ firstName: 'Bench', lastName: 'Child', dateOfBirth: '2019-01-01' }],
  attendees: [
    { name: 'Chair', email: `chair${i}@example.gov.uk`, role: 'chair' },
    { name: 'SW', email: `sw${i}@example.gov.uk`, role: 'social-worker', managerEmail: `m${i}@example.gov.uk` },
    ...Array.from({ length: 4 }, (_, k) => ({
      name: `P${k}`,
      email: `p${k}-${i}@example.org`,
      role: 'professional',
      agency: 'Health',
    })),
    { name: 'Parent', email: `parent${i}@example.com`, role: 'parent' },
  ],
});

type BenchApi = (method: string, path: string, body?: unknown) => Promise<unknown>;

/** Starts a bench conference's meeting with everyone present and records a plan decision (no reports asked for). */
export async function holdAndDecide(api: BenchApi, c: { id: string; attendees: { id: string }[] }): Promise<void> {
  const base = `/api/conferences/${c.id}`;
  await api('POST', `${base}/start`, {});
  await api('POST', `${base}/attendance`, { present: c.attendees.map((a) => a.id), apologies: [] });
  await api('POST', `${base}/decision`, {
    outcomes: [{ childId: 'c1', outcome: 'child-protection-plan', categories: ['neglect'], rationale: 'Bench' }],
    withoutReportsReason: 'Bench: no reports were asked for',
    coreGroup: [c.attendees[1]!.id],
  });
}
