/**
 * GOV.UK Notify through its own client (`notifications-node-client`): it signs each request with a
 * JWT (iss = service id, iat, HS256 with the key's secret). Errors become `NotifyRefusedError` when
 * Notify refused the request (400), anything else (429, 5xx, 403 clock skew, no answer) an ordinary
 * error the job retries with backoff.
 */
import notifyClient from 'notifications-node-client';
import { NotifyRefusedError, type NotifyService, type NotifyStatus } from '../../ports/notify.ts';
import { redactPersonalData } from '../../infra/redact.ts';

const { NotifyClient } = notifyClient;

interface NotifyErrorBody {
  status_code?: number;
  errors?: { error?: string; message?: string }[];
}

/** The request failed: Notify's reason where it gave one, never the request (it may hold a number). */
function translate(err: unknown): Error {
  const res = (err as { response?: { status?: number; data?: NotifyErrorBody } }).response;
  const reason =
    res?.data?.errors?.map((e) => [e.error, e.message].filter(Boolean).join(': ')).join('; ') ||
    (err instanceof Error ? err.message : String(err));
  const clean = redactPersonalData(reason).slice(0, 300);
  if (res?.status === 400) return new NotifyRefusedError(400, clean);
  return new Error(`GOV.UK Notify ${res?.status ? `answered ${res.status}` : 'could not be reached'}: ${clean}`);
}

async function call<T>(fn: () => Promise<{ data: T }>): Promise<T> {
  try {
    return (await fn()).data;
  } catch (err) {
    throw translate(err);
  }
}

const toStatus = (n: {
  id: string;
  reference?: string | null;
  status: string;
  completed_at?: string | null;
}): NotifyStatus => ({
  id: n.id,
  status: n.status,
  ...(n.reference ? { reference: n.reference } : {}),
  ...(n.completed_at ? { completedAt: n.completed_at } : {}),
});

export function createNotifyService(options: { apiKey: string; baseUrl?: string }): NotifyService {
  const client = options.baseUrl ? new NotifyClient(options.baseUrl, options.apiKey) : new NotifyClient(options.apiKey);
  return {
    async sendPrecompiledLetter({ reference, pdf, postage }) {
      const data = await call<{ id: string }>(() => client.sendPrecompiledLetter(reference, pdf, postage));
      return { id: data.id };
    },
    async sendSms({ templateId, phoneNumber, personalisation, reference }) {
      const data = await call<{ id: string }>(() =>
        client.sendSms(templateId, phoneNumber, { personalisation, reference }),
      );
      return { id: data.id };
    },
    async status(notificationId) {
      return toStatus(await call(() => client.getNotificationById(notificationId)));
    },
    async findByReference(reference, type) {
      const data = await call<{
        notifications: { id: string; reference?: string; status: string; completed_at?: string }[];
      }>(() => client.getNotifications(type, undefined, reference));
      const found = data.notifications.find((n) => n.reference === reference);
      return found ? toStatus(found) : undefined;
    },
    async templateType(templateId) {
      try {
        return (await client.getTemplateById(templateId)).data.type as string;
      } catch (err) {
        if ((err as { response?: { status?: number } }).response?.status === 404) return undefined;
        throw translate(err);
      }
    },
  };
}
