// src/App.tsx
import { describeError, describeView, type LoginParams } from '@screen-recording/core';
import { useScreenRecording } from '@screen-recording/react';
import { useState } from 'react';

// The simulator's agent: a real desktop passes what the agent typed into its own login form.
const agent: LoginParams = {
  username: 'alice',
  password: 'alice-password',
  server: 'https://rws.dc1.example.com',
};

export default function App() {
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
