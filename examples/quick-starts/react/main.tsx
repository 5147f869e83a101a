// src/main.tsx of a new Vite app (npm create vite@latest my-desktop -- --template react-ts)
import { createWorkerClock } from '@screen-recording/core';
import { ScreenRecordingProvider } from '@screen-recording/react';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import App from './App';

// SRS on the agent's computer: here `pnpm simulator`. The worker clock keeps polls on time in a background tab.
const options = { srsUrl: 'http://127.0.0.1:4100', clock: createWorkerClock() };

const root = document.getElementById('root') as HTMLElement;
createRoot(root, {
  // A wrong option throws SrsConfigurationError while the provider renders: show it, not a blank page.
  onUncaughtError: (error) => {
    root.textContent = String(error);
  },
}).render(
  <StrictMode>
    <ScreenRecordingProvider options={options}>
      <App />
    </ScreenRecordingProvider>
  </StrictMode>,
);
