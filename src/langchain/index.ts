/**
 * LangChain interop (needs `@langchain/core`, an optional peer dependency): the reports as a retriever, and any
 * LangChain chat model as the answer core's model. Nothing else in the app imports this folder, so `npm start`,
 * the ingest CLI and the Docker image never load LangChain.
 */
export { ReportsRetriever, citationLabel, documentOf, formatDocuments } from './retriever.js';
export type { ReportMetadata, ReportsRetrieverInput } from './retriever.js';
export { fromLangChainChatModel } from './chat-model.js';
