/**
 * What Telegram shows about the bot, set at start-up in Chinese (the default) and English: the command menu per
 * scope — everyone sees /help and /summary, groups also /ask, and each admin's private chat also /stats and
 * /reindex — and the bot's description and short description.
 */
import type { Api } from 'grammy';
import type { BotCommand, BotCommandScope } from 'grammy/types';
import { texts } from '../present/texts.js';
import type { Lang } from '../types.js';

type Command = keyof ReturnType<typeof texts>['commands'];

const MENUS: { scope: (adminId: number) => BotCommandScope; commands: Command[]; perAdmin?: true }[] = [
  { scope: () => ({ type: 'default' }), commands: ['help', 'summary'] },
  { scope: () => ({ type: 'all_private_chats' }), commands: ['help', 'summary'] },
  { scope: () => ({ type: 'all_group_chats' }), commands: ['help', 'ask', 'summary'] },
  {
    scope: (id) => ({ type: 'chat', chat_id: id }),
    commands: ['help', 'summary', 'stats', 'reindex'],
    perAdmin: true,
  },
];

/** zh is the default (no language_code); en for users whose Telegram is in English. */
const LANGS: { lang: Lang; code?: 'en' }[] = [{ lang: 'zh' }, { lang: 'en', code: 'en' }];

function menu(lang: Lang, commands: Command[]): BotCommand[] {
  const t = texts(lang);
  return commands.map((command) => ({ command, description: t.commands[command] }));
}

export async function setCommandMenu(api: Api, adminIds: readonly number[] = []): Promise<void> {
  for (const { lang, code } of LANGS) {
    const language = code ? { language_code: code } : {};
    for (const m of MENUS) {
      for (const id of m.perAdmin ? adminIds : [0]) {
        await api.setMyCommands(menu(lang, m.commands), { scope: m.scope(id), ...language });
      }
    }
  }
}

/** The profile texts; unchanged ones are not set again (Telegram rate-limits these calls). */
export async function setDescriptions(api: Api): Promise<void> {
  for (const { lang, code } of LANGS) {
    const t = texts(lang);
    const language = code ? { language_code: code } : {};
    if ((await api.getMyDescription(language)).description !== t.botDescription)
      await api.setMyDescription(t.botDescription, language);
    if ((await api.getMyShortDescription(language)).short_description !== t.botShortDescription)
      await api.setMyShortDescription(t.botShortDescription, language);
  }
}
