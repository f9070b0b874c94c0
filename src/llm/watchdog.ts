/**
 * An idle timer for one model request. The SDK's timeout stops at the response headers, so a stream that
 * stalls mid-answer would hang forever; this aborts when no byte arrived for `ms` and remembers why.
 */
export class Watchdog {
  readonly signal: AbortSignal;
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private fired = false;
  private readonly onOuterAbort = (): void => this.controller.abort();

  constructor(
    private readonly ms: number,
    private readonly outer?: AbortSignal,
  ) {
    this.signal = this.controller.signal;
    if (outer?.aborted) this.controller.abort();
    else outer?.addEventListener('abort', this.onOuterAbort, { once: true });
    this.arm();
  }

  /** True when the request was cut because the provider went quiet (not because the caller cancelled). */
  get timedOut(): boolean {
    return this.fired;
  }

  /** (Re)starts the countdown: call on every received chunk. */
  arm(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.fired = true;
      this.controller.abort();
    }, this.ms);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.outer?.removeEventListener('abort', this.onOuterAbort);
  }
}
