import { auth } from '@googleapis/calendar';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MeetingRequest } from '../../src/ports.ts';
import { NoDialInError, withFallbackDialIn } from '../../src/channels/meetings/fallback-dial-in.ts';
import { createGoogleMeetProvider, googleEventId } from '../../src/channels/meetings/google.ts';
import { createClientCredentialsTokenProvider, GraphError } from '../../src/channels/graph-client.ts';
import { createGraphTeamsProvider } from '../../src/channels/meetings/graph.ts';
import { createLocalMeetingProvider, LOCAL_MEETING_LABEL } from '../../src/channels/meetings/local.ts';
import {
  startFakeGoogleCalendar,
  type FakeGoogleCalendar,
  type FakeGoogleCalendarOptions,
} from '../fakes/fake-google-calendar.ts';
import { startFakeGraph, type FakeGraph, type FakeGraphOptions } from '../fakes/fake-graph.ts';
import { readConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/infra/logger.ts';
import { buildMeetingProviders } from '../../src/runtime/build-meetings.ts';
import { StepCannotSucceedError } from '../../src/ports/jobs.ts';
import type { MeetingProviderName } from '../../src/domain/vocabulary.ts';

const request: MeetingRequest = {
  conferenceId: 'conf-7f3a',
  reference: 'CPC-2027-0042',
  version: 1,
  mode: 'virtual',
  startsAt: '2027-03-15T10:00:00+00:00',
  endsAt: '2027-03-15T12:00:00+00:00',
};
const bridge = { number: '+44 20 7946 0000', pin: '445566' };

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

describe('Google Meet provider (real client against a fake Calendar API)', () => {
  async function setup(options: FakeGoogleCalendarOptions = {}) {
    const fake = await startFakeGoogleCalendar(options);
    closers.push(fake.close);
    const client = new auth.OAuth2();
    client.setCredentials({ access_token: 'test' });
    const provider = createGoogleMeetProvider({
      calendarId: 'coordinator@council.example',
      auth: client,
      baseUrl: fake.rootUrl,
      pollIntervalMs: 5,
      maxPolls: 10,
      timeZone: 'Europe/London',
    });
    return { fake, provider };
  }
  const byMethod = (fake: FakeGoogleCalendar, method: string) => fake.requests.filter((r) => r.method === method);

  it('creates the event, polls while pending, and maps video, phone and PIN', async () => {
    const { fake, provider } = await setup({ pendingGets: 2 });
    const details = await provider.create(request);

    const [insert] = byMethod(fake, 'POST');
    expect(insert?.path).toBe('/calendar/v3/calendars/coordinator%40council.example/events');
    expect(insert?.query).toMatchObject({ conferenceDataVersion: '1', sendUpdates: 'none' });
    expect(insert?.body.id).toMatch(/^[a-v0-9]{5,1024}$/);
    expect(insert?.body.id).toBe(googleEventId(request.conferenceId, request.version));
    expect(insert?.body.attendees).toBeUndefined();
    expect(insert?.body.summary).toBe('Child protection conference CPC-2027-0042');
    expect(insert?.body.start).toEqual({ dateTime: request.startsAt, timeZone: 'Europe/London' });
    expect(insert?.body.conferenceData.createRequest.conferenceSolutionKey).toEqual({ type: 'hangoutsMeet' });
    expect(byMethod(fake, 'GET').filter((r) => r.path.startsWith('/calendar/'))).toHaveLength(3); // two pending, then success
    // Meet REST API: only invitees join without knocking.
    const patch = byMethod(fake, 'PATCH').find((r) => r.path.startsWith('/v2/spaces/'));
    expect(patch?.query).toMatchObject({ updateMask: 'config.accessType' });
    expect(patch?.body).toEqual({ config: { accessType: 'RESTRICTED' } });

    expect(details.provider).toBe('google');
    expect(details.joinUrl).toMatch(/^https:\/\/meet\.google\.com\//);
    expect(details.dialIn).toEqual([{ number: '+44 20 3873 7654', pin: '123456789', region: 'GB', fallback: false }]);
    expect(details.providerIds.eventId).toBe(insert?.body.id);
    expect(details.providerIds.moreUrl).toMatch(/^https:\/\/tel\.meet\//);
  });

  it('still creates the meeting, with a warning, where the Meet REST API is not enabled', async () => {
    const fake = await startFakeGoogleCalendar({ pendingGets: 0, meetApi: false });
    closers.push(fake.close);
    const client = new auth.OAuth2();
    client.setCredentials({ access_token: 'test' });
    const warnings: string[] = [];
    const provider = createGoogleMeetProvider({
      calendarId: 'c@council.example',
      auth: client,
      baseUrl: fake.rootUrl,
      pollIntervalMs: 5,
      onWarning: (m) => warnings.push(m),
    });
    const details = await provider.create(request);
    expect(details.joinUrl).toMatch(/^https:\/\/meet\.google\.com\//);
    expect(warnings.join()).toMatch(/could not be restricted to invitees/);
  });

  it('is idempotent: a retried create reuses the same event after a 409', async () => {
    const { fake, provider } = await setup({ pendingGets: 0 });
    const first = await provider.create(request);
    const second = await provider.create(request);

    expect(second.providerIds.eventId).toBe(first.providerIds.eventId);
    expect(second.joinUrl).toBe(first.joinUrl);
    expect(fake.events.size).toBe(1);
    const posts = byMethod(fake, 'POST');
    expect(posts.map((r) => r.status)).toEqual([200, 409]);
    expect(byMethod(fake, 'GET').some((r) => r.path.endsWith(`/events/${first.providerIds.eventId}`))).toBe(true);
  });

  it('retries a failed conference with a fresh requestId', async () => {
    const { fake, provider } = await setup({ failFirst: true, pendingGets: 1 });
    const details = await provider.create(request);

    expect(fake.createRequestIds).toHaveLength(2);
    expect(new Set(fake.createRequestIds).size).toBe(2);
    const patch = byMethod(fake, 'PATCH')[0];
    expect(patch?.query.conferenceDataVersion).toBe('1');
    expect(patch?.body.conferenceData.createRequest.requestId).toBe(fake.createRequestIds[1]);
    expect(details.joinUrl).toBeDefined();
  });

  it('gives up with a clear error when the conference stays pending', async () => {
    const { fake, provider } = await setup({ pendingGets: 1000 });
    await expect(provider.create(request)).rejects.toThrow(/not ready after 10 polls \(status: pending\)/);
    expect(byMethod(fake, 'GET')).toHaveLength(10);
  });

  it('without a phone entry point, the fallback bridge is added and the chair is alerted', async () => {
    const { provider } = await setup({ withPhone: false, pendingGets: 0 });
    const onFallback = vi.fn();
    const details = await withFallbackDialIn(provider, bridge, onFallback).create(request);

    expect(details.dialIn).toEqual([{ ...bridge, fallback: true }]);
    expect(details.joinUrl).toBeDefined();
    expect(onFallback).toHaveBeenCalledWith(request.conferenceId, 'google');

    await expect(
      withFallbackDialIn(provider, undefined, onFallback).create({ ...request, version: 2 }),
    ).rejects.toThrow(NoDialInError);
  });

  it('update patches the times; cancel deletes (and a second cancel is harmless)', async () => {
    const { fake, provider } = await setup({ pendingGets: 0 });
    const created = await provider.create(request);
    const moved = {
      ...request,
      version: 2,
      startsAt: '2027-03-22T14:00:00+00:00',
      endsAt: '2027-03-22T16:00:00+00:00',
    };
    const updated = await provider.update(moved, created);

    const patch = byMethod(fake, 'PATCH').find((r) => r.path.startsWith('/calendar/'));
    expect(patch?.path.endsWith(`/events/${created.providerIds.eventId}`)).toBe(true);
    expect(patch?.query).toMatchObject({ conferenceDataVersion: '1', sendUpdates: 'none' });
    expect(patch?.body).toEqual({
      start: { dateTime: moved.startsAt, timeZone: 'Europe/London' },
      end: { dateTime: moved.endsAt, timeZone: 'Europe/London' },
    });
    expect(updated.joinUrl).toBe(created.joinUrl);
    expect(updated.providerIds.eventId).toBe(created.providerIds.eventId);

    await provider.cancel(moved, updated);
    await provider.cancel(moved, updated);
    expect(byMethod(fake, 'DELETE').map((r) => r.status)).toEqual([204, 410]);
    expect(fake.events.get(created.providerIds.eventId!)?.deleted).toBe(true);
  });
});

describe('Microsoft Teams provider (Graph over fetch against a fake)', () => {
  async function setup(options: FakeGraphOptions = {}) {
    const fake = await startFakeGraph(options);
    closers.push(fake.close);
    const getToken = createClientCredentialsTokenProvider({
      tenantId: 'tenant-1',
      clientId: 'client',
      clientSecret: 'secret',
      authorityBaseUrl: fake.url,
    });
    const provider = createGraphTeamsProvider({
      baseUrl: fake.graphBaseUrl,
      organizerUserId: 'organiser-oid',
      getToken,
      baseDelayMs: 1,
    });
    return { fake, provider };
  }
  const meetingCalls = (fake: FakeGraph) => fake.requests.filter((r) => r.path.includes('/onlineMeetings'));

  it('createOrGet then locks the lobby and turns recording and transcription off', async () => {
    const { fake, provider } = await setup();
    const details = await provider.create(request);

    const [post, patch] = meetingCalls(fake);
    expect(post?.method).toBe('POST');
    expect(post?.path).toBe('/v1.0/users/organiser-oid/onlineMeetings/createOrGet');
    expect(post?.body).toEqual({
      externalId: 'cpc-conf-7f3a-v1',
      startDateTime: '2027-03-15T10:00:00.000Z',
      endDateTime: '2027-03-15T12:00:00.000Z',
      subject: 'Child protection conference CPC-2027-0042',
    });
    expect(patch?.method).toBe('PATCH');
    expect(patch?.path).toBe(`/v1.0/users/organiser-oid/onlineMeetings/${details.providerIds.onlineMeetingId}`);
    expect(patch?.body).toEqual({
      lobbyBypassSettings: { scope: 'organizer', isDialInBypassEnabled: false },
      allowRecording: false,
      allowTranscription: false,
    });
    expect(patch?.headers.authorization).toBe('Bearer graph-token-1');
    expect(details.provider).toBe('teams');
    expect(details.joinUrl).toMatch(/^https:\/\/teams\.microsoft\.com\/l\/meetup-join\//);

    const again = await provider.create(request);
    expect(again.providerIds.onlineMeetingId).toBe(details.providerIds.onlineMeetingId);
    expect(fake.meetings.size).toBe(1);
  });

  it('maps audio conferencing: toll number with the conference id as PIN', async () => {
    const { provider } = await setup();
    const details = await provider.create(request);
    expect(details.dialIn).toEqual([
      { number: '+44 20 3443 9999', pin: '987654321', fallback: false },
      { number: '+44 800 000 1111', pin: '987654321', fallback: false },
    ]);
    expect(details.providerIds.dialinUrl).toContain('dialin.teams.microsoft.com');
  });

  it('no audio conferencing licence: the fallback bridge is used and alerted', async () => {
    const { provider } = await setup({ audioConferencing: null });
    expect((await provider.create(request)).dialIn).toEqual([]);
    const onFallback = vi.fn();
    const details = await withFallbackDialIn(provider, bridge, onFallback).create(request);
    expect(details.dialIn).toEqual([{ ...bridge, fallback: true }]);
    expect(onFallback).toHaveBeenCalledWith(request.conferenceId, 'teams');
  });

  it('retries a 429 honouring Retry-After', async () => {
    const { fake, provider } = await setup({ throttleOnce: true });
    const details = await provider.create(request);
    expect(meetingCalls(fake).map((r) => `${r.method} ${r.status}`)).toEqual(['POST 429', 'POST 201', 'PATCH 200']);
    expect(details.joinUrl).toBeDefined();
  });

  it('update patches the new times with the lobby settings; cancel deletes and ignores 404', async () => {
    const { fake, provider } = await setup();
    const created = await provider.create(request);
    const moved = {
      ...request,
      version: 2,
      startsAt: '2027-03-22T14:00:00+00:00',
      endsAt: '2027-03-22T16:00:00+00:00',
    };
    const updated = await provider.update(moved, created);
    const patch = meetingCalls(fake).filter((r) => r.method === 'PATCH')[1];
    expect(patch?.body).toMatchObject({
      startDateTime: '2027-03-22T14:00:00.000Z',
      endDateTime: '2027-03-22T16:00:00.000Z',
      lobbyBypassSettings: { scope: 'organizer', isDialInBypassEnabled: false },
      allowRecording: false,
    });
    expect(updated.joinUrl).toBe(created.joinUrl);

    await provider.cancel(moved, updated);
    await provider.cancel(moved, updated);
    expect(
      meetingCalls(fake)
        .filter((r) => r.method === 'DELETE')
        .map((r) => r.status),
    ).toEqual([204, 404]);
  });

  it('reports Graph errors with status, code and message', async () => {
    const { provider } = await setup();
    const missing = { provider: 'teams' as const, label: 'x', dialIn: [], providerIds: { onlineMeetingId: 'nope' } };
    const err = await provider.update(request, missing).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GraphError);
    expect((err as GraphError).status).toBe(404);
    expect((err as Error).message).toMatch(/HTTP 404 \(NotFound\): The meeting was not found/);
  });

  it('token provider caches until expiry', async () => {
    const fake = await startFakeGraph({ tokenLifetimeSeconds: 3600 });
    closers.push(fake.close);
    let now = 1_000_000;
    const getToken = createClientCredentialsTokenProvider({
      tenantId: 'tenant-1',
      clientId: 'client',
      clientSecret: 'secret',
      authorityBaseUrl: fake.url,
      now: () => now,
    });
    const [a, b] = await Promise.all([getToken(), getToken()]);
    expect(a).toBe('graph-token-1');
    expect(b).toBe(a);
    now += 30 * 60_000;
    expect(await getToken()).toBe(a);
    expect(fake.tokenRequests).toHaveLength(1);
    expect(fake.tokenRequests[0]).toMatchObject({
      scope: 'https://graph.microsoft.com/.default',
      grant_type: 'client_credentials',
    });
    expect(fake.requests[0]?.path).toBe('/tenant-1/oauth2/v2.0/token');

    now += 30 * 60_000;
    expect(await getToken()).toBe('graph-token-2');
    expect(fake.tokenRequests).toHaveLength(2);

    const bad = createClientCredentialsTokenProvider({
      tenantId: 't',
      clientId: 'client',
      clientSecret: 'wrong',
      authorityBaseUrl: fake.url,
    });
    await expect(bad()).rejects.toThrow(/HTTP 401 \(invalid_client\)/);
  });
});

describe('local meeting provider', () => {
  it('gives a deterministic link and PIN, labelled as local', async () => {
    const provider = createLocalMeetingProvider({
      publicBaseUrl: 'https://cpc.example.gov.uk/',
      dialIn: { number: '+44 20 7946 0999' },
    });
    const a = await provider.create(request);
    const b = await provider.create({ ...request, version: 3 });
    expect(a.joinUrl).toBe('https://cpc.example.gov.uk/meet/conf-7f3a');
    expect(a.label).toBe(LOCAL_MEETING_LABEL);
    expect(a.provider).toBe('local');
    expect(a.dialIn[0]?.pin).toMatch(/^\d{6}$/);
    expect(b).toEqual(a);
    const other = await provider.create({ ...request, conferenceId: 'conf-0001' });
    expect(other.dialIn[0]?.pin).not.toBe(a.dialIn[0]?.pin);
    expect(await provider.update(request, a)).toEqual(a);
    await expect(provider.cancel(request, a)).resolves.toBeUndefined();

    const fixed = createLocalMeetingProvider({
      publicBaseUrl: 'http://localhost:3000',
      dialIn: { number: '0800 000', pin: '1234' },
    });
    expect((await fixed.create(request)).dialIn).toEqual([{ number: '0800 000', pin: '1234', fallback: false }]);
  });
});

describe('meeting providers by name', () => {
  it('refuses a name that is no provider, naming it and the choices (before, it quietly used the local provider)', () => {
    const meetings = buildMeetingProviders(readConfig({}), silentLogger);
    expect(meetings('local').name).toMatch(/local/);
    const unknown = () => meetings('zoom' as MeetingProviderName);
    expect(unknown).toThrow(StepCannotSucceedError);
    expect(unknown).toThrow('unknown meeting provider "zoom": expected one of local, google, teams');
  });

  it('refuses an unknown MEETING_PROVIDER at start-up, naming the variable', () => {
    expect(() => readConfig({ MEETING_PROVIDER: 'zoom' })).toThrow(/MEETING_PROVIDER/);
  });
});
