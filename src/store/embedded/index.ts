/**
 * The embedded Qdrant-compatible store as a package: this is its public surface. It depends on nothing of the
 * app (logging comes in through `StoreLogger`); the app reaches it only through src/store/connect.ts.
 */
export { startEmbeddedStore, type EmbeddedStore, type EmbeddedStoreOptions } from './store.js';
export { startEmbeddedServer, type EmbeddedServer, type EmbeddedServerOptions } from './http/server.js';
export type { StoreLogger } from './log.js';
export { startStoreThread, type StoreThread, type StoreThreadOptions } from './thread.js';
export { StoreClosedError, type PortAnswer, type PortCall } from './port/caller.js';
export { jsonValue } from './port/json-value.js';
