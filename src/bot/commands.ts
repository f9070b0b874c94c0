/** The command menu Telegram shows, in Chinese by default and English for English-language users. */
import type { Api } from 'grammy';

export async function setCommandMenu(api: Api): Promise<void> {
  await api.setMyCommands([
    { command: 'help', description: '我能回答什么' },
    { command: 'ask', description: '提问（群聊中使用）' },
    { command: 'summary', description: '总结某地的政协报道' },
  ]);
  await api.setMyCommands(
    [
      { command: 'help', description: 'What I can answer' },
      { command: 'ask', description: 'Ask a question (in groups)' },
      { command: 'summary', description: "Summarise a place's reports" },
    ],
    { language_code: 'en' },
  );
}
