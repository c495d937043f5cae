import type { BackfillJobView } from '../app/api/backfill-job.view';

/** A non-2xx answer, with the API's own messages (e.g. each validation error). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly messages: string[],
  ) {
    super(`HTTP ${status}: ${messages.join('; ')}`);
  }
}

/** The backfill HTTP API, as the CLI uses it. */
export class BackfillApiClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  async start(body: object): Promise<{ id: string; status: string }> {
    return this.request('POST', '/backfills', body);
  }

  async get(id: string): Promise<BackfillJobView> {
    return this.request('GET', `/backfills/${encodeURIComponent(id)}`);
  }

  async list(): Promise<{ jobs: BackfillJobView[] }> {
    return this.request('GET', '/backfills');
  }

  async cancel(id: string): Promise<BackfillJobView> {
    return this.request('POST', `/backfills/${encodeURIComponent(id)}/cancel`);
  }

  private async request<T>(method: string, path: string, body?: object): Promise<T> {
    const response = await fetch(new URL(path, this.baseUrl), {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(15_000),
    });
    const text = await response.text();
    const parsed: unknown = text.length > 0 ? JSON.parse(text) : null;
    if (!response.ok) {
      throw new ApiError(response.status, errorMessages(parsed, response.statusText));
    }
    return parsed as T;
  }
}

function errorMessages(body: unknown, fallback: string): string[] {
  const message = (body as { message?: unknown } | null)?.message;
  if (Array.isArray(message)) {
    return message.map(String);
  }
  if (typeof message === 'string') {
    return [message];
  }
  return [fallback];
}
