/**
 * At start-up, asks GOV.UK Notify about every SMS template named in configuration: an id Notify does
 * not know, or one that is not a text message template, stops the service naming the setting (a
 * text would otherwise fail for every family, one by one). If Notify cannot be reached the service
 * starts and says so: texts are retried like any other Notify request.
 */
import { ConfigError } from '../config.ts';
import { templateVar } from '../notify-config.ts';
import type { TextKind } from '../domain/texts.ts';
import type { Logger } from '../infra/logger.ts';
import type { NotifyService } from '../ports/notify.ts';

export async function checkNotifyTemplates(
  notify: NotifyService,
  templates: Partial<Record<TextKind, string>>,
  logger: Logger,
): Promise<void> {
  const problems: string[] = [];
  for (const [kind, id] of Object.entries(templates) as [TextKind, string][]) {
    let type: string | undefined;
    try {
      type = await notify.templateType(id);
    } catch (err) {
      logger.warn(
        'could not check a GOV.UK Notify template at start-up (Notify not answering): texts will be retried',
        { setting: templateVar(kind), err },
      );
      continue;
    }
    if (type === undefined)
      problems.push(
        `${templateVar(kind)}: GOV.UK Notify has no template ${id} for this service (check the id under Templates → the template → "Copy template ID")`,
      );
    else if (type !== 'sms')
      problems.push(
        `${templateVar(kind)}: template ${id} is a${type === 'email' ? 'n' : ''} ${type} template; texts need a text message template`,
      );
  }
  if (problems.length) throw new ConfigError(problems);
}
