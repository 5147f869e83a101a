/**
 * The simulator's control endpoint, as the desktop's fault panel uses it. Typed here from the HTTP
 * contract rather than imported: the page talks to the simulator over the network, like to SRS.
 */

export type SimulatorFault =
  | { kind: 'down' }
  | { kind: 'slow'; delayMs: number }
  | { kind: 'error'; status?: number };

export interface SimulatorSessionInfo {
  username: string;
  server: string | null;
  peerServer: string | null;
  place: string | null;
  devices: Array<{ dn: string; switch: string }> | null;
  csrfProtected: boolean;
  createdAt: number;
  lastSeenAt: number;
}

export interface SimulatorRequestInfo {
  at: number;
  method: string;
  path: string;
  origin: string | null;
  status: number | null;
  username: string | null;
  csrfRequested: boolean;
  csrfTokenSent: boolean;
  fault: string | null;
}

export interface SimulatorStateInfo {
  sessions: SimulatorSessionInfo[];
  fault: { fault: SimulatorFault; options: { paths?: string[]; times?: number } } | null;
  lostDataCenters: string[];
  requests: SimulatorRequestInfo[];
}

export interface SimulatorControl {
  state(): Promise<SimulatorStateInfo>;
  injectFault(fault: SimulatorFault): Promise<SimulatorStateInfo>;
  clearFault(): Promise<SimulatorStateInfo>;
  loseDataCenter(server: string): Promise<SimulatorStateInfo>;
  restoreDataCenter(server: string): Promise<SimulatorStateInfo>;
  expireSessions(): Promise<SimulatorStateInfo>;
  restart(): Promise<SimulatorStateInfo>;
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
    return (await response.json()) as SimulatorStateInfo;
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
