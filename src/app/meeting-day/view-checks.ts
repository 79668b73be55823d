/**
 * Everything an in-meeting view is checked against beyond its schema (whose view it is, whether they
 * may give it, the policy's rules for a view), on whichever fields parsed (cross-check.ts
 * parseWithChecks), so one 400 names every problem with the schema's own (trial finding: an unknown
 * attendee, a wrong category and a missing rationale used to come one stage at a time).
 */
import { viewAuthority, type ViewAuthority } from '../../domain/authority.ts';
import type { Attendee } from '../../domain/conference-parts.ts';
import type { Conference } from '../../domain/conference.ts';
import { childrenFor } from '../../domain/disclosure.ts';
import type { FieldIssue } from '../../domain/errors.ts';
import type { Policy } from '../../domain/policy/schema.ts';
import { checkView } from '../../domain/views.ts';
import type { Actor } from '../credentials/actor.ts';
import type { ViewBody } from './schemas.ts';

export interface ViewGiver {
  issues: FieldIssue[];
  attendee?: Attendee;
  authority?: ViewAuthority;
  enteredBy: 'self' | 'on-behalf';
}

/** Whose view the body names, whether they may give it, and every problem found (on the fields given). */
export function checkViewBody(policy: Policy, c: Conference, v: Partial<ViewBody>, actor: Actor): ViewGiver {
  const issues: FieldIssue[] = [];
  const field = v.attendeeId ? 'attendeeId' : 'attendeeEmail';
  let a: Attendee | undefined;
  if (v.attendeeId || v.attendeeEmail) {
    a = v.attendeeId
      ? c.attendees.find((x) => x.id === v.attendeeId)
      : c.attendees.find((x) => x.email?.toLowerCase() === v.attendeeEmail!.toLowerCase());
    if (!a) issues.push({ field, message: `not an attendee of ${c.reference}` });
  }
  const enteredBy = actor.via === 'attendee' && actor.attendeeId === a?.id ? 'self' : 'on-behalf';
  const named = Boolean(v.attendeeId || v.attendeeEmail);
  const authority =
    named && !a
      ? undefined
      : viewAuthority(
          policy,
          { ...(a ? { attendee: a } : {}), family: v.family ?? false, childsView: v.childsView ?? false, enteredBy },
          field,
        );
  if (authority && !authority.ok) issues.push(authority.issue);
  const voice = authority?.ok ? authority.voice : undefined;
  // A parent or carer gives a view only for their own children (half-siblings with different parents).
  if (a && voice === 'parent' && v.childId && !childrenFor(c, a).includes(v.childId))
    issues.push({
      field: 'childId',
      message: `${v.childId} is not one of ${a.id}'s children (${childrenFor(c, a).join(', ') || 'none'})`,
    });
  // A child's own view is for the child it is: a child attendee is one child (childIds), an advocate
  // speaks for theirs. A child attendee named by no child id among several (older records) cannot say whose.
  const via = authority?.ok ? authority.via : undefined;
  if (a && voice === 'child' && (via === 'direct' || via === 'advocate') && v.childId) {
    const theirs = childrenFor(c, a);
    if (via === 'direct' && !a.childIds && c.children.length > 1)
      issues.push({
        field: 'childId',
        message: `${a.id} is a child attendee not linked to one child, so their own view cannot be taken as ${v.childId}'s: record it as taken by the chair (childsView: true with no attendeeId)`,
      });
    else if (!theirs.includes(v.childId))
      issues.push({
        field: 'childId',
        message:
          via === 'direct'
            ? `${a.id} is the child ${theirs.join(', ')}: their own view is not ${v.childId}'s`
            : `${a.id} is the advocate of ${theirs.join(', ')}, not of ${v.childId}`,
      });
  }
  const family = voice
    ? voice === 'family' || voice === 'child' || (voice === 'parent' && enteredBy === 'on-behalf')
    : Boolean(v.family || v.childsView);
  // A field the schema refused is stood in for here; parseWithChecks drops what is said of it again.
  issues.push(
    ...checkView(
      policy,
      c,
      {
        childId: v.childId ?? '',
        categories: v.categories ?? [],
        rationale: v.rationale ?? '',
        ...(v.recommendation ? { recommendation: v.recommendation } : {}),
        ...(v.scale !== undefined ? { scale: v.scale } : {}),
      },
      { family },
    ),
  );
  // Categories the schema refused (`categories.0`) are not said again as "give at least one category".
  const said = v.categories === undefined ? issues.filter((i) => i.field !== 'categories') : issues;
  return { issues: said, ...(a ? { attendee: a } : {}), ...(authority ? { authority } : {}), enteredBy };
}
