// PLACEHOLDER: being written (issue 6): mounts POST /api/messages.
import type { Express } from 'express';
import type { AppDeps } from '../../app/deps.ts';
import type { Config } from '../../config.ts';
import type { Logger } from '../../infra/logger.ts';

export function mountTeams(_app: Express, _deps: AppDeps, _config: Config, _logger: Logger): void {}
