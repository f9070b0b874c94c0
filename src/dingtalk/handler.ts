/**
 * One DingTalk robot message → at most one reply: help, a place summary, a source paragraph, or a cited answer.
 * Transport-free (the reply function is injected), so it is tested in-process. Messages of one conversation are
 * answered in order; a message DingTalk redelivers (same msgId) is answered once.
 */
import { correlationId, logFailure } from '../shared/errors.js';
import { dayOf, feedbackRecord, newFeedbackKey } from '../shared/feedback.js';
import { detectLang } from '../present/lang.js';
import { Lru } from '../shared/lru.js';
import { texts } from '../present/texts.js';
import type { Logger } from '../log.js';
import {
  dingtalkAnswer,
  dingtalkSources,
  dingtalkNotice,
  dingtalkParagraph,
  dingtalkPlaces,
  type DingtalkMessage,
} from '../present/dingtalk.js';
import type { QaService } from '../rag/service.js';
import type { Answer, ChatState, Citation, Lang, Turn } from '../types.js';
import { parseCommand } from './commands.js';
import { addressedToBot, isGroupChat, messageFile, messageText, type RobotMessage } from './message.js';
import { receiveReport, type DingtalkUploads } from './upload.js';
import { dingtalkTexts } from './texts.js';
import { turnOf } from '../rag/turns.js';

export interface DingtalkHandlerOptions {
  maxQuestionChars: number;
  /** Turns kept per conversation for follow-up questions. */
  maxTurns: number;
  maxConversations: number;
  maxSourceButtons: number;
  /**
   * DingTalk has no typing indicator and a robot cannot edit its reply: when an answer takes longer than this
   * (an LLM answer, a large summary), a private chat first gets a short "正在查找报道…".
   */
  thinkingAfterMs: number;
}

export const defaultDingtalkHandlerOptions: DingtalkHandlerOptions = {
  maxQuestionChars: 500,
  maxTurns: 6,
  maxConversations: 5000,
  maxSourceButtons: 6,
  thinkingAfterMs: 3000,
};

export interface DingtalkHandlerDeps {
  qa: QaService;
  log: Logger;
  /** Delivers a reply to the message's chat (sessionWebhook, with retries). */
  reply(to: RobotMessage, body: DingtalkMessage): Promise<void>;
  options?: Partial<DingtalkHandlerOptions>;
  now?: () => number;
  /** Report files sent in private chats; unset: everyone gets "only admins can add reports". */
  uploads?: DingtalkUploads;
  /** Where the answer behind 👍/👎 and each vote are kept (shared with the other front ends); unset: no 👍/👎. */
  state?: ChatState;
}

/** What one handled message led to, for logs and tests. */
export type HandleOutcome = 'ignored' | 'duplicate' | 'expired' | 'answered' | 'failed';

interface ConversationState {
  turns: Turn[];
  citations: Citation[];
}

export class DingtalkHandler {
  private readonly o: DingtalkHandlerOptions;
  private readonly seen = new Lru<string, true>(10_000);
  private readonly convs: Lru<string, ConversationState>;
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly now: () => number;

  constructor(private readonly deps: DingtalkHandlerDeps) {
    this.o = { ...defaultDingtalkHandlerOptions, ...deps.options };
    this.convs = new Lru(this.o.maxConversations);
    this.now = deps.now ?? Date.now;
  }

  /** Handles a message after the earlier ones of the same conversation. */
  handle(m: RobotMessage): Promise<HandleOutcome> {
    if (this.seen.get(m.msgId)) return Promise.resolve('duplicate');
    this.seen.set(m.msgId, true);
    const key = conversationKey(m);
    const prev = this.queues.get(key) ?? Promise.resolve();
    const run = prev.then(() => this.handleNow(m, key));
    const tail = run.catch(() => undefined);
    this.queues.set(key, tail);
    void tail.then(() => {
      if (this.queues.get(key) === tail) this.queues.delete(key);
    });
    return run;
  }

  private async handleNow(m: RobotMessage, key: string): Promise<HandleOutcome> {
    const { log } = this.deps;
    if (!addressedToBot(m)) return 'ignored';
    if (m.sessionWebhookExpiredTime !== undefined && m.sessionWebhookExpiredTime < this.now()) {
      log.warn({ msgId: m.msgId }, 'dingtalk: session webhook expired before the reply; message dropped');
      return 'expired';
    }
    const text = messageText(m);
    const group = isGroupChat(m);
    const file = messageFile(m);
    if (file && !group) {
      const f = { ...file, senderStaffId: m.senderStaffId, robotCode: m.robotCode ?? '' };
      await receiveReport(f, { log, uploads: this.deps.uploads, send: (body) => this.send(m, body) });
      return 'answered';
    }
    if (text === undefined) {
      await this.send(m, dingtalkNotice(texts('zh').unsupported, texts('zh').unsupported));
      return 'answered';
    }
    const lang = detectLang(text, undefined);
    const t = texts(lang);
    const started = this.now();
    const cmd = parseCommand(text);
    try {
      switch (cmd.kind) {
        case 'empty':
        case 'help': {
          const stats = await this.deps.qa.stats().catch(() => undefined);
          const intro = t.help(stats, '').split('\n')[0] ?? '';
          await this.send(m, dingtalkNotice(`${intro}\n${dingtalkTexts(lang).usage}`, intro));
          return 'answered';
        }
        case 'places': {
          const places = await this.deps.qa.places();
          await this.send(m, dingtalkPlaces(places, t, { group }));
          return 'answered';
        }
        case 'source': {
          const c = this.convs.get(key)?.citations.find((x) => x.n === cmd.n);
          if (!c) {
            await this.send(m, dingtalkNotice(dingtalkTexts(lang).noSource(cmd.n), t.sources));
            return 'answered';
          }
          return await this.openParagraph(m, c.articleId, c.paragraphs[0] ?? 1, lang, group);
        }
        case 'sources': {
          const cited = this.convs.get(key)?.citations ?? [];
          if (cmd.from > cited.length) {
            await this.send(m, dingtalkNotice(dingtalkTexts(lang).noSource(cmd.from), t.sources));
            return 'answered';
          }
          await this.send(m, dingtalkSources(cited, cmd.from - 1, t, { group }));
          return 'answered';
        }
        case 'paragraph':
          return await this.openParagraph(m, cmd.articleId, cmd.n, lang, group);
        case 'feedback':
          return await this.onFeedback(m, cmd.key, cmd.vote);
        case 'summary':
        case 'question': {
          let question = cmd.kind === 'question' ? cmd.text : '';
          let note = '';
          if (question.length > this.o.maxQuestionChars) {
            question = question.slice(0, this.o.maxQuestionChars);
            note = t.truncated(this.o.maxQuestionChars);
          }
          const state = this.convs.get(key) ?? { turns: [], citations: [] };
          const opts = { turns: [...state.turns], lang };
          let thinking: Promise<void> | undefined;
          const timer = group
            ? undefined
            : setTimeout(() => {
                thinking = this.send(m, dingtalkNotice(t.thinking, t.thinking)).catch((e: unknown) =>
                  log.warn({ platform: 'dingtalk', err: String(e) }, 'dingtalk: thinking notice failed'),
                );
              }, this.o.thinkingAfterMs);
          let answer: Answer;
          try {
            answer =
              cmd.kind === 'summary'
                ? await this.deps.qa.summarize(cmd.place, opts)
                : await this.deps.qa.answer(question, opts);
          } finally {
            clearTimeout(timer);
            // The notice goes out before the answer, never after it.
            await thinking;
          }
          const shown = note
            ? { ...answer, notice: [note, answer.notice].filter(Boolean).join(' ') }
            : answer;
          const asked = cmd.kind === 'summary' ? `/summary ${cmd.place}` : question;
          // 👍/👎 only where a tapped link reaches the robot (private chats), and only when the vote can be kept.
          const feedbackKey = group ? undefined : await this.remember(asked, answer);
          await this.send(
            m,
            dingtalkAnswer(shown, texts(answer.lang), {
              group,
              maxButtons: this.o.maxSourceButtons,
              ...(feedbackKey ? { feedbackKey } : {}),
            }),
          );
          this.convs.set(key, {
            turns: [...state.turns, turnOf(asked, answer)].slice(-this.o.maxTurns),
            citations: answer.citations,
          });
          log.info(
            {
              event: 'answer',
              platform: 'dingtalk',
              group,
              mode: answer.mode,
              refused: answer.refused,
              citations: answer.citations.length,
              ms: this.now() - started,
            },
            'answered',
          );
          return 'answered';
        }
      }
    } catch (e) {
      const id = correlationId();
      logFailure(log, undefined, id, e, { platform: 'dingtalk', msgId: m.msgId });
      try {
        await this.send(m, dingtalkNotice(t.error(id), t.error(id)));
      } catch (e2) {
        logFailure(log, undefined, id, e2, { platform: 'dingtalk', stage: 'error reply' });
      }
      return 'failed';
    }
  }

  private async openParagraph(
    m: RobotMessage,
    articleId: string,
    n: number,
    lang: Lang,
    group: boolean,
  ): Promise<HandleOutcome> {
    const t = texts(lang);
    const view = await this.deps.qa.paragraph(articleId, n);
    await this.send(
      m,
      view ? dingtalkParagraph(view, t, { group }) : dingtalkNotice(t.sourceGone, t.sourceGone),
    );
    return 'answered';
  }

  /** A tapped 👍/👎 link: the vote is kept (one per person and answer) and thanked in the answer's language. */
  private async onFeedback(m: RobotMessage, key: string, vote: 'up' | 'down'): Promise<HandleOutcome> {
    const { log, state } = this.deps;
    const record = await state?.answerFor(key).catch(() => undefined);
    const who = m.senderStaffId ?? m.senderId ?? m.conversationId;
    await state
      ?.vote(key, vote, `dingtalk:${who}`, dayOf(new Date(this.now())))
      .catch((e: unknown) =>
        log.warn({ platform: 'dingtalk', err: String(e) }, 'dingtalk: could not store the vote'),
      );
    log.info({ event: 'feedback', platform: 'dingtalk', vote, key, ...(record ?? {}) }, 'feedback');
    // The command itself is Latin letters: the answer's question says which language the reader uses.
    const t = texts(record ? detectLang(record.question, undefined) : 'zh');
    await this.send(m, dingtalkNotice(t.thanks, t.thanks));
    return 'answered';
  }

  /** Keeps the answer behind the 👍/👎 links; undefined (no links) without a state or when the store fails. */
  private async remember(asked: string, answer: Answer): Promise<string | undefined> {
    const state = this.deps.state;
    if (!state) return undefined;
    const key = newFeedbackKey();
    try {
      await state.saveAnswer(key, feedbackRecord(asked, answer));
      return key;
    } catch (e) {
      this.deps.log.warn({ platform: 'dingtalk', err: String(e) }, 'dingtalk: answer not kept for feedback');
      return undefined;
    }
  }

  private send(m: RobotMessage, body: DingtalkMessage): Promise<void> {
    return this.deps.reply(m, body);
  }
}

/** Follow-ups per private chat; in a group, per member (people asking side by side do not mix). */
export function conversationKey(m: RobotMessage): string {
  return isGroupChat(m)
    ? `g:${m.conversationId}:${m.senderStaffId ?? m.senderId ?? ''}`
    : `p:${m.conversationId}`;
}
