import type { ScreenRecordingSession } from '@screen-recording/core';
import { useState, useSyncExternalStore } from 'react';
import type { DesktopConfig } from '../../../shared/config';
import type { LoginFormValues } from '../../../shared/login-form';
import {
  copyReport,
  createRecordingCheck,
  RECORDING_CHECK_HINT,
  TEST_LOGIN_LABEL,
  VERDICT_LABELS,
  VERDICT_TONES,
} from '../../../shared/recording-check';

/**
 * "Check recording": the library's self-check, its verdict and the report to send to support. Works
 * without a session too (when the options were refused), then only checks what needs none.
 */
export function RecordingCheck({
  config,
  session,
  loginValues,
}: {
  config: DesktopConfig;
  session: ScreenRecordingSession | null;
  loginValues: LoginFormValues;
}) {
  const [check] = useState(() => createRecordingCheck(config));
  const state = useSyncExternalStore(check.subscribe, check.current);
  const [testLogin, setTestLogin] = useState(false);
  const [copied, setCopied] = useState<string | null>(null);
  const { diagnosis } = state;

  const copy = async () => {
    setCopied((await copyReport(state.text)) ? 'Copied.' : 'Select the report and copy it.');
  };

  return (
    <section className="card" aria-labelledby="check-title">
      <h2 id="check-title">Check recording</h2>
      <p className="hint">{RECORDING_CHECK_HINT}</p>
      <label className="switch">
        <input type="checkbox" checked={testLogin} onChange={(event) => setTestLogin(event.target.checked)} />
        <span>{TEST_LOGIN_LABEL}</span>
      </label>
      <div>
        <button
          type="button"
          className="primary"
          disabled={state.running}
          onClick={() => check.run(session, testLogin ? loginValues : null)}
        >
          {state.running ? 'Checking…' : 'Check recording'}
        </button>
      </div>
      {diagnosis && (
        <>
          <p
            className={`message ${VERDICT_TONES[diagnosis.verdict]}`}
            data-testid="recording-check-verdict"
            data-verdict={diagnosis.verdict}
          >
            <strong>{VERDICT_LABELS[diagnosis.verdict]}.</strong> {diagnosis.summary}
          </p>
          <pre className="report" data-testid="recording-check-report">
            {state.text}
          </pre>
          <div>
            <button type="button" onClick={copy}>
              Copy report
            </button>{' '}
            {copied && <span className="hint">{copied}</span>}
          </div>
          <details>
            <summary>The report as JSON</summary>
            <pre className="report" data-testid="recording-check-json">
              {state.json}
            </pre>
          </details>
        </>
      )}
    </section>
  );
}
