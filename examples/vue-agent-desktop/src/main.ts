import { createApp } from 'vue';
import { readConfig } from '../../shared/config';
import App from './App.vue';
import '../../shared/styles.css';

const config = readConfig(window.location.search, {
  srsUrl: import.meta.env.VITE_SRS_URL,
  controlUrl: import.meta.env.VITE_SRS_CONTROL_URL,
});

createApp(App, { config }).mount('#root');
