import { useCallback, useEffect, useMemo, useState } from 'react';
import {
  type SimulatorControl,
  type SimulatorFault,
  type SimulatorStateInfo,
  simulatorControl,
} from '../simulator-control';

const REFRESH_MS = 1000;
const RECENT_REQUESTS = 12;

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
  const { state, unreachable, apply } = useSimulatorState(control);
  const lost = new Set(state?.lostDataCenters ?? []);

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
        <button type="button" onClick={() => apply(() => control.injectFault({ kind: 'down' }))}>
          SRS down
        </button>
        <button
          type="button"
          onClick={() => apply(() => control.injectFault({ kind: 'slow', delayMs: 8000 }))}
        >
          Slow (8 s)
        </button>
        <button
          type="button"
          onClick={() => apply(() => control.injectFault({ kind: 'error', status: 503 }))}
        >
          5xx errors
        </button>
        <button
          type="button"
          onClick={() => apply(() => control.loseDataCenter(primaryServer))}
          disabled={primaryServer.trim() === '' || lost.has(primaryServer)}
        >
          Lose primary data center
        </button>
        <button
          type="button"
          onClick={() => apply(() => control.restoreDataCenter(primaryServer))}
          disabled={!lost.has(primaryServer)}
        >
          Restore primary data center
        </button>
        <button type="button" onClick={() => apply(() => control.expireSessions())}>
          Session timeout
        </button>
        <button type="button" onClick={() => apply(() => control.restart())}>
          Restart SRS
        </button>
        <button type="button" className="primary" onClick={() => apply(() => control.clearFault())}>
          Clear fault
        </button>
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
            {newestFirst(state.requests).map(({ request, position }) => (
              <tr key={position}>
                <td>{new Date(request.at).toLocaleTimeString()}</td>
                <td>
                  <code>
                    {request.method} {request.path}
                  </code>
                </td>
                <td className={request.status !== null && request.status < 400 ? 'ok' : 'bad'}>
                  {request.status ?? (request.fault === 'down' ? 'dropped' : '…')}
                  {request.fault && request.fault !== 'down' ? ` (${request.fault})` : ''}
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

function useSimulatorState(control: SimulatorControl) {
  const [state, setState] = useState<SimulatorStateInfo | null>(null);
  const [unreachable, setUnreachable] = useState<string | null>(null);

  const refresh = useCallback(async (request: () => Promise<SimulatorStateInfo>) => {
    try {
      setState(await request());
      setUnreachable(null);
    } catch (error) {
      setUnreachable(error instanceof Error ? error.message : 'no answer');
    }
  }, []);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      await refresh(control.state);
      if (!stopped) timer = setTimeout(tick, REFRESH_MS);
    };
    void tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [control, refresh]);

  return { state, unreachable, apply: (action: () => Promise<SimulatorStateInfo>) => void refresh(action) };
}

/** The last requests, newest first, each with its position in the append-only log as a stable key. */
function newestFirst(requests: SimulatorStateInfo['requests']) {
  const first = Math.max(0, requests.length - RECENT_REQUESTS);
  return requests
    .slice(first)
    .map((request, offset) => ({ request, position: first + offset }))
    .reverse();
}

function describeFault(fault: SimulatorFault): string {
  switch (fault.kind) {
    case 'down':
      return 'SRS down (connections dropped)';
    case 'slow':
      return `slow (${fault.delayMs} ms per answer)`;
    case 'error':
      return `answers ${fault.status ?? 500}`;
  }
}
