import { SrsConfigurationError } from '@screen-recording/core';
import { describe, expect, it } from 'vitest';
import { parseDevices } from '../../examples/shared/devices';
import { configurationHint } from '../../examples/shared/messages';

// The desktops' framework-free parts, shared by the React, Vue and Angular examples.

describe('the devices field', () => {
  it('reads DN@Switch, one per line', () => {
    expect(parseDevices(' DN1@SwitchA \n\nDN2@SwitchB')).toEqual([
      { dn: 'DN1', switch: 'SwitchA' },
      { dn: 'DN2', switch: 'SwitchB' },
    ]);
  });

  it.each(['DN1', '@SwitchA', 'DN1@'])(
    'says how to write %s instead of sending an empty switch or DN',
    (line) => {
      expect(() => parseDevices(line)).toThrow(/write each one as DN@Switch.*DN1@SwitchA/);
    },
  );
});

describe('the hint under a configuration error', () => {
  it('names the setting at fault, not the SRS address for every error', () => {
    expect(configurationHint(new SrsConfigurationError('pingIntervalMs', 'too long'))).toMatch(
      /\?pingIntervalMs=/,
    );
    expect(configurationHint(new SrsConfigurationError('pingIntervalMs', 'too long'))).not.toMatch(
      /srsUrl|SRS address/,
    );
    expect(configurationHint(new SrsConfigurationError('srsUrl', 'not loopback'))).toMatch(/SRS address/);
  });
});
