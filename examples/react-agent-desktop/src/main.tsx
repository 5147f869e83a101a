import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { readConfig } from '../../shared/config';
import { App } from './App';
import '../../shared/styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  // StrictMode on purpose: the binding must survive its double mount without a second login.
  <StrictMode>
    <App
      config={readConfig(window.location.search, {
        srsUrl: import.meta.env.VITE_SRS_URL,
        controlUrl: import.meta.env.VITE_SRS_CONTROL_URL,
      })}
    />
  </StrictMode>,
);
