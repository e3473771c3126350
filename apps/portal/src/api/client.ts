/**
 * The one way the portal talks to the API: an openapi-fetch client typed by schema.d.ts (generated
 * from the API's OpenAPI document by `npm run api:types`), with one middleware for the bearer token,
 * problem+json errors turned into ApiError (localised by errorMessage in i18n) and the 401 → login.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';

/** The API's schemas by name, as its OpenAPI document declares them. */
export type Schemas = components['schemas'];

/** RFC 7807 body of every API error (ProblemDetailsFilter); the OpenAPI document does not describe errors. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  code?: string;
  detail?: string;
  errors?: Array<{ field: string; message: string }>;
  requestId?: string;
}

const TOKEN_KEY = 'ivl.token';

/** A refused or failed call: the status, the problem's code (NETWORK when the API was not reached) and the body. */
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

/** The session's bearer token, if logged in. */
export function getToken(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}
/** Keeps (or, with null, forgets) the session's bearer token. */
export function setToken(token: string | null): void {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
}

let onUnauthenticated: () => void = () => {
  /* no handler until the auth context sets one */
};
/** What to do on a 401 (the auth context sends the user back to the login screen). */
export function setUnauthenticatedHandler(handler: () => void): void {
  onUnauthenticated = handler;
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

/** The bearer token on every request; every refusal thrown as ApiError, so callers see only answers. */
const session: Middleware = {
  onRequest({ request }) {
    const token = getToken();
    if (token) request.headers.set('authorization', `Bearer ${token}`);
    if (!request.headers.has('accept')) request.headers.set('accept', 'application/json');
    return request;
  },
  async onResponse({ response }) {
    if (!response.ok) throw await toError(response);
    return response;
  },
  onError({ error }) {
    return error instanceof ApiError ? error : new ApiError(0, 'NETWORK', {});
  },
};

/** Query strings as the API reads them: empty, null and undefined parameters are left out. */
function querySerializer(query: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, queryValue(v));
  return params.toString();
}

/** A query parameter as text: scalars as String() writes them, lists comma-joined; an object is a caller's mistake. */
function queryValue(v: unknown): string {
  if (Array.isArray(v)) return v.map(queryValue).join(',');
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  throw new Error(`not a query parameter value: ${typeof v}`);
}

/**
 * The one route served beside Nest, so absent from its OpenAPI document: Bull Board's ticket
 * (apps/api/src/queue-dashboard.ts), a cookie for /queues minted for the bearer token, answered 204.
 */
interface QueuePaths {
  '/queues/ticket': {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    post: {
      parameters: { query?: never; header?: never; path?: never; cookie?: never };
      requestBody?: never;
      responses: { 204: { headers: Record<string, unknown>; content?: never } };
    };
  };
}

/** The typed API: `api.GET('/vouchers/{code}', { params: { path: { code } } })`. */
export const api = createClient<paths & QueuePaths>({ querySerializer });
api.use(session);

/** The data of an answer (a refusal was already thrown as ApiError by the session middleware). */
export async function ok<T>(request: Promise<{ data?: T }>): Promise<T> {
  return (await request).data as T;
}

/** A page of a list and its total before limit/offset, which the API sends in `X-Total-Count`. */
export interface ListPage<T> {
  items: T[];
  total: number;
}

/** The data of a list's answer with its `X-Total-Count` (without the header: the rows as the total, so paging still ends). */
export async function okPage<T>(request: Promise<{ data?: T[]; response: Response }>): Promise<ListPage<T>> {
  const { data, response } = await request;
  const items = data ?? [];
  const header = response.headers.get('x-total-count');
  return { items, total: header === null ? items.length : Number(header) };
}

/** Saves a file answer (CSV, SVG, XLSX) fetched as a blob with the token: a temporary link that downloads it. */
export async function download(blob: Promise<{ data?: Blob }>, filename: string): Promise<void> {
  const url = URL.createObjectURL(await ok(blob));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 10_000);
}
