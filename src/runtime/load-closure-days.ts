/**
 * The authority's closure days (CLOSURE_DAYS_ICS). Like a policy file, the file is configuration: one
 * that cannot be read, is not a calendar, or holds a date that does not exist stops start-up naming
 * the setting (ConfigError: exit 2), before Redis is started or asked, instead of starting with no
 * closure days and counting them as working days.
 */
import { readFileSync } from 'node:fs';
import { ConfigError, type Config } from '../config.ts';
import { parseClosureDaysIcs } from '../domain/calendar/closure-days.ts';
import { ValidationError } from '../domain/errors.ts';

export function loadClosureDays(config: Pick<Config, 'CLOSURE_DAYS_ICS'>): string[] {
  const file = config.CLOSURE_DAYS_ICS;
  if (!file) return [];
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError([
      `CLOSURE_DAYS_ICS ${file}: cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`,
    ]);
  }
  try {
    return parseClosureDaysIcs(text);
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    throw new ConfigError(
      err.issues.length
        ? err.issues.map((i) => `CLOSURE_DAYS_ICS ${file}: ${i.message}`)
        : [`CLOSURE_DAYS_ICS ${file}: ${err.message}`],
    );
  }
}
