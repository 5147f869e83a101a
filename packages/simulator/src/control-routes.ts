import type { Reply, SimRequest } from './http';
import { badRequest, json, methodNotAllowed, refuse } from './http';
import { parseHttpUrl } from './login-config';
import { type PageRequest, REQUEST_LOG_LIMIT, STATE_PAGE_DEFAULT } from './request-log';
import type { SimulatorCore } from './state';
import { checkFault } from './state';
import type { FaultOptions } from './types';

export const CONTROL_PREFIX = '/__simulator';

/** Methods each control path answers. */
export const CONTROL_ROUTES: Readonly<Record<string, readonly string[]>> = {
  [`${CONTROL_PREFIX}/state`]: ['GET'],
  [`${CONTROL_PREFIX}/fault`]: ['POST', 'DELETE'],
  [`${CONTROL_PREFIX}/lose-data-center`]: ['POST'],
  [`${CONTROL_PREFIX}/restore-data-center`]: ['POST'],
  [`${CONTROL_PREFIX}/expire-sessions`]: ['POST'],
  [`${CONTROL_PREFIX}/restart`]: ['POST'],
  [`${CONTROL_PREFIX}/clear-requests`]: ['POST'],
};

export function isControlPath(path: string): boolean {
  return path === CONTROL_PREFIX || path.startsWith(`${CONTROL_PREFIX}/`);
}

/**
 * The control endpoint lets a demo page or another process drive the simulator the way tests drive the
 * `SrsSimulator` object. Every successful call answers the resulting state.
 */
export function handleControlRequest(core: SimulatorCore, request: SimRequest): Reply {
  const allowed = CONTROL_ROUTES[request.path];
  if (allowed === undefined) {
    return refuse(404, `no such control endpoint: ${request.path}`, { reason: 'no-such-endpoint' });
  }
  if (!allowed.includes(request.method)) return methodNotAllowed([...allowed, 'OPTIONS']);

  const action = request.path.slice(CONTROL_PREFIX.length + 1);
  let page: PageRequest | undefined;
  try {
    switch (action) {
      case 'state': {
        const parsed = statePage(request.query);
        if (typeof parsed === 'string') return badRequest(parsed);
        page = parsed;
        break;
      }
      case 'fault': {
        if (request.method === 'DELETE') {
          core.clearFault();
          break;
        }
        const body = objectBody(request);
        if (typeof body === 'string') return badRequest(body);
        if (body.options !== undefined && (typeof body.options !== 'object' || body.options === null)) {
          return badRequest('options must be an object with optional paths and times');
        }
        core.injectFault(checkFault(body.fault), (body.options ?? {}) as FaultOptions);
        break;
      }
      case 'lose-data-center':
      case 'restore-data-center': {
        const body = objectBody(request);
        if (typeof body === 'string') return badRequest(body);
        if (parseHttpUrl(body.server) === null) return badRequest('server must be an absolute http(s) URL');
        const server = body.server as string;
        if (action === 'lose-data-center') core.loseDataCenter(server);
        else core.restoreDataCenter(server);
        break;
      }
      case 'expire-sessions':
        core.expireSessions();
        break;
      case 'restart':
        core.restart();
        break;
      case 'clear-requests':
        core.clearRequests();
        break;
    }
  } catch (error) {
    // Validation errors from the core (bad fault kind, status, times...) are the caller's mistake.
    if (error instanceof TypeError || error instanceof RangeError) return badRequest(error.message);
    throw error;
  }
  return json(200, core.state(page));
}

/** `?limit=N` (1 to the log's size, default 100) and `?since=P` (a position, to read on from it). */
function statePage(query: URLSearchParams): PageRequest | string {
  const limit = query.get('limit');
  const since = query.get('since');
  const page: PageRequest = { limit: STATE_PAGE_DEFAULT };
  if (limit !== null) {
    if (!/^\d+$/.test(limit) || Number(limit) < 1 || Number(limit) > REQUEST_LOG_LIMIT) {
      return `limit must be an integer from 1 to ${REQUEST_LOG_LIMIT}`;
    }
    page.limit = Number(limit);
  }
  if (since !== null) {
    if (!/^\d+$/.test(since) || !Number.isSafeInteger(Number(since))) {
      return 'since must be a log position: a non-negative integer, e.g. the requestLog.next of a previous answer';
    }
    page.since = Number(since);
  }
  return page;
}

function objectBody(request: SimRequest): Record<string, unknown> | string {
  if (request.body.kind !== 'json') return 'body must be a JSON object';
  const value = request.body.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return 'body must be a JSON object';
  return value as Record<string, unknown>;
}
