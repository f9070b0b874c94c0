/**
 * Frames the WeCom gateway pushes over the long connection (`aibot_msg_callback`, `aibot_event_callback`), read into
 * what the handler needs. Shapes follow @wecom/aibot-node-sdk's types and the platform's payloads: a card tap's
 * `event_key` / `task_id` and a feedback's `id` / `type` sit in an object named after the event
 * (`event.template_card_event`, `event.feedback_event`); the SDK's types put the first two on `event` itself, so
 * both places are read.
 */

/** The frame a reply answers: its req_id ties the reply to the message or event. */
export interface FrameRef {
  headers: { req_id: string };
}

export interface IncomingBase {
  ref: FrameRef;
  msgId: string;
  userId: string;
  /** Group chat id; undefined in a private chat. */
  chatId?: string;
}

export type Incoming =
  | (IncomingBase & { kind: 'text'; text: string })
  | (IncomingBase & { kind: 'file'; url: string; aesKey?: string })
  | (IncomingBase & { kind: 'other'; msgType: string })
  | (IncomingBase & { kind: 'enter' })
  | (IncomingBase & { kind: 'card'; eventKey: string; taskId: string })
  | (IncomingBase & { kind: 'feedback'; feedbackId: string; vote?: 'up' | 'down' });

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v !== null && typeof v === 'object' ? (v as Json) : {});
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/** A pushed frame → what it asks for; undefined for frames that carry nothing to act on. */
export function parseFrame(frame: unknown): Incoming | undefined {
  const f = obj(frame);
  const reqId = str(obj(f.headers).req_id);
  const body = obj(f.body);
  const base: IncomingBase = {
    ref: { headers: { req_id: reqId } },
    msgId: str(body.msgid),
    userId: str(obj(body.from).userid),
    ...(body.chattype === 'group' && str(body.chatid) ? { chatId: str(body.chatid) } : {}),
  };
  if (!reqId || !base.msgId) return undefined;
  if (f.cmd === 'aibot_event_callback') {
    const ev = obj(body.event);
    switch (ev.eventtype) {
      case 'enter_chat':
        return { ...base, kind: 'enter' };
      case 'template_card_event': {
        const inner = obj(ev.template_card_event);
        return {
          ...base,
          kind: 'card',
          eventKey: str(inner.event_key) || str(ev.event_key),
          taskId: str(inner.task_id) || str(ev.task_id),
        };
      }
      case 'feedback_event': {
        const fb = obj(ev.feedback_event);
        // 1 accurate, 2 inaccurate, 3 the user took the feedback back.
        const type = Number(fb.type);
        const vote = type === 1 ? 'up' : type === 2 ? 'down' : undefined;
        return { ...base, kind: 'feedback', feedbackId: str(fb.id), ...(vote ? { vote } : {}) };
      }
      default:
        return undefined;
    }
  }
  if (f.cmd !== 'aibot_msg_callback') return undefined;
  switch (body.msgtype) {
    case 'text':
      return { ...base, kind: 'text', text: str(obj(body.text).content) };
    case 'voice':
      // The platform sends speech already turned into text.
      return { ...base, kind: 'text', text: str(obj(body.voice).content) };
    case 'mixed': {
      const items = Array.isArray(obj(body.mixed).msg_item) ? (obj(body.mixed).msg_item as unknown[]) : [];
      const text = items
        .map((i) => str(obj(obj(i).text).content))
        .filter(Boolean)
        .join('\n');
      return text ? { ...base, kind: 'text', text } : { ...base, kind: 'other', msgType: 'mixed' };
    }
    case 'file': {
      const file = obj(body.file);
      const aesKey = str(file.aeskey);
      return { ...base, kind: 'file', url: str(file.url), ...(aesKey ? { aesKey } : {}) };
    }
    default:
      return { ...base, kind: 'other', msgType: str(body.msgtype) };
  }
}

/** @-mentions in a group message ("@政协报告问答 问题"); the platform only pushes group messages that @ the robot. */
const MENTION = /(^|\s)@[^\s@]+/gu;

export function hasMention(text: string): boolean {
  return new RegExp(MENTION.source, 'u').test(text);
}

/** The question without the @-mentions around it. */
export function stripMentions(text: string): string {
  return text.replace(MENTION, ' ').replace(/\s+/g, ' ').trim();
}
