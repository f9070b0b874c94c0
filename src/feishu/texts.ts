/** Feishu-only wording; everything shared with Telegram comes from src/bot/texts.ts. */
import type { CorpusStats } from '../rag/service.js';
import type { Lang } from '../types.js';
import { texts } from '../present/texts.js';

export function helpText(lang: Lang, stats: CorpusStats | undefined): string {
  // The first line of the shared help (what the bot knows) applies as is; the examples are Feishu's own.
  const intro = texts(lang).help(stats, '').split('\n')[0] ?? '';
  const examples =
    lang === 'en'
      ? 'Ask in a private chat, or @ me in a group. Try: "What consultations did the Shenzhen CPPCC hold?" · /summary 深圳 · 总结苏州 · /help\nTap a source under an answer to read the exact paragraph.'
      : '私聊直接提问，群里请 @我 提问。例如：“深圳市政协开展了哪些协商活动？” · /summary 深圳 · 总结苏州的报道 · /help\n点回答下方的来源按钮可查看原文段落。';
  return `${intro}\n${examples}`;
}

export function helpTitle(lang: Lang): string {
  return lang === 'en' ? 'CPPCC report Q&A' : '政协报告问答';
}
