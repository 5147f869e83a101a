import type { Reply, SimRequest } from './http';
import { csrfRequested, header, json, message, methodNotAllowed, parseBasicAuth } from './http';
import { parseLoginConfig } from './login-config';
import type { SimulatorCore } from './state';
import type { SimulatorPlace } from './types';

/** Methods each SRS path answers (OPTIONS is handled before the routes, for CORS preflights). */
export const SRS_ROUTES: Readonly<Record<string, readonly string[]>> = {
  '/ping': ['GET'],
  '/api/v2/me': ['GET', 'POST'],
};

export interface SrsContext {
  core: SimulatorCore;
  /** Password by user name: one lookup per request, however many agents there are. */
  agents: ReadonlyMap<string, string>;
  places: readonly SimulatorPlace[];
}

const OK = { statusCode: 0 };

/** The SRS API proper: login (GET or POST with configuration), ping, logout. */
export function handleSrsRequest(context: SrsContext, request: SimRequest): Reply {
  const allowed = SRS_ROUTES[request.path];
  if (allowed === undefined) return message(404, `no such SRS endpoint: ${request.path}`);
  if (!allowed.includes(request.method)) return methodNotAllowed([...allowed, 'OPTIONS']);

  // Every SRS call carries the agent's Basic credentials (protocol §2), checked before anything else.
  const username = authenticate(context.agents, header(request.headers, 'authorization'));
  if (username === null) return message(401, 'missing or invalid credentials');

  if (request.path === '/ping') {
    // A ping after the timeout gets 401: the desktop has to log in again (protocol §4).
    return context.core.ping(username) ? json(200, OK) : message(401, 'no live session; log in again');
  }
  if (request.method === 'GET') return login(context, username, request, null);

  if (request.body.kind !== 'json') return message(400, 'body must be JSON');
  const body = request.body.value;
  if (typeof body === 'object' && body !== null && !Array.isArray(body) && 'operationName' in body) {
    if (body.operationName !== 'EndContactCenterSession') {
      return message(400, "unsupported operationName; only 'EndContactCenterSession' is known");
    }
    return logout(context, username, request);
  }
  const parsed = parseLoginConfig(body, context.places);
  if (!parsed.ok) return message(400, parsed.message);
  if (context.core.isDataCenterLost(parsed.config.server)) {
    // SRS validates the agent through RWS; an unreachable RWS means the login cannot complete.
    return message(503, `cannot reach RWS at ${parsed.config.server}`);
  }
  return login(context, username, request, parsed.config);
}

function login(
  context: SrsContext,
  username: string,
  request: SimRequest,
  config: Parameters<SimulatorCore['login']>[1],
): Reply {
  const { csrfToken } = context.core.login(username, config, csrfRequested(request.headers));
  return csrfToken === null ? json(200, OK) : json(200, OK, { 'X-CSRF-Token': csrfToken });
}

function logout(context: SrsContext, username: string, request: SimRequest): Reply {
  const result = context.core.logout(username, header(request.headers, 'x-csrf-token'));
  switch (result) {
    case 'ended':
      return json(200, OK);
    case 'no-session':
      return message(401, 'no live session');
    case 'bad-csrf-token':
      // The session survives: a forged logout must not end it (that is what the token is for).
      return message(403, 'Missing or invalid CSRF token');
  }
}

function authenticate(agents: ReadonlyMap<string, string>, authorization: string | null): string | null {
  const credentials = parseBasicAuth(authorization);
  if (credentials === null) return null;
  const password = agents.get(credentials.username);
  return password !== undefined && password === credentials.password ? credentials.username : null;
}
