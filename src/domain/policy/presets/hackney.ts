import type { PresetInput } from './preset-input.ts';

/** Mirrors Hackney's "Child Protection Conferences: A Guide for Professionals" (reference 004). */
/**
 * The guide's first contact for complaints about a conference. Named in the family's letters; not
 * emailed (`notify`), because this is an example preset: an authority's own policy sets `notify: true`.
 */
const SERVICE_MANAGER = {
  who: 'named',
  role: 'Service Manager for Safeguarding and Reviewing',
  name: 'Laura Demetriades',
  email: 'laura.demetriades@hackney.gov.uk',
  phone: '020 8356 6115',
} as const;

export const hackney = {
  extends: 'statutory',
  id: 'hackney',
  name: 'Hackney (example from the guide for professionals)',
  shortName: 'Hackney',
  authority: 'London Borough of Hackney',
  example: true,
  basis:
    'Hackney Children and Families Service, "Child Protection Conferences: A Guide for Professionals" ' +
    '(virtual/blended conference guidance, about 2021): an example to adapt, not current procedure.',
  endOfWorkingDay: '17:00',
  sender: {
    name: 'Hackney Child Protection Conferences',
    address: 'childprotectioninvitereportrequest@hackney.gov.uk',
  },
  reportsMailbox: 'HackneyCYPsreports@hackney.gov.uk',
  reportsGoTo: 'reports-mailbox',
  // The guide is silent on conference timing: statutory.
  // Parents with the chair at 10:00 (or 14:00); professionals join at 10:30 (or 14:30).
  parentsSlot: { minutes: 30 },
  professionalsArriveEarlyMinutes: 0,
  modes: ['virtual', 'blended', 'in-person'],
  reports: {
    // "Initial Conferences ... at least 3 working days before ... Review Conferences 5 working days";
    // pre-birth and transfer-in conferences are initial conferences, so they take the initial rule.
    due: {
      initial: { amount: 3, unit: 'working-days' },
      'pre-birth': { amount: 3, unit: 'working-days' },
      'transfer-in': { amount: 3, unit: 'working-days' },
      review: { amount: 5, unit: 'working-days' },
    },
    // The social worker's report is due with everyone else's: no separate deadline.
    socialWorkerDue: {},
    sharedWithFamilyFirst: true,
    format: {
      name: 'Hackney conference report',
      sections: ['What is working well', 'What are we worried about', 'What needs to change'],
      guidance:
        "Describe the child's daily lived experience and how the change can be achieved. Share and discuss the " +
        'report with the family before the meeting; speak to the family, not about them, without jargon or acronyms.',
    },
    managerEmailRequired: false,
  },
  views: {
    recommendations: ['child-protection-plan', 'child-in-need', 'no-further-action'],
    categories: ['emotional', 'neglect', 'physical', 'sexual'],
    // The guide has no scale: statutory wording.
    chairOverallScale: false,
    // "All attendees will be asked to give their view"; the chair has the overriding final decision.
    whoGivesViews: 'every-attendee',
    // Silent on professional disagreement beyond the chair's final say: statutory. A family is sent to
    // the guide's complaints route (the Service Manager, then the complaints team).
    disagreement: {
      familyRoute:
        'the Service Manager for Safeguarding and Reviewing first, then the Children and Families Complaints Team',
      // The guide's complaints contacts: the Service Manager hears "any aspect of a conference" first,
      // from professionals and families alike; the complaints team is the family's next step.
      escalation: {
        professional: {
          tell: [{ who: 'chair' }, SERVICE_MANAGER, { who: 'professionals-manager' }, { who: 'coordinator' }],
        },
        family: {
          tell: [
            { who: 'chair' },
            SERVICE_MANAGER,
            {
              who: 'named',
              role: 'Children and Families Complaints Team',
              email: 'children.complaints@hackney.gov.uk',
              phone: '020 8356 5800',
            },
            { who: 'coordinator' },
          ],
        },
      },
    },
  },
  circulation: {
    decision: { amount: 24, unit: 'hours' },
    plan: { amount: 24, unit: 'hours' },
    copyManagers: false,
    watchdogMarginHours: 4,
    solicitorCopy: false,
    tellAbsentParentsInPerson: false,
  },
  // Minutes travel in the record bundle (minutes, social work report, agency reports).
  recordBundle: { amount: 15, unit: 'working-days' },
  // The guide names a core group but no timescales: statutory.
  participation: { childMayAttend: true },
  exclusionGrounds: [
    'Anyone else seen or heard in the background of a virtual conference: the chair may remove that attendee from the video or call',
  ],
  complaints:
    'If you wish to complain about any part of a child protection conference, first contact the Service Manager for ' +
    'Safeguarding and Reviewing, Laura Demetriades (laura.demetriades@hackney.gov.uk, 020 8356 6115). If you are not ' +
    'satisfied with the reply, contact the Children and Families Complaints Team on 020 8356 5800 or ' +
    'children.complaints@hackney.gov.uk.',
} satisfies PresetInput;
