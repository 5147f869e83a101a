import { useScreenRecording } from '@screen-recording/react';
import { createBrowserInspector } from '@statelyai/inspect';
import { useState } from 'react';
import { INSPECTOR_OPTIONS } from '../../../shared/inspector';
import { INSPECTOR_HINT, INSPECTOR_LOGOUT_QUESTION } from '../../../shared/messages';
import type { BrowserInspector } from '../App';

/**
 * Turns the Stately inspector on or off. The inspector is attached when a session is created, so the
 * desktop logs out and starts a fresh session with (or without) it.
 */
export function InspectorSwitch({
  on,
  onChange,
}: {
  on: boolean;
  onChange(inspector: BrowserInspector | null): void;
}) {
  const { view: status, logout } = useScreenRecording((view) => view.status);
  const [switching, setSwitching] = useState(false);

  const toggle = async () => {
    if (status !== 'idle' && !window.confirm(INSPECTOR_LOGOUT_QUESTION)) return;
    // Opened now, inside the click: a window opened after an await may be blocked as a pop-up.
    const next = on ? null : createBrowserInspector(INSPECTOR_OPTIONS);
    setSwitching(true);
    if (status !== 'idle') await logout().catch(() => {});
    setSwitching(false);
    onChange(next);
  };

  return (
    <section className="card inspector" aria-labelledby="inspector-title">
      <h2 id="inspector-title">Stately inspector</h2>
      <label className="switch">
        <input
          type="checkbox"
          role="switch"
          aria-checked={on}
          checked={on}
          disabled={switching}
          onChange={toggle}
        />
        <span>{on ? 'On: session events go to the inspector window' : 'Off'}</span>
      </label>
      <p className="hint">{INSPECTOR_HINT}</p>
    </section>
  );
}
