/** Every user-facing string, in Chinese and English, shared by all front ends. Callers pick by language. */
import type { CorpusStats } from '../rag/service.js';
import type { DayUsage, IngestProgress, IngestSummary, Lang } from '../types.js';
import { formatDateEn, formatDateZh } from '../text/dates.js';

export interface Texts {
  help(stats: CorpusStats | undefined, botUsername: string): string;
  sources: string;
  /** "更多来源 ›" with how many are left, on media that page long source lists. */
  moreSources(left: number): string;
  /** Heading of a later page of sources: "来源 11–20（共35条）". */
  sourcesFrom(first: number, last: number, total: number): string;
  /** Where links cannot be tapped (group chats): how to ask for the rest of the sources. */
  moreSourcesByCommand(left: number, command: string): string;
  /** Label of a link that opens a cited paragraph. */
  openSource: string;
  paragraphLabel(ns: number[]): string;
  paragraphOf(n: number, count: number): string;
  /** A report's date (stored as YYYY-MM-DD) as readers write it: "2023年10月20日", "20 Oct 2023". */
  reportDate(iso: string): string;
  prev: string;
  next: string;
  thinking: string;
  truncated(max: number): string;
  error(id: string): string;
  unsupported: string;
  rateLimited: string;
  emptyQuestion: string;
  choosePlace: string;
  noPlaces: string;
  sourceGone: string;
  thanks: string;
  /** Labels of 👍/👎 where they are links with words (DingTalk). */
  helpful: string;
  notHelpful: string;
  adminOnly: string;
  /** Corpus figures and today's questions and feedback, for admins. */
  stats(s: CorpusStats, today: DayUsage): string;
  reindexUnavailable: string;
  reindexBusy: string;
  reindexProgress(p: IngestProgress): string;
  reindexDone(s: IngestSummary): string;
  reindexFailed(id: string): string;
  inlineNothing: string;
  /** Inline mode: the button above the results, and the one under a posted quote. */
  inlineAskPrivately: string;
  openInBot: string;
  /** The bot's profile texts (Telegram: description ≤ 512, short description ≤ 120 characters). */
  botDescription: string;
  botShortDescription: string;
  /** Command menu entries. */
  commands: Record<'help' | 'ask' | 'summary' | 'stats' | 'reindex', string>;
}

function range(s: CorpusStats | undefined, sep: string, show: (iso: string) => string): string {
  return s?.dateRange ? `${show(s.dateRange[0])}${sep}${show(s.dateRange[1])}` : '';
}

const zh: Texts = {
  help: (s, bot) =>
    [
      `我能回答关于政协工作新闻报道的问题${s ? `：${s.articles} 篇报道，${s.places} 个地方${range(s, '至', formatDateZh) ? `，${range(s, '至', formatDateZh)}` : ''}` : ''}，每个回答都注明出处段落。`,
      `例如：“深圳市政协今年开展了哪些协商活动？” · /summary 深圳 · 群里 @${bot} 提问 · 任意聊天框输入 @${bot} 关键词`,
    ].join('\n'),
  sources: '来源',
  moreSources: (left) => `更多来源（${left}）›`,
  sourcesFrom: (first, last, total) => `来源 ${first}–${last}（共${total}条）`,
  moreSourcesByCommand: (left, command) => `还有 ${left} 条来源：@我 并发送 ${command} 查看。`,
  openSource: '查看原文',
  paragraphLabel: (ns) => `第${ns.join('、')}段`,
  paragraphOf: (n, count) => `第${n}段（共${count}段）`,
  reportDate: formatDateZh,
  prev: '‹ 上一段',
  next: '下一段 ›',
  thinking: '正在查找报道…',
  truncated: (max) => `（问题太长，只取了前 ${max} 个字。）`,
  error: (id) => `抱歉，处理时出了点问题，请稍后再试。（编号 ${id}）`,
  unsupported: '我只看得懂文字消息。请用文字提问，例如“深圳市政协开展了哪些协商活动？”',
  rateLimited: '您发得有点快，我先处理前面的问题，请稍等几秒再问。',
  emptyQuestion: '请在命令后面写上问题，例如：/ask 深圳市政协开展了哪些协商活动？',
  choosePlace: '要总结哪个地方的报道？',
  noPlaces: '报道库里还没有地方信息。',
  sourceGone: '这段原文已找不到（报道库可能已更新）。',
  thanks: '谢谢反馈！',
  helpful: '有用',
  notHelpful: '没用',
  adminOnly: '这个命令仅限管理员使用。',
  stats: (s, u) =>
    `报道 ${s.articles} 篇 · 段块 ${s.chunks} 个 · 地方 ${s.places} 个${range(s, '至', formatDateZh) ? ` · ${range(s, '至', formatDateZh)}` : ''}\n今日提问 ${u.questions} 次 · 👍 ${u.up} · 👎 ${u.down}`,
  reindexUnavailable: '当前未配置重建索引。',
  reindexBusy: '已有一次重建索引在进行中。',
  reindexProgress: (p) =>
    `正在重建索引（${p.phase}）：文件 ${p.filesDone}${p.filesTotal !== undefined ? `/${p.filesTotal}` : ''} · 报道 ${p.articles} · 段块 ${p.chunks}`,
  reindexDone: (s) =>
    `索引重建完成：文件 ${s.files} · 报道 ${s.articles} · 段块 ${s.chunks} · 未变 ${s.unchanged} · 删除 ${s.pruned} · 跳过 ${s.skipped.length} · 用时 ${s.seconds.toFixed(1)} 秒`,
  reindexFailed: (id) => `索引重建失败。（编号 ${id}）`,
  inlineNothing: '没有找到相关段落',
  inlineAskPrivately: '在私聊中提问',
  openInBot: '📄 查看原文',
  botDescription:
    '我回答关于地方政协工作新闻报道的问题，每个回答都注明出处：报道标题和段落，点一下就能看到原文。直接发问题，或用 /summary 地名 总结某地的报道。',
  botShortDescription: '政协报道问答：有据可查的回答，注明报道和段落。',
  commands: {
    help: '我能回答什么',
    ask: '提问（群聊中使用）',
    summary: '总结某地的政协报道',
    stats: '报道库和今日使用情况（管理员）',
    reindex: '重建索引（管理员）',
  },
};

const en: Texts = {
  help: (s, bot) =>
    [
      `I answer questions about news reports on CPPCC work${s ? `: ${s.articles} articles, ${s.places} places${range(s, ' to ', formatDateEn) ? `, ${range(s, ' to ', formatDateEn)}` : ''}` : ''}, citing the exact paragraphs.`,
      `Try: "What consultations did the Shenzhen CPPCC hold?" · /summary 深圳 · mention @${bot} in a group · type @${bot} keyword in any chat`,
    ].join('\n'),
  sources: 'Sources',
  moreSources: (left) => `More sources (${left}) ›`,
  sourcesFrom: (first, last, total) => `Sources ${first}–${last} (of ${total})`,
  moreSourcesByCommand: (left, command) => `${left} more sources: @mention me with ${command} to see them.`,
  openSource: 'open',
  paragraphLabel: (ns) => `para. ${ns.join(', ')}`,
  paragraphOf: (n, count) => `paragraph ${n} of ${count}`,
  reportDate: formatDateEn,
  prev: '‹ Previous',
  next: 'Next ›',
  thinking: 'Searching the reports…',
  truncated: (max) => `(Your question was long; I used its first ${max} characters.)`,
  error: (id) => `Sorry, something went wrong. Please try again later. (ref ${id})`,
  unsupported: 'I only understand text. Please ask in words, e.g. "What did the Shenzhen CPPCC discuss?"',
  rateLimited:
    "You're sending messages quickly; I'll finish the earlier ones first — please wait a few seconds.",
  emptyQuestion: 'Please put your question after the command, e.g. /ask What did the Shenzhen CPPCC discuss?',
  choosePlace: 'Which place should I summarise?',
  noPlaces: 'No places are known yet.',
  sourceGone: 'This paragraph is no longer available (the reports may have been re-indexed).',
  thanks: 'Thanks for the feedback!',
  helpful: 'Helpful',
  notHelpful: 'Not helpful',
  adminOnly: 'This command is for admins only.',
  stats: (s, u) =>
    `${s.articles} articles · ${s.chunks} chunks · ${s.places} places${range(s, ' to ', formatDateEn) ? ` · ${range(s, ' to ', formatDateEn)}` : ''}\n${u.questions} questions today · 👍 ${u.up} · 👎 ${u.down}`,
  reindexUnavailable: 'Re-indexing is not configured.',
  reindexBusy: 'A re-index is already running.',
  reindexProgress: (p) =>
    `Re-indexing (${p.phase}): files ${p.filesDone}${p.filesTotal !== undefined ? `/${p.filesTotal}` : ''} · articles ${p.articles} · chunks ${p.chunks}`,
  reindexDone: (s) =>
    `Re-index done: ${s.files} files · ${s.articles} articles · ${s.chunks} chunks · ${s.unchanged} unchanged · ${s.pruned} pruned · ${s.skipped.length} skipped · ${s.seconds.toFixed(1)} s`,
  reindexFailed: (id) => `Re-index failed. (ref ${id})`,
  inlineNothing: 'No matching paragraphs',
  inlineAskPrivately: 'Ask in a private chat',
  openInBot: '📄 Open the source',
  botDescription:
    'I answer questions about news reports on local CPPCC work, citing the exact report and paragraph — tap a source to read it. Just send a question, or /summary <place> for a summary of a place.',
  botShortDescription: 'Questions on CPPCC news reports, answered with the exact paragraphs cited.',
  commands: {
    help: 'What I can answer',
    ask: 'Ask a question (in groups)',
    summary: "Summarise a place's reports",
    stats: 'Corpus and usage today (admins)',
    reindex: 'Re-index the reports (admins)',
  },
};

export function texts(lang: Lang): Texts {
  return lang === 'en' ? en : zh;
}
