import type { SimulatorAgent, SimulatorPlace } from './types';

/** Two agents, so tests can show that sessions are per user. Test-only credentials. */
export const DEFAULT_AGENTS: SimulatorAgent[] = [
  { username: 'alice', password: 'alice-password' },
  { username: 'bob', password: 'bob-password' },
];

/**
 * `alicePlace` is the API guide's hot-seating example (two DNs on two switches, so `devices` is
 * required); `bobPlace` has a single DN, so a login may name the place alone.
 */
export const DEFAULT_PLACES: SimulatorPlace[] = [
  {
    name: 'alicePlace',
    devices: [
      { dn: 'DN1', switch: 'SwitchA' },
      { dn: 'DN2', switch: 'SwitchB' },
    ],
  },
  { name: 'bobPlace', devices: [{ dn: 'DN3', switch: 'SwitchA' }] },
];

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_SESSION_TIMEOUT_MS = 60_000;
