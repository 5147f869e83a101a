// main.mjs: `node main.mjs` (Node 20 or later) logs in, keeps polling until Ctrl-C, then logs out.
import { createScreenRecordingSession, describeError, describeView } from '@screen-recording/core';

// SRS on this computer: here `pnpm simulator`.
const session = createScreenRecordingSession({ srsUrl: 'http://127.0.0.1:4100' });

// One line each time the words change: "loggingIn: Starting screen recording…", and so on.
let said = '';
session.subscribe((view) => {
  const { headline } = describeView(view);
  if (headline !== said) console.log(`${view.status}: ${headline}`);
  said = headline;
});

try {
  // The simulator's agent.
  await session.login({
    username: 'alice',
    password: 'alice-password',
    server: 'https://rws.dc1.example.com',
  });
} catch (error) {
  // Refused or unreachable: the detail says what to check.
  console.error(`Not logged in. ${describeError(error, 'login').detail}`);
  process.exit(1);
}
console.log('Polling every 30 s. Press Ctrl-C to log out.');

// Logged out, the session has nothing left to do: no timer keeps the program running.
process.once('SIGINT', () => {
  session.logout().catch((error) => {
    console.error(`Logout not confirmed. ${describeError(error, 'logout').detail}`);
    process.exitCode = 1;
  });
});
