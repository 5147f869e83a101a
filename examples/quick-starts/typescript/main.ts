// src/main.ts of a new Vite app (npm create vite@latest my-desktop -- --template vanilla-ts)
import {
  createScreenRecordingSession,
  createWorkerClock,
  describeError,
  describeView,
  type LoginParams,
} from '@screen-recording/core';

// One session for the desktop: SRS on the agent's computer (here `pnpm simulator`), and timers a
// background tab does not slow down. A wrong option throws SrsConfigurationError here; nothing is sent yet.
const session = createScreenRecordingSession({ srsUrl: 'http://127.0.0.1:4100', clock: createWorkerClock() });

// The simulator's agent: a real desktop passes what the agent typed into its own login form.
const agent: LoginParams = {
  username: 'alice',
  password: 'alice-password',
  server: 'https://rws.dc1.example.com',
};

const app = document.querySelector('#app') as HTMLElement;
app.innerHTML = `
  <main>
    <p id="headline"></p>
    <button type="button" id="login">Log in</button>
    <button type="button" id="logout">Log out</button>
    <p id="refusal" role="alert" hidden></p>
  </main>
`;
const headline = app.querySelector('#headline') as HTMLElement;
const loginButton = app.querySelector('#login') as HTMLButtonElement;
const logoutButton = app.querySelector('#logout') as HTMLButtonElement;
const refusal = app.querySelector('#refusal') as HTMLElement;

// Called with the current view at once, then with each new one (every poll included).
session.subscribe((view) => {
  headline.textContent = describeView(view).headline;
  loginButton.hidden = view.status !== 'idle';
  logoutButton.hidden = view.status === 'idle';
});

// A command rejects when it is not done (a logout during the login cancels the login): say why.
function run(command: () => Promise<void>) {
  refusal.hidden = true;
  command().catch((error: unknown) => {
    refusal.textContent = describeError(error).headline;
    refusal.hidden = false;
  });
}
loginButton.addEventListener('click', () => run(() => session.login(agent)));
logoutButton.addEventListener('click', () => run(session.logout));
