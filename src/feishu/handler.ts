/**
 * What the bot does with Feishu events, independent of how they arrive (long connection or HTTP callback).
 * Message events return at once (Feishu redelivers an event that is not acknowledged within seconds) and the
 * answer is delivered in the background; card callbacks answer within Feishu's 3 s limit, a paging tap by
 * returning the new card in the callback response.
 */
import type { Logger } from '../log.js';
import type { AnswerOptions, QaService } from '../rag/service.js';
import type { Answer, ChatState, Citation, Lang } from '../types.js';
import { correlationId } from '../shared/errors.js';
import { dayOf, feedbackRecord, newFeedbackKey } from '../shared/feedback.js';
import { detectLang } from '../present/lang.js';
import { Lru } from '../shared/lru.js';
import { Conversations } from '../shared/conversation.js';
import { texts } from '../present/texts.js';
import {
  answerCard,
  SOURCES_PER_CARD,
  sourcesCard,
  noticeCard,
  paragraphCard,
  placesCard,
  type FeishuCard,
} from '../present/feishu-card.js';
import { parseCardAction } from './actions.js';
import type { FeishuApi } from './api.js';
import { classify, parseIncoming, type Incoming, type MessageEvent } from './incoming.js';
import { describe } from './retry.js';
import { helpText, helpTitle } from './texts.js';
import { receiveReport, type FeishuUploads } from './upload.js';
import { turnOf } from '../rag/turns.js';

/** The parts of a card.action.trigger callback this bot reads (SDK-flattened: header fields at top level). */
export interface CardActionEvent {
  event_id?: string;
  operator?: { open_id?: string };
  action?: { value?: unknown; tag?: string };
  context?: { open_message_id?: string; open_chat_id?: string };
  open_message_id?: string;
  open_chat_id?: string;
}

/** The callback response: a toast, and/or a card that replaces the tapped one. */
export interface CardActionResponse {
  toast?: { type: 'info' | 'success' | 'error' | 'warning'; content: string };
  card?: { type: 'raw'; data: FeishuCard };
}

export interface FeishuHandlerOptions {
  /** An answer slower than this first gets a "searching…" card that is then replaced (ms). */
  placeholderAfterMs: number;
  maxQuestionChars: number;
  maxTurns: number;
}

export const defaultHandlerOptions: FeishuHandlerOptions = {
  placeholderAfterMs: 800,
  maxQuestionChars: 500,
  maxTurns: 3,
};

export interface FeishuHandlerDeps {
  qa: QaService;
  log: Logger;
  api: FeishuApi;
  /** The bot's open_id; unknown → any @-mention in a group counts. */
  botOpenId?: string;
  options?: Partial<FeishuHandlerOptions>;
  /** Report files sent in private chats; unset: everyone gets "only admins can add reports". */
  uploads?: FeishuUploads;
  /** Where the answer behind 👍/👎 and each vote are kept (shared with the other front ends); unset: only logged. */
  state?: ChatState;
  now?: () => Date;
}

export interface FeishuHandler {
  onMessage(ev: MessageEvent): void;
  onCardAction(ev: CardActionEvent): Promise<CardActionResponse>;
  /** Resolves when every answer being delivered has been delivered (or given up). */
  idle(): Promise<void>;
  /** Learns the bot's open_id later, when bot/v3/info was unreachable at start-up. */
  setBotOpenId(id: string): void;
}

interface Job {
  /** Message the answer replies to. */
  replyTo: string;
  convKey: string;
  question: string;
  /** What the feedback record says was asked, when not the question itself (`/summary 地名`). */
  asked?: string;
  lang: Lang;
  run: (opts: AnswerOptions) => Promise<Answer>;
  context: Record<string, unknown>;
}

export function createFeishuHandler(deps: FeishuHandlerDeps): FeishuHandler {
  const { qa, log, api } = deps;
  const o = { ...defaultHandlerOptions, ...deps.options };
  const seen = new Lru<string, true>(10_000);
  const convs = new Conversations(o.maxTurns, 5000);
  /** Each answer's citations with its language, for "更多来源 ›" (lost on restart: the tap then says so). */
  const sources = new Lru<string, { citations: Citation[]; lang: Lang }>(5000);
  const inflight = new Set<Promise<void>>();
  const now = deps.now ?? (() => new Date());
  let botOpenId = deps.botOpenId;

  function track(p: Promise<void>): void {
    const guarded = p.catch((err: unknown) => log.error({ err: describe(err) }, 'feishu delivery failed'));
    inflight.add(guarded);
    void guarded.finally(() => inflight.delete(guarded));
  }

  /** Feishu delivers at least once: the same event (or message) again is ignored. */
  function firstTime(key: string | undefined): boolean {
    if (!key) return true;
    if (seen.get(key)) return false;
    seen.set(key, true);
    return true;
  }

  async function reply(replyTo: string, card: FeishuCard, context: Record<string, unknown>): Promise<void> {
    try {
      await api.replyCard(replyTo, card);
    } catch (err) {
      log.error({ ...context, err: describe(err) }, 'feishu reply failed after retries');
    }
  }

  async function deliver(job: Job): Promise<void> {
    const t = texts(job.lang);
    const answering = (async (): Promise<FeishuCard> => {
      try {
        const answer = await job.run({ turns: convs.history(job.convKey), lang: job.lang });
        // Random, not a counter: keys outlive a restart in the shared chat state and must never collide.
        const key = newFeedbackKey();
        await deps.state
          ?.saveAnswer(key, feedbackRecord(job.asked ?? job.question, answer))
          .catch((err: unknown) =>
            log.warn({ ...job.context, err: describe(err) }, 'could not store the answer for feedback'),
          );
        if (job.question !== '') convs.add(job.convKey, turnOf(job.question, answer));
        if (answer.citations.length > SOURCES_PER_CARD) {
          sources.set(key, { citations: answer.citations, lang: answer.lang });
        }
        return answerCard(answer, { feedbackKey: key });
      } catch (err) {
        const id = correlationId();
        log.error({ ...job.context, correlationId: id, err: describe(err) }, 'answer failed');
        return noticeCard(t.error(id));
      }
    })();

    // A quick answer is sent as is; a slow one (LLM) shows "searching…" first and replaces it when ready.
    let timer: NodeJS.Timeout | undefined;
    const slow = new Promise<'slow'>((r) => (timer = setTimeout(() => r('slow'), o.placeholderAfterMs)));
    const first = await Promise.race([answering, slow]);
    clearTimeout(timer);
    if (first !== 'slow') return reply(job.replyTo, first, job.context);

    const placeholder = await api.replyCard(job.replyTo, noticeCard(t.thinking)).catch((err: unknown) => {
      log.warn({ ...job.context, err: describe(err) }, 'placeholder card not sent');
      return undefined;
    });
    const card = await answering;
    if (placeholder) {
      try {
        await api.updateCard(placeholder, card);
        return;
      } catch (err) {
        log.warn({ ...job.context, err: describe(err) }, 'placeholder not updated; replying instead');
      }
    }
    await reply(job.replyTo, card, job.context);
  }

  async function help(inc: Incoming, lang: Lang): Promise<void> {
    const stats = await qa.stats().catch(() => undefined);
    await reply(inc.messageId, noticeCard(helpText(lang, stats), { title: helpTitle(lang) }), {
      chatId: inc.chatId,
    });
  }

  async function summaryMenu(replyTo: string, lang: Lang): Promise<void> {
    const t = texts(lang);
    const places = await qa.places().catch(() => []);
    await reply(replyTo, places.length === 0 ? noticeCard(t.noPlaces) : placesCard(places, lang), {});
  }

  function onMessage(ev: MessageEvent): void {
    if (!firstTime(ev.event_id) || !firstTime(`m:${ev.message?.message_id}`)) return;
    const inc = parseIncoming(ev, botOpenId);
    if (!inc.addressed) return;
    const context = { chatId: inc.chatId, messageId: inc.messageId, group: inc.group };
    const lang = detectLang(inc.text, undefined);
    const t = texts(lang);
    if (inc.file && !inc.group) {
      log.info({ ...context, kind: 'file' }, 'feishu message');
      const f = {
        messageId: inc.messageId,
        senderId: inc.senderId,
        fileKey: inc.file.key,
        fileName: inc.file.name,
      };
      return track(receiveReport(f, { api, log, uploads: deps.uploads }));
    }
    if (inc.text === undefined) {
      track(reply(inc.messageId, noticeCard(t.unsupported), context));
      return;
    }
    let text = inc.text;
    const cmd = classify(text);
    log.info({ ...context, kind: cmd.kind }, 'feishu message');
    if (cmd.kind === 'help') return track(help(inc, lang));
    if (cmd.kind === 'empty') return track(reply(inc.messageId, noticeCard(t.emptyQuestion), context));
    const convKey = inc.group ? `g:${inc.chatId}:${inc.rootId}` : `p:${inc.chatId}`;
    if (cmd.kind === 'summary') {
      if (cmd.place === '') return track(summaryMenu(inc.messageId, lang));
      const place = cmd.place;
      return track(
        deliver({
          replyTo: inc.messageId,
          convKey,
          question: '',
          asked: `/summary ${place}`,
          lang,
          run: (opts) => qa.summarize(place, opts),
          context,
        }),
      );
    }
    text = cmd.text;
    const chars = [...text];
    const cut = chars.length > o.maxQuestionChars;
    const question = cut ? chars.slice(0, o.maxQuestionChars).join('') : text;
    track(
      deliver({
        replyTo: inc.messageId,
        convKey,
        question,
        lang,
        run: async (opts) => {
          const a = await qa.answer(question, opts);
          return cut
            ? { ...a, notice: [t.truncated(o.maxQuestionChars), a.notice].filter(Boolean).join(' ') }
            : a;
        },
        context,
      }),
    );
  }

  async function onCardAction(ev: CardActionEvent): Promise<CardActionResponse> {
    const messageId = ev.context?.open_message_id ?? ev.open_message_id;
    const chatId = ev.context?.open_chat_id ?? ev.open_chat_id;
    const action = parseCardAction(ev.action?.value);
    const lang: Lang = action?.l ?? 'zh';
    const t = texts(lang);
    if (!action || !messageId) return { toast: { type: 'warning', content: t.sourceGone } };
    const context = { chatId, messageId, action: action.a };

    if (action.a === 'fb') {
      const operator = ev.operator?.open_id;
      // One vote per person and answer (a second tap replaces the first); without an operator, one per tap.
      await deps.state
        ?.vote(action.k, action.v, `feishu:${operator ?? ev.event_id ?? messageId}`, dayOf(now()))
        .catch((err: unknown) => log.warn({ ...context, err: describe(err) }, 'could not store the vote'));
      log.info({ event: 'feedback', vote: action.v, key: action.k, ...context, operator }, 'feedback');
      return { toast: { type: 'success', content: t.thanks } };
    }
    if (action.a === 'sum') {
      // Taps are deduplicated like messages: a redelivered callback must not summarise twice.
      if (!firstTime(ev.event_id)) return {};
      const place = action.p;
      track(
        deliver({
          replyTo: messageId,
          convKey: `c:${chatId}:${messageId}`,
          question: '',
          asked: `/summary ${place}`,
          lang,
          run: (opts) => qa.summarize(place, opts),
          context,
        }),
      );
      return {};
    }
    if (action.a === 'more') {
      const kept = sources.get(action.k);
      if (!kept || action.o >= kept.citations.length)
        return { toast: { type: 'warning', content: t.sourceGone } };
      // Like a source, the next page opens as its own message under the answer.
      if (firstTime(ev.event_id))
        track(reply(messageId, sourcesCard(kept.citations, action.o, kept.lang, action.k), context));
      return {};
    }
    const view = await qa.paragraph(action.id, action.n).catch((err: unknown) => {
      log.error({ ...context, err: describe(err) }, 'paragraph lookup failed');
      return undefined;
    });
    if (!view) return { toast: { type: 'warning', content: t.sourceGone } };
    if (action.a === 'par') return { card: { type: 'raw', data: paragraphCard(view, lang) } };
    // A source opens as its own message under the answer, so the answer stays readable.
    if (firstTime(ev.event_id)) track(reply(messageId, paragraphCard(view, lang), context));
    return {};
  }

  return {
    onMessage,
    onCardAction,
    async idle() {
      while (inflight.size > 0) await Promise.all([...inflight]);
    },
    setBotOpenId(id) {
      botOpenId = id;
    },
  };
}
