/**
 * Serves the built client: files from the build folder, index.html for every other page path
 * (the client routes), and a plain message when the client has not been built.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Context } from 'hono';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

export function staticClient(clientDir: string) {
  const root = path.resolve(clientDir);
  return async (c: Context) => {
    let requested: string;
    try {
      requested = decodeURIComponent(new URL(c.req.url).pathname);
    } catch {
      return c.text('Bad path', 400);
    }
    const file = path.resolve(root, `.${requested}`);
    const inside = file === root || file.startsWith(root + path.sep);
    if (inside && (await isFile(file))) {
      const hashed = requested.startsWith('/assets/');
      c.header('Content-Type', TYPES[path.extname(file)] ?? 'application/octet-stream');
      c.header('Cache-Control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
      return c.body(await readFile(file));
    }
    if (path.extname(requested) !== '') return c.text('Not found', 404);
    const index = path.join(root, 'index.html');
    if (!(await isFile(index))) {
      return c.text(
        'The KOR client is not built. Run `npm run build` (npm start does it for you).',
        503,
      );
    }
    c.header('Cache-Control', 'no-store');
    return c.html(await readFile(index, 'utf8'));
  };
}
