/**
 * Printing the metrics screen as an A4 briefing (月报). The screen lays itself out for paper while `printing` is
 * true — when the browser prints (the print media query, also Ctrl+P and a test's emulated print media) or
 * while the print button prepares — so the charts are redrawn at the paper's width before the page is printed.
 */
import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';

const printMedia = typeof window !== 'undefined' && window.matchMedia ? window.matchMedia('print') : null;

function subscribe(onChange: () => void) {
  printMedia?.addEventListener('change', onChange);
  window.addEventListener('beforeprint', onChange);
  window.addEventListener('afterprint', onChange);
  return () => {
    printMedia?.removeEventListener('change', onChange);
    window.removeEventListener('beforeprint', onChange);
    window.removeEventListener('afterprint', onChange);
  };
}
const isPrinting = () => printMedia?.matches ?? false;

/** How long the screen has to redraw its charts at paper width before the print dialog takes its picture. */
const REDRAW_MS = 400;

/** Whether the screen is laid out for paper, and the print button's action. */
export function usePrint(): { printing: boolean; print(): void } {
  const media = useSyncExternalStore(subscribe, isPrinting, () => false);
  const [preparing, setPreparing] = useState(false);
  useEffect(() => {
    if (!preparing) return;
    const timer = setTimeout(() => {
      window.print();
      setPreparing(false);
    }, REDRAW_MS);
    return () => clearTimeout(timer);
  }, [preparing]);
  const print = useCallback(() => setPreparing(true), []);
  return { printing: media || preparing, print };
}
