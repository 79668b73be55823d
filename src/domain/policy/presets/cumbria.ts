import type { PresetInput } from './preset-input.ts';

/** Mirrors Cumbria's guidance for professionals (reference 000) and guide for parents (reference 003). */
export const cumbria = {
  extends: 'statutory',
  id: 'cumbria',
  name: 'Cumbria (example from the Signs of Safety guidance)',
  shortName: 'Cumbria',
  authority: 'Cumbria County Council (since replaced by Cumberland and Westmorland and Furness councils)',
  example: true,
  basis:
    'Cumbria County Council, "Child Protection Conferences: Guidance for Professionals" (Signs of Safety agenda, ' +
    'about 2020) and Cumbria Safeguarding Children Partnership, "Child Protection Conferences: A guide for parents" ' +
    '(about 2019): an example to adapt, not current procedure. The guides say parents arrive "in good time" to meet ' +
    "the chair before the start; the 30-minute parents' slot is our assumption.",
  endOfWorkingDay: '17:00',
  // Neither guide names a mailbox: placeholders.
  sender: { name: 'Cumbria Child Protection Conferences', address: 'cp-conferences@cumbria.example.gov.uk' },
  reportsMailbox: 'cp-reports@cumbria.example.gov.uk',
  reportsGoTo: 'reports-mailbox',
  // Silent on conference timing: statutory.
  parentsSlot: { minutes: 30 },
  professionalsArriveEarlyMinutes: 0,
  modes: ['in-person', 'virtual'],
  reports: {
    // Reports are shared with the family "in advance", with no deadline; nationally there is none either.
    sharedWithFamilyFirst: true,
    format: {
      name: 'Signs of Safety',
      sections: ['What are we worried about?', "What's working well?", 'What needs to happen?'],
      guidance:
        'Give a balance of strengths and worries in plain language, with no jargon. Worries: past harm (duration, ' +
        'frequency, severity, impact), likely future danger and complicating factors. Working well: existing ' +
        "strengths and existing safety. Include the child's and family's wishes and feelings. Talk the worries " +
        'through with the family first; danger statements and safety goals are written with the family before the conference.',
    },
    managerEmailRequired: false,
  },
  views: {
    // "The only decision ... is whether or not to put in place a formal Child Protection Plan"; otherwise a child in need plan.
    recommendations: ['child-protection-plan', 'child-in-need'],
    // Silent on categories: statutory.
    scale: {
      min: 0,
      max: 10,
      minLabel: 'Too unsafe for the child to stay at home',
      maxLabel: "Enough safety around the child for Children's Services to no longer be involved",
    },
    // Each professional scales against the danger statements and safety goals; the chair (IRO) scales overall progress.
    chairOverallScale: true,
    whoGivesViews: 'professionals',
    disagreement: {
      recorded: true,
      escalationRoute: 'Cumbria Safeguarding Children Partnership Escalation Policy and Procedure',
      // The parents' guide: talk to the chair, who can give you the partnership's complaints procedure.
      familyRoute:
        'the chair of the conference first, then the Cumbria Safeguarding Children Partnership complaints procedure',
    },
  },
  circulation: {
    // No circulation windows in either guide.
    copyManagers: false,
    watchdogMarginHours: 4,
    // "A solicitor, who is acting for you in care proceedings ... will receive a separate copy of the minutes".
    solicitorCopy: true,
    // Absent parents are told by the chair or a social worker's visit; the chair then writes.
    tellAbsentParentsInPerson: true,
  },
  coreGroup: {
    first: { amount: 10, unit: 'working-days' },
    cadence: { amount: 4, unit: 'weeks' },
  },
  // Signs of Safety (000): danger statements and safety goals with a scaling score, reviewed at every
  // core group and conference; professional bottom lines; contingency; words and pictures for the child.
  plan: {
    reminderWorkingDaysBefore: 3,
    sections: [
      { section: 'danger-statements', heading: 'Danger statements' },
      { section: 'safety-goals', heading: 'Safety goals' },
      { section: 'bottom-lines', heading: 'Professional bottom lines' },
      { section: 'contingency', heading: 'Contingency arrangements should safety plans not succeed' },
      { section: 'words-and-pictures', heading: 'Words and pictures' },
    ],
  },
  review: {
    first: { amount: 3, unit: 'months' },
    later: { amount: 6, unit: 'months' },
  },
  quorum: { childrensSocialCare: true, minOtherAgencies: 2, policeAtInitial: true },
  participation: {
    childMayAttend: true,
    advocateOfferedFromAge: 11,
    advocacyService: 'NYAS (National Youth Advocacy Service)',
    // Guidance for professionals: "Has a children's version of the plan been created and shared with the child?" (words and pictures).
    childrensPlan: 'words and pictures',
  },
  exclusionGrounds: [
    "There are justifiable reasons to believe the parent's presence will not be in the child's interests",
    'There is evidence that the parent may present a risk of violence to conference members',
    'The child does not want the parent or carer present',
    'Personal information about a family member is to be given which the conference needs to hear but others should not know',
    'A parent or carer does not wish to be in the presence of an ex-partner (the chair decides if the request is appropriate)',
    "Information from a referrer is to be given which, if shared, would disclose the referrer's identity",
    'Personal information is to be shared which an agency is required in law or under codes of practice not to divulge',
    'There is an ongoing investigation and disclosing information would interfere with it',
  ],
  // The guide for parents (003): the chair explains the criteria for a plan, checks the child does not
  // object to the parents' supporter hearing personal information, and whether the interpreter is there.
  checklistItems: [
    {
      id: 'criteria-for-a-plan',
      label: 'Explained the strict criteria a child must meet before a child protection plan is made',
    },
    {
      id: 'child-objects-to-supporter',
      label:
        "Checked that the child does not object to the parents' supporter hearing personal information (if the child objects, the child's wishes come first)",
    },
    {
      id: 'interpreter-there',
      label: 'Checked whether an interpreter is needed and, if so, that they are here',
      // Where someone needs one, the built-in "The interpreter is here and has been introduced" asks it.
      coveredBy: 'interpreter-present',
    },
  ],
  // The guide for parents (003): what a partner should not hear, and care for babies on the day.
  parentsGuide: [
    // Short sentences: the easy read invitation gives each its own line.
    'Is there something about your past your partner should not hear? Tell the professional working with you before the meeting. Most information about your past is private to you.',
    'Babies and young children cannot come to the meeting. Please arrange for someone to look after them. If that is hard, tell your social worker.',
  ],
  complaints:
    'If you are not happy with the conference decision, talk to the chair, who will discuss it with you and can give ' +
    'you a copy of the Cumbria Safeguarding Children Partnership complaints procedure. If you want to complain about ' +
    'a particular professional, each agency has its own complaints procedure and will give you details if you ask.',
} satisfies PresetInput;
