/**
 * What every front end's questions leave behind, recorded in one place instead of in each front end: the start-up
 * hands each front end a `QaService` that counts every answer and summary (day, front end, refused or not, the
 * places it names) in the chat state, and a chat state that tags the answers behind 👍/👎 with the front end.
 * The web console reads both (overview, feedback, gaps). A store that fails never costs the reader the answer.
 */
import type { Logger } from '../log.js';
import type { QaService } from '../rag/service.js';
import { dayOf } from '../shared/feedback.js';
import { detectPlaces } from '../text/places.js';
import type { Answer, ChatState } from '../types.js';

/** The places a question names, as stored names, once each. */
export function questionPlaces(question: string): string[] {
  return [...new Set(detectPlaces(question).map((p) => p.name))];
}

export function recordingQa(
  qa: QaService,
  state: ChatState,
  frontEnd: string,
  log: Logger,
  now: () => Date = () => new Date(),
): QaService {
  const record = (question: string, answer: Answer): void => {
    const at = now();
    state
      .questionAsked({
        day: dayOf(at),
        at: at.getTime(),
        frontEnd,
        question,
        refused: answer.refused,
        places: questionPlaces(question),
      })
      .catch((e: unknown) => log.warn({ err: String(e), frontEnd }, 'could not count the question'));
  };
  return {
    answer: async (question, opts) => {
      const a = await qa.answer(question, opts);
      record(question, a);
      return a;
    },
    summarize: async (place, opts) => {
      const a = await qa.summarize(place, opts);
      record(`/summary ${place}`, a);
      return a;
    },
    places: () => qa.places(),
    paragraph: (articleId, n) => qa.paragraph(articleId, n),
    search: (query, limit) => qa.search(query, limit),
    stats: () => qa.stats(),
  };
}

/** The chat state as one front end sees it: the answers it saves for 👍/👎 carry its name. */
export function taggedState(state: ChatState, frontEnd: string): ChatState {
  return {
    saveAnswer: (key, record) => state.saveAnswer(key, { ...record, frontEnd }),
    answerFor: (key) => state.answerFor(key),
    vote: (key, vote, userId, day) => state.vote(key, vote, userId, day),
    questionAsked: (e) => state.questionAsked(e),
    usage: (day) => state.usage(day),
    questionsSince: (since) => state.questionsSince(since),
    feedback: (limit) => state.feedback(limit),
  };
}
