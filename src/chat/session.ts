/**
 * The console's conversation logic, independent of readline so it can be tested line by line: questions,
 * `/summary 地名`, `/source n` (with `/next`, `/prev`), `/help`. Output is console text from the presentation layer.
 */
import { answerText, paragraphText } from '../present/console.js';
import { detectLang } from '../present/lang.js';
import { texts } from '../present/texts.js';
import type { ParagraphView, QaService } from '../rag/service.js';
import type { Answer, Citation, Turn } from '../types.js';
import { turnOf } from '../rag/turns.js';

const MAX_TURNS = 6;

export interface LineResult {
  output: string;
  quit?: boolean;
}

export class ConsoleSession {
  private turns: Turn[] = [];
  private citations: Citation[] = [];
  private open: ParagraphView | undefined;

  constructor(
    private readonly qa: QaService,
    private readonly maxQuestionChars = 500,
  ) {}

  async handle(line: string): Promise<LineResult> {
    const input = line.trim();
    if (input === '') return { output: '' };
    const lang = detectLang(input, process.env.LANG?.startsWith('en') ? 'en' : undefined);
    const t = texts(lang);
    const [cmd = '', ...rest] = input.split(/\s+/);
    const arg = rest.join(' ');
    switch (cmd.toLowerCase()) {
      case '/quit':
      case '/exit':
        return { output: '', quit: true };
      case '/help':
      case '/start': {
        const stats = await this.qa.stats().catch(() => undefined);
        const help = t.help(stats, 'bot').split('\n')[0] ?? '';
        return {
          output: `${help}\n${
            lang === 'en'
              ? 'Type a question · /summary <place> · /source <n> (then /next, /prev) · /quit'
              : '直接输入问题 · /summary 地名 · /source 编号（再用 /next、/prev 翻段）· /quit 退出'
          }`,
        };
      }
      case '/summary': {
        if (arg === '') {
          const places = await this.qa.places();
          return { output: `${t.choosePlace}\n${places.map((p) => `${p.name} (${p.articles})`).join('  ')}` };
        }
        return {
          output: this.show(await this.qa.summarize(arg, { lang, turns: this.turns }), `/summary ${arg}`),
        };
      }
      case '/source': {
        const n = Number(arg);
        const c = this.citations.find((x) => x.n === n);
        if (!c)
          return {
            output:
              lang === 'en' ? `No source [${arg}] in the last answer.` : `上一个回答里没有来源 [${arg}]。`,
          };
        return this.openParagraph(c.articleId, c.paragraphs[0] ?? 1, lang);
      }
      case '/next':
      case '/prev': {
        if (!this.open)
          return { output: lang === 'en' ? 'Open a source first: /source 1' : '请先用 /source 1 打开来源。' };
        const n = this.open.n + (cmd === '/next' ? 1 : -1);
        if (n < 1 || n > this.open.count)
          return { output: lang === 'en' ? 'No more paragraphs.' : '没有更多段落了。' };
        return this.openParagraph(this.open.articleId, n, lang);
      }
      default: {
        let question = input;
        let note = '';
        if (question.length > this.maxQuestionChars) {
          question = question.slice(0, this.maxQuestionChars);
          note = `${t.truncated(this.maxQuestionChars)}\n\n`;
        }
        return {
          output: note + this.show(await this.qa.answer(question, { lang, turns: this.turns }), question),
        };
      }
    }
  }

  private async openParagraph(articleId: string, n: number, lang: 'zh' | 'en'): Promise<LineResult> {
    const view = await this.qa.paragraph(articleId, n);
    if (!view) return { output: texts(lang).sourceGone };
    this.open = view;
    return { output: paragraphText(view, texts(lang)) };
  }

  private show(answer: Answer, question: string): string {
    this.citations = answer.citations;
    this.turns = [...this.turns, turnOf(question, answer)].slice(-MAX_TURNS);
    return answerText(answer, texts(answer.lang));
  }
}
