/**
 * Incoming Feishu messages (im.message.receive_v1) → what the bot acts on: pure, tested on payloads.
 * Groups only count messages that @-mention the bot; the mention placeholder (@_user_1) is removed from the text.
 */

/** The parts of an im.message.receive_v1 event this bot reads. */
export interface MessageEvent {
  event_id?: string;
  sender: { sender_id?: { open_id?: string; user_id?: string; union_id?: string }; sender_type: string };
  message: {
    message_id: string;
    root_id?: string;
    parent_id?: string;
    chat_id: string;
    chat_type: string;
    message_type: string;
    content: string;
    mentions?: { key: string; id: { open_id?: string }; name: string }[];
  };
}

export interface Incoming {
  messageId: string;
  chatId: string;
  group: boolean;
  /** Sender's open_id, for logs and conversation keys. */
  senderId: string | undefined;
  /** The thread this message starts or continues (groups: the first message of a reply chain). */
  rootId: string;
  /** Text with the bot's mention removed; undefined for messages without text (images, files, stickers…). */
  text: string | undefined;
  /** A file message (message_type "file"): its key and name. */
  file?: { key: string; name: string };
  /** True when the bot should act: every private message, group messages that @-mention it. */
  addressed: boolean;
}

interface PostNode {
  tag?: string;
  text?: string;
  user_name?: string;
  user_id?: string;
}

/**
 * An @ in a received post: its user_id is the mention's key ("@_user_1", as in message.mentions), which
 * parseIncoming then removes (the bot) or turns into @name (anyone else) — the same way as in text messages.
 * Written as "@" + key it would leave a stray "@" behind once the key is removed.
 */
function atNode(n: PostNode): string {
  const id = n.user_id ?? '';
  if (id.startsWith('@_')) return id;
  return `@${n.user_name || id}`;
}

/** Text of a rich-text (post) message: its title and text/link/@ nodes, line by line. */
function postText(content: unknown): string | undefined {
  if (typeof content !== 'object' || content === null) return undefined;
  // Post content is either {title, content} or keyed by locale: {zh_cn: {title, content}}.
  const c = content as Record<string, unknown>;
  const body = (
    Array.isArray(c.content) ? c : Object.values(c).find((v) => typeof v === 'object' && v !== null)
  ) as { title?: unknown; content?: unknown } | undefined;
  if (!body || !Array.isArray(body.content)) return undefined;
  const lines = (body.content as unknown[]).map((line) =>
    Array.isArray(line)
      ? (line as PostNode[])
          .map((n) => (n.tag === 'text' || n.tag === 'a' ? (n.text ?? '') : n.tag === 'at' ? atNode(n) : ''))
          .join('')
      : '',
  );
  const title = typeof body.title === 'string' && body.title !== '' ? [body.title] : [];
  return [...title, ...lines].join('\n');
}

function rawText(messageType: string, content: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    return undefined;
  }
  if (messageType === 'text') {
    const t = (parsed as { text?: unknown } | null)?.text;
    return typeof t === 'string' ? t : undefined;
  }
  if (messageType === 'post') return postText(parsed);
  return undefined;
}

/** A file message's content: {"file_key": "file_v3_…", "file_name": "报告.pdf"}. */
function fileOf(content: string): { file?: { key: string; name: string } } {
  try {
    const c = JSON.parse(content) as { file_key?: unknown; file_name?: unknown } | null;
    if (typeof c?.file_key !== 'string' || c.file_key === '') return {};
    return { file: { key: c.file_key, name: typeof c.file_name === 'string' ? c.file_name : 'report' } };
  } catch {
    return {};
  }
}

/**
 * @param botOpenId the bot's own open_id (bot/v3/info); when unknown, any mention in a group counts, which
 *   matches what Feishu delivers with only the group @-message scope.
 */
export function parseIncoming(ev: MessageEvent, botOpenId: string | undefined): Incoming {
  const m = ev.message;
  const group = m.chat_type !== 'p2p';
  const mentions = m.mentions ?? [];
  const botMentions = mentions.filter((x) => (botOpenId ? x.id.open_id === botOpenId : true));
  let text = rawText(m.message_type, m.content);
  if (text !== undefined) {
    for (const x of mentions) {
      // The bot's own mention disappears; others read as @name so the question still makes sense.
      text = text.split(x.key).join(botMentions.includes(x) ? '' : `@${x.name}`);
    }
    if (m.message_type === 'post' && botOpenId) text = text.split(`@${botOpenId}`).join('');
    text = text.replace(/\s+/g, ' ').trim();
  }
  return {
    ...(m.message_type === 'file' ? fileOf(m.content) : {}),
    messageId: m.message_id,
    chatId: m.chat_id,
    group,
    senderId: ev.sender.sender_id?.open_id,
    rootId: m.root_id || m.message_id,
    text,
    addressed: ev.sender.sender_type !== 'app' && (!group || botMentions.length > 0),
  };
}

export type Command =
  | { kind: 'help' }
  | { kind: 'summary'; place: string }
  | { kind: 'question'; text: string }
  | { kind: 'empty' };

/**
 * `/help`, `/start`, `/summary 地名`, `/ask 问题`, or a question. "总结深圳…" is a question: the answer core
 * recognises summary requests and the place in them itself.
 */
export function classify(text: string): Command {
  const t = text.trim();
  if (t === '') return { kind: 'empty' };
  const cmd = /^\/(\w+)(?:@\S+)?\s*([\s\S]*)$/.exec(t);
  if (cmd) {
    const [, name, rest] = cmd as unknown as [string, string, string];
    if (name === 'help' || name === 'start') return { kind: 'help' };
    if (name === 'summary') return { kind: 'summary', place: rest.trim() };
    if (name === 'ask')
      return rest.trim() === '' ? { kind: 'empty' } : { kind: 'question', text: rest.trim() };
  }
  if (t === '帮助' || t.toLowerCase() === 'help') return { kind: 'help' };
  return { kind: 'question', text: t };
}
