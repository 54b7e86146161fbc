import { useEffect, useRef, useState } from 'preact/hooks';
import { getJson } from './api';

export type Loadable<T> =
  | { state: 'loading' }
  | { state: 'error'; message: string; status?: number }
  | { state: 'ready'; data: T };

/** GETs `url` (again whenever `url` or `version` changes). */
export function useJson<T>(url: string, version = 0): Loadable<T> {
  const [result, setResult] = useState<Loadable<T>>({ state: 'loading' });
  const shown = useRef(url);
  useEffect(() => {
    let live = true;
    // A reload of the same address keeps showing the old data until the new arrives.
    if (shown.current !== url) setResult({ state: 'loading' });
    shown.current = url;
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
  }, [url, version]);
  return result;
}
