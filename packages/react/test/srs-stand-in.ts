import type { FetchFunction } from '@screen-recording/core';

export interface StandInCall {
  method: string;
  path: string;
  operation: 'login' | 'logout' | 'ping' | 'other';
  csrfTokenSent: boolean;
}

/**
 * A `fetch` that answers as SRS does when all is well (login with a CSRF token, ping, logout), and
 * records what was asked, so tests can count requests without a network and under fake timers.
 */
export function createSrsStandIn() {
  const calls: StandInCall[] = [];
  const fetch: FetchFunction = async (input, init) => {
    const method = init.method ?? 'GET';
    const path = new URL(input).pathname;
    const body = typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : null;
    const headers = new Headers(init.headers);
    const operation =
      path === '/ping'
        ? 'ping'
        : path === '/api/v2/me' && isLogout(body)
          ? 'logout'
          : path === '/api/v2/me'
            ? 'login'
            : 'other';
    calls.push({ method, path, operation, csrfTokenSent: headers.has('X-CSRF-Token') });
    const responseHeaders = new Headers();
    if (operation === 'login' && headers.get('X-Support-CSRFP') === 'true') {
      responseHeaders.set('X-CSRF-Token', 'stand-in-token');
    }
    return new Response(operation === 'other' ? 'not found' : '{}', {
      status: operation === 'other' ? 404 : 200,
      headers: responseHeaders,
    });
  };
  const count = (operation: StandInCall['operation']) =>
    calls.filter((call) => call.operation === operation).length;
  return { fetch, calls, count };
}

function isLogout(body: unknown): boolean {
  return (
    typeof body === 'object' &&
    body !== null &&
    !Array.isArray(body) &&
    (body as { operationName?: unknown }).operationName === 'EndContactCenterSession'
  );
}
