/** WeCom-only wording; everything shared with other front ends comes from src/present/texts.ts. */
import type { Lang } from '../types.js';

export interface WecomTexts {
  usage: string;
}

const zh: WecomTexts = {
  usage:
    '直接发问题即可，例如“深圳市政协开展了哪些协商活动？”\n- /summary 地名：总结某地的报道\n- 点回答下方卡片里的来源按钮：查看引用的原文段落\n- 群里请 @我 提问',
};

const en: WecomTexts = {
  usage:
    'Just send a question, e.g. "What consultations did the Shenzhen CPPCC hold?"\n- /summary <place>: a summary of a place\'s reports\n- tap a source on the card under an answer to read the cited paragraph\n- in groups, @mention me',
};

export function wecomTexts(lang: Lang): WecomTexts {
  return lang === 'en' ? en : zh;
}
