/**
 * The store's own logging seam: the few calls it makes, shaped like pino's so the app can pass its logger in
 * (src/store/connect.ts) while the store depends on nothing of the app. Without one the store is silent.
 */
export interface StoreLogger {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}
