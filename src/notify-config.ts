/**
 * GOV.UK Notify settings: part of the environment schema in config.ts (which alone reads
 * process.env), kept here so config.ts stays readable.
 */
import { z } from 'zod/v4';
import type { TextKind } from './domain/texts.ts';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
/** Notify's key format: `{key_name}-{service id}-{secret}`, both UUIDs. */
const API_KEY = new RegExp(`^[A-Za-z0-9_ -]{1,255}-(${UUID})-(${UUID})$`, 'i');
const uuid = new RegExp(`^${UUID}$`, 'i');

const optional = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));
const templateId = optional.refine((v) => v === undefined || uuid.test(v), {
  message: "expected the template's id from GOV.UK Notify (a UUID such as 0f6c7d63-…)",
});

export const NotifyEnv = z.object({
  /** A GOV.UK Notify API key (a live or test key; not a team key for letters). Unset: no Notify. */
  NOTIFY_API_KEY: optional.refine((v) => v === undefined || API_KEY.test(v), {
    message:
      'expected a GOV.UK Notify API key: its name, the service id and the secret, e.g. cpc_live-<36-character service id>-<36-character secret>',
  }),
  /** Notify's API address: set for a proxy or a test's fake server. @defaultValue https://api.notifications.service.gov.uk */
  NOTIFY_BASE_URL: optional.refine(
    (v) => v === undefined || (URL.canParse(v) && /^https?:$/.test(new URL(v).protocol)),
    { message: 'expected a URL (http or https)' },
  ),
  /** The bearer token Notify sends with delivery receipts and received texts (set the same in Notify's callback settings). */
  NOTIFY_CALLBACK_TOKEN: optional.refine((v) => v === undefined || v.length >= 16, {
    message: 'must be at least 16 characters',
  }),
  /** Minutes between status checks of a letter or text that Notify has not finished with (the fallback for lost callbacks). */
  NOTIFY_POLL_MINUTES: z
    .string()
    .optional()
    .refine((v) => v === undefined || /^\s*\d*\s*$/.test(v), { message: 'expected a whole number', abort: true })
    .transform((v) => (v === undefined || v.trim() === '' ? 60 : Number(v.trim())))
    .pipe(z.number().int().min(1).max(1440)),
  NOTIFY_SMS_TEMPLATE_INVITATION: templateId,
  NOTIFY_SMS_TEMPLATE_DAY_BEFORE: templateId,
  NOTIFY_SMS_TEMPLATE_CHANGED: templateId,
  NOTIFY_SMS_TEMPLATE_CANCELLED: templateId,
  NOTIFY_SMS_TEMPLATE_DECISION_READY: templateId,
});
type NotifyEnvValues = z.infer<typeof NotifyEnv>;

export interface NotifySettings {
  apiKey: string;
  baseUrl?: string;
  callbackToken?: string;
  pollMinutes: number;
  /** Template id per kind of text; a kind without one is not sent. */
  smsTemplates: Partial<Record<TextKind, string>>;
}

const TEMPLATE_VARS: Record<TextKind, keyof NotifyEnvValues> = {
  invitation: 'NOTIFY_SMS_TEMPLATE_INVITATION',
  'day-before': 'NOTIFY_SMS_TEMPLATE_DAY_BEFORE',
  changed: 'NOTIFY_SMS_TEMPLATE_CHANGED',
  cancelled: 'NOTIFY_SMS_TEMPLATE_CANCELLED',
  'decision-ready': 'NOTIFY_SMS_TEMPLATE_DECISION_READY',
};

/** The environment variable naming a kind's template (for error messages). */
export const templateVar = (kind: TextKind): string => TEMPLATE_VARS[kind];

export function notifyProblems(e: NotifyEnvValues, production: boolean): string[] {
  const problems: string[] = [];
  const needsKey = (['NOTIFY_BASE_URL', 'NOTIFY_CALLBACK_TOKEN', ...Object.values(TEMPLATE_VARS)] as const).filter(
    (k) => e[k] !== undefined,
  );
  if (!e.NOTIFY_API_KEY && needsKey.length) problems.push(`${needsKey.join(', ')}: only with NOTIFY_API_KEY`);
  if (production && e.NOTIFY_BASE_URL && new URL(e.NOTIFY_BASE_URL).protocol !== 'https:')
    problems.push('NOTIFY_BASE_URL: must be https in production');
  return problems;
}

export function notifySettings(e: NotifyEnvValues): NotifySettings {
  const smsTemplates: NotifySettings['smsTemplates'] = {};
  for (const [kind, v] of Object.entries(TEMPLATE_VARS) as [TextKind, keyof NotifyEnvValues][]) {
    const id = e[v];
    if (typeof id === 'string') smsTemplates[kind] = id;
  }
  return {
    apiKey: e.NOTIFY_API_KEY!,
    ...(e.NOTIFY_BASE_URL ? { baseUrl: e.NOTIFY_BASE_URL.replace(/\/$/, '') } : {}),
    ...(e.NOTIFY_CALLBACK_TOKEN ? { callbackToken: e.NOTIFY_CALLBACK_TOKEN } : {}),
    pollMinutes: e.NOTIFY_POLL_MINUTES,
    smsTemplates,
  };
}
