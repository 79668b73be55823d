import { z } from 'zod/v4';
import { CATEGORIES_OF_HARM, RECOMMENDATIONS } from '../vocabulary.ts';
import { Escalation } from './escalation-route.ts';

/** A family's route to challenge a decision where the authority's policy names none (Working Together leaves it to the council). */
export const DEFAULT_FAMILY_DISAGREEMENT_ROUTE =
  "the chair of the conference first, then the council's complaints procedure for children's services";

/** The views given at the meeting: what may be recommended, the scale, who gives one, and disagreement. */
export const ViewsPolicy = z
  .object({
    recommendations: z.array(z.enum(RECOMMENDATIONS)).min(1),
    categories: z.array(z.enum(CATEGORIES_OF_HARM)).min(1),
    scale: z
      .object({
        min: z.literal(0),
        max: z.literal(10),
        minLabel: z.string().min(1),
        maxLabel: z.string().min(1),
      })
      .strict(),
    /** The chair gives an overall scale as well as each attendee's. */
    chairOverallScale: z.boolean(),
    /** Who gives a view: every attendee (Hackney) or professionals only (Cumbria). */
    whoGivesViews: z.enum(['every-attendee', 'professionals']),
    disagreement: z
      .object({
        recorded: z.boolean(),
        /** Where a professional (an agency) takes a disagreement with the decision: the partnership's escalation procedure. */
        escalationRoute: z.string().min(1),
        /**
         * Where a family member (a parent, carer, the child, or someone speaking for them) takes a
         * disagreement: the authority's route for families, a short phrase such as
         * "the chair first, then the council's complaints procedure". Not the professionals'
         * procedure, which families cannot use. The letter to the family also carries `complaints`.
         * @defaultValue {@link DEFAULT_FAMILY_DISAGREEMENT_ROUTE}
         */
        familyRoute: z.string().min(1).default(DEFAULT_FAMILY_DISAGREEMENT_ROUTE),
        /**
         * Who is told when a disagreement is escalated, per party, and when the outcome is due.
         * @defaultValue {@link DEFAULT_ESCALATION}
         */
        escalation: Escalation,
      })
      .strict(),
  })
  .strict();
