import { useEffect, useState } from 'preact/hooks';
import { getJson } from '../shared/api';

export type Loadable<T> =
  | { state: 'loading' }
  | { state: 'error'; message: string; status?: number }
  | { state: 'ready'; data: T };

export function useJson<T>(url: string): Loadable<T> {
  const [result, setResult] = useState<Loadable<T>>({ state: 'loading' });
  useEffect(() => {
    let live = true;
    setResult({ state: 'loading' });
    getJson<T>(url)
      .then((data) => live && setResult({ state: 'ready', data }))
      .catch((error: { message?: string; status?: number }) => {
        if (live)
          setResult({
            state: 'error',
            message: error.message ?? String(error),
            status: error.status,
          });
      });
    return () => {
      live = false;
    };
  }, [url]);
  return result;
}
