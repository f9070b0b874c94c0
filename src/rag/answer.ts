/**
 * The answer core behind every front end, read top-down in `explain`: understand the question → retrieve →
 * decide whether to refuse → summarize or compose the answer (LLM with checked citations, or extractive quotes
 * offline; extractive again when the LLM stays down) → finish the Answer with timings. Each step is its own module.
 * `explain` returns the same answer together with what produced it (plan, retrieval scores, refusal check,
 * the context read), for `ask --json` and the eval.
 */
import {
  createCore,
  finish,
  modelFor,
  refusedBody,
  startClock,
  type AnswerBody,
  type Explained,
  type ExplainOptions,
  type QaDeps,
} from './core.js';
import { compose } from './compose.js';
import { decide } from './decide.js';
import { understandQuery } from './query.js';
import { retrieveFor, searchCitations } from './search.js';
import type { QaService } from './service.js';
import { summarizeArticles, summarizePlace } from './summarize.js';
import { emptyArchive, englishNeedsLlm } from './wording.js';

export type { Explained, ExplainOptions, QaDeps } from './core.js';

export interface QaEngine extends QaService {
  explain(question: string, opts?: ExplainOptions): Promise<Explained>;
}

export function createQaService(deps: QaDeps): QaEngine {
  const core = createCore(deps);

  async function explain(question: string, opts: ExplainOptions = {}): Promise<Explained> {
    const clock = startClock();
    const plan = await understandQuery(question, opts.turns ?? [], await core.helpersReady);
    const lang = opts.lang ?? plan.lang;
    if (plan.lang === 'en' && !core.chat) {
      const body = { text: englishNeedsLlm(), citations: [], refused: true, mode: 'extractive' as const };
      return { answer: finish(clock, plan, body, 'en'), plan, context: [] };
    }
    if (plan.summaryPlace) return summarizePlace(core, clock, plan, plan.summaryPlace, opts);

    const retrieval = await retrieveFor(core, clock, plan);
    if (retrieval.corpusSize === 0) {
      const body = { text: emptyArchive(lang), citations: [], refused: true, mode: 'extractive' as const };
      return { answer: finish(clock, plan, body, lang), plan, retrieval, context: [] };
    }
    const decision = decide(plan, retrieval, modelFor(core, opts) !== undefined);
    const { refusal } = decision;
    const done = (body: AnswerBody, context = retrieval.passages): Explained => ({
      answer: finish(clock, plan, body, lang),
      plan,
      retrieval,
      refusal,
      context,
    });
    if (decision.refuse)
      return done({ ...(await refusedBody(core, lang)), mode: core.chat ? 'llm' : 'extractive' });
    if (plan.summary) {
      const summary = await summarizeArticles(core, clock, plan, undefined, retrieval.passages, opts);
      return { ...summary, retrieval, refusal };
    }
    const { body, context } = await compose(core, plan, retrieval, decision, opts);
    return done(body, context);
  }

  return {
    explain,
    async answer(question, opts) {
      return (await explain(question, opts)).answer;
    },
    async summarize(place, opts = {}) {
      const clock = startClock();
      const plan = await understandQuery(`总结${place}`, [], {});
      return (await summarizePlace(core, clock, plan, place, opts)).answer;
    },
    places: () => core.catalog.places(),
    paragraph: (articleId, n) => core.catalog.paragraph(articleId, n),
    search: (query, limit) => searchCitations(core, query, limit),
    stats: () => core.catalog.stats(),
  };
}
