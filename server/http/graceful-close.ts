/**
 * Closing the HTTP server without cutting a request in half. `server.close()` alone stops
 * accepting connections but answers a request in flight with `Connection: keep-alive`, and then
 * waits for the keep-alive timeout; a client that never finishes its request would hold it open
 * for good. Here every request received is answered with `Connection: close`, each connection
 * closes as soon as it is idle, and whatever is still open after the grace period is cut.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

export interface GracefulClose {
  /** Requests received and not yet answered. */
  pending(): number;
  /** Resolves when the server is closed; `cut` counts the requests left unanswered. */
  close(graceMs: number): Promise<{ cut: number }>;
}

export function gracefulClose(server: Server): GracefulClose {
  const open = new Set<ServerResponse>();
  let closing = false;
  server.on('request', (_req: IncomingMessage, res: ServerResponse) => {
    open.add(res);
    if (closing) lastOnConnection(res);
    res.once('close', () => {
      open.delete(res);
      if (closing) setImmediate(() => server.closeIdleConnections());
    });
  });
  return {
    pending: () => open.size,
    close(graceMs) {
      closing = true;
      for (const res of open) lastOnConnection(res);
      return new Promise((resolve) => {
        let cut = 0;
        const stuck = setTimeout(() => {
          cut = open.size;
          server.closeAllConnections();
        }, graceMs);
        server.close(() => {
          clearTimeout(stuck);
          resolve({ cut });
        });
      });
    },
  };
}

function lastOnConnection(res: ServerResponse): void {
  if (!res.headersSent) res.setHeader('Connection', 'close');
}
