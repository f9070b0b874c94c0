/**
 * One WeCom frame → its reply: a cited answer as a stream (growing in LLM mode, one piece offline) with the sources
 * as a button card, a tapped source → the card updated in place, a native 👍/👎 → the chat state, a welcome on
 * entering the chat, report files from admins. Transport-free (replies go through `WecomTransport`), so it runs
 * against the emulator and in-process alike. Messages of one conversation are answered in order; a message
 * pushed twice (same msgid) is answered once.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from '../log.js';
import { detectLang } from '../present/lang.js';
import { texts } from '../present/texts.js';
import {
  parseCardKey,
  wecomAnswerMarkdown,
  wecomNoticeCard,
  wecomParagraphCard,
  wecomPartialMarkdown,
  wecomPlaces,
  wecomSourcesCard,
  wecomTaskId,
  type WecomCard,
} from '../present/wecom.js';
import type { QaService } from '../rag/service.js';
import { Conversations } from '../shared/conversation.js';
import { correlationId, logFailure } from '../shared/errors.js';
import { dayOf, feedbackRecord } from '../shared/feedback.js';
import { Lru } from '../shared/lru.js';
import type { Answer, ChatState, Citation, Lang } from '../types.js';
import { parseCommand } from './commands.js';
import { hasMention, stripMentions, type FrameRef, type Incoming } from './message.js';
import type { WecomTransport } from './transport.js';
import { receiveReport, type WecomUploads } from './upload.js';
import { wecomTexts } from './texts.js';

export interface WecomHandlerOptions {
  maxQuestionChars: number;
  maxTurns: number;
  maxConversations: number;
  /** Least time between two growing frames of a streamed answer. */
  streamIntervalMs: number;
  /** An answer that takes longer than this first shows "正在查找报道…" in its stream. */
  thinkingAfterMs: number;
}

export const defaultWecomHandlerOptions: WecomHandlerOptions = {
  maxQuestionChars: 500,
  maxTurns: 6,
  maxConversations: 5000,
  streamIntervalMs: 500,
  thinkingAfterMs: 1500,
};

export interface WecomHandlerDeps {
  qa: QaService;
  log: Logger;
  transport: WecomTransport;
  /** Feedback records and votes, questions per day (the store's, shared with the other front ends). */
  state?: ChatState;
  uploads?: WecomUploads;
  options?: Partial<WecomHandlerOptions>;
  now?: () => Date;
}

/** What one frame led to, for logs and tests. */
export type WecomOutcome = 'ignored' | 'duplicate' | 'answered' | 'failed';

/** A card's sources, so a tapped paragraph can go back to the list. */
interface CardState {
  citations: Citation[];
  lang: Lang;
}

const newId = (prefix: string) => `${prefix}_${Date.now()}_${randomBytes(6).toString('hex')}`;

export class WecomHandler {
  private readonly o: WecomHandlerOptions;
  private readonly seen = new Lru<string, true>(10_000);
  private readonly convs: Conversations;
  private readonly cards: Lru<string, CardState>;
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly now: () => Date;

  constructor(private readonly deps: WecomHandlerDeps) {
    this.o = { ...defaultWecomHandlerOptions, ...deps.options };
    this.convs = new Conversations(this.o.maxTurns, this.o.maxConversations);
    this.cards = new Lru(this.o.maxConversations * 4);
    this.now = deps.now ?? (() => new Date());
  }

  /** Handles a frame; messages wait for the earlier ones of their conversation, events do not. */
  handle(m: Incoming): Promise<WecomOutcome> {
    if (this.seen.get(`${m.kind}:${m.msgId}`)) return Promise.resolve('duplicate');
    this.seen.set(`${m.kind}:${m.msgId}`, true);
    // A card tap must be answered within five seconds, and votes and welcomes need no order.
    if (m.kind === 'card' || m.kind === 'feedback' || m.kind === 'enter') return this.handleNow(m);
    const key = conversationKey(m);
    const prev = this.queues.get(key) ?? Promise.resolve();
    const run = prev.then(() => this.handleNow(m));
    const tail = run.catch(() => undefined);
    this.queues.set(key, tail);
    void tail.then(() => {
      if (this.queues.get(key) === tail) this.queues.delete(key);
    });
    return run;
  }

  private async handleNow(m: Incoming): Promise<WecomOutcome> {
    const { log, transport } = this.deps;
    try {
      switch (m.kind) {
        case 'enter': {
          const stats = await this.deps.qa.stats().catch(() => undefined);
          const intro = texts('zh').help(stats, '').split('\n')[0] ?? '';
          await transport.reply(
            m.ref,
            { msgtype: 'text', text: { content: `${intro}\n${wecomTexts('zh').usage}` } },
            'aibot_respond_welcome_msg',
          );
          return 'answered';
        }
        case 'card':
          return await this.onCardTap(m);
        case 'feedback':
          return await this.onFeedback(m);
        case 'file':
          if (m.chatId !== undefined) return 'ignored';
          await receiveReport(
            { ref: m.ref, userId: m.userId, url: m.url, ...(m.aesKey ? { aesKey: m.aesKey } : {}) },
            { log, uploads: this.deps.uploads, transport, streamId: newId('stream') },
          );
          return 'answered';
        case 'other':
          if (m.chatId !== undefined) return 'ignored';
          await this.final(m.ref, newId('stream'), texts('zh').unsupported);
          return 'answered';
        case 'text':
          return await this.onText(m);
      }
    } catch (e) {
      const id = correlationId();
      logFailure(log, undefined, id, e, { platform: 'wecom', msgId: m.msgId, kind: m.kind });
      return 'failed';
    }
  }

  private async onText(m: Incoming & { kind: 'text' }): Promise<WecomOutcome> {
    const group = m.chatId !== undefined;
    // The platform pushes group messages that @ the robot; anything else in a group is not for it.
    if (group && !hasMention(m.text)) return 'ignored';
    const text = group ? stripMentions(m.text) : m.text.trim();
    const lang = detectLang(text, undefined);
    const t = texts(lang);
    const streamId = newId('stream');
    const cmd = parseCommand(text);
    try {
      switch (cmd.kind) {
        case 'empty':
        case 'help': {
          const stats = await this.deps.qa.stats().catch(() => undefined);
          const intro = t.help(stats, '').split('\n')[0] ?? '';
          await this.final(m.ref, streamId, `${intro}\n\n${wecomTexts(lang).usage}`);
          return 'answered';
        }
        case 'places':
          await this.final(m.ref, streamId, wecomPlaces(await this.deps.qa.places(), t));
          return 'answered';
        case 'summary':
        case 'question':
          return await this.answer(m, cmd, streamId, lang);
      }
    } catch (e) {
      const id = correlationId();
      logFailure(this.deps.log, undefined, id, e, { platform: 'wecom', msgId: m.msgId });
      await this.final(m.ref, streamId, t.error(id)).catch((e2: unknown) =>
        logFailure(this.deps.log, undefined, id, e2, { platform: 'wecom', stage: 'error reply' }),
      );
      return 'failed';
    }
  }

  private async answer(
    m: Incoming & { kind: 'text' },
    cmd: { kind: 'summary'; place: string } | { kind: 'question'; text: string },
    streamId: string,
    lang: Lang,
  ): Promise<WecomOutcome> {
    const { transport, log } = this.deps;
    const t = texts(lang);
    const key = conversationKey(m);
    let question = cmd.kind === 'question' ? cmd.text : '';
    let note = '';
    if (question.length > this.o.maxQuestionChars) {
      question = question.slice(0, this.o.maxQuestionChars);
      note = t.truncated(this.o.maxQuestionChars);
    }
    const feedbackId = newId('fb');
    const started = Date.now();
    // The first frame of a stream carries the feedback id, so the platform shows its 👍/👎 under the answer.
    let first = true;
    const frame = (content: string, finish: boolean, card?: WecomCard) => {
      const stream = { id: streamId, finish, content, ...(first ? { feedback: { id: feedbackId } } : {}) };
      first = false;
      return card
        ? { msgtype: 'stream_with_template_card', stream, template_card: card }
        : { msgtype: 'stream', stream };
    };
    let lastFrame = 0;
    let streaming: Promise<void> = Promise.resolve();
    const grow = (content: string) => {
      lastFrame = Date.now();
      const body = frame(wecomPartialMarkdown(content), false);
      streaming = streaming.then(() => transport.replyIfIdle(m.ref, body));
    };
    const thinking = setTimeout(() => grow(t.thinking), this.o.thinkingAfterMs);
    const opts = {
      turns: this.convs.history(key),
      lang,
      onPartial: (soFar: string) => {
        clearTimeout(thinking);
        if (Date.now() - lastFrame >= this.o.streamIntervalMs && soFar.trim() !== '') grow(soFar);
      },
    };
    let answer: Answer;
    try {
      answer =
        cmd.kind === 'summary'
          ? await this.deps.qa.summarize(cmd.place, opts)
          : await this.deps.qa.answer(question, opts);
    } finally {
      clearTimeout(thinking);
      await streaming;
    }
    const shown = note ? { ...answer, notice: [note, answer.notice].filter(Boolean).join(' ') } : answer;
    const at = texts(answer.lang);
    const taskId = wecomTaskId(newId('src'));
    const card = wecomSourcesCard(answer.citations, at, taskId);
    if (card) this.cards.set(taskId, { citations: answer.citations, lang: answer.lang });
    await transport.reply(m.ref, frame(wecomAnswerMarkdown(shown, at), true, card));
    const asked = cmd.kind === 'summary' ? `/summary ${cmd.place}` : question;
    this.convs.add(key, { question: asked, answer: answer.text });
    await this.remember(feedbackId, asked, answer);
    log.info(
      {
        event: 'answer',
        platform: 'wecom',
        group: m.chatId !== undefined,
        mode: answer.mode,
        refused: answer.refused,
        citations: answer.citations.length,
        ms: Date.now() - started,
      },
      'answered',
    );
    return 'answered';
  }

  /**
   * The answer behind a 👍/👎, kept in the store (the question itself is counted by the start-up's wrapper of
   * the answer service); a failing store costs nothing else.
   */
  private async remember(feedbackId: string, question: string, answer: Answer): Promise<void> {
    await this.deps.state
      ?.saveAnswer(feedbackId, feedbackRecord(question, answer))
      .catch((e: unknown) =>
        this.deps.log.warn({ platform: 'wecom', err: String(e) }, 'wecom: chat state not saved'),
      );
  }

  private async onFeedback(m: Incoming & { kind: 'feedback' }): Promise<WecomOutcome> {
    const state = this.deps.state;
    if (!m.vote || !m.feedbackId) return 'ignored';
    const record = await state?.answerFor(m.feedbackId).catch(() => undefined);
    await state
      ?.vote(m.feedbackId, m.vote, `wecom:${m.userId}`, dayOf(this.now()))
      .catch((e: unknown) =>
        this.deps.log.warn({ platform: 'wecom', err: String(e) }, 'could not store the vote'),
      );
    this.deps.log.info({ event: 'feedback', platform: 'wecom', vote: m.vote, ...(record ?? {}) }, 'feedback');
    return 'answered';
  }

  /** A tapped button: the card is replaced in place (for the one who tapped) within the platform's 5 s. */
  private async onCardTap(m: Incoming & { kind: 'card' }): Promise<WecomOutcome> {
    const action = parseCardKey(m.eventKey);
    if (!action || !m.taskId) return 'ignored';
    const known = this.cards.get(m.taskId);
    const t = texts(known?.lang ?? 'zh');
    let card: WecomCard | undefined;
    if (action.kind === 'list') {
      card = known ? wecomSourcesCard(known.citations, t, m.taskId) : undefined;
    } else {
      const view = await this.deps.qa.paragraph(action.articleId, action.n);
      card = view
        ? wecomParagraphCard(view, t, m.taskId, { backToList: known !== undefined })
        : wecomNoticeCard(t.sourceGone, m.taskId);
    }
    if (!card) return 'ignored';
    await this.deps.transport.reply(
      m.ref,
      { response_type: 'update_template_card', userids: [m.userId], template_card: card },
      'aibot_respond_update_msg',
    );
    return 'answered';
  }

  /** A reply in one piece: a stream that starts finished. */
  private final(ref: FrameRef, streamId: string, content: string): Promise<void> {
    return this.deps.transport.reply(ref, {
      msgtype: 'stream',
      stream: { id: streamId, finish: true, content: wecomPartialMarkdown(content) },
    });
  }
}

/** Follow-ups per private chat; in a group, per member (people asking side by side do not mix). */
export function conversationKey(m: { chatId?: string; userId: string }): string {
  return m.chatId !== undefined ? `g:${m.chatId}:${m.userId}` : `p:${m.userId}`;
}
