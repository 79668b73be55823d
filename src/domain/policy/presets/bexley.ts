import type { PresetInput } from './preset-input.ts';

/** Mirrors Bexley's slides on the 2015 strengths-based conference pilot (reference 002). */
export const bexley = {
  extends: 'statutory',
  id: 'bexley',
  name: 'Bexley (example from the 2015 strengths-based pilot)',
  shortName: 'Bexley',
  authority: 'London Borough of Bexley',
  example: true,
  basis:
    'London Borough of Bexley, "A new approach to Child Protection Conferences" (training slides on the Signs of ' +
    'Safety pilot, 2015): an example to adapt, not current procedure. Where the slides are silent the statutory ' +
    'values apply.',
  endOfWorkingDay: '17:00',
  // The slides name no mailbox: placeholders.
  sender: { name: 'Bexley Child Protection Conferences', address: 'cp-conferences@bexley.example.gov.uk' },
  reportsMailbox: 'cp-reports@bexley.example.gov.uk',
  reportsGoTo: 'reports-mailbox',
  parentsSlot: null,
  professionalsArriveEarlyMinutes: 0,
  reports: {
    // No report deadlines in the slides: statutory (none).
    sharedWithFamilyFirst: true,
    format: {
      name: 'Signs of Safety',
      sections: ['What are we worried about?', "What's working well?", 'What needs to happen?'],
      guidance:
        'Worried about: past harm (who, what, where, when; severity, incidence and impact), danger statements and ' +
        'complicating factors. Working well: existing strengths and existing safety, directly related to the danger. ' +
        'Needs to happen: safety goals, family goals and next steps.',
    },
    managerEmailRequired: false,
  },
  views: {
    // The safety scale question: "10 means the children are safe enough and Children's Social Care no longer
    // need to be involved and 0 means it is too unsafe for the children to stay at home". (An earlier slide
    // labels a "risk scale" the other way round; the safety scale question is the one put to attendees.)
    scale: {
      min: 0,
      max: 10,
      minLabel: 'Too unsafe for the children to stay at home',
      maxLabel: "Safe enough for Children's Social Care to close the case",
    },
    // Each person's number is placed on the scale; the slides describe no separate chair's scale.
    chairOverallScale: false,
  },
  circulation: {
    // Pilot: plan and minutes within 72 hours (before the pilot: plan 48 hours, minutes 15 days).
    plan: { amount: 72, unit: 'hours' },
    copyManagers: false,
    watchdogMarginHours: 4,
    solicitorCopy: false,
    tellAbsentParentsInPerson: false,
  },
  minutes: { amount: 72, unit: 'hours' },
  // The strengths-based pilot (002): danger statements, safety goals and the safety scale.
  plan: {
    reminderWorkingDaysBefore: 3,
    sections: [
      { section: 'danger-statements', heading: 'Danger statements' },
      { section: 'safety-goals', heading: 'Safety goals' },
    ],
  },
  // Child participation was tracked (attended, views shared by other means).
  participation: { childMayAttend: true },
} satisfies PresetInput;
