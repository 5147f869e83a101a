import type { IncomingHttpHeaders } from 'node:http';
import { header } from './http';
import type { RequestRefusal } from './types';

/** Request headers a desktop sends to SRS: Basic credentials, the JSON body type and both CSRF headers. */
export const ALLOWED_REQUEST_HEADERS: readonly string[] = [
  'Authorization',
  'Content-Type',
  'X-Support-CSRFP',
  'X-CSRF-Token',
];
/** Methods a browser sends without their being listed in a preflight's answer (Fetch's CORS-safelisted methods). */
const SAFELISTED_METHODS: readonly string[] = ['GET', 'HEAD', 'POST'];
export const PREFLIGHT_MAX_AGE_SECONDS = 600;
/** Methods announced in preflights to the SRS endpoints (a 405 still tells which one a path takes). */
export const SRS_PREFLIGHT_METHODS: readonly string[] = ['GET', 'POST'];
/** The control endpoint also takes DELETE (clearing a fault). */
export const CONTROL_PREFLIGHT_METHODS: readonly string[] = ['GET', 'POST', 'DELETE'];

/**
 * Headers on every answer to an allowed origin. Credentials are allowed because the desktop sends
 * `Authorization`; `X-CSRF-Token` is exposed because page scripts cannot read it otherwise.
 */
export function corsHeaders(origin: string): Record<string, string> {
  return {
    'Access-Control-Allow-Origin': origin,
    Vary: 'Origin',
    'Access-Control-Allow-Credentials': 'true',
    'Access-Control-Expose-Headers': 'X-CSRF-Token',
  };
}

export function preflightHeaders(
  origin: string,
  methods: readonly string[],
  headers: IncomingHttpHeaders,
): Record<string, string> {
  const result: Record<string, string> = {
    ...corsHeaders(origin),
    'Access-Control-Allow-Methods': [...methods, 'OPTIONS'].join(', '),
    'Access-Control-Allow-Headers': ALLOWED_REQUEST_HEADERS.join(', '),
    'Access-Control-Max-Age': String(PREFLIGHT_MAX_AGE_SECONDS),
  };
  // Chromium's Private Network Access: a public or secure page calling loopback asks for this opt-in.
  if (header(headers, 'access-control-request-private-network')?.toLowerCase() === 'true') {
    result['Access-Control-Allow-Private-Network'] = 'true';
  }
  return result;
}

/**
 * Why the browser will refuse the request a preflight announces although the preflight itself is
 * answered: it asks for a method or for headers that the answer does not list. Undefined when it will not.
 */
export function preflightRefusal(
  methods: readonly string[],
  headers: IncomingHttpHeaders,
): RequestRefusal | undefined {
  const method = header(headers, 'access-control-request-method');
  if (method !== null && !methods.includes(method) && !SAFELISTED_METHODS.includes(method)) {
    return { reason: 'method-not-allowed', detail: `${method} asked; use ${methods.join(', ')}` };
  }
  const allowed = new Set(ALLOWED_REQUEST_HEADERS.map((name) => name.toLowerCase()));
  const refused = (header(headers, 'access-control-request-headers') ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '' && !allowed.has(name.toLowerCase()));
  if (refused.length > 0) {
    return {
      reason: 'header-not-allowed',
      detail: `${refused.join(', ')} asked; allowed: ${ALLOWED_REQUEST_HEADERS.join(', ')}`,
    };
  }
  return undefined;
}
