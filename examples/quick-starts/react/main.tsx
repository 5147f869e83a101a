// src/main.tsx of a new Vite app (npm create vite@latest my-desktop -- --template react-ts)
import { createWorkerClock, describeError, describeView, type LoginParams } from '@screen-recording/core';
import { ScreenRecordingProvider, useScreenRecording } from '@screen-recording/react';
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';

// SRS on the agent's computer: here `pnpm simulator`. The worker clock keeps polls on time in a background tab.
const options = { srsUrl: 'http://127.0.0.1:4100', clock: createWorkerClock() };

// The simulator's agent: a real desktop passes what the agent typed into its own login form.
const agent: LoginParams = {
  username: 'alice',
  password: 'alice-password',
  server: 'https://rws.dc1.example.com',
};

function Desk() {
  // Each selection re-renders this component only when it changes: a successful poll changes neither.
  const { view: status, login, logout } = useScreenRecording((view) => view.status);
  const { view: headline } = useScreenRecording((view) => describeView(view).headline);
  const [refusal, setRefusal] = useState('');

  // A command rejects when it is not done (a logout during the login cancels the login): say why.
  function run(command: () => Promise<void>) {
    setRefusal('');
    command().catch((error: unknown) => setRefusal(describeError(error).headline));
  }

  return (
    <main>
      <p>{headline}</p>
      {status === 'idle' ? (
        <button type="button" onClick={() => run(() => login(agent))}>
          Log in
        </button>
      ) : (
        <button type="button" onClick={() => run(logout)}>
          Log out
        </button>
      )}
      {refusal && <p role="alert">{refusal}</p>}
    </main>
  );
}

const root = document.getElementById('root') as HTMLElement;
createRoot(root, {
  // A wrong option throws SrsConfigurationError while the provider renders: show it, not a blank page.
  onUncaughtError: (error) => {
    root.textContent = String(error);
  },
}).render(
  <StrictMode>
    <ScreenRecordingProvider options={options}>
      <Desk />
    </ScreenRecordingProvider>
  </StrictMode>,
);
