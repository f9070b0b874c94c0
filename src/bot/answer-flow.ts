/**
 * From a question to a delivered, cited answer: typing indicator, streamed previews (private chats only),
 * the final formatted answer replacing the preview, conversation memory and feedback bookkeeping.
 * The final delivery is awaited through auto-retry, so a 429 delays the answer but never drops it.
 * An edited question is answered again by editing the earlier reply in place.
 */
import type { AnswerOptions } from '../rag/service.js';
import { formatAnswer, FormattedString } from '../present/telegram.js';
import type { Answer } from '../types.js';
import type { BotContext } from './context.js';
import { correlationId, logFailure } from '../shared/errors.js';
import { feedbackRecord } from '../shared/feedback.js';
import { answerKeyboard } from './keyboards.js';
import { editFormatted, sendFormatted } from './send.js';
import type { BotServices } from './services.js';
import { StreamingMessage } from './stream.js';
import { keepTyping } from './typing.js';
import { turnOf } from '../rag/turns.js';

export interface AskRequest {
  /** The question as the user wrote it (mention stripped). Ignored when `place` is set. */
  question: string;
  /** Summarize this place instead of answering a question. */
  place?: string;
  chatId: number;
  /** Message to reply to (the question). */
  replyTo?: number;
  threadId?: number;
  /** Group chats get no streaming and no feedback row: less noise for everyone else. */
  group: boolean;
  /** Conversation key for follow-ups. */
  convKey: string;
  /** The earlier reply to this (now edited) question: replaced in place, not sent again. */
  replace?: number[];
}

/** Where the bot's reply to a question is remembered, so an edit of that question can edit the reply. */
export const replyKey = (chatId: number, questionId: number) => `${chatId}:${questionId}`;

export async function deliverAnswer(ctx: BotContext, s: BotServices, req: AskRequest): Promise<void> {
  const { t } = ctx;
  const api = ctx.api;
  const started = Date.now();
  let question = req.question.trim();
  let note: string | undefined;
  if (question.length > s.opts.maxQuestionChars) {
    question = question.slice(0, s.opts.maxQuestionChars);
    note = t.truncated(s.opts.maxQuestionChars);
  }
  const stopTyping = keepTyping(api, req.chatId, s.opts.typingIntervalMs, req.threadId);
  const [previous, ...stale] = req.replace ?? [];
  const stream =
    req.group || previous !== undefined
      ? undefined
      : new StreamingMessage(api, req.chatId, {
          intervalMs: s.opts.streamIntervalMs,
          replyTo: req.replyTo,
          threadId: req.threadId,
          drafts: s.drafts,
          onDraftsUnsupported: () => {
            s.drafts = false;
            s.log.info('sendMessageDraft unavailable: streaming by editing a message instead');
          },
          onError: (e) => s.log.warn({ err: String(e) }, 'stream preview failed'),
        });
  const sendOpts = { replyTo: req.replyTo, threadId: req.threadId };
  const asked = req.place !== undefined ? `/summary ${req.place}` : question;
  try {
    const opts: AnswerOptions = {
      turns: s.convs.history(req.convKey),
      lang: ctx.lang,
      ...(stream ? { onPartial: (x: string) => stream.update(x) } : {}),
    };
    const answer: Answer =
      req.place !== undefined ? await s.qa.summarize(req.place, opts) : await s.qa.answer(question, opts);
    const previewId = (await stream?.finish()) ?? previous;
    stopTyping();
    const text = formatAnswer(answer, t, note);
    const fbKey = req.group ? undefined : s.nextKey();
    if (fbKey !== undefined) {
      await s.state
        .saveAnswer(fbKey, feedbackRecord(asked, answer))
        .catch((e: unknown) => s.log.warn({ err: String(e) }, 'could not store the answer for feedback'));
    }
    const keyboard = answerKeyboard(answer.citations, s.codec, s.opts.maxSourceButtons, fbKey);
    const o = { ...sendOpts, ...(keyboard ? { keyboard } : {}) };
    const ids =
      previewId !== undefined
        ? await editFormatted(api, req.chatId, previewId, text, o)
        : await sendFormatted(api, req.chatId, text, o);
    // Parts of an earlier, longer reply that the new one no longer needs.
    for (const id of stale) {
      if (!ids.includes(id)) await api.deleteMessage(req.chatId, id).catch(() => undefined);
    }
    s.convs.add(req.convKey, turnOf(asked, answer));
    if (req.replyTo !== undefined) {
      s.convs.link(req.chatId, req.replyTo, req.convKey);
      s.replies.set(replyKey(req.chatId, req.replyTo), ids);
    }
    for (const id of ids) s.convs.link(req.chatId, id, req.convKey);
    s.log.info(
      {
        event: 'answer',
        chatId: req.chatId,
        mode: answer.mode,
        refused: answer.refused,
        citations: answer.citations.length,
        edited: previous !== undefined,
        ms: Date.now() - started,
      },
      'answered',
    );
  } catch (e) {
    stopTyping();
    const previewId = (await stream?.finish()) ?? previous;
    const id = correlationId();
    logFailure(s.log, s.token, id, e, { chatId: req.chatId, updateId: ctx.update.update_id });
    const msg = new FormattedString(t.error(id));
    try {
      if (previewId !== undefined) await editFormatted(api, req.chatId, previewId, msg, sendOpts);
      else await sendFormatted(api, req.chatId, msg, sendOpts);
    } catch (e2) {
      logFailure(s.log, s.token, id, e2, { chatId: req.chatId, stage: 'error reply' });
    }
  }
}
