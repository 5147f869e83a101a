import type { IncomingHttpHeaders } from 'node:http';
import type { RequestRefusal } from './types';

/** A request reduced to what the route handlers need; the body is already read and parsed. */
export interface SimRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: ParsedBody;
}

export type ParsedBody = { kind: 'none' } | { kind: 'json'; value: unknown } | { kind: 'invalid' };

/** What a route answers; the server adds CORS and the JSON framing. */
export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Why the request is refused, for the request log; not sent. */
  refusal?: RequestRefusal;
}

export function header(headers: IncomingHttpHeaders, name: string): string | null {
  const value = headers[name];
  if (Array.isArray(value)) return value[0] ?? null;
  return value ?? null;
}

export function json(status: number, body: unknown, headers?: Record<string, string>): Reply {
  return headers === undefined ? { status, body } : { status, body, headers };
}

export function message(status: number, text: string, headers?: Record<string, string>): Reply {
  return json(status, { message: text }, headers);
}

/** A refusal: the `message` answer, and the reason the request log keeps. */
export function refuse(status: number, text: string, refusal: RequestRefusal): Reply {
  return { ...message(status, text), refusal };
}

/** 400: a body or query the endpoint cannot use; the message says what is wrong with it. */
export function badRequest(text: string): Reply {
  return refuse(400, text, { reason: 'bad-request', detail: text });
}

/** 405 with the `Allow` header listing what the path does accept. */
export function methodNotAllowed(allowed: readonly string[]): Reply {
  const list = allowed.join(', ');
  return {
    ...message(405, `method not allowed; use ${list}`, { Allow: list }),
    refusal: { reason: 'method-not-allowed', detail: `use ${list}` },
  };
}

export function parseBody(raw: string): ParsedBody {
  if (raw.trim() === '') return { kind: 'none' };
  try {
    return { kind: 'json', value: JSON.parse(raw) as unknown };
  } catch {
    return { kind: 'invalid' };
  }
}

/** `Authorization: Basic base64(user:password)`; the password may itself contain colons. */
export function parseBasicAuth(value: string | null): { username: string; password: string } | null {
  if (value === null) return null;
  const match = /^basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(value);
  if (match?.[1] === undefined) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return null;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** The API guide's opt-in header; its value is compared case-insensitively (the docs write both 'true' and 'True'). */
export function csrfRequested(headers: IncomingHttpHeaders): boolean {
  return header(headers, 'x-support-csrfp')?.trim().toLowerCase() === 'true';
}
