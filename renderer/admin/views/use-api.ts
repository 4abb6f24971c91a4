import { useCallback, useEffect, useState } from 'preact/hooks';
import { requestJson } from '../../ui/http.ts';

/**
 * GET a JSON document now and every `everyMs` (0: once); keeps the last good answer while
 * a fetch fails, and says whether the last fetch failed.
 */
export function useApi<T>(url: string, everyMs = 0): { data: T | null; failed: boolean; reload: () => void } {
  const [data, setData] = useState<T | null>(null);
  const [failed, setFailed] = useState(false);
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  useEffect(() => {
    let gone = false;
    const load = () =>
      requestJson<T>(url)
        .then((d) => {
          if (gone) return;
          setData(d);
          setFailed(false);
        })
        .catch(() => !gone && setFailed(true));
    void load();
    const timer = everyMs > 0 ? setInterval(load, everyMs) : undefined;
    return () => {
      gone = true;
      clearInterval(timer);
    };
  }, [url, everyMs, tick]);
  return { data, failed, reload };
}
