import { type Actor, createActor } from 'xstate';
import { systemClock, systemRandom } from './clock';
import { createSettlement, type Settlement } from './command-settlement';
import type { CommandTarget } from './commands';
import { isolateInspector } from './inspect';
import { isolateLogger } from './logging';
import { screenRecordingMachine } from './machine';
import { createSrsActors, type Secrets } from './srs-actors';
import { createFetchTransport } from './transport';
import type { Clock, Instant, Logger, ResolvedOptions, ScreenRecordingOptions } from './types';

/**
 * One tab's session chart with what it needs to talk to SRS: the transport, the secrets, the clock. The
 * session object (`session.ts`) and the tab sharing (`tabs.ts`) both drive it; nothing here knows about
 * views, listeners or other tabs.
 */
export interface SessionEngine extends CommandTarget {
  actor: Actor<typeof screenRecordingMachine>;
  settlement: Settlement;
  secrets: Secrets;
  clock: Clock;
  random: () => number;
  logger: Logger;
  settings: ResolvedOptions;
  /** The `inspect` observer, isolated: handed to every actor of the session. */
  inspect: ((event: import('xstate').InspectionEvent) => void) | undefined;
  now(): Instant;
  /**
   * The logout for a page that is going away (`pagehide`): sent with `keepalive` so it outlives the page,
   * and not awaited. Returns false when there was nothing to end.
   */
  sendFarewellLogout(): boolean;
}

export function createSessionEngine(
  options: ScreenRecordingOptions,
  settings: ResolvedOptions,
): SessionEngine {
  const clock = options.clock ?? systemClock;
  const random = options.random ?? systemRandom;
  const logger = isolateLogger(options.logger);
  const transport = createFetchTransport({
    // Late-bound so a page can install a fetch after creating the session (and tests can spy on it).
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    clock,
    requestTimeoutMs: settings.requestTimeoutMs,
    logger,
  });
  const srs = createSrsActors({ settings, transport, clock, random, logger });
  const inspect = options.inspect ? isolateInspector(options.inspect, logger) : undefined;
  const actor = createActor(screenRecordingMachine.provide({ actors: srs.actors, actions: srs.actions }), {
    input: { settings },
    clock,
    ...(inspect ? { inspect } : {}),
  });
  const settlement = createSettlement(() => actor.getSnapshot());
  actor.subscribe((snapshot) => settlement.onSnapshot(snapshot));
  return {
    actor,
    settlement,
    secrets: srs.secrets,
    clock,
    random,
    logger,
    settings,
    inspect,
    now: srs.now,
    sendFarewellLogout: srs.sendFarewellLogout,
  };
}
