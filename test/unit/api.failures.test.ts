// What the client does when the network or a proxy misbehaves, against small local servers on
// loopback: no answer, an answer trickled past the deadline, a cancelled call, an HTML page, a cut-off body, nothing listening, an unknown
// host, a self-signed certificate, a forward proxy, retries (reads only), and the normalisation of
// error codes.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import {
  normaliseCode,
  VensoftClient,
  VensoftConnectionError,
  VensoftError,
  type RequestLogEntry,
} from '../../src/api';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

async function serve(handler: Handler): Promise<{ url: string; hits: () => number; close: () => Promise<void> }> {
  let hits = 0;
  const server = http.createServer((req, res) => {
    hits++;
    handler(req, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/stable/`,
    hits: () => hits,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

async function connectionProblem(promise: Promise<unknown>): Promise<VensoftConnectionError> {
  try {
    await promise;
  } catch (e) {
    assert.ok(e instanceof VensoftConnectionError, `expected a VensoftConnectionError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected a connection error');
}

describe('api client when things go wrong', function () {
  this.timeout(30_000);

  it('times out a server that never answers, with a clear message', async () => {
    const server = await serve(() => undefined);
    const client = new VensoftClient({ baseUrl: server.url, sessionKey: 'k', timeoutMs: 300, readRetries: 0 });
    const e = await connectionProblem(client.describe());
    assert.equal(e.problem, 'timeout');
    assert.match(e.message, /did not answer within 300 ms/);
    await client.close();
    await server.close();
  });

  it('ends a request at its total deadline even when the server trickles a byte at a time', async () => {
    let drip: NodeJS.Timeout | undefined;
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('[');
      // Each byte comes well within the idle timeout: only a total deadline can end this.
      drip = setInterval(() => res.write(' '), 50);
    });
    const client = new VensoftClient({
      baseUrl: server.url,
      sessionKey: 'k',
      timeoutMs: 5_000,
      deadlineMs: 400,
      readRetries: 0,
    });
    try {
      const e = await connectionProblem(client.describe());
      assert.equal(e.problem, 'timeout');
      assert.match(e.message, /did not finish its answer within 400 ms \(the total deadline of a request\)/);
    } finally {
      clearInterval(drip);
      await client.close();
      await server.close();
    }
  });

  it('cancels with an AbortSignal', async () => {
    const server = await serve(() => undefined);
    const client = new VensoftClient({ baseUrl: server.url, sessionKey: 'k' });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const e = await connectionProblem(client.list('sim', undefined, { signal: controller.signal }));
    assert.equal(e.problem, 'aborted');
    await client.close();
    await server.close();
  });

  it('explains an HTML 502 page from a proxy', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(502, { 'Content-Type': 'text/html' });
      res.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
    });
    const client = new VensoftClient({ baseUrl: server.url, sessionKey: 'k' });
    const e = await connectionProblem(client.describe());
    assert.equal(e.problem, 'not-json');
    assert.match(e.message, /HTTP 502 with a web page instead of JSON/);
    await client.close();
    await server.close();
  });

  it('notices a body cut off in the middle', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '1000' });
      res.write('{"filtered_record_count": 4, "transfer_ob');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const client = new VensoftClient({ baseUrl: server.url, sessionKey: 'k', readRetries: 0 });
    const e = await connectionProblem(client.list('sim'));
    assert.equal(e.problem, 'truncated');
    await client.close();
    await server.close();
  });

  it('says nothing is listening when the connection is refused', async () => {
    const server = await serve(() => undefined);
    const url = server.url;
    await server.close();
    const client = new VensoftClient({ baseUrl: url, sessionKey: 'k', readRetries: 0 });
    const e = await connectionProblem(client.describe());
    assert.equal(e.problem, 'refused');
    assert.match(e.message, /Nothing is listening at http:\/\/127\.0\.0\.1:\d+/);
    await client.close();
  });

  it('logs a request that got no answer with its connection problem, and one per retry', async () => {
    const server = await serve(() => undefined);
    const url = server.url;
    await server.close();
    const entries: RequestLogEntry[] = [];
    const client = new VensoftClient({
      baseUrl: url,
      sessionKey: 'k',
      readRetries: 1,
      onRequest: (e) => entries.push(e),
    });
    await connectionProblem(client.describe());
    assert.deepEqual(
      entries.map((e) => [e.method, e.path, e.status, e.code, e.bytes]),
      [
        ['describe', '/stable/describe/', 'failed', 'refused', 0],
        ['describe', '/stable/describe/', 'failed', 'refused', 0],
      ],
    );
    await client.close();
  });

  it('says a host name cannot be resolved', async () => {
    const client = new VensoftClient({
      baseUrl: 'http://vensoft-does-not-exist.invalid/stable/',
      sessionKey: 'k',
      readRetries: 0,
    });
    const e = await connectionProblem(client.describe());
    assert.equal(e.problem, 'dns');
    assert.match(e.message, /vensoft-does-not-exist\.invalid could not be resolved/);
    await client.close();
  });

  it('refuses a self-signed certificate unless the connection trusts it explicitly', async () => {
    // A fixture certificate for 127.0.0.1, made for this test only (openssl req -x509, 100 years).
    const fixtures = path.join(__dirname, '..', 'fixtures');
    const server = https.createServer(
      {
        key: fs.readFileSync(path.join(fixtures, 'self-signed-localhost.key')),
        cert: fs.readFileSync(path.join(fixtures, 'self-signed-localhost.crt')),
      },
      (_req, res) =>
        res
          .writeHead(200, { 'Content-Type': 'application/json' })
          .end('{"Success": true, "UserId": 125609740326667984}'),
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/stable/`;
    try {
      const strict = new VensoftClient({ baseUrl: url, sessionKey: 'k', readRetries: 0 });
      const e = await connectionProblem(strict.validate());
      assert.equal(e.problem, 'tls');
      assert.match(e.message, /certificate .* could not be verified .*trust it explicitly/);
      await strict.close();
      const trusting = new VensoftClient({ baseUrl: url, sessionKey: 'k', trustSelfSigned: true });
      assert.deepEqual(await trusting.validate(), { success: true, userId: 125609740326667984n });
      await trusting.close();
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it('rejects an answer that does not have the documented shape, naming the field', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(
        '{"filtered_record_count": 1, "limited_record_count": 1, "total_record_count": 1, "transfer_objects": [{"id": "x", "type_id": 1, "definition": {}, "permissions": null, "attribute_permissions": null}]}',
      );
    });
    const client = new VensoftClient({ baseUrl: server.url, sessionKey: 'k' });
    const e = await connectionProblem(client.list('sim'));
    assert.match(e.message, /transfer_objects\.0\.id/);
    await client.close();
    await server.close();
  });

  it('retries reads after a dropped connection, but never writes', async () => {
    const server = await serve((req) => req.socket.destroy());
    const client = new VensoftClient({ baseUrl: server.url, sessionKey: 'k', readRetries: 2 });
    await connectionProblem(client.describe());
    assert.equal(server.hits(), 3, 'one try and two retries');
    await connectionProblem(client.update('sim', 1n, { imsi: '1' }));
    assert.equal(server.hits(), 4, 'a write is sent once');
    await client.close();
    await server.close();
  });

  it('goes through an explicit forward proxy (CONNECT)', async () => {
    const api = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"Success": true, "UserId": 118586315118453611}');
    });
    let tunnels = 0;
    const proxy = http.createServer((_req, res) => res.writeHead(405).end());
    proxy.on('connect', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
      tunnels++;
      const [host, port] = (req.url ?? '').split(':');
      const upstream = net.connect(Number(port), host, () => {
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(socket);
        socket.pipe(upstream);
      });
      upstream.on('error', () => socket.destroy());
      socket.on('error', () => upstream.destroy());
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    const client = new VensoftClient({ baseUrl: api.url, sessionKey: 'k', proxy: proxyUrl });
    const who = await client.validate();
    assert.equal(who.userId, 118586315118453611n, 'the id arrived digit-exact through the proxy');
    assert.equal(tunnels, 1);
    await client.close();
    proxy.closeAllConnections();
    await new Promise((r) => proxy.close(r));
    await api.close();
  });

  it('normalises error codes to five-character SQLSTATEs', async () => {
    assert.equal(normaliseCode(42501), '42501');
    assert.equal(normaliseCode(1007), '01007');
    assert.equal(normaliseCode('0B000'), '0B000');
    assert.equal(normaliseCode('P0002'), 'P0002');
    assert.equal(normaliseCode(14), '14');
    assert.equal(normaliseCode('1007'), '01007');
    const server = await serve((_req, res) => {
      res.writeHead(500, { 'Content-Type': 'application/json' });
      res.end('{"code": 1007, "message": "privilege_not_granted"}');
    });
    const client = new VensoftClient({ baseUrl: server.url, sessionKey: 'k' });
    await assert.rejects(
      client.aceSet({ trustee: 1n, entity: 2n, role: 3n }),
      (e: unknown) => e instanceof VensoftError && e.code === '01007' && /privileges you do not hold/.test(e.hint),
    );
    await client.close();
    await server.close();
  });
});
