/**
 * How a command-line tool reports the error that stopped it: one line saying what went wrong (the errors the app
 * raises already name the variable or file to fix), the stack only with LOG_LEVEL=debug, exit code 1.
 */
export function reportFailure(command: string, err: unknown): void {
  const debug = process.env.LOG_LEVEL === 'debug' || process.env.LOG_LEVEL === 'trace';
  const line = err instanceof Error ? (debug ? (err.stack ?? err.message) : err.message) : String(err);
  process.stderr.write(`${command} failed: ${line}\n`);
  if (!debug && err instanceof Error) process.stderr.write('(LOG_LEVEL=debug shows where)\n');
  process.exitCode = 1;
}
