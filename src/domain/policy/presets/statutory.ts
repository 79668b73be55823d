import type { PolicyInput } from '../schema.ts';
import { DEFAULT_ESCALATION } from '../escalation-route.ts';

/**
 * National minimums from Working Together to Safeguard Children 2023. Local report deadlines and
 * circulation windows are deliberately absent: they are set by each authority, not nationally.
 * The authority presets reuse these values where their document is silent.
 */
export const statutory = {
  id: 'statutory',
  name: 'Statutory minimum (Working Together 2023)',
  shortName: 'statutory',
  authority: 'England (national guidance)',
  example: false,
  basis:
    'Working Together to Safeguard Children 2023 (HM Government): initial conference within 15 working days of the ' +
    'strategy discussion, first core group within 10 working days, first review within 3 months and later reviews ' +
    'at most 6 months apart. It sets no report deadlines or circulation windows: add them in an authority policy. ' +
    'Local practice, not Working Together: a pre-birth conference at least 10 weeks before the expected due date and a ' +
    "transfer-in conference within 15 working days of the other authority's notification.",
  timeZone: 'Europe/London',
  endOfWorkingDay: '17:00',
  // Working Together names no mailbox: placeholders for an authority to replace.
  sender: { name: 'Child protection conferences', address: 'cp-conferences@council.example.gov.uk' },
  reportsMailbox: 'cp-reports@council.example.gov.uk',
  reportsGoTo: 'reports-mailbox',
  conferenceTiming: {
    initialWithinOfStrategyDiscussion: { amount: 15, unit: 'working-days' },
    // Local practice, not national guidance: Working Together and the four authorities' documents give
    // no timing for a pre-birth or a transfer-in conference. Common English procedures (London's, for
    // one) ask for these; an authority sets its own (docs/policies.md).
    preBirthBeforeDueDate: { amount: 10, unit: 'weeks' },
    transferInWithinOfNotification: { amount: 15, unit: 'working-days' },
  },
  parentsSlot: null,
  professionalsArriveEarlyMinutes: 0,
  modes: ['virtual', 'blended', 'in-person'],
  reports: {
    due: {},
    socialWorkerDue: {},
    sharedWithFamilyFirst: true,
    // No national template; a neutral outline so that report requests always name some sections.
    format: {
      name: 'Agency report',
      sections: [
        'Involvement with the child and family',
        "The child's needs and the parents' capacity to meet them",
        "The child's views, wishes and feelings",
        'Analysis and recommendation',
      ],
      guidance: 'Share the report with the family before the conference; keep fact and opinion apart.',
    },
    reminders: {
      workingDaysBefore: [3, 1],
      onDueDate: true,
      chaserAfterWorkingDays: 0,
      escalateAfterWorkingDays: 1,
      flagChairWorkingDaysBefore: 1,
    },
    managerEmailRequired: false,
  },
  views: {
    recommendations: ['child-protection-plan', 'child-in-need', 'no-further-action'],
    categories: ['physical', 'emotional', 'sexual', 'neglect'],
    // Working Together sets no scale; the schema needs one, so the common Signs of Safety wording.
    scale: {
      min: 0,
      max: 10,
      minLabel: 'Too unsafe for the child to stay at home',
      maxLabel: "Safe enough for children's social care to close the case",
    },
    chairOverallScale: false,
    whoGivesViews: 'professionals',
    disagreement: {
      recorded: true,
      escalationRoute: "the local safeguarding partnership's procedure for resolving professional disagreement",
      // familyRoute (where a family member who disagrees goes) is the schema's default: the chair, then the council's complaints procedure.
      // Who an escalation goes to and when its outcome is due: local practice (escalation-route.ts).
      escalation: DEFAULT_ESCALATION,
    },
  },
  circulation: {
    copyManagers: false,
    watchdogMarginHours: 4,
    solicitorCopy: false,
    tellAbsentParentsInPerson: false,
  },
  coreGroup: {
    first: { amount: 10, unit: 'working-days' },
  },
  review: {
    first: { amount: 3, unit: 'months' },
    later: { amount: 6, unit: 'months' },
  },
  quorum: { childrensSocialCare: true, minOtherAgencies: 2, policeAtInitial: false },
  participation: { childMayAttend: true },
  exclusionGrounds: [
    'Exceptionally, where a family member being present would not be in the interests of the child or would put others at risk',
  ],
  complaints:
    'If you are unhappy with the conference or its decision, talk to the chair first. ' +
    'You can also use the council’s complaints procedure for children’s services: ask your social worker for a copy.',
} satisfies PolicyInput;
