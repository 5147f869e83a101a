import type { createBrowserInspector } from '@statelyai/inspect';

export type BrowserInspector = ReturnType<typeof createBrowserInspector>;

/** Runs a command; mistakes the session does not show in its view (bad input, wrong moment) become a notice. */
export type RunCommand = (command: () => Promise<void>) => void;
