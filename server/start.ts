/**
 * `npm start`: build the client if needed, then run the server.
 */
import { ensureClientBuilt } from './client-build';

await ensureClientBuilt();
await import('./main');
