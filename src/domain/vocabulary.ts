/** The domain's own words, spelled once and used everywhere (code, cards, emails, docs). */
export const CONFERENCE_KINDS = ['initial', 'review', 'pre-birth', 'transfer-in'] as const;
export type ConferenceKind = (typeof CONFERENCE_KINDS)[number];

export const MEETING_MODES = ['virtual', 'blended', 'in-person'] as const;
export type MeetingMode = (typeof MEETING_MODES)[number];

export const MEETING_PROVIDERS = ['local', 'google', 'teams'] as const;
export type MeetingProviderName = (typeof MEETING_PROVIDERS)[number];

export const ROLES = [
  'chair',
  'social-worker',
  'professional',
  'police',
  'midwife',
  'parent',
  'carer',
  'child',
  'advocate',
  'supporter',
  'interpreter',
  'minute-taker',
] as const;
export type Role = (typeof ROLES)[number];

/** Role names as professionals read them, the same in emails, cards and pages. */
export const ROLE_LABELS: Record<Role, string> = {
  chair: 'Chair',
  'social-worker': 'Social worker',
  professional: 'Professional',
  police: 'Police',
  midwife: 'Midwife',
  parent: 'Parent',
  carer: 'Carer',
  child: 'Child or young person',
  advocate: 'Advocate',
  supporter: 'Supporter',
  interpreter: 'Interpreter',
  'minute-taker': 'Minute taker',
};

/** Family members: plain-language letters, contact by preference, never a confidential part. */
export const FAMILY_ROLES: ReadonlySet<Role> = new Set<Role>(['parent', 'carer', 'child']);
/** Roles that are asked for a written report. */
export const REPORTING_ROLES: ReadonlySet<Role> = new Set<Role>(['social-worker', 'professional', 'police', 'midwife']);
/** Roles that count as an agency for quoracy and give a professional view. */
export const AGENCY_ROLES: ReadonlySet<Role> = new Set<Role>(['social-worker', 'professional', 'police', 'midwife']);

export const CONTACT_PREFERENCES = ['email', 'post', 'via-social-worker'] as const;
export type ContactPreference = (typeof CONTACT_PREFERENCES)[number];

export const ACCESSIBILITY_NEEDS = [
  'easy-read',
  'large-print',
  'bsl',
  'audio',
  'braille',
  'step-free-access',
  'hearing-loop',
] as const;
export type AccessibilityNeed = (typeof ACCESSIBILITY_NEEDS)[number];

export const RECOMMENDATIONS = ['child-protection-plan', 'child-in-need', 'no-further-action'] as const;
export type Recommendation = (typeof RECOMMENDATIONS)[number];

export const CATEGORIES_OF_HARM = ['emotional', 'neglect', 'physical', 'sexual'] as const;
export type CategoryOfHarm = (typeof CATEGORIES_OF_HARM)[number];

export const RSVP_STATES = ['needs-action', 'accepted', 'tentative', 'declined'] as const;
export type RsvpState = (typeof RSVP_STATES)[number];

/** Plain-language labels for families (no acronyms). */
export const PLAIN_RECOMMENDATION: Record<Recommendation, string> = {
  'child-protection-plan': 'a child protection plan',
  'child-in-need': 'a child in need plan',
  'no-further-action': 'no further action under child protection procedures',
};

/** The chair's pre-meeting checklist with the parents. */
export const CHECKLIST_ITEMS = [
  'explained-how-it-runs',
  'who-is-attending',
  'supporter-or-advocate',
  'exclusion-requests',
  'childs-views',
  'reports-seen-by-parents',
  /** Only where there are arrangements to make (tasks.ts): interpreters, accessibility, an advocacy referral. */
  'arrangements-in-place',
  /** Only where someone needs an interpreter: the interpreter is there and has been introduced. */
  'interpreter-present',
] as const;
export type ChecklistItem = (typeof CHECKLIST_ITEMS)[number];

/** The Signs of Safety sections a plan can hold, where the policy names them (plan.ts). */
export const PLAN_SECTIONS = [
  'danger-statements',
  'safety-goals',
  'bottom-lines',
  'contingency',
  'words-and-pictures',
] as const;
export type PlanSection = (typeof PLAN_SECTIONS)[number];
