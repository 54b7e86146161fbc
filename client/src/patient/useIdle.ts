/**
 * Idle detection for a shared tablet: a warning after `warnMs` without a touch or key press, and
 * `onTimeout` after `timeoutMs`. Any activity starts the count again (and hides the warning).
 */
import { useEffect, useRef, useState } from 'preact/hooks';

export const IDLE = { warnMs: 4 * 60_000, timeoutMs: 5 * 60_000 } as const;
const ACTIVITY = ['pointerdown', 'keydown', 'input', 'wheel', 'touchstart'] as const;

export function useIdle(active: boolean, onTimeout: () => void): boolean {
  const [warning, setWarning] = useState(false);
  const timeout = useRef(onTimeout);
  timeout.current = onTimeout;

  useEffect(() => {
    if (!active) {
      setWarning(false);
      return;
    }
    let warnTimer: ReturnType<typeof setTimeout>;
    let endTimer: ReturnType<typeof setTimeout>;
    const restart = () => {
      clearTimeout(warnTimer);
      clearTimeout(endTimer);
      setWarning(false);
      warnTimer = setTimeout(() => setWarning(true), IDLE.warnMs);
      endTimer = setTimeout(() => timeout.current(), IDLE.timeoutMs);
    };
    restart();
    for (const name of ACTIVITY)
      window.addEventListener(name, restart, { capture: true, passive: true });
    return () => {
      clearTimeout(warnTimer);
      clearTimeout(endTimer);
      for (const name of ACTIVITY) window.removeEventListener(name, restart, { capture: true });
    };
  }, [active]);
  return warning;
}
