/**
 * The coordinator API as an OpenAPI 3.1 document, built from OPERATIONS and the zod schemas the
 * use-cases validate with (zod's own JSON Schema output, the input side of every transform).
 * Served at `/api/openapi.json` and written to `docs/openapi.json` by `npm run docs`.
 */
import { z } from 'zod/v4';
import type { Operation } from './operation.ts';
import { OPERATIONS } from './operations.ts';

type Json = Record<string, unknown>;

/** The API's own version: bumped when a request or response changes incompatibly. */
export const API_VERSION = '1.0.0';

const ERROR = {
  type: 'object',
  required: ['error', 'message'],
  properties: {
    error: {
      type: 'string',
      description: 'a stable code: invalid, not-found, conflict, unauthorized, rate-limited, ...',
    },
    message: { type: 'string' },
    issues: {
      type: 'array',
      description: 'for invalid input: each field that is wrong, and why',
      items: {
        type: 'object',
        required: ['field', 'message'],
        properties: { field: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
};

/** `/conferences/:id/views` → `/api/conferences/{id}/views` */
export const openApiPath = (path: string): string => `/api${path.replace(/:([A-Za-z]+)/g, '{$1}')}`;

function bodySchema(schema: z.ZodType): Json {
  const { $schema: _ignored, ...json } = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
    target: 'draft-2020-12',
  }) as Json;
  return json;
}

/** An error answer: the body is the API's one Error shape. */
const errorResponse = (description: string): Json => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

function operation(op: Operation): Json {
  const params = [...op.path.matchAll(/:([A-Za-z]+)/g)].map((m) => ({
    name: m[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  const query = (op.query ?? []).map((q) => ({
    name: q.name,
    in: 'query',
    required: q.required ?? false,
    description: q.description,
    schema: { type: 'string' },
  }));
  const ok = op.produces
    ? { content: { [op.produces]: { schema: { type: 'string', format: 'binary' } } } }
    : { content: { 'application/json': { schema: {} } } };
  const errors: Json = {
    '401': errorResponse('No or wrong API key'),
    '404': errorResponse('No such conference (or item)'),
    '429': errorResponse('Too many requests: wait for Retry-After'),
  };
  if (op.body || op.query) errors['400'] = errorResponse('Invalid input: each field named, nothing changed');
  if (op.forbidden) errors['403'] = errorResponse(op.forbidden);
  if (op.method === 'post') errors['409'] = errorResponse('Not possible in the conference’s current state');
  return {
    operationId: `${op.method} ${op.path}`,
    tags: [op.tag],
    summary: op.summary,
    ...(params.length || query.length ? { parameters: [...params, ...query] } : {}),
    ...(op.body
      ? {
          requestBody: {
            required: !op.body.optional,
            content: { 'application/json': { schema: bodySchema(op.body.schema) } },
          },
        }
      : {}),
    responses: { [String(op.status ?? 200)]: { description: 'Done', ...ok }, ...errors },
  };
}

export function openApiDocument(version: string): Json {
  const paths: Record<string, Json> = {};
  for (const op of OPERATIONS) (paths[openApiPath(op.path)] ??= {})[op.method] = operation(op);
  return {
    openapi: '3.1.0',
    info: {
      title: 'Conference bot: coordinator API',
      version,
      description:
        'Everything the coordinator (and the dashboard) can do. Every route needs `Authorization: Bearer <COORDINATOR_API_KEY>`. ' +
        'Bad input gets 400 naming each field and changes nothing. Times are Europe/London ISO 8601 (`2027-01-04T10:00`, or with an offset).',
    },
    servers: [{ url: '/' }],
    security: [{ apiKey: [] }],
    tags: [...new Set(OPERATIONS.map((o) => o.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'COORDINATOR_API_KEY' } },
      schemas: { Error: ERROR },
    },
  };
}
