/** The simulator's control endpoint (`/__simulator/*`), as the desktop's fault panel uses it over HTTP. */
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
