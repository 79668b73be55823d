/**
 * Every coordinator API operation with the zod schema its use-case parses the body with. The
 * OpenAPI document (`/api/openapi.json`, `docs/openapi.json`) is built from this list, and a test
 * compares it with the routes express actually serves, so the two cannot drift apart.
 */
import { CONFERENCE_OPERATIONS } from './operations-conference.ts';
import { MEETING_OPERATIONS } from './operations-meeting.ts';
import type { Operation } from './operation.ts';
import { RECORD_OPERATIONS } from './operations-records.ts';

export const OPERATIONS: readonly Operation[] = [...CONFERENCE_OPERATIONS, ...MEETING_OPERATIONS, ...RECORD_OPERATIONS];
