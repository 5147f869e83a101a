import { useEffect, useMemo, useState } from 'react';
import {
  describeFault,
  describeRequestStatus,
  FAULT_BUTTONS,
  recentRequests,
  type SimulatorStateInfo,
  simulatorControl,
  watchSimulator,
} from '../../../shared/simulator-control';

/** Drives the simulator's control endpoint: inject faults and watch what SRS sees. */
export function SimulatorPanel({
  controlUrl,
  primaryServer,
  recoveryServer,
}: {
  controlUrl: string;
  primaryServer: string;
  recoveryServer: string;
}) {
  const control = useMemo(() => simulatorControl(controlUrl), [controlUrl]);
  const [state, setState] = useState<SimulatorStateInfo | null>(null);
  const [unreachable, setUnreachable] = useState<string | null>(null);
  useEffect(
    () =>
      watchSimulator(
        control,
        (next) => {
          setState(next);
          setUnreachable(null);
        },
        setUnreachable,
      ),
    [control],
  );
  const apply = (action: () => Promise<SimulatorStateInfo>) => {
    action().then(setState, (error: unknown) => setUnreachable(String(error)));
  };

  return (
    <section className="card simulator" aria-labelledby="simulator-title">
      <h2 id="simulator-title">SRS simulator</h2>
      {unreachable && (
        <p className="warning">
          No simulator control endpoint at <code>{controlUrl}</code> ({unreachable}). Against a real SRS this
          panel has nothing to drive.
        </p>
      )}

      <fieldset className="fault-buttons">
        <legend>Inject a fault</legend>
        {FAULT_BUTTONS.map((button) => (
          <button
            key={button.label}
            type="button"
            className={button.label === 'Clear fault' ? 'primary' : undefined}
            onClick={() => apply(() => button.apply(control, primaryServer))}
            disabled={button.disabled?.(state, primaryServer) ?? false}
          >
            {button.label}
          </button>
        ))}
      </fieldset>

      <dl className="facts">
        <dt>Fault</dt>
        <dd data-testid="simulator-fault">{state?.fault ? describeFault(state.fault.fault) : 'none'}</dd>
        <dt>Lost data centers</dt>
        <dd>
          {state && state.lostDataCenters.length > 0
            ? state.lostDataCenters
                .map((server) => (server === recoveryServer ? `${server} (recovery)` : server))
                .join(', ')
            : 'none'}
        </dd>
      </dl>

      <h3>Live sessions</h3>
      {state && state.sessions.length > 0 ? (
        <table data-testid="simulator-sessions">
          <thead>
            <tr>
              <th>User</th>
              <th>Server</th>
              <th>Place</th>
              <th>CSRF</th>
              <th>Last seen</th>
            </tr>
          </thead>
          <tbody>
            {state.sessions.map((session) => (
              <tr key={`${session.username}-${session.createdAt}`}>
                <td>{session.username}</td>
                <td>{session.server ?? '—'}</td>
                <td>{session.place ?? 'default'}</td>
                <td>{session.csrfProtected ? 'yes' : 'no'}</td>
                <td>{new Date(session.lastSeenAt).toLocaleTimeString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">No session.</p>
      )}

      <h3>Recent requests</h3>
      {state && state.requests.length > 0 ? (
        <table className="requests">
          <thead>
            <tr>
              <th>Time</th>
              <th>Request</th>
              <th>Status</th>
              <th>User</th>
              <th>CSRF</th>
            </tr>
          </thead>
          <tbody>
            {recentRequests(state).map(({ request, position }) => (
              <tr key={position}>
                <td>{new Date(request.at).toLocaleTimeString()}</td>
                <td>
                  <code>
                    {request.method} {request.path}
                  </code>
                </td>
                <td className={request.status !== null && request.status < 400 ? 'ok' : 'bad'}>
                  {describeRequestStatus(request)}
                </td>
                <td>{request.username ?? '—'}</td>
                <td>{request.csrfRequested ? 'asked' : request.csrfTokenSent ? 'token sent' : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">No request yet.</p>
      )}
    </section>
  );
}
