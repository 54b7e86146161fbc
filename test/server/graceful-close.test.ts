/**
 * Closing the HTTP server: requests received are answered and end their connection; a client that
 * stalls in the middle of its request is cut after the grace period instead of holding KOR open.
 */
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { gracefulClose } from '../../server/http/graceful-close';

function listen() {
  const server = createServer((req, res) => {
    // Answers once the whole body has arrived, like a JSON route.
    req.resume();
    req.once('end', () => res.end('stored'));
  });
  const closing = gracefulClose(server);
  return new Promise<{ port: number; closing: typeof closing }>((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ port: (server.address() as AddressInfo).port, closing }),
    ),
  );
}

/** Starts a POST on a keep-alive connection and resolves once the server has its headers. */
async function startPost(port: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const req = request({
    host: '127.0.0.1',
    port,
    method: 'POST',
    agent,
    headers: { 'Transfer-Encoding': 'chunked', Expect: '100-continue' },
  });
  const answer = new Promise<{ status: number; connection: string | undefined } | Error>(
    (resolve) => {
      req.once('response', (res) => {
        res.resume();
        res.once('end', () => {
          agent.destroy();
          resolve({ status: res.statusCode ?? 0, connection: res.headers.connection });
        });
      });
      req.once('error', (error) => {
        agent.destroy();
        resolve(error);
      });
    },
  );
  req.flushHeaders();
  await new Promise<void>((resolve) => req.once('continue', resolve));
  return { req, answer };
}

describe('graceful close of the HTTP server', () => {
  it('answers a request in flight with Connection: close, and then closes', async () => {
    const { port, closing } = await listen();
    const post = await startPost(port);
    expect(closing.pending()).toBe(1);
    const closed = closing.close(60_000);
    post.req.end('{"answers":{}}');
    expect(await post.answer).toEqual({ status: 200, connection: 'close' });
    expect(await closed).toEqual({ cut: 0 });
  });

  it('cuts a request that never finishes once the grace period is over', async () => {
    const { port, closing } = await listen();
    const stalled = await startPost(port);
    expect(await closing.close(50)).toEqual({ cut: 1 });
    expect(await stalled.answer).toBeInstanceOf(Error);
  });
});
