/** One coordinator API operation: the shape every feature's list of operations is written in. */
import type { z } from 'zod/v4';
import { ActorBody } from '../../../app/meeting-day/schemas.ts';

export type Method = 'get' | 'post';
export type Tag =
  | 'Conferences'
  | 'Attendees and family'
  | 'Meeting'
  | 'Core groups'
  | 'Minutes'
  | 'Circulation and letters'
  | 'Inbound mail'
  | 'Records'
  | 'Children and census'
  | 'Figures'
  | 'Operations';

export interface Operation {
  readonly method: Method;
  /** Express-style path under `/api` (`/conferences/:id`). */
  readonly path: string;
  readonly tag: Tag;
  readonly summary: string;
  /** The schema the use-case validates the JSON body with; `optional` when an empty body is accepted. */
  readonly body?: { readonly schema: z.ZodType; readonly optional?: boolean };
  /** Query parameters (all strings). */
  readonly query?: readonly { readonly name: string; readonly description: string; readonly required?: boolean }[];
  /** What a success returns when it is not JSON. */
  readonly produces?: 'application/pdf' | 'application/octet-stream';
  readonly status?: 200 | 201 | 202;
  /** Who is refused with 403 (someone other than the chair named as approving). */
  readonly forbidden?: string;
}

/** A conference's own path, under which most operations sit. */
export const C = '/conferences/:id';
/** The body of an operation that takes only who is acting, and may be empty. */
export const actor = { schema: ActorBody, optional: true } as const;

type Details = Omit<Operation, 'method' | 'path' | 'tag' | 'summary'>;

/** Operations under one tag: `tagged('Meeting').post(path, summary, { body })`. */
export function tagged(tag: Tag) {
  const as =
    (method: Method) =>
    (path: string, summary: string, details: Details = {}): Operation => ({ method, path, tag, summary, ...details });
  return { get: as('get'), post: as('post') };
}

/** An operation's query parameters from the zod object its use-case parses the query with (each described there). */
export const queryFrom = (schema: z.ZodObject): NonNullable<Operation['query']> =>
  Object.entries(schema.shape).map(([name, field]) => ({ name, description: field.description ?? name }));
