/** DingTalk-only wording; everything shared with other front ends comes from src/present/texts.ts. */
import type { Lang } from '../types.js';

export interface DingtalkTexts {
  usage: string;
  noSource(n: number): string;
}

const zh: DingtalkTexts = {
  usage:
    '直接发问题即可，例如“深圳市政协开展了哪些协商活动？” · /summary 地名：总结某地的报道 · 点 📄 按钮或发 /source 编号：查看原文段落 · /sources 11：来源较多时看后面的来源 · 群里请 @我 提问',
  noSource: (n) => `上一个回答里没有来源 [${n}]。`,
};

const en: DingtalkTexts = {
  usage:
    'Just send a question, e.g. "What consultations did the Shenzhen CPPCC hold?" · /summary <place> · tap 📄 or send /source <n> to read the cited paragraph · /sources 11 for the rest of a long source list · in groups, @mention me',
  noSource: (n) => `No source [${n}] in the last answer.`,
};

export function dingtalkTexts(lang: Lang): DingtalkTexts {
  return lang === 'en' ? en : zh;
}
