import { useEffect, useState } from 'react';

/**
 * The value once it has stopped changing for `delayMs`, and a way to skip the wait
 * (a paste is a finished input; there is nothing to wait for).
 */
export const useDebouncedValue = <T>(value: T, delayMs: number): [T, (next: T) => void] => {
  const [debounced, setDebounced] = useState(value);

  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);

  return [debounced, setDebounced];
};
