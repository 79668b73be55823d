import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATIONS } from '../../src/channels/web/api/operations.ts';
import { startTestService, type TestService } from '../helpers/service.ts';
import { apiRoutes } from '../helpers/routes.ts';

describe('the coordinator API described as OpenAPI', () => {
  let svc: TestService;
  beforeAll(async () => {
    svc = await startTestService();
  });
  afterAll(async () => svc.stop());

  it('serves /api/openapi.json without the key, a valid OpenAPI 3.1 document', async () => {
    const res = await fetch(`${svc.url}/api/openapi.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    const doc = (await res.json()) as {
      openapi: string;
      paths: Record<
        string,
        Record<string, { requestBody?: { content: Record<string, { schema: { required?: string[] } }> } }>
      >;
    };
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(doc.openapi).toBe('3.1.0');
    // The request schema is the one the use-case validates with: a reschedule needs its reason and who asked.
    const reschedule =
      doc.paths['/api/conferences/{id}/reschedule']!['post']!.requestBody!.content['application/json']!.schema;
    expect(reschedule.required).toEqual(expect.arrayContaining(['startsAt', 'reason', 'requestedBy']));
  });

  it('describes only routes the service really serves', () => {
    const served = new Set(apiRoutes(svc.rt.app!));
    const missing = OPERATIONS.map((o) => `${o.method.toUpperCase()} /api${o.path}`).filter((r) => !served.has(r));
    expect(missing).toEqual([]);
  });

  it('describes every /api route the service serves, but for the two that are not the coordinator API', () => {
    // The Bot Framework's endpoint (Microsoft's protocol, authenticated by its own tokens) and the document itself.
    const NOT_DESCRIBED = ['POST /api/messages', 'GET /api/openapi.json'];
    const described = new Set(OPERATIONS.map((o) => `${o.method.toUpperCase()} /api${o.path}`));
    const served = apiRoutes(svc.rt.app!);
    expect(served.filter((r) => !described.has(r) && !NOT_DESCRIBED.includes(r))).toEqual([]);
    expect(NOT_DESCRIBED.filter((r) => !served.includes(r))).toEqual([]);
  });
});
