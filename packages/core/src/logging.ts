import type { Logger } from './types';

const LEVELS = ['debug', 'info', 'warn', 'error'] as const;

/**
 * The app's logger, made harmless: a method that throws is ignored, and no logger means no logging.
 * Logging must never change what the session does.
 */
export function isolateLogger(logger: Logger | undefined): Logger {
  const isolated = {} as Logger;
  for (const level of LEVELS) {
    isolated[level] = (message, details) => {
      try {
        logger?.[level](message, details);
      } catch {
        // A broken logger has nowhere to report to; the session carries on.
      }
    };
  }
  return isolated;
}
