/**
 * The robot message DingTalk pushes on topic /v1.0/im/bot/messages/get (the `data` of a CALLBACK frame),
 * validated at the edge so a malformed frame is logged and dropped instead of crashing a handler.
 */
import { z } from 'zod';

const robotMessageSchema = z.object({
  msgId: z.string().min(1),
  msgtype: z.string(),
  /** "1": private chat with the robot, "2": group chat. */
  conversationType: z.string(),
  conversationId: z.string().min(1),
  conversationTitle: z.string().optional(),
  senderId: z.string().optional(),
  senderStaffId: z.string().optional(),
  senderNick: z.string().optional(),
  chatbotUserId: z.string().optional(),
  robotCode: z.string().optional(),
  /** True when the robot was @-mentioned (group chats). */
  isInAtList: z.boolean().optional(),
  atUsers: z
    .array(z.object({ dingtalkId: z.string().optional(), staffId: z.string().optional() }))
    .optional(),
  sessionWebhook: z.string().url(),
  /** Epoch ms after which sessionWebhook no longer accepts replies. */
  sessionWebhookExpiredTime: z.number().optional(),
  createAt: z.number().optional(),
  text: z.object({ content: z.string() }).optional(),
  /** msgtype "file": { downloadCode, fileName, fileId, spaceId }; other kinds carry other shapes. */
  content: z.unknown().optional(),
});

export type RobotMessage = z.infer<typeof robotMessageSchema>;

export class BadRobotMessage extends Error {
  override name = 'BadRobotMessage';
}

/** Parses a CALLBACK frame's `data` (a JSON string). */
export function parseRobotMessage(data: string): RobotMessage {
  let raw: unknown;
  try {
    raw = JSON.parse(data);
  } catch {
    throw new BadRobotMessage('robot message is not JSON');
  }
  const parsed = robotMessageSchema.safeParse(raw);
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => i.path.join('.') || '(root)').join(', ');
    throw new BadRobotMessage(`robot message is missing or has bad fields: ${where}`);
  }
  return parsed.data;
}

export function isGroupChat(m: RobotMessage): boolean {
  return m.conversationType === '2';
}

/**
 * Private chats: every message. Groups: only when the robot is @-mentioned. DingTalk delivers only such group
 * messages to enterprise robots, but a message that says otherwise is not answered anyway.
 */
export function addressedToBot(m: RobotMessage): boolean {
  if (!isGroupChat(m)) return true;
  if (m.isInAtList !== undefined) return m.isInAtList;
  return m.chatbotUserId !== undefined && (m.atUsers ?? []).some((u) => u.dingtalkId === m.chatbotUserId);
}

/** The text the user wrote, without a leading @mention (DingTalk usually removes it, but not always). */
export function messageText(m: RobotMessage): string | undefined {
  if (m.msgtype !== 'text' || !m.text) return undefined;
  return m.text.content.replace(/^\s*(@\S+\s+)+/u, '').trim();
}

/** A file message's download code and name (msgtype "file"); undefined for anything else. */
export function messageFile(m: RobotMessage): { downloadCode: string; fileName: string } | undefined {
  if (m.msgtype !== 'file' || typeof m.content !== 'object' || m.content === null) return undefined;
  const c = m.content as { downloadCode?: unknown; fileName?: unknown };
  if (typeof c.downloadCode !== 'string' || c.downloadCode === '') return undefined;
  return { downloadCode: c.downloadCode, fileName: typeof c.fileName === 'string' ? c.fileName : 'report' };
}
