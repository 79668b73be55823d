import { Router, type Express, type RequestHandler } from 'express';
import type { AppDeps } from '../app/deps.ts';
import { parseInput } from '../app/shared/parse.ts';
import { ClockAdvanceBody } from '../app/meeting-day/schemas.ts';
import { parseLondonInstant, toLondonIso } from '../app/shared/time.ts';
import { ConflictError, NotFoundError, ValidationError } from '../domain/errors.ts';
import { SimulatedClock, type systemClock } from '../infra/clock.ts';
import type { Logger } from '../infra/logger.ts';
import type { BullJobScheduler } from '../../jobs/bull-scheduler.ts';
import { advanceSimulatedTime } from '../../jobs/simulated-time.ts';

/** Simulated time (`/api/dev/clock`) and the failed-jobs list with retry (`/api/jobs`). */
export function devRoutes(
  app: Express,
  auth: RequestHandler,
  ctx: { deps: AppDeps; scheduler: BullJobScheduler; clock: SimulatedClock | typeof systemClock; logger: Logger },
): void {
  // The key is checked per route: a router-wide guard would also catch /api/messages (the bot).
  const r = Router();
  let advancing: Promise<unknown> | undefined;

  r.get('/dev/clock', auth, (_req, res) => {
    res.json({ simulated: ctx.clock instanceof SimulatedClock, now: toLondonIso(ctx.clock.now()) });
  });
  r.post('/dev/clock', auth, async (req, res) => {
    const clock = ctx.clock;
    if (!(clock instanceof SimulatedClock))
      throw new ConflictError('The clock is real: start the service with SIMULATED_CLOCK=1 to move time');
    const input = parseInput(ClockAdvanceBody, req.body, 'clock request');
    const target = parseLondonInstant(input.advanceTo)!.toJSDate();
    if (target.getTime() < clock.now().getTime())
      throw new ValidationError('Invalid clock request', [
        { field: 'advanceTo', message: `time only moves forward (it is now ${toLondonIso(clock.now())})` },
      ]);
    if (advancing) throw new ConflictError('The clock is already being moved; wait for that request to finish');
    const run = advanceSimulatedTime(ctx.scheduler.queue, clock, target, undefined, (stored) =>
      ctx.scheduler.readFailedReason(stored),
    );
    advancing = run;
    try {
      const ran = await run;
      ctx.logger.info('simulated clock advanced', { to: target.toISOString(), jobs: ran.length });
      res.json({ now: toLondonIso(clock.now()), ran });
    } finally {
      advancing = undefined;
    }
  });

  r.get('/jobs/failed', auth, async (_req, res) => {
    res.json(await ctx.scheduler.failed());
  });
  r.post('/jobs/:id/retry', auth, async (req, res) => {
    const id = String(req.params['id']);
    if (!(await ctx.scheduler.retry(id))) throw new NotFoundError(`No failed job "${id.slice(0, 80)}"`);
    res.json({ retried: id });
  });
  app.use('/api', r);
}
