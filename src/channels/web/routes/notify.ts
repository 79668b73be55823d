import { Router } from 'express';
import type { AppDeps } from '../../../app/deps.ts';
import { recordDeliveryReceipt, recordReceivedText } from '../../../app/post-and-texts/notify-poll.ts';
import { requireApiKey } from '../auth.ts';

/**
 * GOV.UK Notify's callbacks: delivery receipts for letters and texts, and texts people sent back.
 * Notify sends the bearer token set in its API integration settings (NOTIFY_CALLBACK_TOKEN), which
 * is compared in constant time; anything else gets 401 and changes nothing.
 */
export function notifyCallbackRoutes(deps: AppDeps, token: string): Router {
  const r = Router();
  r.use(requireApiKey(token, 'notify', 'the callback bearer token set in GOV.UK Notify'));
  r.post('/delivery-receipts', async (req, res) => {
    res.json({ recorded: await recordDeliveryReceipt(deps, req.body) });
  });
  r.post('/received-texts', async (req, res) => {
    await recordReceivedText(deps, req.body);
    res.json({ recorded: true });
  });
  return r;
}
