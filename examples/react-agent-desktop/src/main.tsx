import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { readConfig } from './config';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  // StrictMode on purpose: the binding must survive its double mount without a second login.
  <StrictMode>
    <App config={readConfig(window.location.search, import.meta.env)} />
  </StrictMode>,
);
