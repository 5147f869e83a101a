import { useScreenRecording } from '@screen-recording/react';
import { type FormEvent, useState } from 'react';
import { toPlaceParams } from '../../../shared/login-form';
import type { RunCommand } from './Desktop';

export function SessionControls({ recoveryServer, run }: { recoveryServer: string; run: RunCommand }) {
  const {
    view: { status, dataCenter },
    switchPlace,
    failover,
    failback,
    retry,
    logout,
  } = useScreenRecording(
    (view) => ({ status: view.status, dataCenter: view.dataCenter }),
    (a, b) => a.status === b.status && a.dataCenter === b.dataCenter,
  );
  const [place, setPlace] = useState('');
  const [devices, setDevices] = useState('');

  // The session refuses what does not apply (and the notice says why); these only grey out the obvious.
  const loggingOut = status === 'loggingOut';
  const submitPlace = (event: FormEvent) => {
    event.preventDefault();
    run('switchPlace', () => switchPlace(toPlaceParams(place, devices)));
  };

  return (
    <section className="card" aria-labelledby="session-title">
      <h2 id="session-title">Session</h2>
      <div className="actions">
        <button
          type="button"
          onClick={() => run('failover', failover)}
          disabled={loggingOut || dataCenter === 'recovery' || recoveryServer.trim() === ''}
          title={recoveryServer.trim() === '' ? 'Log in with a recovery RWS server to fail over' : undefined}
        >
          Fail over to recovery
        </button>
        <button
          type="button"
          onClick={() => run('failback', failback)}
          disabled={loggingOut || dataCenter === 'primary'}
        >
          Fail back to primary
        </button>
        <button type="button" onClick={() => run('retry', retry)} disabled={status !== 'failed'}>
          Retry
        </button>
        <button type="button" className="danger" onClick={() => run('logout', logout)} disabled={loggingOut}>
          Logout
        </button>
      </div>

      <form onSubmit={submitPlace} className="switch-place" aria-label="Switch place">
        <h3>Switch place</h3>
        <div className="grid2">
          <label>
            New place
            <input
              value={place}
              onChange={(event) => setPlace(event.target.value)}
              placeholder="bobPlace"
              required
            />
          </label>
          <label>
            <span>
              Devices <span className="muted">(DN@Switch per line)</span>
            </span>
            <textarea
              value={devices}
              onChange={(event) => setDevices(event.target.value)}
              rows={2}
              placeholder="DN3@SwitchA"
            />
          </label>
        </div>
        <button type="submit" disabled={status !== 'active'}>
          Switch place
        </button>
      </form>
    </section>
  );
}
