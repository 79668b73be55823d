/**
 * `npm run demo`: a whole Hackney initial conference in simulated time against the embedded
 * defaults (embedded redis-server unless REDIS_URL is set, the outbox folder, the local meeting
 * provider), driven over the real HTTP API, then a readable timeline and where the mail went.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import nodemailer from 'nodemailer';
import { Redis } from 'ioredis';
import { replyAddress, replyToken } from '../src/app/credentials/reply-token.ts';
import { readConfig } from '../src/config.ts';
import { createLogger } from '../src/infra/logger.ts';
import { startRuntime } from '../src/runtime/start.ts';
import { printTimeline, timelineOf, when, type TimelineEntry } from './demo-timeline.ts';
import { deleteKeysByPrefix } from '../src/storage/redis-keys.ts';
import { stillToPrint } from '../src/domain/letters.ts';
import type { HardCopy } from '../src/domain/deliveries.ts';
import { demoCumbriaSolicitorCopy, demoMinutes } from './demo-minutes.ts';
import { demoContext, type FailedJob } from './demo-context.ts';
import { ATTENDEES, holdHackneyMeeting } from './demo-hackney.ts';

export interface DemoResult {
  outbox: string;
  dataDir: string;
  conferenceId: string;
  reviewId?: string;
  emails: number;
  finalState: string;
  failedJobs: FailedJob[];
  timeline: TimelineEntry[];
}

export async function runDemo(options: { write?: (line: string) => void } = {}): Promise<DemoResult> {
  const write = options.write ?? ((l: string) => process.stdout.write(`${l}\n`));
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cpc-demo-'));
  const logFile = path.join(dataDir, 'demo.log');
  writeFileSync(logFile, '');
  // The demo is a composition root like main.ts: REDIS_URL is the one setting it takes from outside.
  const externalRedis = process.env.REDIS_URL;
  const prefix = `demo${randomBytes(4).toString('hex')}`;
  const config = readConfig({
    NODE_ENV: 'development',
    DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    INBOUND_SMTP_PORT: '0',
    SIMULATED_CLOCK: '1',
    SIMULATED_START: '2026-12-14T09:00:00Z',
    MEETING_PROVIDER: 'local',
    COORDINATOR_EMAIL: 'coordinator@hackney.example.gov.uk',
    REDIS_PREFIX: prefix,
    JOB_ATTEMPTS: '2',
    JOB_BACKOFF_MS: '200',
    LOG_LEVEL: 'info',
    ...(externalRedis ? { REDIS_URL: externalRedis } : {}),
  });
  const logger = createLogger({ level: 'info', write: (l) => appendFileSync(logFile, `${l}\n`) });
  const rt = await startRuntime(config, logger);
  const failedJobs: DemoResult['failedJobs'] = [];
  try {
    const ctx = demoContext(rt, config.COORDINATOR_API_KEY, write, failedJobs);
    const { api, advance, settle } = ctx;

    write(`Demo: Hackney initial conference in simulated time (data in ${dataDir})`);
    const created = await api('POST', '/api/conferences', {
      policy: 'hackney',
      kind: 'initial',
      startsAt: '2027-01-04T10:00',
      durationMinutes: 120,
      strategyDiscussionOn: '2026-12-11',
      mode: 'virtual',
      children: [
        { firstName: 'Demo', lastName: 'Child', dateOfBirth: '2018-03-09' },
        { firstName: 'Younger', lastName: 'Child', dateOfBirth: '2022-07-21' },
      ],
      attendees: ATTENDEES,
    });
    const id: string = created.id;
    const att = (role: string, agency?: string) =>
      created.attendees.find(
        (a: any) => a.role === role && (!agency || ATTENDEES.find((x) => x.email === a.email)?.agency === agency),
      );
    const [chair, sw, hv, school, police] = [
      att('chair'),
      att('social-worker'),
      att('professional', 'Health visiting'),
      att('professional', 'Primary school'),
      att('police'),
    ];
    write(
      `Created ${created.reference}: reports due ${when(created.timetable.reportsDue)}, parents ${when(created.timetable.parentsJoinAt)}, professionals ${when(created.timetable.professionalsJoinAt)}`,
    );
    await settle();

    // Reports come back by email to each professional's reply address, as a real reply would.
    const policy = rt.deps.policies.get('hackney');
    const inbound = nodemailer.createTransport({
      host: '127.0.0.1',
      port: rt.inbound!.port,
      secure: false,
      ignoreTLS: true,
    });
    const sendReport = async (who: any, at: string) => {
      await advance(at);
      const before = (await api('GET', `/api/conferences/${id}`)).attendees.find((a: any) => a.id === who.id).report
        .status;
      await inbound.sendMail({
        from: who.email,
        to: replyAddress(
          policy.reportsMailbox,
          replyToken(config.LINK_SECRET, {
            conferenceId: id,
            attendeeId: who.id,
            version: 1,
            exp: Date.parse('2099-01-01') / 1000,
          }),
        ),
        subject: `Re: report for ${created.reference}`,
        text: 'What is working well: ...\nWhat are we worried about: ...\nWhat needs to change: ...',
        attachments: [{ filename: 'report.txt', content: `Report for ${created.reference}` }],
      });
      for (let i = 0; i < 200; i++) {
        const now = (await api('GET', `/api/conferences/${id}`)).attendees.find((a: any) => a.id === who.id).report
          .status;
        if (now === 'received' && before !== 'received') break;
        await new Promise((r) => setTimeout(r, 25));
      }
      await settle();
    };
    await sendReport(sw, '2026-12-21T15:00');
    await sendReport(hv, '2026-12-23T11:00');
    await sendReport(school, '2026-12-30T11:30'); // late: after the 29 December deadline and the overdue chaser
    await sendReport(police, '2026-12-31T14:00'); // after escalation to the police officer's manager
    inbound.close();

    await holdHackneyMeeting(ctx, id, created, { chair, sw, hv, school, police, parent: att('parent') });

    // Print the posted letter, let the watchdog check the 24-hour window, then run the follow-ups.
    await advance('2027-01-05T09:30');
    let conf = await api('GET', `/api/conferences/${id}`);
    // Only what is still on the print list: an invitation withdrawn unprinted is not printed afterwards.
    for (const h of conf.hardCopies.filter((x: HardCopy) => stillToPrint(conf, x)))
      await api('POST', `/api/conferences/${id}/hard-copies/${h.blobId}/printed`, { by: 'coordinator' });
    // The minutes: drafted from the record, approved by the chair, sent as Hackney's record bundle; the posted copy printed.
    await advance('2027-01-11T10:00');
    await demoMinutes(ctx, id, chair.id, att('minute-taker').id);
    conf = await api('GET', `/api/conferences/${id}`);
    for (const h of conf.hardCopies.filter((x: HardCopy) => stillToPrint(conf, x)))
      await api('POST', `/api/conferences/${id}/hard-copies/${h.blobId}/printed`, { by: 'coordinator' });
    await advance('2027-01-26T09:00');
    conf = await api('GET', `/api/conferences/${id}`);
    let review: any;
    if (conf.reviewDraftId) {
      await api('POST', `/api/conferences/${conf.reviewDraftId}/confirm`, { by: 'coordinator' });
      await settle();
      review = await api('GET', `/api/conferences/${conf.reviewDraftId}`);
    }
    conf = await api('GET', `/api/conferences/${id}`);
    const cumbria = await demoCumbriaSolicitorCopy(ctx);
    const cumbriaConf = await api('GET', `/api/conferences/${cumbria.id}`);

    const timeline = [
      ...timelineOf(conf, conf.audit, conf.deliveries),
      ...(review ? timelineOf(review, review.audit, review.deliveries) : []),
      ...timelineOf(cumbriaConf, cumbriaConf.audit, cumbriaConf.deliveries),
    ];
    for (const f of failedJobs)
      timeline.push({
        at: rt.clock.now().toISOString(),
        reference: created.reference,
        step: f.step,
        who: 'bot',
        what: `job failed: ${f.reason ?? 'unknown'}`,
      });
    write('');
    printTimeline(timeline, write);
    const outbox = config.OUTBOX_DIR;
    const emails = readdirSync(outbox).filter((f) => f.endsWith('.eml')).length;
    write('');
    write(
      `Final state ${conf.state}; circulation ${conf.circulation?.complete ? 'complete' : 'incomplete'} (${conf.circulation?.recipients.filter((r: any) => r.status === 'sent').length} recipients served); review ${review ? `${review.reference} ${review.state} for ${when(review.startsAt)}` : 'none'}`,
    );
    const bundle = await api('GET', `/api/conferences/${id}/minutes`);
    const served = (m: any) => m.recipients.filter((r: any) => r.status === 'sent').length;
    write(
      `Minutes: ${created.reference} record bundle ${bundle.complete ? 'complete' : 'incomplete'} (${served(bundle)} recipients); ${cumbria.reference} minutes ${cumbria.minutes.complete ? 'complete' : 'incomplete'} (${served(cumbria.minutes)} recipients, ${cumbria.minutes.recipients.filter((r: any) => r.copy === 'solicitor').length} solicitor's copy)`,
    );
    if (failedJobs.length) write(`Failed jobs (shown in the timeline): ${failedJobs.map((f) => f.step).join(', ')}`);
    write(`${emails} emails written to the outbox: ${outbox}`);
    write(`Service log: ${logFile}`);
    return {
      outbox,
      dataDir,
      conferenceId: id,
      ...(review ? { reviewId: review.id } : {}),
      emails,
      finalState: conf.state,
      failedJobs,
      timeline,
    };
  } finally {
    await rt.stop();
    if (externalRedis) {
      // Leave a shared Redis as we found it; the embedded one's data stays under the data folder.
      const redis = new Redis(externalRedis);
      await deleteKeysByPrefix(redis, prefix);
      await redis.quit();
    }
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const started = Date.now();
  runDemo()
    .then(() => {
      process.stdout.write(`Finished in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
      process.exit(0);
    })
    .catch((err) => {
      process.stderr.write(`Demo failed: ${err instanceof Error ? err.stack : String(err)}\n`);
      process.exit(1);
    });
}
