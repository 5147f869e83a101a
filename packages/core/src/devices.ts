import type { Device } from './types';

/** Plain `{ dn, switch }` copies, so later changes to the caller's objects cannot reach SRS or the view. */
export function copyDevices(devices: readonly Device[]): Device[] {
  return devices.map(({ dn, switch: switchName }) => ({ dn, switch: switchName }));
}

/** Same devices in the same order (SRS receives them as a list). */
export function sameDevices(a: readonly Device[] | null, b: readonly Device[] | null): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  return a.every((device, index) => device.dn === b[index]?.dn && device.switch === b[index]?.switch);
}

/** `DN1@SwitchA, DN2@SwitchB`, for messages (each name cut to a readable length). */
export function describeDevices(devices: readonly Device[]): string {
  const cut = (name: string) => (name.length > 40 ? `${name.slice(0, 40)}…` : name);
  const shown = devices.slice(0, 5).map((device) => `${cut(device.dn)}@${cut(device.switch)}`);
  return devices.length > 5 ? `${shown.join(', ')} and ${devices.length - 5} more` : shown.join(', ');
}
