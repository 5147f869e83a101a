/** The simulator's control endpoint (`/__simulator/*`) over HTTP, as every desktop's fault panel uses it. */
import type {
  RequestLogEntry,
  SimulatorFault,
  SimulatorSession,
  SimulatorState,
} from '@screen-recording/simulator';

export type {
  RequestLogEntry as SimulatorRequestInfo,
  SimulatorFault,
  SimulatorSession as SimulatorSessionInfo,
  SimulatorState as SimulatorStateInfo,
};

export interface SimulatorControl {
  state(): Promise<SimulatorState>;
  injectFault(fault: SimulatorFault): Promise<SimulatorState>;
  clearFault(): Promise<SimulatorState>;
  loseDataCenter(server: string): Promise<SimulatorState>;
  restoreDataCenter(server: string): Promise<SimulatorState>;
  expireSessions(): Promise<SimulatorState>;
  restart(): Promise<SimulatorState>;
}

export function simulatorControl(baseUrl: string): SimulatorControl {
  const call = async (method: 'GET' | 'POST' | 'DELETE', action: string, body?: unknown) => {
    const init: RequestInit = { method, cache: 'no-store' };
    if (body !== undefined) {
      init.headers = { 'Content-Type': 'application/json' };
      init.body = JSON.stringify(body);
    }
    const response = await fetch(`${baseUrl}/__simulator/${action}`, init);
    if (!response.ok) throw new Error(`The simulator answered ${response.status} to ${method} ${action}.`);
    return (await response.json()) as SimulatorState;
  };
  return {
    state: () => call('GET', 'state'),
    injectFault: (fault) => call('POST', 'fault', { fault }),
    clearFault: () => call('DELETE', 'fault'),
    loseDataCenter: (server) => call('POST', 'lose-data-center', { server }),
    restoreDataCenter: (server) => call('POST', 'restore-data-center', { server }),
    expireSessions: () => call('POST', 'expire-sessions'),
    restart: () => call('POST', 'restart'),
  };
}

/** The fault panel's buttons, the same on every desktop: what each does and when it makes no sense. */
export interface FaultButton {
  label: string;
  /** `primaryServer` is the RWS typed in the login form. */
  apply(control: SimulatorControl, primaryServer: string): Promise<SimulatorState>;
  disabled?(state: SimulatorState | null, primaryServer: string): boolean;
}

export const FAULT_BUTTONS: readonly FaultButton[] = [
  { label: 'SRS down', apply: (control) => control.injectFault({ kind: 'down' }) },
  { label: 'Slow (8 s)', apply: (control) => control.injectFault({ kind: 'slow', delayMs: 8000 }) },
  { label: '5xx errors', apply: (control) => control.injectFault({ kind: 'error', status: 503 }) },
  {
    label: 'Lose primary data center',
    apply: (control, primary) => control.loseDataCenter(primary),
    disabled: (state, primary) =>
      primary.trim() === '' || (state?.lostDataCenters.includes(primary) ?? false),
  },
  {
    label: 'Restore primary data center',
    apply: (control, primary) => control.restoreDataCenter(primary),
    disabled: (state, primary) => !(state?.lostDataCenters.includes(primary) ?? false),
  },
  { label: 'Session timeout', apply: (control) => control.expireSessions() },
  { label: 'Restart SRS', apply: (control) => control.restart() },
  { label: 'Clear fault', apply: (control) => control.clearFault() },
];

const REFRESH_MS = 1000;
const RECENT_REQUESTS = 12;

/**
 * Reads the simulator's state now and every second after, handing each to `onState`, or the reason it
 * could not be read to `onUnreachable`. Returns the function that stops watching.
 */
export function watchSimulator(
  control: SimulatorControl,
  onState: (state: SimulatorState) => void,
  onUnreachable: (reason: string) => void,
): () => void {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const tick = async () => {
    try {
      const state = await control.state();
      if (!stopped) onState(state);
    } catch (error) {
      if (!stopped) onUnreachable(error instanceof Error ? error.message : 'no answer');
    }
    if (!stopped) timer = setTimeout(tick, REFRESH_MS);
  };
  void tick();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

/** The last requests, newest first, each with its position in the simulator's whole log as a stable key. */
export function recentRequests(state: SimulatorState) {
  const { requests } = state;
  const first = Math.max(0, requests.length - RECENT_REQUESTS);
  return requests
    .slice(first)
    .map((request, offset) => ({ request, position: state.requestLog.from + first + offset }))
    .reverse();
}

export function describeFault(fault: SimulatorFault): string {
  switch (fault.kind) {
    case 'down':
      return 'SRS down (connections dropped)';
    case 'slow':
      return `slow (${fault.delayMs} ms per answer)`;
    case 'error':
      return `answers ${fault.status ?? 500}`;
  }
}

/** The request log's status cell: the status, or what the fault did with the request. */
export function describeRequestStatus(request: SimulatorState['requests'][number]): string {
  const status = request.status ?? (request.fault === 'down' ? 'dropped' : '…');
  return request.fault && request.fault !== 'down' ? `${status} (${request.fault})` : String(status);
}
