/** GOV.UK Notify settings are checked at start-up, each problem naming its variable. */
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.ts';
import { configProblems } from '../helpers/config.ts';

const KEY = 'cpc_live-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0';
const problems = configProblems;

describe('Notify configuration', () => {
  it('takes a key of Notify’s shape with its templates, and leaves Notify off without one', () => {
    const c = readConfig({
      NOTIFY_API_KEY: KEY,
      NOTIFY_SMS_TEMPLATE_DAY_BEFORE: 'f33517ff-2a88-4f6e-b855-c550268ce08a',
    });
    expect(c.notify).toEqual({
      apiKey: KEY,
      pollMinutes: 60,
      smsTemplates: { 'day-before': 'f33517ff-2a88-4f6e-b855-c550268ce08a' },
    });
    expect(readConfig({}).notify).toBeUndefined();
  });

  it('refuses a key of the wrong shape, a template id that is not one, and Notify settings without a key', () => {
    expect(problems({ NOTIFY_API_KEY: 'not-a-notify-key' })).toEqual([
      expect.stringMatching(/^NOTIFY_API_KEY: expected a GOV.UK Notify API key/),
    ]);
    expect(problems({ NOTIFY_API_KEY: KEY, NOTIFY_SMS_TEMPLATE_INVITATION: 'invitation' })).toEqual([
      expect.stringMatching(/^NOTIFY_SMS_TEMPLATE_INVITATION: expected the template's id/),
    ]);
    expect(problems({ NOTIFY_CALLBACK_TOKEN: 'a-long-enough-token-123' })).toEqual([
      'NOTIFY_CALLBACK_TOKEN: only with NOTIFY_API_KEY',
    ]);
    expect(problems({ NOTIFY_API_KEY: KEY, NOTIFY_CALLBACK_TOKEN: 'short' })).toEqual([
      'NOTIFY_CALLBACK_TOKEN: must be at least 16 characters',
    ]);
  });
});
