/**
 * The app thread's end of the in-process port: numbers requests, matches replies, and — once the store is
 * closing, has closed or its thread has died — rejects new and pending requests with `StoreClosedError`
 * instead of leaving them waiting. Like a socket, the port keeps the process up only while a request waits.
 */
import type { MessagePort } from 'node:worker_threads';
import type { PortReply, PortRequest } from './protocol.js';

export class StoreClosedError extends Error {
  override name = 'StoreClosedError';
}

export type PortCall = Omit<PortRequest, 'id'>;
/** A reply the store ran the request for: a result or Qdrant's error. */
export type PortAnswer = Exclude<PortReply, { closed: true }>;

export class PortCaller {
  private next = 1;
  private readonly pending = new Map<number, { resolve(r: PortAnswer): void; reject(e: Error): void }>();
  private stopped: string | undefined;

  constructor(private readonly port: MessagePort) {
    port.on('message', (r: PortReply) => {
      const p = this.pending.get(r.id);
      if (!p) return;
      this.pending.delete(r.id);
      if (this.pending.size === 0) port.unref();
      if ('closed' in r)
        p.reject(new StoreClosedError('the embedded store is closing: the request was not run'));
      else p.resolve(r);
    });
    port.on('close', () => this.stop('the embedded store thread has stopped'));
    port.unref();
  }

  call(req: PortCall): Promise<PortAnswer> {
    if (this.stopped !== undefined) {
      return Promise.reject(new StoreClosedError(`${this.stopped}: the request was not run`));
    }
    const id = this.next++;
    return new Promise<PortAnswer>((resolve, reject) => {
      if (this.pending.size === 0) this.port.ref();
      this.pending.set(id, { resolve, reject });
      try {
        this.port.postMessage({ id, ...req } satisfies PortRequest);
      } catch (e) {
        this.pending.delete(id);
        if (this.pending.size === 0) this.port.unref();
        reject(e as Error);
      }
    });
  }

  /** Refuses new requests from now on; pending ones still get their answers unless the port closes. */
  refuse(reason: string): void {
    this.stopped ??= reason;
  }

  /** Refuses new requests and rejects the pending ones: no answer will come. */
  stop(reason: string): void {
    this.refuse(reason);
    const waiting = [...this.pending.values()];
    this.pending.clear();
    const err = new StoreClosedError(`${reason}: no answer came (a write may or may not have been applied)`);
    for (const p of waiting) p.reject(err);
  }
}
