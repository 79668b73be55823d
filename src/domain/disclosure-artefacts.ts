/**
 * What the disclosure table (disclosure.ts) is about: its columns, the roles that may receive or
 * open something (attendee roles, a parent's solicitor, a manager's copy), and its rows, every
 * artefact the service sends or shows about a conference, each described once here.
 */
export const DISCLOSURE_ROLES = [
  'chair',
  'social-worker',
  'professional',
  'police',
  'minute-taker',
  'manager',
  'parent',
  'carer',
  'child',
  'advocate',
  'supporter',
  /** A supporter who is the parent's or carer's solicitor (`solicitor: true`, linked with `accompanies`). */
  'solicitor',
  'interpreter',
] as const;
/** The roles of the table: attendee roles (a midwife counts as a professional), a parent's solicitor and a manager's copy. */
export type DisclosureRole = (typeof DISCLOSURE_ROLES)[number];

export const ARTEFACTS = [
  /** One professional's report, in full. */
  'report',
  /** A report as shared with a parent (the withheld parts removed). */
  'report-shared',
  /** The conference pack: every report received. */
  'report-bundle',
  /** The recipient's own view. */
  'own-view',
  /** A professional's (agency's) view: recommendation and reasons. */
  'professional-view',
  /** Another parent's or carer's own view. */
  'parent-view',
  /** The family's joint view, as the chair recorded it for the whole family (older records). */
  'family-view',
  /** The child's own words (given directly, through an advocate or through the social worker). */
  'child-view',
  /** What the chair marked as shareable from the child's view. */
  'child-view-shared',
  /** The decision and plan, professional form (every view, attendance, exclusions, dissent). */
  'decision-professional',
  /** The decision and plan, the family's plain-language form. */
  'decision-family',
  'confidential-notes',
  /** What was said in a part of the meeting the recipient was asked to leave. */
  'excluded-part',
  /**
   * What a part someone was asked to leave was about (the professionals' letter lists each exclusion):
   * for those who were there, like the confidential notes; a manager's copy says only that someone left.
   */
  'exclusion-parts',
  /** Full minutes. */
  'minutes',
  /**
   * Minutes with the confidential sections removed, and any part of the meeting the reader was asked
   * to leave: the family's copy, and the separate copy for a parent's solicitor where the policy asks
   * (Cumbria, `circulation.solicitorCopy`).
   */
  'minutes-family',
  /**
   * The record bundle (Hackney): the approved minutes with the social work and agency reports, each
   * part in the form the reader may have (`minutes` or `minutes-family`; `report` or `report-shared`).
   */
  'record-bundle',
  /** A core group's record in full: attendance, progress on each action, scaling, notes and its confidential notes. */
  'core-group-record',
  /** A core group's record without its confidential notes: the family's copy. */
  'core-group-record-family',
  /**
   * Which children (names, dates of birth) and parents a conference is about, in a professional's
   * invitation, report request, chasers and card, and on their own pages. Never in a subject,
   * preview or calendar file. `caseNames: link-page-only` keeps it to the pages.
   */
  'case-identity',
  /**
   * How each child took part (attended, views through an advocate, a report, a drawing or letter, or
   * not recorded and why): the professionals' record; the reason may say what the child asked.
   */
  'child-participation',
] as const;
export type Artefact = (typeof ARTEFACTS)[number];
