/**
 * Console chat over readline. Works interactively (a prompt) and with piped stdin (no prompt; every line is
 * answered in order, and the chat ends at end of input).
 */
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { QaService } from '../rag/service.js';
import { ConsoleSession } from './session.js';

export interface ConsoleOptions {
  qa: QaService;
  input?: Readable;
  output?: Writable;
  /** Show a prompt and a greeting; default: when input is a TTY. */
  interactive?: boolean;
  /** Ends the chat (shutdown). */
  signal?: AbortSignal;
}

export async function runConsole(o: ConsoleOptions): Promise<void> {
  const input = o.input ?? process.stdin;
  const output = o.output ?? process.stdout;
  const interactive = o.interactive ?? Boolean((input as { isTTY?: boolean }).isTTY);
  const session = new ConsoleSession(o.qa);
  const rl = createInterface({
    input,
    ...(interactive ? { output, terminal: true } : {}),
    ...(o.signal ? { signal: o.signal } : {}),
    crlfDelay: Infinity,
  });
  // Ctrl-C at the prompt ends the chat like /quit.
  rl.on('SIGINT', () => rl.close());
  const write = (s: string) => output.write(s.endsWith('\n') ? s : `${s}\n`);
  if (interactive) {
    write((await session.handle('/help')).output);
    rl.setPrompt('> ');
    rl.prompt();
  }
  for await (const line of rl) {
    try {
      const r = await session.handle(line);
      if (r.quit) break;
      if (r.output !== '') write(`${r.output}\n\n`);
    } catch (e) {
      write(`出错了：${e instanceof Error ? e.message : String(e)}`);
    }
    if (interactive) rl.prompt();
  }
  rl.close();
}
