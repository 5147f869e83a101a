import { describeView, SrsConfigurationError } from '@screen-recording/core';
import { afterEach, describe, expect, it } from 'vitest';
import { createCommandNotices } from '../../examples/shared/command-notices';
import { parseDevices } from '../../examples/shared/devices';
import { DEFAULT_LOGIN, toLoginParams, toPlaceParams } from '../../examples/shared/login-form';
import {
  configurationHint,
  describeGap,
  listedGaps,
  SHORTEST_LISTED_GAP_MS,
  unlistedGapsNote,
} from '../../examples/shared/messages';
import { ALICE, cleanup, goodPings, logins, PRIMARY, start, waitFor } from './support';

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

afterEach(cleanup);

const ALICE_LOGIN = { ...ALICE, server: PRIMARY };

describe("the notice a desktop shows for the agent's last command", () => {
  it('keeps a refused move until the agent acts again, past the good polls that clear the view', async () => {
    const { srs, session } = await start();
    await session.login(ALICE_LOGIN);
    const notices = createCommandNotices();

    notices.run('switchPlace', () => session.switchPlace(toPlaceParams('nowherePlace', '')));
    const notice = await waitFor(() => notices.current(), 'the notice of the refused move');
    expect(notice).toMatchObject({ key: 'place.refused', tone: 'warning' });
    expect(notice.detail).toContain('nowherePlace');

    // Good polls follow, and the view's error is gone; the notice is not.
    const polls = goodPings(srs).length;
    await waitFor(() => goodPings(srs).length >= polls + 2, 'two good polls');
    expect(session.getSnapshot().error).toBeNull();
    expect(notices.current()).toBe(notice);

    // The agent acts again: the notice goes at once, and this command went through.
    notices.run('switchPlace', () => session.switchPlace(toPlaceParams('bobPlace', '')));
    expect(notices.current()).toBeNull();
    await waitFor(() => session.getSnapshot().place === 'bobPlace', 'the move to bobPlace');
    expect(notices.current()).toBeNull();
  });

  it('drops the refusal of a command a later one replaced', async () => {
    const { session } = await start();
    await session.login(ALICE_LOGIN);
    const notices = createCommandNotices();
    const seen: unknown[] = [];
    notices.subscribe(() => seen.push(notices.current()));

    notices.run('switchPlace', () => session.switchPlace(toPlaceParams('nowherePlace', '')));
    notices.run('logout', () => session.logout());
    await waitFor(() => session.getSnapshot().status === 'idle', 'the logout');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seen).toEqual([]);
    expect(notices.current()).toBeNull();
  });

  it('turns a device it cannot read into a notice, and sends nothing', async () => {
    const { srs, session } = await start();
    const notices = createCommandNotices();
    const form = { ...DEFAULT_LOGIN, server: PRIMARY, place: 'alicePlace', devices: 'DN1 SwitchA' };

    notices.run('login', () => session.login(toLoginParams(form)));
    const notice = await waitFor(() => notices.current(), 'the notice');
    expect(notice).toMatchObject({ key: 'input.invalid', params: { field: 'devices' } });
    expect(notice.headline).toBe('Not sent: check the devices.');
    expect(notice.detail).toMatch(/DN@Switch.*"DN1 SwitchA"/);
    expect(srs.requests).toEqual([]);
    expect(session.getSnapshot().status).toBe('idle');
  });

  it("clears a failed login's notice when the agent logs out, and the view has nothing left to say", async () => {
    const { srs, session } = await start({ session: { selfHealIntervalMs: 60_000 } });
    srs.injectFault({ kind: 'down' });
    const notices = createCommandNotices();
    notices.run('login', () => session.login(ALICE_LOGIN));
    expect(await waitFor(() => notices.current(), 'the failed login')).toMatchObject({
      key: 'command.failed',
    });

    notices.run('logout', () => session.logout());
    await waitFor(() => session.getSnapshot().status === 'idle', 'the logout');
    expect(notices.current()).toBeNull();
    expect(describeView(session.getSnapshot()).key).toBe('session.off');
  });
});

describe("the shift's list of gaps", () => {
  it(`lists the gaps the agent could notice, and sums those under ${SHORTEST_LISTED_GAP_MS} ms`, async () => {
    const { srs, session } = await start({ session: { selfHealIntervalMs: 500 } });
    await session.login(ALICE_LOGIN);
    // SRS forgets the session twice: the desktop logs in again at once each time.
    for (let time = 0; time < 2; time++) {
      const before = logins(srs).length;
      srs.expireSessions();
      await waitFor(
        () => logins(srs).length > before && session.getSnapshot().status === 'active',
        'a new login',
      );
    }
    // SRS stops for a while: a gap of hundreds of milliseconds at least.
    srs.injectFault({ kind: 'down' });
    await waitFor(() => session.getSnapshot().coverage.openGap, 'the gap');
    await new Promise((resolve) => setTimeout(resolve, 300));
    srs.clearFault();
    await waitFor(() => session.getSnapshot().coverage.gapCount === 3, 'the gap to close', 5_000);

    const report = session.getCoverage();
    const short = report.recentGaps.filter((gap) => (gap.durationMs ?? 0) < SHORTEST_LISTED_GAP_MS);
    expect(short.map((gap) => gap.reason)).toEqual(['session-expired', 'session-expired']);
    expect(listedGaps(report).map(describeGap)).toEqual([
      expect.stringMatching(/SRS unreachable \([\d.]+ s\)$/),
    ]);
    expect(unlistedGapsNote(report)).toMatch(/^and 2 shorter than 0.1 s/);
  });
});
