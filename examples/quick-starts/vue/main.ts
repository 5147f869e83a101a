// src/main.ts of a new Vite app (npm create vite@latest my-desktop -- --template vue-ts)
import { createWorkerClock } from '@screen-recording/core';
import { ScreenRecordingPlugin } from '@screen-recording/vue';
import { createApp } from 'vue';
import App from './App.vue';

const app = createApp(App);
// A wrong option throws SrsConfigurationError in the setup() of the first component that reads the
// session, and Vue hands it here: show it, not a blank page.
app.config.errorHandler = (error) => {
  document.body.textContent = String(error);
};
// SRS on the agent's computer: here `pnpm simulator`. The worker clock keeps polls on time in a background tab.
app.use(ScreenRecordingPlugin, { options: { srsUrl: 'http://127.0.0.1:4100', clock: createWorkerClock() } });
app.mount('#app');
