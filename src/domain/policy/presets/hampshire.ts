import type { PresetInput } from './preset-input.ts';

const hours = (amount: number) => ({ amount, unit: 'hours' }) as const;

/** Mirrors Hampshire's "Good Practice Guidance for the Child Protection Conferencing Process" (June 2010, reference 001). */
export const hampshire = {
  extends: 'statutory',
  id: 'hampshire',
  name: 'Hampshire (example from the 2010 good practice guidance)',
  shortName: 'Hampshire',
  authority: 'Hampshire County Council',
  example: true,
  basis:
    'Hampshire LSCB, "Good Practice Guidance for the Child Protection Conferencing Process" (June 2010, under ' +
    'Working Together 2010): an example to adapt, not current procedure.',
  endOfWorkingDay: '17:00',
  // The guidance names no mailbox: placeholders.
  sender: { name: 'Hampshire Child Protection Conferences', address: 'cp-conferences@hampshire.example.gov.uk' },
  reportsMailbox: 'cp-reports@hampshire.example.gov.uk',
  reportsGoTo: 'chair',
  // Silent on conference timing: statutory.
  parentsSlot: null,
  // "Arrive at least 15 minutes before the start ... to read reports and speak to the Chair".
  professionalsArriveEarlyMinutes: 15,
  modes: ['in-person'],
  reports: {
    // Reports with the chair 24 hours in advance, the social worker's 48 hours; the same for every kind.
    due: { initial: hours(24), review: hours(24), 'pre-birth': hours(24), 'transfer-in': hours(24) },
    socialWorkerDue: { initial: hours(48), review: hours(48), 'pre-birth': hours(48), 'transfer-in': hours(48) },
    sharedWithFamilyFirst: true,
    format: {
      name: 'Hampshire report for child protection conference (Appendix 3)',
      sections: [
        'Details of service involvement',
        "Information and knowledge relating to the child's health and development",
        "Information and knowledge on the capacity of the parents/carers to safeguard and promote the child's welfare, including previous family history that may influence risk",
        'Family and environmental factors that influence resilience or risk',
        "The child's view of the situation and what needs to change",
        "The parent/carers' view of the situation and what needs to change",
        "Analysis of implications for the child's future safety, health and development, including risk factors and strengths",
      ],
      reviewSections: [
        'Details of planned and actual service involvement since the last conference',
        'Any new issues or concerns',
        'Outcomes of work carried out since the last conference',
        "The child's view of the situation and what now needs to change",
        "The parent/carers' view of the situation and what now needs to change",
        "Analysis of implications for the child's future safety, health and development, including risk factors and strengths",
      ],
      guidance:
        'A written, legible and signed report. Distinguish carefully between fact, observation, allegation and ' +
        'opinion. Share the report with the parent/carer before the conference and say whether a chronology is attached.',
    },
    // "Attendees ... will be asked to give both their and their manager's email address".
    managerEmailRequired: true,
    // "who read it" and a signature, from the Hampshire report templates
    signedAndReadRequired: true,
  },
  views: {
    recommendations: ['child-protection-plan', 'child-in-need', 'no-further-action'],
    categories: ['physical', 'emotional', 'sexual', 'neglect'],
    // Silent on scaling: statutory.
    chairOverallScale: false,
    // The conference decides whether a plan is needed; the chair decides the category.
    whoGivesViews: 'professionals',
  },
  circulation: {
    // The decision is given at the conference; the plan is produced there or emailed within 2 working days.
    plan: { amount: 2, unit: 'working-days' },
    hardCopy: { amount: 5, unit: 'days' },
    copyManagers: true,
    watchdogMarginHours: 4,
    solicitorCopy: false,
    tellAbsentParentsInPerson: false,
  },
  minutes: { amount: 10, unit: 'working-days' },
  coreGroup: {
    // From October 2010 the core group follows on directly after an initial conference.
    first: hours(0),
    cadence: { amount: 6, unit: 'weeks' },
    // "chaired by a team manager or an experienced social worker ... not the allocated social worker".
    allocatedSocialWorkerMayChair: false,
    straightAfterMinutes: 60,
  },
  // Silent on review timescales: statutory.
  // "determine the visiting frequency for the key worker to see the child" (the plan's requirements).
  childProtectionPlan: { keyWorker: true, visitingFrequency: true },
} satisfies PresetInput;
