import {
  createServer,
  type IncomingMessage,
  request,
  type Server,
  type ServerResponse,
} from 'node:http';

/** An error as BigQuery reports it in an ErrorProto (reason, message, domain). */
export interface BigQueryErrorProto {
  reason: string;
  message: string;
  domain?: string;
}

/**
 * What the proxy answers instead of BigQuery for one MERGE:
 * - `request`: jobs.insert fails with this HTTP status and `{ error: { code, message, errors } }`
 *   body (how a rate limit or a quota is refused, e.g. 403 rateLimitExceeded);
 * - `job`: jobs.insert is accepted, and the job then ends DONE with this error in
 *   `status.errorResult` / `status.errors` (how a statement fails while it runs, e.g. 400
 *   resourcesExceeded "Too many DML statements outstanding").
 */
export type BigQueryFault =
  | { kind: 'request'; status: number; error: BigQueryErrorProto }
  | { kind: 'job'; error: BigQueryErrorProto };

/** A MERGE the sink sent, as jobs.insert carried it. */
export interface CapturedMerge {
  query: string;
  /** Scalar query parameters (min_event_ts, max_event_ts, min_bucket, …) as sent. */
  scalars: Record<string, string>;
  /** event_id of every row of the @rows parameter, in order. */
  eventIds: string[];
  /** The fault the proxy answered instead, if any. */
  fault?: BigQueryFault;
}

interface QueryParameter {
  name?: string;
  parameterValue?: {
    value?: string;
    arrayValues?: { structValues?: Record<string, { value?: string }> }[];
  };
}

interface JobInsertBody {
  jobReference?: { projectId?: string; jobId?: string; location?: string };
  configuration?: { query?: { query?: string; queryParameters?: QueryParameter[] } };
}

const JOBS_INSERT = /^\/bigquery\/v2\/projects\/[^/]+\/jobs\/?(\?.*)?$/;
const JOBS_GET = /^\/bigquery\/v2\/projects\/[^/]+\/jobs\/([^/?]+)(\?.*)?$/;

/**
 * An HTTP proxy in front of the BigQuery emulator that records every MERGE the sink sends and
 * answers the next ones with BigQuery's real error bodies (failNextMerges), forwarding
 * everything else. The emulator never produces quota, rate-limit or DML-queue errors; this is
 * how a test puts them on the sink's real path (client, classification, retry).
 */
export class BigQueryFaultProxy {
  readonly merges: CapturedMerge[] = [];
  private readonly target: URL;
  private readonly faults: BigQueryFault[] = [];
  private readonly failedJobs = new Map<string, Record<string, unknown>>();
  private server: Server | null = null;

  constructor(targetBaseUrl: string) {
    this.target = new URL(targetBaseUrl);
  }

  /** The next MERGE jobs get these answers, one each, in order; later ones go through. */
  failNextMerges(...faults: BigQueryFault[]): void {
    this.faults.push(...faults);
  }

  get pendingFaults(): number {
    return this.faults.length;
  }

  /** Listens on an ephemeral loopback port; returns the base URL for BIGQUERY_API_ENDPOINT. */
  async start(): Promise<string> {
    const server = createServer((req, res) => {
      void this.handle(req, res).catch((error: unknown) => {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`bigquery fault proxy: ${String(error)}`);
      });
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    return `http://127.0.0.1:${port}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const path = req.url ?? '/';
    if (req.method === 'POST' && JOBS_INSERT.test(path)) {
      const job = parseJson<JobInsertBody>(body);
      const query = job?.configuration?.query?.query ?? '';
      if (job && /^\s*MERGE\b/.test(query)) {
        const fault = this.faults.shift();
        this.merges.push({ ...describeMerge(job, query), ...(fault ? { fault } : {}) });
        if (fault) {
          this.answerFault(job, fault, res);
          return;
        }
      }
    }
    const failedJobId = req.method === 'GET' ? JOBS_GET.exec(path)?.[1] : undefined;
    const failedJob = failedJobId ? this.failedJobs.get(failedJobId) : undefined;
    if (failedJob) {
      sendJson(res, 200, failedJob);
      return;
    }
    await this.forward(req, body, res);
  }

  private answerFault(job: JobInsertBody, fault: BigQueryFault, res: ServerResponse): void {
    if (fault.kind === 'request') {
      const error = { domain: 'global', ...fault.error };
      sendJson(res, fault.status, {
        error: { code: fault.status, message: error.message, errors: [error] },
      });
      return;
    }
    const reference = {
      projectId: job.jobReference?.projectId ?? 'unknown',
      jobId: job.jobReference?.jobId ?? `fault-${this.merges.length}`,
      location: job.jobReference?.location ?? 'US',
    };
    const resource = {
      kind: 'bigquery#job',
      id: `${reference.projectId}:${reference.location}.${reference.jobId}`,
      jobReference: reference,
      configuration: { ...job.configuration, jobType: 'QUERY' },
    };
    const error = { domain: 'global', ...fault.error };
    // Accepted now, failed when polled: the order of a statement that fails while it runs.
    this.failedJobs.set(reference.jobId, {
      ...resource,
      status: { state: 'DONE', errorResult: error, errors: [error] },
    });
    sendJson(res, 200, { ...resource, status: { state: 'RUNNING' } });
  }

  private forward(req: IncomingMessage, body: Buffer, res: ServerResponse): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const upstream = request(
        {
          host: this.target.hostname,
          port: Number(this.target.port),
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: this.target.host },
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
          answer.on('end', () => resolve());
          answer.on('error', reject);
        },
      );
      upstream.on('error', reject);
      upstream.end(body);
    });
  }
}

function describeMerge(job: JobInsertBody, query: string): CapturedMerge {
  const scalars: Record<string, string> = {};
  let eventIds: string[] = [];
  for (const parameter of job.configuration?.query?.queryParameters ?? []) {
    const value = parameter.parameterValue;
    if (parameter.name === 'rows') {
      eventIds = (value?.arrayValues ?? []).map(
        (row) => row.structValues?.['event_id']?.value ?? '',
      );
    } else if (parameter.name && value?.value !== undefined) {
      scalars[parameter.name] = value.value;
    }
  }
  return { query, scalars, eventIds };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseJson<T>(body: Buffer): T | null {
  try {
    return JSON.parse(body.toString('utf8')) as T;
  } catch {
    return null;
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=UTF-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}
