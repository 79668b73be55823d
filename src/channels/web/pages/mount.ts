// PLACEHOLDER: being written (issue 8): personal link pages and the coordinator dashboard.
import type { Express } from 'express';
import type { AppDeps } from '../../../app/deps.ts';
import type { Config } from '../../../config.ts';
import type { Logger } from '../../../infra/logger.ts';

export function mountWebPages(_app: Express, _deps: AppDeps, _config: Config, _logger: Logger): void {}
