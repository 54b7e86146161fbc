/**
 * Builds the client once before any test file runs, so the tests that serve it (the browser
 * tests, and the server child processes of the log and shutdown tests) find the same build and
 * never build it at once in two workers.
 */
import { ensureClientBuilt } from '../../server/client-build';

export default async function setup(): Promise<void> {
  await ensureClientBuilt();
}
