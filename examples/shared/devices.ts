import { type Device, SrsConfigurationError } from '@screen-recording/core';

/**
 * Reads devices typed one per line as `DN@Switch`; blank lines are skipped.
 *
 * @throws SrsConfigurationError for `devices`, quoting the line that is not in the `DN@Switch` form: the
 * same error the session gives for a parameter it refuses, so a desktop words both alike.
 */
export function parseDevices(text: string): Device[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const at = line.lastIndexOf('@');
      if (at <= 0 || at === line.length - 1) {
        throw new SrsConfigurationError(
          'devices',
          `write each one as DN@Switch, one per line (for example DN1@SwitchA); got "${line.slice(0, 60)}".`,
        );
      }
      return { dn: line.slice(0, at).trim(), switch: line.slice(at + 1).trim() };
    });
}

export function formatDevices(devices: readonly Device[] | null): string {
  return devices && devices.length > 0
    ? devices.map((device) => `${device.dn}@${device.switch}`).join(', ')
    : '—';
}
