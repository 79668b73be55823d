/** The conference both benchmarks create: 7 invitations and 5 report requests each (12 messages). */
export const benchConferenceBody = (i: number) => ({
  policy: 'hackney',
  kind: 'initial',
  startsAt: '2027-01-04T10:00',
  strategyDiscussionOn: '2026-12-14',
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
