import type { createBrowserInspector } from '@statelyai/inspect';
import type { CommandNotices } from '../../shared/command-notices';

export type BrowserInspector = ReturnType<typeof createBrowserInspector>;

/** Runs one of the agent's commands; what became of a refused one stays on the page as a notice. */
export type RunCommand = CommandNotices['run'];
