/** The OpenAI-compatible HTTP API front end. */
export { createApp, MODEL_ID, type HttpApp, type HttpDeps } from './app.js';
export { startHttpApi, type RunningHttpApi } from './server.js';
