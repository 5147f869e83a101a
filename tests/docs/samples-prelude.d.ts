/**
 * What the docs' code samples take for granted in a reader's app, declared once so that each sample
 * shows only what it is about: the desktop's one session, the agent's login, and the desktop's own
 * functions that show things. Everything else a sample uses, it imports.
 */
import type {
  CoverageGap,
  LoginParams,
  ScreenRecordingSession,
  SessionMessage,
  SessionView,
} from '@screen-recording/core';

declare global {
  /** The desktop's one session, created elsewhere in the app. */
  const session: ScreenRecordingSession;
  /** SRS's address on the agent's machine, e.g. 'https://127.0.0.1:8443'. */
  const srsUrl: string;
  /** The password the agent typed into the desktop's login form. */
  const agentPassword: string;
  /** The agent's login, as the desktop's login form gathered it. */
  const agent: LoginParams;
  /** The desktop's own ways of showing things. */
  function render(view: SessionView): void;
  function showStatus(message: SessionMessage): void;
  function showNotice(message: SessionMessage): void;
  function showHint(text: string): void;
  /** Shows a report the agent can copy into a ticket. */
  function showReport(text: string): void;
  function showBanner(text: string): void;
  function hideBanner(): void;
  function showRetryButton(onClick: () => void): void;
  /** The desktop's backend, told of each gap in the recording. */
  function reportGap(gap: CoverageGap): void;
}
