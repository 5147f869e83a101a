import type { SessionMessage } from '@screen-recording/core';

/** The library's words: the headline for the agent, the detail for whoever has to fix it. */
export function MessageBox({ message, testId }: { message: SessionMessage; testId: string }) {
  const urgent = message.tone === 'warning' || message.tone === 'error';
  return (
    <div
      className={`message ${message.tone}`}
      role={urgent ? 'alert' : 'status'}
      data-testid={testId}
      data-key={message.key}
    >
      <strong>{message.headline}</strong>
      <p className="hint">{message.detail}</p>
    </div>
  );
}
