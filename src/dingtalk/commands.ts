/** What a DingTalk message asks for: help, a summary, a source paragraph, or a question for the answer core. */

export type DingtalkCommand =
  | { kind: 'help' }
  | { kind: 'summary'; place: string }
  /** `/summary` alone: which places can be summarised. */
  | { kind: 'places' }
  /** `/source <articleId> <paragraph>`: sent by a source button; names the paragraph itself. */
  | { kind: 'paragraph'; articleId: string; n: number }
  /** `/source <n>` typed by hand: the n-th source of the last answer in this conversation. */
  | { kind: 'source'; n: number }
  /** `/sources <from>`: the last answer's sources from the from-th on (long lists are paged). */
  | { kind: 'sources'; from: number }
  /** `/feedback up|down <key>`: sent by the 👍/👎 links under a private answer. */
  | { kind: 'feedback'; vote: 'up' | 'down'; key: string }
  | { kind: 'question'; text: string }
  | { kind: 'empty' };

export function parseCommand(text: string): DingtalkCommand {
  const input = text.trim();
  if (input === '') return { kind: 'empty' };
  const m = /^[/／](\S+)\s*([\s\S]*)$/u.exec(input);
  if (!m) return { kind: 'question', text: input };
  const cmd = (m[1] ?? '').toLowerCase();
  const arg = (m[2] ?? '').trim();
  switch (cmd) {
    case 'help':
    case 'start':
    case '帮助':
      return { kind: 'help' };
    case 'summary':
    case '总结':
      return arg === '' ? { kind: 'places' } : { kind: 'summary', place: arg };
    case 'source':
    case '原文': {
      const explicit = /^([0-9a-z]+)\s+(\d+)$/i.exec(arg);
      if (explicit) return { kind: 'paragraph', articleId: explicit[1] as string, n: Number(explicit[2]) };
      const n = /^\[?(\d+)\]?$/.exec(arg);
      if (n) return { kind: 'source', n: Number(n[1]) };
      return { kind: 'help' };
    }
    case 'sources':
    case '来源': {
      const from = /^(\d+)$/.exec(arg);
      return { kind: 'sources', from: from ? Math.max(1, Number(from[1])) : 1 };
    }
    case 'feedback': {
      const fb = /^(up|down)\s+([\w-]{1,64})$/.exec(arg);
      return fb ? { kind: 'feedback', vote: fb[1] as 'up' | 'down', key: fb[2] as string } : { kind: 'help' };
    }
    case 'ask':
      return arg === '' ? { kind: 'empty' } : { kind: 'question', text: arg };
    default:
      return { kind: 'question', text: input };
  }
}
