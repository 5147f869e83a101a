import type { Device } from '@screen-recording/core';

/** Reads devices typed one per line as `DN@Switch`; blank lines are skipped. */
export function parseDevices(text: string): Device[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const at = line.lastIndexOf('@');
      // A line without '@' keeps an empty switch, which the session rejects with a message naming the field.
      return at === -1
        ? { dn: line, switch: '' }
        : { dn: line.slice(0, at).trim(), switch: line.slice(at + 1).trim() };
    });
}

export function formatDevices(devices: readonly Device[] | null): string {
  return devices && devices.length > 0
    ? devices.map((device) => `${device.dn}@${device.switch}`).join(', ')
    : '—';
}
