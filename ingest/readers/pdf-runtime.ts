/**
 * What pdf.js needs from the browser when it runs in Node, for text extraction only.
 *
 * pdf.js's legacy build builds a `DOMMatrix` when it loads, and fills `DOMMatrix`, `ImageData` and `Path2D` from
 * the optional `@napi-rs/canvas` package — a 33 MB native binary for *rendering*, which we never do. The lean
 * production install (README, "Sizes") leaves that binary out, so a `DOMMatrix` comes from `@thednp/dommatrix` (a
 * small pure-JS implementation of the W3C interface) instead, and pdf.js's load-time notes about the missing
 * rendering package are dropped: they are true and harmless for text, and they would fill every ingest log.
 */
import { createRequire } from 'node:module';

/** pdf.js's own load-time notes about the canvas package (see pdf.mjs, `isNodeJS` start-up). */
const CANVAS_NOTE =
  /^Warning: (Cannot load "@napi-rs\/canvas"|Cannot polyfill `(DOMMatrix|ImageData|Path2D)`)/;

/** True when the optional rendering package is installed (development installs have it). */
export function canvasInstalled(): boolean {
  try {
    createRequire(import.meta.url).resolve('@napi-rs/canvas');
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs `load` (the dynamic import of pdf.js) with a `DOMMatrix` in place when the canvas package is absent, and
 * without pdf.js's notes about that package on the console. Other console output passes through unchanged.
 */
export async function loadWithoutCanvas<T>(load: () => Promise<T>): Promise<T> {
  if (canvasInstalled()) return load();
  const g = globalThis as { DOMMatrix?: unknown };
  if (g.DOMMatrix === undefined) g.DOMMatrix = (await import('@thednp/dommatrix')).default;
  const warn = console.warn;
  console.warn = (...args: unknown[]): void => {
    if (typeof args[0] === 'string' && CANVAS_NOTE.test(args[0])) return;
    warn(...args);
  };
  try {
    return await load();
  } finally {
    console.warn = warn;
  }
}
