/**
 * JSON-lines logger. Callers log ids and conference references only, never names,
 * addresses or report text: the tests grep log output for fixture names. As a safety net for
 * text from outside (an error's message, a mail server's reply), email addresses and phone
 * numbers are redacted from the message, every string field and `err.message`.
 */
import { redactFields, redactPersonalData } from './redact.ts';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

export function createLogger(
  options: { level?: LogLevel; write?: (line: string) => void; base?: Record<string, unknown>; now?: () => Date } = {},
): Logger {
  const level = options.level ?? 'info';
  const write = options.write ?? ((line: string) => process.stdout.write(line + '\n'));
  const now = options.now ?? (() => new Date());
  const base = options.base ?? {};
  const log =
    (lvl: LogLevel) =>
    (msg: string, fields: Record<string, unknown> = {}) => {
      if (ORDER[lvl] < ORDER[level]) return;
      const err = fields['err'];
      const extra = err instanceof Error ? { err: { name: err.name, message: redactPersonalData(err.message) } } : {};
      write(
        JSON.stringify({
          t: now().toISOString(),
          level: lvl,
          msg: redactPersonalData(msg),
          ...redactFields(base),
          ...redactFields(fields),
          ...extra,
        }),
      );
    };
  return {
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    child: (fields) => createLogger({ ...options, base: { ...base, ...fields } }),
  };
}

export const silentLogger: Logger = createLogger({ write: () => {} });
