/** A small JSON client over fetch for building the world and checking it (not for the load). */
export class Http {
  constructor(readonly baseUrl: string) {}

  // The caller names the shape of the API's answer (checked by the API's own tests, not here).
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
  async request<T = unknown>(
    method: string,
    path: string,
    options: { token?: string; body?: unknown; headers?: Record<string, string>; expect?: number | number[] } = {},
  ): Promise<{ status: number; body: T; ms: number }> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = options.token;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const started = performance.now();
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    const ms = performance.now() - started;
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON
    }
    const expected = options.expect === undefined ? undefined : Array.isArray(options.expect) ? options.expect : [options.expect];
    if (expected && !expected.includes(response.status)) {
      throw new Error(`${method} ${path} answered ${response.status} (expected ${expected.join('|')}): ${text.slice(0, 500)}`);
    }
    return { status: response.status, body: body as T, ms };
  }

  /** Uploads one file as the multipart part `file` (POST /documents); throws unless `expect`. */
  async upload<T>(path: string, token: string, file: { content: Uint8Array; name: string; type: string }, expect = 201): Promise<T> {
    const form = new FormData();
    form.append('file', new Blob([file.content], { type: file.type }), file.name);
    const response = await fetch(`${this.baseUrl}${path}`, { method: 'POST', headers: { authorization: token }, body: form });
    const text = await response.text();
    if (response.status !== expect) throw new Error(`POST ${path} answered ${response.status} (expected ${expect}): ${text.slice(0, 500)}`);
    return JSON.parse(text) as T;
  }

  async login(username: string, password: string): Promise<string> {
    const { body } = await this.request<{ accessToken: string }>('POST', '/auth/login', { body: { username, password }, expect: 200 });
    return `Bearer ${body.accessToken}`;
  }
}

/** Runs `work` over `items` with at most `limit` at a time; keeps the order of the results. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i], i);
    }
  });
  await Promise.all(lanes);
  return results;
}
