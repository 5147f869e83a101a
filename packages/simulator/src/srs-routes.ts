import type { Reply, SimRequest } from './http';
import { badRequest, csrfRequested, header, json, methodNotAllowed, parseBasicAuth, refuse } from './http';
import { parseLoginConfig } from './login-config';
import type { SimulatorCore } from './state';
import type { RequestRefusal, SimulatorPlace } from './types';

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
  if (allowed === undefined) {
    return refuse(404, `no such SRS endpoint: ${request.path}`, { reason: 'no-such-endpoint' });
  }
  if (!allowed.includes(request.method)) return methodNotAllowed([...allowed, 'OPTIONS']);

  // Every SRS call carries the agent's Basic credentials (protocol §2), checked before anything else.
  const credentials = authenticate(context.agents, header(request.headers, 'authorization'));
  if (!credentials.ok) return refuse(401, 'missing or invalid credentials', credentials.refusal);
  const { username } = credentials;

  if (request.path === '/ping') {
    // A ping after the timeout gets 401: the desktop has to log in again (protocol §4).
    return context.core.ping(username)
      ? json(200, OK)
      : noSession(context, username, 'no live session; log in again');
  }
  if (request.method === 'GET') return login(context, username, request, null);

  if (request.body.kind !== 'json') return badRequest('body must be JSON');
  const body = request.body.value;
  if (typeof body === 'object' && body !== null && !Array.isArray(body) && 'operationName' in body) {
    if (body.operationName !== 'EndContactCenterSession') {
      return badRequest("unsupported operationName; only 'EndContactCenterSession' is known");
    }
    return logout(context, username, request);
  }
  const parsed = parseLoginConfig(body, context.places);
  if (!parsed.ok) return badRequest(parsed.message);
  if (context.core.isDataCenterLost(parsed.config.server)) {
    // SRS validates the agent through RWS; an unreachable RWS means the login cannot complete.
    const server = parsed.config.server;
    return refuse(503, `cannot reach RWS at ${server}`, { reason: 'data-center-lost', detail: server });
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
      return noSession(context, username, 'no live session');
    case 'csrf-token-missing':
    case 'csrf-token-wrong':
      // The session survives: a forged logout must not end it (that is what the token is for).
      return refuse(403, 'Missing or invalid CSRF token', { reason: result });
  }
}

function noSession(context: SrsContext, username: string, text: string): Reply {
  return refuse(401, text, { reason: 'no-session', detail: context.core.whyNoSession(username) });
}

type Authentication = { ok: true; username: string } | { ok: false; refusal: RequestRefusal };

/** The agent named by valid Basic credentials; otherwise why not (for the log only: the answer is one 401). */
function authenticate(agents: ReadonlyMap<string, string>, authorization: string | null): Authentication {
  const credentials = parseBasicAuth(authorization);
  if (credentials === null) {
    const detail =
      authorization === null ? 'no Authorization header' : 'Authorization is not Basic user:password';
    return { ok: false, refusal: { reason: 'no-credentials', detail } };
  }
  const password = agents.get(credentials.username);
  if (password === undefined)
    return { ok: false, refusal: { reason: 'bad-credentials', detail: 'unknown agent' } };
  if (password !== credentials.password) {
    return { ok: false, refusal: { reason: 'bad-credentials', detail: 'wrong password' } };
  }
  return { ok: true, username: credentials.username };
}
