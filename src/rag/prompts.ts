/**
 * Prompt templates live in prompts/*.md (reviewable text, not string literals). A file may hold a system part
 * and, after a line `<!-- user -->`, a user part. `{{name}}` placeholders are filled in one pass, so text
 * inside a value (a passage quoting "{{x}}") is never substituted again; a missing value is a bug and throws.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ChatMessage } from '../llm/chat.js';

export type PromptName =
  | 'answer.zh'
  | 'answer.en'
  | 'rewrite'
  | 'translate'
  | 'summary-map.zh'
  | 'summary-map.en'
  | 'summary-reduce.zh'
  | 'summary-reduce.en';

/** prompts/ at the repo root, found from this file so the working directory does not matter. */
export const PROMPTS_DIR = fileURLToPath(new URL('../../prompts/', import.meta.url));

const USER_SPLIT = /^<!--\s*user\s*-->\s*$/m;
const cache = new Map<string, string>();

/** The raw template text (cached after the first read). */
export function loadPrompt(name: PromptName): string {
  let text = cache.get(name);
  if (text === undefined) {
    text = readFileSync(`${PROMPTS_DIR}${name}.md`, 'utf8');
    cache.set(name, text);
  }
  return text;
}

/** Fills `{{var}}` placeholders; throws naming any placeholder without a value. */
export function fill(template: string, vars: Record<string, string>): string {
  return template.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (_, key: string) => {
    const value = vars[key];
    if (value === undefined) throw new Error(`prompt placeholder {{${key}}} has no value`);
    return value;
  });
}

/** The chat messages for a prompt: its system part, and its user part when the file has one. */
export function promptMessages(name: PromptName, vars: Record<string, string>): ChatMessage[] {
  const [system = '', user] = loadPrompt(name).split(USER_SPLIT);
  const messages: ChatMessage[] = [{ role: 'system', content: fill(system, vars).trim() }];
  if (user !== undefined) messages.push({ role: 'user', content: fill(user, vars).trim() });
  return messages;
}
