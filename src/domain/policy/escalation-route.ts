import { z } from 'zod/v4';

/**
 * Who is told when a disagreement with the decision is escalated, and by when it should be resolved.
 * A contact is either someone the conference already knows (its chair, the coordinator's mailbox,
 * the manager of the professional who disagrees) or someone the policy names (a service manager, a
 * complaints team). Named contacts with an address are emailed; every named contact is printed in the
 * family's letters as someone to go to.
 */
export const EscalationContact = z.discriminatedUnion('who', [
  z.object({ who: z.literal('chair') }).strict(),
  z.object({ who: z.literal('coordinator') }).strict(),
  /** The manager of the professional who disagrees (their `managerEmail`): the agency's own route up. */
  z.object({ who: z.literal('professionals-manager') }).strict(),
  z
    .object({
      who: z.literal('named'),
      /** What they are, e.g. "Service Manager for Safeguarding and Reviewing". */
      role: z.string().trim().min(1).max(200),
      name: z.string().trim().min(1).max(120).optional(),
      email: z.email().optional(),
      phone: z.string().trim().min(1).max(40).optional(),
      /**
       * Email them the escalation's notices (needs `email`); otherwise they are only named in the
       * family's letters. @defaultValue false
       */
      notify: z.boolean().default(false),
    })
    .strict()
    .refine((c) => !c.notify || c.email, { path: ['email'], message: 'needed to notify them' }),
]);
export type EscalationContact = z.infer<typeof EscalationContact>;

export const EscalationRoute = z
  .object({
    /** Everyone told when the escalation is opened and when its outcome is recorded. */
    tell: z.array(EscalationContact).min(1, 'name at least one person the escalation goes to').max(10),
    /** The outcome is due this many working days after the escalation is opened. */
    resolveWithinWorkingDays: z.number().int().min(1).max(60),
  })
  .strict();
export type EscalationRoute = z.infer<typeof EscalationRoute>;

/**
 * Where a policy names no route: a professional's disagreement goes to the chair, the professional's
 * own manager and the coordinator, a family's to the chair and the coordinator. The timescales are
 * local practice, not national rules (Working Together leaves them to the partnership): the first
 * stage of a partnership escalation procedure is commonly 5 working days, a complaint's first reply 10.
 */
export const DEFAULT_ESCALATION = {
  professional: {
    tell: [{ who: 'chair' }, { who: 'professionals-manager' }, { who: 'coordinator' }],
    resolveWithinWorkingDays: 5,
  },
  family: { tell: [{ who: 'chair' }, { who: 'coordinator' }], resolveWithinWorkingDays: 10 },
} as const satisfies Record<'professional' | 'family', EscalationRoute>;

export const Escalation = z
  .object({ professional: EscalationRoute, family: EscalationRoute })
  .strict()
  .prefault(DEFAULT_ESCALATION);
