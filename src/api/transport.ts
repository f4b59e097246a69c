// HTTP for the Vensoft client: undici with a keep-alive dispatcher per client, proxies (explicit, or
// HTTPS_PROXY/HTTP_PROXY/NO_PROXY), verified TLS unless a host is explicitly trusted, timeouts and
// cancellation. Returns the body as text: JSON parsing is the caller's, and lossless.

import { Agent, EnvHttpProxyAgent, ProxyAgent, request, type Dispatcher } from 'undici';
import { VensoftConnectionError, type ConnectionProblem } from './vensoftError';

export interface TransportOptions {
  /** An explicit proxy URL; otherwise HTTPS_PROXY/HTTP_PROXY/NO_PROXY from the environment apply. */
  proxy?: string;
  /** Accept a self-signed certificate from this server (opt-in, per client, never global). */
  trustSelfSigned?: boolean;
  timeoutMs: number;
}

export interface HttpRequest {
  url: URL;
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
  /** For messages: the API method, e.g. "get/machine". */
  method: string;
}

export interface HttpResponse {
  status: number;
  contentType: string;
  text: string;
}

export function createDispatcher(options: TransportOptions): Dispatcher {
  const connect = { rejectUnauthorized: !options.trustSelfSigned };
  const pool = { keepAliveTimeout: 30_000, connections: 16, connect };
  if (options.proxy) return new ProxyAgent({ uri: options.proxy, requestTls: connect, ...pool });
  const env = process.env;
  if (env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy) return new EnvHttpProxyAgent({ ...pool });
  return new Agent(pool);
}

export interface Timeouts {
  /** Idle: the longest wait for the headers, and between two pieces of the body. */
  timeoutMs: number;
  /** Total: the whole exchange, however steadily a slow server trickles its answer. */
  deadlineMs: number;
}

export async function send(dispatcher: Dispatcher, req: HttpRequest, timeouts: Timeouts): Promise<HttpResponse> {
  // undici's own idle timeouts, and one timer for the total deadline.
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), timeouts.deadlineMs);
  const signal = req.signal ? AbortSignal.any([req.signal, deadline.signal]) : deadline.signal;
  try {
    const res = await request(req.url, {
      method: 'POST',
      headers: req.headers,
      body: req.body,
      signal,
      dispatcher,
      headersTimeout: timeouts.timeoutMs,
      bodyTimeout: timeouts.timeoutMs,
    });
    const text = await res.body.text();
    const contentType = String(res.headers['content-type'] ?? '');
    return { status: res.statusCode, contentType, text };
  } catch (e) {
    throw connectionError(e, req, timeouts, deadline.signal.aborted && !req.signal?.aborted);
  } finally {
    clearTimeout(timer);
  }
}

const duration = (ms: number) => (ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`);

function connectionError(
  e: unknown,
  req: HttpRequest,
  timeouts: Timeouts,
  pastDeadline: boolean,
): VensoftConnectionError {
  const where = req.url.origin;
  const err = e as { code?: string; name?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = err.code ?? err.cause?.code ?? '';
  const fail = (problem: ConnectionProblem, message: string) =>
    new VensoftConnectionError(problem, message, req.method, { cause: e });
  if (pastDeadline) {
    return fail(
      'timeout',
      `${where} did not finish its answer within ${duration(timeouts.deadlineMs)} (the total deadline of a request). The server may be overloaded or the connection very slow; try again, or raise the deadline.`,
    );
  }
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return fail(
      'timeout',
      `${where} did not answer within ${duration(timeouts.timeoutMs)}. The server may be overloaded or unreachable; try again, or raise the timeout.`,
    );
  }
  if (err.name === 'AbortError' || code === 'ABORT_ERR') return fail('aborted', 'The request was cancelled.');
  if (code === 'ECONNREFUSED')
    return fail(
      'refused',
      `Nothing is listening at ${where}. Is the server (or the local emulator) running, and is the URL right?`,
    );
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return fail('dns', `The host name ${req.url.hostname} could not be resolved. Check the URL and your network.`);
  if (/CERT|TLS|SSL|SELF_SIGNED|UNABLE_TO_VERIFY/i.test(code)) {
    return fail(
      'tls',
      `The TLS certificate of ${where} could not be verified (${code}). If this is your own server with a self-signed certificate, trust it explicitly for this connection.`,
    );
  }
  if (code === 'UND_ERR_PROXY' || /proxy/i.test(err.message ?? ''))
    return fail('proxy', `The proxy refused or failed the request to ${where}: ${err.message}.`);
  if (code === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH' || code === 'UND_ERR_SOCKET' || code === 'ECONNRESET') {
    return fail(
      code === 'ECONNRESET' ? 'reset' : 'truncated',
      `The connection to ${where} broke before the whole answer arrived. Try again.`,
    );
  }
  return fail('unexpected-response', `The request to ${where} failed: ${err.message ?? String(e)}.`);
}
