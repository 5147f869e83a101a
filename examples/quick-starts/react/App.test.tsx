// src/App.test.tsx: a unit test of the quick start's App, on an in-memory SRS and a clock the test moves.
// @vitest-environment jsdom
import { ScreenRecordingProvider } from '@screen-recording/react';
import { createTestingSession, type TestingSession } from '@screen-recording/testing';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, expect, it } from 'vitest';
import App from './App';

let testing: TestingSession;

/** Renders App on a testing session: nothing reaches a real SRS, and no time passes unless the test says. */
function renderApp() {
  testing = createTestingSession();
  render(
    <ScreenRecordingProvider session={testing.session}>
      <App />
    </ScreenRecordingProvider>,
  );
}

/** Moves the clock: the timers due fire, SRS answers, and React renders what changed. */
const advance = (ms: number) => act(() => testing.clock.advance(ms));
const click = (name: string) => fireEvent.click(screen.getByRole('button', { name }));
const headline = () => screen.getByRole('main').querySelector('p')?.textContent;

afterEach(() => {
  cleanup();
  testing.session.dispose(); // the app's own session: the provider leaves it to the test
});

it('logs in, polls every 30 s, and logs out with the CSRF token', async () => {
  renderApp();
  expect(headline()).toBe('Screen recording is off.');

  click('Log in');
  await advance(0);
  expect(headline()).toBe('Screen recording is on.');

  await advance(90_000); // three polls, and no time spent waiting
  expect(testing.srs.count('ping')).toBe(3);

  click('Log out');
  await advance(0);
  expect(headline()).toBe('Screen recording is off.');
  const logout = testing.srs.calls.at(-1);
  expect(logout?.operation).toBe('logout');
  expect(logout?.headers['x-csrf-token']).toMatch(/\S/);
  expect(testing.srs.hasSession).toBe(false);
});

it('tells the agent when the recording service stops answering, and recovers by itself', async () => {
  renderApp();
  click('Log in');
  await advance(0);

  testing.srs.goDown(); // SRS stops: every request fails as a refused connection does
  await advance(30_000);
  expect(headline()).toBe(
    'The recording service on this computer does not answer; the desktop keeps trying.',
  );

  testing.srs.comeBack();
  await advance(30_000);
  expect(headline()).toBe('Screen recording is on.');
  expect(screen.queryByRole('alert')).toBeNull(); // no command of the agent's failed
});

it('says the login was not done when the agent logs out while SRS is still answering it', async () => {
  renderApp();
  testing.srs.script('login', { status: 200, delayMs: 2_000 }); // a slow login
  click('Log in');
  await advance(0);
  expect(headline()).toBe('Starting screen recording…');

  click('Log out');
  await advance(2_000);
  expect(screen.getByRole('alert').textContent).toBe('Not done: another action came first.');
  expect(headline()).toBe('Screen recording is off.');
  expect(testing.srs.hasSession).toBe(false);
});
