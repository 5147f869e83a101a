// src/App.simulator.test.tsx: an integration test of the quick start's App, over HTTP to the simulator.
// @vitest-environment jsdom
import { ScreenRecordingProvider } from '@screen-recording/react';
import { type SimulatorAgent, type SrsSimulator, startSimulator } from '@screen-recording/simulator';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, expect, it } from 'vitest';
import App from './App';

let srs: SrsSimulator | undefined;

/** Starts a simulator on a free port (its default agents alice and bob, unless told), and renders App on it. */
async function renderApp(agents?: SimulatorAgent[]) {
  srs = await startSimulator({ port: 0, agents });
  render(
    <ScreenRecordingProvider options={{ srsUrl: srs.url }}>
      <App />
    </ScreenRecordingProvider>,
  );
  return srs;
}

afterEach(async () => {
  cleanup(); // unmounting disposes the session the provider created
  await srs?.close();
});

const click = (name: string) => fireEvent.click(screen.getByRole('button', { name }));
const headline = () => screen.getByRole('main').querySelector('p')?.textContent;

it('logs in to the simulator, and logs out with the CSRF token', async () => {
  const srs = await renderApp();

  click('Log in');
  await expect.poll(headline).toBe('Screen recording is on.');
  expect(srs.sessions()).toEqual([expect.objectContaining({ username: 'alice', csrfProtected: true })]);

  click('Log out');
  await expect.poll(headline).toBe('Screen recording is off.');
  expect(srs.requests.at(-1)).toMatchObject({ path: '/api/v2/me', status: 200, csrfTokenSent: true });
  expect(srs.sessions()).toEqual([]);
});

it('shows what SRS refused: a password it does not accept', async () => {
  const srs = await renderApp([{ username: 'alice', password: 'another-password' }]);

  click('Log in');
  await expect
    .poll(() => screen.queryByRole('alert')?.textContent)
    .toBe('User name or password not accepted: log in again.');
  expect(srs.sessions()).toEqual([]);
});
