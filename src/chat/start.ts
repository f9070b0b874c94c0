/** The console chat as a front end: what `npm start` opens when no other front end is configured. */
import type { FrontEndDeps, RunningFrontEnd } from '../app/front-end.js';
import { runConsole } from './console.js';

export function startConsole(deps: Pick<FrontEndDeps, 'qa'>): Promise<RunningFrontEnd> {
  const abort = new AbortController();
  const done = runConsole({ qa: deps.qa, signal: abort.signal });
  return Promise.resolve({
    done,
    stop: async () => {
      abort.abort();
      await done.catch(() => undefined);
    },
  });
}
