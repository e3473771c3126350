/**
 * The one way the portal talks to the API: bearer token from sessionStorage, problem+json
 * errors turned into ApiError (localised by errorMessage in i18n), downloads as blobs.
 */
import type { Problem } from './types';

const TOKEN_KEY = 'ivl.token';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly problem: Problem,
    readonly retryAfter?: string,
  ) {
    super(problem.detail ?? problem.title ?? code);
  }
}

export function getToken(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}
export function setToken(token: string | null): void {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
}

let onUnauthenticated: () => void = () => {};
/** What to do on a 401 (the auth context sends the user back to the login screen). */
export function setUnauthenticatedHandler(handler: () => void): void {
  onUnauthenticated = handler;
}

type Query = Record<string, string | number | boolean | undefined | null>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

interface RequestOptions {
  method?: string;
  body?: unknown;
  query?: Query;
  idempotencyKey?: string;
}

async function send(path: string, options: RequestOptions, accept: string): Promise<Response> {
  const headers: Record<string, string> = { accept };
  const token = getToken();
  if (token) headers.authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch {
    throw new ApiError(0, 'NETWORK', {});
  }
  if (!response.ok) throw await toError(response);
  return response;
}

async function toError(response: Response): Promise<ApiError> {
  let problem: Problem = {};
  try {
    problem = (await response.json()) as Problem;
  } catch {
    /* not JSON: keep the status */
  }
  const code = problem.code ?? (response.status >= 500 ? 'INTERNAL' : `HTTP_${response.status}`);
  const error = new ApiError(response.status, code, problem, response.headers.get('retry-after') ?? undefined);
  if (response.status === 401 && code === 'UNAUTHENTICATED' && getToken()) {
    setToken(null);
    onUnauthenticated();
  }
  return error;
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await send(path, options, 'application/json');
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

export const get = <T>(path: string, query?: Query) => api<T>(path, { query });
export const post = <T>(path: string, body?: unknown, idempotencyKey?: string) => api<T>(path, { method: 'POST', body: body ?? {}, idempotencyKey });

/** A file answer (CSV, XLSX, SVG) as a Blob, fetched with the bearer token. */
export async function getBlob(path: string, accept = '*/*'): Promise<Blob> {
  return (await send(path, {}, accept)).blob();
}

/** Downloads with the token: fetch → blob → a temporary link that saves it. */
export async function download(path: string, filename: string): Promise<void> {
  const blob = await getBlob(path);
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
