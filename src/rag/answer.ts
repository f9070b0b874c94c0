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
import { isStrictSlot } from './answerability.js';
import { mentionsPlace } from './refusal.js';
import { notStatedAnswer } from './unanswered.js';
import { emptyArchive, englishNeedsLlm } from './wording.js';
import {
  datedLead,
  newerFirst,
  newestReports,
  nothingInPeriod,
  notInPeriod,
  planPeriod,
  undatedNotice,
} from './dated.js';
import type { Lang } from '../types.js';

export type { Explained, ExplainOptions, QaDeps } from './core.js';

export interface QaEngine extends QaService {
  explain(question: string, opts?: ExplainOptions): Promise<Explained>;
}

export function createQaService(deps: QaDeps): QaEngine {
  const core = createCore(deps);

  async function explain(question: string, opts: ExplainOptions = {}): Promise<Explained> {
    const clock = startClock();
    const understood = await understandQuery(question, opts.turns ?? [], await core.helpersReady);
    const plan = await planPeriod(core, understood);
    const lang = opts.lang ?? plan.lang;
    if (plan.lang === 'en' && !core.chat) {
      const body = { text: englishNeedsLlm(), citations: [], refused: true, mode: 'extractive' as const };
      return { answer: finish(clock, plan, body, 'en'), plan, context: [] };
    }
    if (plan.summaryPlace)
      return noted(await summarizePlace(core, clock, plan, plan.summaryPlace, opts), lang);

    const retrieval = await retrieveFor(core, clock, plan);
    if (retrieval.corpusSize === 0) {
      const body = { text: emptyArchive(lang), citations: [], refused: true, mode: 'extractive' as const };
      return { answer: finish(clock, plan, body, lang), plan, retrieval, context: [] };
    }
    if (plan.time && retrieval.passages.length === 0) {
      const text = nothingInPeriod(plan.time, await newestReports(core), lang);
      const body = { text, citations: [], refused: true, mode: 'extractive' as const };
      return { answer: finish(clock, plan, body, lang), plan, retrieval, context: [] };
    }
    if (plan.time?.recent) retrieval.passages = newerFirst(retrieval.passages);
    const decision = decide(plan, retrieval, modelFor(core, opts) !== undefined);
    const { refusal } = decision;
    const done = (body: AnswerBody, context = retrieval.passages): Explained =>
      noted({ answer: finish(clock, plan, body, lang), plan, retrieval, refusal, context }, lang);
    if (decision.refuse) {
      // A factoid whose entity the passages name: say what they do not say, and where they name it. So too an
      // open question on a place the reports cover whose topic none of them holds.
      const covered =
        refusal.reason === 'low-coverage' && plan.places.length > 0 && !plan.time
          ? retrieval.passages.filter((p) => mentionsPlace(plan.places, p))
          : [];
      const notStated = isStrictSlot(decision.slot)
        ? notStatedAnswer(decision.slot, retrieval.passages, lang)
        : covered.length > 0
          ? notStatedAnswer(decision.slot, covered, lang)
          : undefined;
      const refused = notStated ?? (await refusedBody(core, lang));
      if (plan.time && !notStated) refused.text = await notInPeriod(core, plan.time, lang);
      return done({ ...refused, mode: core.chat ? 'llm' : 'extractive' });
    }
    if (plan.summary) {
      const summary = await summarizeArticles(core, clock, plan, undefined, retrieval.passages, opts);
      return noted({ ...summary, retrieval, refusal }, lang);
    }
    const { body, context } = await compose(core, plan, retrieval, decision, opts);
    // A dated question's answer names when it was reported ("据10月20日报道，…").
    if (plan.time && !body.refused) body.text = `${datedLead(body.citations, plan.time, lang)}${body.text}`;
    return done(body, context);
  }

  /** A period named over an archive without dates: said in the notice. */
  function noted(e: Explained, lang: Lang): Explained {
    if (e.plan.undatedPeriod === undefined || e.answer.notice !== undefined) return e;
    return { ...e, answer: { ...e.answer, notice: undatedNotice(e.plan.undatedPeriod, lang) } };
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
