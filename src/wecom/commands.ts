/** What a WeCom message asks for: help, a place summary (or the places), or a question for the answer core. */

export type WecomCommand =
  | { kind: 'help' }
  | { kind: 'summary'; place: string }
  | { kind: 'places' }
  | { kind: 'question'; text: string }
  | { kind: 'empty' };

export function parseCommand(text: string): WecomCommand {
  const input = text.trim();
  if (input === '') return { kind: 'empty' };
  const m = /^[/／](\S+)\s*([\s\S]*)$/u.exec(input);
  if (!m) return { kind: 'question', text: input };
  const arg = (m[2] ?? '').trim();
  switch ((m[1] ?? '').toLowerCase()) {
    case 'help':
    case 'start':
    case '帮助':
      return { kind: 'help' };
    case 'summary':
    case '总结':
      return arg === '' ? { kind: 'places' } : { kind: 'summary', place: arg };
    case 'ask':
      return arg === '' ? { kind: 'empty' } : { kind: 'question', text: arg };
    default:
      return { kind: 'question', text: input };
  }
}
