import { z } from 'zod/v4';
import { CHECKLIST_ITEMS, CONFERENCE_KINDS, MEETING_MODES, PLAN_SECTIONS } from '../vocabulary.ts';
import { LONDON } from '../calendar/zone.ts';
import { TEXT_KINDS } from '../texts.ts';
import { Timings } from './timings.ts';
import { Duration, hhmm } from './duration.ts';
import { ReportsPolicy } from './reports-policy.ts';
import { ViewsPolicy } from './views-policy.ts';
import { ReviewedLetters } from './reviewed-letters.ts';

const email = z.email();

/**
 * Letters go first class by default: a letter about the meeting is relied on 2 working days after
 * posting (letters.ts), which second class (up to 3 working days) does not keep.
 */
export const DEFAULT_POSTAGE = 'first';

/** How family members are reached through GOV.UK Notify, where it is configured. */
/** A policy's id in words, for one that gives no `shortName`: `west-riverside` → "West Riverside". */
export const shortNameFromId = (id: string): string =>
  id
    .split('-')
    .filter(Boolean)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');

export const FamilyContact = z
  .object({
    /** Postage of every letter Notify prints and posts. @defaultValue {@link DEFAULT_POSTAGE} */
    postage: z.enum(['first', 'second']).default(DEFAULT_POSTAGE),
    /** Which text reminders a parent or carer who agreed to texts gets. @defaultValue all of them */
    texts: z.array(z.enum(TEXT_KINDS)).default([...TEXT_KINDS]),
    /** London time of the reminder on the working day before the meeting. @defaultValue `10:00` */
    dayBeforeAt: hhmm.default('10:00'),
  })
  .strict();

export const PolicySchema = z
  .object({
    /** Slug used on the command line and in POLICY_FILE, e.g. `hackney`. */
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,40}$/, 'expected a lower-case slug such as "hackney"'),
    name: z.string().min(1),
    /**
     * What people read in a sentence: "under the Hampshire policy". The id stays in logs and the API.
     * @defaultValue the id in words: `west-riverside` is "West Riverside"
     */
    shortName: z
      .string()
      .trim()
      .min(1)
      .max(40)
      .regex(/^[^\x00-\x1f\x7f]*$/, 'one line of text: no line breaks or control characters')
      .optional(),
    authority: z.string().min(1),
    /** True for presets that mirror an old or sample document: an example to adapt, not current procedure. */
    example: z.boolean(),
    /** Where each rule comes from (document and year). */
    basis: z.string().min(1),
    timeZone: z.literal(LONDON),
    /** A deadline counted in working days falls due at this local time. */
    endOfWorkingDay: hhmm.default('17:00'),

    /** All invites and report requests come from one mailbox. */
    sender: z
      .object({
        /** The From header's display name: one line (a line break would start another header). */
        name: z
          .string()
          .min(1)
          .regex(
            /^[^\x00-\x1f\x7f]*$/,
            'one line of text: no line breaks or control characters (it is the From header)',
          ),
        address: email,
      })
      .strict(),
    /** Where professionals send reports (replies to requests are addressed here with a per-attendee token). */
    reportsMailbox: email,
    /** Who reports go to, as the policy words it. */
    reportsGoTo: z.enum(['reports-mailbox', 'chair']).default('reports-mailbox'),
    /**
     * Professionals' invitations, report requests and Teams cards name each child (with date of birth
     * or due date) and the parents in the body, never in a subject or preview. `link-page-only` keeps
     * names off email and chat: they appear only on the professional's personal link page.
     */
    caseNames: z.enum(['email-and-link-page', 'link-page-only']).default('email-and-link-page'),

    conferenceTiming: z
      .object({
        /** Initial (and pre-birth) conference within this span of the strategy discussion that started the enquiry. */
        initialWithinOfStrategyDiscussion: Duration.optional(),
        /** Transfer-in conference within this span of the other authority's notification. */
        transferInWithinOfNotification: Duration.optional(),
        /** Pre-birth conference at least this long before the expected due date. */
        preBirthBeforeDueDate: Duration.optional(),
      })
      .strict(),

    /**
     * The chair's private slot with the parents: the calendar starts at `startsAt` with the parents,
     * professionals join `minutes` later (Hackney 10:00 / 10:30).
     */
    parentsSlot: z
      .object({ minutes: z.number().int().min(5).max(120) })
      .strict()
      .nullable(),
    /** Professionals arrive this many minutes before the start to read reports and speak to the chair (Hampshire). */
    professionalsArriveEarlyMinutes: z.number().int().min(0).max(60).default(0),
    modes: z.array(z.enum(MEETING_MODES)).min(1),

    reports: ReportsPolicy,
    views: ViewsPolicy,

    circulation: z
      .object({
        /** Decision circulated within this span of the end of the meeting. */
        decision: Duration.optional(),
        plan: Duration.optional(),
        /** Hard copies (post) to those without email within this span (Hampshire 5 days). */
        hardCopy: Duration.optional(),
        /** Copy the decision to professionals' managers (Hampshire). */
        copyManagers: z.boolean(),
        /** The watchdog warns this many hours before a circulation deadline about anything undelivered. */
        watchdogMarginHours: z.number().int().min(1).max(72),
        /** A separate copy of the parents' minutes to their solicitor (Cumbria). */
        solicitorCopy: z.boolean(),
        /** Absent parents are told in person by the chair or social worker before any letter (Cumbria). */
        tellAbsentParentsInPerson: z.boolean(),
      })
      .strict(),

    /**
     * The approved minutes reach everyone within this span of the end of the meeting (Hampshire 10
     * working days, Bexley 72 hours); absent, no window is watched. Where `recordBundle` is set the
     * minutes travel in the bundle and its window applies instead.
     */
    minutes: Duration.optional(),
    /** Minutes, social work and agency reports circulated as one bundle (Hackney 15 working days). */
    recordBundle: Duration.optional(),

    coreGroup: z
      .object({
        /** First core group within this span of the initial conference (0 hours = straight after). */
        first: Duration.optional(),
        /** Later core groups at least this often. */
        cadence: Duration.extend({
          amount: z.number().int().min(1, 'at least 1: a core group cannot recur every 0 days').max(400),
        })
          .strict()
          .optional(),
        /**
         * The allocated social worker may chair the core group. Hampshire: no (a team manager or an
         * experienced social worker chairs). @defaultValue true
         */
        allocatedSocialWorkerMayChair: z.boolean().default(true),
        /**
         * Where the first core group meets straight after the initial conference (`first` is 0 hours):
         * the conference's calendar entry runs this many minutes longer to cover it. @defaultValue 60
         */
        straightAfterMinutes: z.number().int().min(15).max(240).default(60),
        /**
         * The social worker and the core group chair are told this many working days before the next
         * core group is due when none is booked. @defaultValue 5
         */
        nagWorkingDaysBefore: z.number().int().min(0).max(20).default(5),
        /**
         * A core group's record (attendance, progress, scaling, notes) reaches its members within this
         * span of the core group's end; after it the social worker and the core group chair are chased
         * and the coordinator's worklist shows it. None of the source documents sets a window for core
         * group records, so every preset takes the local practice of 10 working days (Hampshire's
         * window for the conference's minutes). @defaultValue 10 working days
         */
        recordWithin: Duration.default({ amount: 10, unit: 'working-days' }),
      })
      .strict(),
    review: z.object({ first: Duration.optional(), later: Duration.optional() }).strict(),

    plan: z
      .object({
        /** The owner of a plan action is reminded this many working days before it is due. @defaultValue 3 */
        reminderWorkingDaysBefore: z.number().int().min(0).max(20).default(3),
        /**
         * The Signs of Safety sections this policy's plan uses, in order, each under the policy's own
         * heading (letters and pages show them so). Empty: the plan table only. A section not listed is
         * refused on the decision (`signsOfSafety.<section>`). @defaultValue []
         */
        sections: z
          .array(z.object({ section: z.enum(PLAN_SECTIONS), heading: z.string().min(1).max(120) }).strict())
          .max(PLAN_SECTIONS.length)
          .default([]),
      })
      .strict()
      .prefault({}),

    quorum: z
      .object({
        /** Children's social care (the social worker) must be present. */
        childrensSocialCare: z.boolean(),
        /** At least this many other agencies with direct contact with the child or family. */
        minOtherAgencies: z.number().int().min(0).max(10),
        /** Police must attend every initial conference (Cumbria). */
        policeAtInitial: z.boolean(),
      })
      .strict(),

    /**
     * What the decision records for each child on a child protection plan: the key worker (the lead
     * social worker) and how often they visit the child (Hampshire: "determine the visiting frequency
     * for the key worker to see the child").
     */
    childProtectionPlan: z
      .object({ keyWorker: z.boolean().default(false), visitingFrequency: z.boolean().default(false) })
      .strict()
      .default({ keyWorker: false, visitingFrequency: false }),

    participation: z
      .object({
        childMayAttend: z.boolean(),
        /** An advocate is offered to children of this age and over (Cumbria: 11, NYAS). */
        advocateOfferedFromAge: z.number().int().min(0).max(18).optional(),
        advocacyService: z.string().optional(),
        /**
         * Working days before the meeting by which the child is referred to the advocacy service (a
         * task for the coordinator, shown to the chair until done). Local practice, not statute.
         * @defaultValue 5
         */
        advocacyReferralDaysBefore: z.number().int().min(1).max(30).default(5),
        /**
         * After approval the social worker explains the decision to each child of this age and over
         * (an age to understand). Local practice. @defaultValue 5
         */
        explainDecisionFromAge: z.number().int().min(0).max(18).default(5),
        /** Working days after approval for the explanation. @defaultValue 5 */
        explainDecisionWithinWorkingDays: z.number().int().min(1).max(30).default(5),
        /** A children's version of the plan goes with it, in the form named (Cumbria: "words and pictures"). */
        childrensPlan: z.string().min(1).max(120).optional(),
      })
      .strict(),

    /**
     * The policy's own items on the chair's pre-meeting checklist, after the built-in ones (Cumbria's
     * parents' guide: explaining the criteria for a plan, the child's objection to a supporter,
     * whether the interpreter is there). Each has a short id (kebab-case, not a built-in item's) and
     * the label the chair reads; `coveredBy` names a conditional built-in item that says the same, and
     * the policy's item is left out where that one is on the list (Cumbria's "whether an interpreter
     * is needed and there" where someone needs one: "the interpreter is here" asks it). @defaultValue []
     */
    checklistItems: z
      .array(
        z
          .object({
            id: z
              .string()
              .regex(/^[a-z][a-z0-9-]{1,39}$/, 'expected a short kebab-case id such as criteria-for-a-plan')
              .refine((id) => !(CHECKLIST_ITEMS as readonly string[]).includes(id), 'is a built-in checklist item'),
            label: z.string().trim().min(1).max(200),
            coveredBy: z.enum(['interpreter-present', 'arrangements-in-place']).optional(),
          })
          .strict(),
      )
      .max(12)
      .refine((items) => new Set(items.map((i) => i.id)).size === items.length, 'each id only once')
      .default([]),
    /** Grounds on which the chair may exclude someone from part of the meeting. */
    exclusionGrounds: z.array(z.string().min(1)).min(1),
    /**
     * What the authority's guide for parents promises, said in every parent's and carer's invitation
     * under "Before the meeting" (Cumbria: telling a professional beforehand what a partner should not
     * hear; arranging care for babies). The easy read invitation gives each sentence its own line, so
     * keep sentences short (about 20 words at most). @defaultValue []
     */
    parentsGuide: z.array(z.string().min(1).max(400)).max(12).default([]),
    /** How to complain, in plain language, for families' letters. */
    complaints: z.string().min(1),
    /** Family letters translated and reviewed, per language (reviewed-letters.ts). @defaultValue [] */
    reviewedLetters: ReviewedLetters,
    familyContact: FamilyContact.default({ postage: DEFAULT_POSTAGE, texts: [...TEXT_KINDS], dayBeforeAt: '10:00' }),
    timings: Timings,
  })
  .strict()
  .transform((p) => ({ ...p, shortName: p.shortName ?? shortNameFromId(p.id) }));

export type Policy = z.infer<typeof PolicySchema>;
export type PolicyInput = z.input<typeof PolicySchema>;

/** The kinds this module's per-kind maps are keyed by, re-exported for callers that iterate them. */
export const POLICY_KINDS = CONFERENCE_KINDS;
