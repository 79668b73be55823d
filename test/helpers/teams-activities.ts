/** Real Bot Framework Activity JSON, as Teams posts it to the bot's messaging endpoint. */
import { randomUUID } from 'node:crypto';

export const TENANT = '72f988bf-0000-4000-8000-000000000001';
export const BOT_ID = '28:bot-app-id';

export interface TeamsTestUser {
  /** `29:` id. */
  id: string;
  aadObjectId: string;
  email?: string;
}

export const personalConversation = (u: TeamsTestUser) => `a:personal-${u.id}`;

function base(u: TeamsTestUser, serviceUrl: string, conversation: Record<string, unknown>) {
  return {
    id: randomUUID(),
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl,
    from: { id: u.id, aadObjectId: u.aadObjectId, name: 'Display Name Not Stored' },
    recipient: { id: BOT_ID, name: 'Conference bot' },
    conversation,
    channelData: { tenant: { id: TENANT } },
    locale: 'en-GB',
  };
}
const personal = (u: TeamsTestUser) => ({
  id: personalConversation(u),
  conversationType: 'personal',
  tenantId: TENANT,
});

/** The user installs the app in personal scope: Teams sends conversationUpdate with the bot added. */
export function installActivity(u: TeamsTestUser, serviceUrl: string) {
  return { ...base(u, serviceUrl, personal(u)), type: 'conversationUpdate', membersAdded: [{ id: BOT_ID }] };
}

export function messageActivity(
  u: TeamsTestUser,
  serviceUrl: string,
  text: string,
  extra: Record<string, unknown> = {},
) {
  return { ...base(u, serviceUrl, personal(u)), type: 'message', text, ...extra };
}

/** An Action.Execute press: inputs are merged into `data` by Teams. */
export function actionActivity(
  u: TeamsTestUser,
  serviceUrl: string,
  verb: string,
  data: Record<string, unknown>,
  opts: { conversation?: Record<string, unknown>; replyToId?: string } = {},
) {
  return {
    ...base(u, serviceUrl, opts.conversation ?? personal(u)),
    type: 'invoke',
    name: 'adaptiveCard/action',
    replyToId: opts.replyToId ?? 'm-1',
    value: { action: { type: 'Action.Execute', id: randomUUID(), verb, data }, trigger: 'manual' },
  };
}

/** Teams' meeting start or end event in the meeting chat (resource-specific consent), naming the meeting's join URL. */
export function meetingEventActivity(
  u: TeamsTestUser,
  serviceUrl: string,
  event: 'Start' | 'End',
  joinUrl: string,
  conversation: Record<string, unknown>,
) {
  return {
    ...base(u, serviceUrl, conversation),
    type: 'event',
    name: `application/vnd.microsoft.meeting${event}`,
    value: { id: 'meeting-1', joinUrl, meetingType: 'Scheduled', title: 'Conference' },
  };
}

export async function postActivity(
  botUrl: string,
  activity: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: any }> {
  const res = await fetch(`${botUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(activity),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, body };
}
