/** DingTalk-only wording; everything shared with other front ends comes from src/present/texts.ts. */
import type { Lang } from '../types.js';

export interface DingtalkTexts {
  usage: string;
  noSource(n: number): string;
  /** An admin's file could not be downloaded: the app lacks the robot message permission. */
  noFilePermission: string;
}

const zh: DingtalkTexts = {
  usage:
    '直接发问题即可，例如“深圳市政协开展了哪些协商活动？” · /summary 地名：总结某地的报道 · 点 📄 按钮或发 /source 编号：查看原文段落 · /sources 11：来源较多时看后面的来源 · 群里请 @我 提问',
  noSource: (n) => `上一个回答里没有来源 [${n}]。`,
  noFilePermission:
    '钉钉拒绝了文件下载：应用还没有「企业内机器人发送消息权限」（qyapi_robot_sendmsg），下载机器人收到的文件需要它。' +
    '请在钉钉开发者后台 → 权限管理中开通，并重新发布版本后再发一次文件。',
};

const en: DingtalkTexts = {
  usage:
    'Just send a question, e.g. "What consultations did the Shenzhen CPPCC hold?" · /summary <place> · tap 📄 or send /source <n> to read the cited paragraph · /sources 11 for the rest of a long source list · in groups, @mention me',
  noSource: (n) => `No source [${n}] in the last answer.`,
  noFilePermission:
    'DingTalk refused the file download: the app lacks the robot message permission (qyapi_robot_sendmsg), ' +
    'which downloading files sent to the robot requires. Grant it in the developer console (权限管理), publish a ' +
    'new version, then send the file again.',
};

export function dingtalkTexts(lang: Lang): DingtalkTexts {
  return lang === 'en' ? en : zh;
}
