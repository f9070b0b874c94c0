/** Work still running (answers being written); shutdown waits for it so no answer is cut off. */
export class InFlight {
  private readonly running = new Set<Promise<unknown>>();

  track<T>(p: Promise<T>): Promise<T> {
    this.running.add(p);
    const done = () => this.running.delete(p);
    p.then(done, done);
    return p;
  }

  get size(): number {
    return this.running.size;
  }

  /** Resolves when all tracked work has settled, or after `timeoutMs`. */
  async drain(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    });
    while (this.running.size > 0) {
      const all = Promise.allSettled([...this.running]).then(() => undefined);
      const first = await Promise.race([
        all.then(() => 'done' as const),
        timeout.then(() => 'timeout' as const),
      ]);
      if (first === 'timeout') break;
    }
    clearTimeout(timer);
  }
}
