/**
 * The outbox: what the page has to tell the server (answers, and the end of a session) waits
 * here until the server has acknowledged it, and is retried when the network fails.
 *
 * - Kept in IndexedDB when the browser has it, so a reload or a flat battery loses nothing;
 *   otherwise in the page only. An item holds a form session's token, the instrument and the
 *   answers: nothing that names the patient.
 * - Every response carries its own Idempotency-Key, made once when it is queued: a retry after a
 *   lost acknowledgement is recognised by the server and never stored twice.
 * - Items older than 24 hours are dropped: the server no longer accepts them (FORM_POLICY).
 */
import {
  closeSession,
  PatientApiError,
  type ResponseBody,
  randomId,
  sendResponse,
} from './patient-api';

export const OUTBOX_MAX_AGE_MS = 24 * 60 * 60 * 1000;
const RETRY_SECONDS = [1, 2, 5, 10, 20, 30];

interface ItemBase {
  key: string;
  /** Queue order. */
  seq: number;
  formSession: string;
  token: string;
  createdAt: number;
}
export type OutboxItem =
  | (ItemBase & { kind: 'response'; body: ResponseBody })
  | (ItemBase & { kind: 'close'; reason: 'finished' | 'idle' | 'stopped' });

export interface OutboxState {
  /** Items not yet acknowledged. */
  pending: number;
  /** The last try failed for want of a network (or a server that answers). */
  offline: boolean;
  /** Answers the server refused as invalid: they cannot be sent and are not kept. */
  refused: number;
  /** Whether unsent items survive a reload. */
  durable: boolean;
}

interface Store {
  durable: boolean;
  all(): Promise<OutboxItem[]>;
  put(item: OutboxItem): Promise<void>;
  remove(key: string): Promise<void>;
}

function memoryStore(): Store {
  const items = new Map<string, OutboxItem>();
  return {
    durable: false,
    all: async () => [...items.values()],
    put: async (item) => void items.set(item.key, item),
    remove: async (key) => void items.delete(key),
  };
}

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

async function indexedDbStore(): Promise<Store | null> {
  if (typeof indexedDB === 'undefined') return null;
  try {
    const open = indexedDB.open('kor-outbox', 1);
    open.onupgradeneeded = () => open.result.createObjectStore('items', { keyPath: 'key' });
    const db = await request(open);
    const tx = (mode: IDBTransactionMode) => db.transaction('items', mode).objectStore('items');
    return {
      durable: true,
      all: () => request(tx('readonly').getAll() as IDBRequest<OutboxItem[]>),
      put: async (item) => void (await request(tx('readwrite').put(item))),
      remove: async (key) => void (await request(tx('readwrite').delete(key))),
    };
  } catch {
    // Private mode or blocked storage: keep the items in the page instead.
    return null;
  }
}

type Outcome = 'done' | 'network' | 'hold' | 'refused';

async function deliver(item: OutboxItem): Promise<Outcome> {
  try {
    if (item.kind === 'response') await sendResponse(item.token, item.key, item.body);
    else await closeSession(item.token, item.reason);
    return 'done';
  } catch (error) {
    if (!(error instanceof PatientApiError)) return 'network';
    // Already stored under another key (an earlier visit sent it): nothing is lost.
    if (error.status === 409) return 'done';
    if (error.status >= 500 || error.status === 429 || error.status === 408) return 'network';
    // The session has ended: closing it is done; an answer waits for a newer token (retoken).
    if (error.status === 401) return item.kind === 'close' ? 'done' : 'hold';
    return 'refused';
  }
}

export function createOutbox(now: () => number = Date.now) {
  let store: Promise<Store> = indexedDbStore().then((s) => s ?? memoryStore());
  let seq = 0;
  let state: OutboxState = { pending: 0, offline: false, refused: 0, durable: false };
  const listeners = new Set<(s: OutboxState) => void>();
  let flushing: Promise<void> | undefined;
  let again = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let attempt = 0;

  const publish = (patch: Partial<OutboxState>) => {
    state = { ...state, ...patch };
    for (const l of listeners) l(state);
  };

  async function current(): Promise<OutboxItem[]> {
    const s = await store;
    const items = (await s.all()).sort((a, b) => a.createdAt - b.createdAt || a.seq - b.seq);
    const fresh: OutboxItem[] = [];
    for (const item of items) {
      if (now() - item.createdAt > OUTBOX_MAX_AGE_MS) await s.remove(item.key);
      else fresh.push(item);
    }
    return fresh;
  }

  function scheduleRetry() {
    clearTimeout(retryTimer);
    const seconds = RETRY_SECONDS[Math.min(attempt, RETRY_SECONDS.length - 1)] ?? 30;
    attempt += 1;
    retryTimer = setTimeout(() => void flush(), seconds * 1000);
  }

  async function run(): Promise<void> {
    const s = await store;
    const items = await current();
    let offline = false;
    let held = false;
    for (const item of items) {
      const outcome = await deliver(item);
      if (outcome === 'network') {
        offline = true;
        break;
      }
      if (outcome === 'hold') {
        held = true;
        continue;
      }
      await s.remove(item.key);
      if (outcome === 'refused') publish({ refused: state.refused + 1 });
    }
    const pending = (await current()).length;
    publish({ pending, offline, durable: s.durable });
    if (offline || held) scheduleRetry();
    else attempt = 0;
  }

  /** Sends what waits; resolves when this round is over (sent, or failed and scheduled). */
  function flush(): Promise<void> {
    if (flushing) {
      again = true;
      return flushing;
    }
    clearTimeout(retryTimer);
    flushing = (async () => {
      do {
        again = false;
        await run();
      } while (again);
    })().finally(() => {
      flushing = undefined;
    });
    return flushing;
  }

  if (typeof window !== 'undefined') {
    window.addEventListener('online', () => {
      attempt = 0;
      void flush();
    });
  }
  void current().then(async (items) => {
    publish({ pending: items.length, durable: (await store).durable });
    if (items.length > 0) void flush();
  });

  return {
    get state() {
      return state;
    },
    subscribe(listener: (s: OutboxState) => void): () => void {
      listeners.add(listener);
      listener(state);
      return () => listeners.delete(listener);
    },
    /** Queues an answer (with a fresh Idempotency-Key) and starts sending it. */
    async add(
      item:
        | { kind: 'response'; formSession: string; token: string; body: ResponseBody }
        | {
            kind: 'close';
            formSession: string;
            token: string;
            reason: 'finished' | 'idle' | 'stopped';
          },
    ): Promise<void> {
      seq += 1;
      const full = { ...item, key: randomId(), seq, createdAt: now() } as OutboxItem;
      try {
        await (await store).put(full);
      } catch {
        // IndexedDB failed now (quota, closed): fall back to the page.
        const memory = memoryStore();
        for (const old of await (await store).all().catch(() => [])) await memory.put(old);
        await memory.put(full);
        store = Promise.resolve(memory);
      }
      publish({ pending: state.pending + 1 });
      void flush();
    },
    /** A newer token for a form session (a home link opened again): waiting items use it. */
    async retoken(formSession: string, token: string): Promise<void> {
      const s = await store;
      for (const item of await s.all()) {
        if (item.formSession === formSession && item.token !== token)
          await s.put({ ...item, token });
      }
    },
    /** Instruments of a form session whose answers wait here (the server does not know them yet). */
    async waitingInstruments(formSession: string): Promise<string[]> {
      return (await current()).flatMap((i) =>
        i.kind === 'response' && i.formSession === formSession ? [i.body.instrument] : [],
      );
    },
    flush,
  };
}

export type Outbox = ReturnType<typeof createOutbox>;
