/**
 * A deterministic QaService over a tiny invented corpus, for bot and console tests: no store, no model.
 * Answers echo the question so tests can tell replies apart; special words trigger refusals and failures.
 */
import type {
  AnswerOptions,
  CorpusStats,
  ParagraphView,
  PlaceCount,
  QaService,
} from '../../src/rag/service.js';
import type { Answer, Citation, Lang } from '../../src/types.js';

interface FakeArticle {
  id: string;
  title: string;
  date: string;
  places: string[];
  paragraphs: string[];
}

export const FAKE_ARTICLES: FakeArticle[] = [
  {
    id: 'a1f3c9d2e0b4',
    title: '深圳市政协召开“加快建设现代化产业体系”专题协商会',
    date: '2024-05-10',
    places: ['广东省', '深圳市'],
    paragraphs: [
      '5月9日，深圳市政协召开专题协商会。',
      '会议围绕加快建设现代化产业体系开展协商，委员们踊跃发言。',
      '委员建议加大对中小企业创新的支持力度，完善人才政策。',
      '市政协主席在讲话中要求把协商成果转化为工作实效。',
    ],
  },
  {
    id: 'b7e21c0a9f55',
    title: '广州市政协开展民主监督视察',
    date: '2024-06-02',
    places: ['广东省', '广州市'],
    paragraphs: ['广州市政协组织委员视察垃圾分类工作。', '委员们提出了改进建议。'],
  },
];

/** Extra places so the /summary menu needs more than one page. */
const EXTRA_PLACES = [
  '北京市',
  '上海市',
  '天津市',
  '重庆市',
  '杭州市',
  '南京市',
  '成都市',
  '武汉市',
  '西安市',
];

export interface FakeQaOptions {
  /** Delay before an answer resolves. */
  delayMs?: number;
  /** When set, answers stream: onPartial gets growing prefixes, this far apart. */
  streamStepMs?: number;
  streamSteps?: number;
}

export interface FakeCall {
  method: string;
  arg: string;
  opts?: AnswerOptions;
}

function citation(a: FakeArticle, n: number, marker: number): Citation {
  const text = a.paragraphs[n - 1] ?? '';
  return {
    n: marker,
    pointId: `${a.id}-${n}`,
    articleId: a.id,
    title: a.title,
    date: a.date,
    docId: `${a.id}.txt`,
    source: `${a.id}.txt`,
    paragraphs: [n],
    paragraphTexts: [text],
    paragraphCount: a.paragraphs.length,
    quote: text,
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** How many sources "所有报道" cites: a long LLM summary, past what one card or message may hold. */
export const MANY_SOURCES = 80;

/** An answer citing MANY_SOURCES paragraphs under long titles (as a summary of a busy month would). */
function manySources(lang: Lang): Pick<Answer, 'text' | 'citations' | 'refused' | 'lang'> {
  const a = FAKE_ARTICLES[0] as FakeArticle;
  const citations = Array.from({ length: MANY_SOURCES }, (_, i) => ({
    ...citation(a, (i % a.paragraphs.length) + 1, i + 1),
    title: `第${i + 1}篇：${a.title}，委员们围绕产业体系建设和中小企业创新发展建言献策`,
  }));
  const text = citations.map((c) => `要点${c.n}：委员们围绕产业发展建言献策[${c.n}]。`).join('');
  return { text, citations, refused: false, lang };
}

export class FakeQa implements QaService {
  readonly calls: FakeCall[] = [];

  constructor(private readonly o: FakeQaOptions = {}) {}

  async answer(question: string, opts: AnswerOptions = {}): Promise<Answer> {
    this.calls.push({ method: 'answer', arg: question, opts });
    if (question.includes('boom')) throw new Error('database exploded at /srv/secret/path');
    const lang: Lang = opts.lang ?? 'zh';
    const a = FAKE_ARTICLES[0] as FakeArticle;
    if (question.includes('火星')) {
      return this.finish(question, opts, {
        text: lang === 'en' ? 'The reports do not say.' : '报道中没有找到相关内容。',
        citations: [],
        refused: true,
        lang,
      });
    }
    if (question.includes('所有报道')) return this.finish(question, opts, manySources(lang));
    const text =
      lang === 'en'
        ? `On "${question}": the Shenzhen CPPCC held a consultation [1]. Members urged more support for SMEs [2].`
        : `关于“${question}”：深圳市政协召开专题协商会[1]。委员建议加大对中小企业创新的支持力度[2]。`;
    return this.finish(question, opts, {
      text,
      citations: [citation(a, 1, 1), citation(a, 3, 2)],
      refused: false,
      lang,
    });
  }

  async summarize(place: string, opts: AnswerOptions = {}): Promise<Answer> {
    this.calls.push({ method: 'summarize', arg: place, opts });
    const hits = FAKE_ARTICLES.filter((a) => a.places.some((p) => p.startsWith(place)));
    const citations = hits.map((a, i) => citation(a, 1, i + 1));
    const text =
      hits.length === 0
        ? `报道中没有关于${place}的内容。`
        : `${place}的报道共${hits.length}篇：` + hits.map((a, i) => `${a.title}[${i + 1}]`).join('；') + '。';
    return this.finish(place, opts, { text, citations, refused: hits.length === 0, lang: opts.lang ?? 'zh' });
  }

  async places(): Promise<PlaceCount[]> {
    return [
      { name: '深圳市', articles: 1 },
      { name: '广州市', articles: 1 },
      ...EXTRA_PLACES.map((name) => ({ name, articles: 0 })),
    ];
  }

  async paragraph(articleId: string, n: number): Promise<ParagraphView | undefined> {
    this.calls.push({ method: 'paragraph', arg: `${articleId}:${n}` });
    const a = FAKE_ARTICLES.find((x) => x.id === articleId);
    const text = a?.paragraphs[n - 1];
    if (!a || text === undefined) return undefined;
    return {
      articleId,
      title: a.title,
      date: a.date,
      source: `${a.id}.txt`,
      n,
      count: a.paragraphs.length,
      text,
    };
  }

  async search(query: string, limit: number): Promise<Citation[]> {
    this.calls.push({ method: 'search', arg: query });
    const out: Citation[] = [];
    for (const a of FAKE_ARTICLES) {
      a.paragraphs.forEach((p, i) => {
        if ([...query].some((ch) => p.includes(ch))) out.push(citation(a, i + 1, out.length + 1));
      });
    }
    return out.slice(0, limit);
  }

  async stats(): Promise<CorpusStats> {
    return { articles: FAKE_ARTICLES.length, chunks: 6, places: 11, dateRange: ['2024-05-10', '2024-06-02'] };
  }

  private async finish(
    question: string,
    opts: AnswerOptions,
    a: Pick<Answer, 'text' | 'citations' | 'refused' | 'lang'>,
  ): Promise<Answer> {
    if (this.o.delayMs) await sleep(this.o.delayMs);
    const steps = this.o.streamSteps ?? 0;
    if (opts.onPartial && steps > 0) {
      for (let i = 1; i <= steps; i++) {
        opts.onPartial(a.text.slice(0, Math.ceil((a.text.length * i) / steps)));
        await sleep(this.o.streamStepMs ?? 0);
      }
    }
    return {
      ...a,
      mode: steps > 0 ? 'llm' : 'extractive',
      searchedQuestion: question,
      timings: { retrieveMs: 1, answerMs: 1, totalMs: 2 },
    };
  }
}
