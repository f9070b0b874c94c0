/**
 * A LangChain retriever over the answer core's search: one Document per matching report paragraph (chunking
 * stays paragraph-based), its metadata carrying everything a chain needs to cite 《标题》第p段 and to open the
 * paragraph again (article id, point id, paragraph numbers, source, date).
 */
import { BaseRetriever, type BaseRetrieverInput } from '@langchain/core/retrievers';
import { Document } from '@langchain/core/documents';
import type { QaService } from '../rag/service.js';
import type { Citation } from '../types.js';

export interface ReportMetadata {
  articleId: string;
  title: string;
  /** Paragraph numbers (1-based within the article) of this Document. */
  paragraphs: number[];
  /** Paragraphs in the whole article. */
  paragraphCount: number;
  /** The citation as users see it: 《标题》第p段. */
  citation: string;
  source: string;
  docId: string;
  pointId: string;
  date?: string;
  url?: string;
  /** The sentence of the paragraph that best matches the query, when one does. */
  quote?: string;
}

/** 《标题》第3段, 《标题》第3、4段. */
export function citationLabel(m: Pick<ReportMetadata, 'title' | 'paragraphs'>): string {
  return `《${m.title}》第${m.paragraphs.join('、')}段`;
}

export function documentOf(c: Citation): Document<ReportMetadata> {
  const metadata: ReportMetadata = {
    articleId: c.articleId,
    title: c.title,
    paragraphs: [...c.paragraphs],
    paragraphCount: c.paragraphCount,
    citation: citationLabel(c),
    source: c.source,
    docId: c.docId,
    pointId: c.pointId,
    ...(c.date !== undefined ? { date: c.date } : {}),
    ...(c.url !== undefined ? { url: c.url } : {}),
    ...(c.quote ? { quote: c.quote } : {}),
  };
  return new Document({ pageContent: c.paragraphTexts.join('\n\n'), metadata, id: c.pointId });
}

export interface ReportsRetrieverInput extends BaseRetrieverInput {
  /** The answer core (createQaService), or anything with its search. */
  qa: Pick<QaService, 'search'>;
  /** Documents per query (default 5). */
  k?: number;
}

export class ReportsRetriever extends BaseRetriever<ReportMetadata> {
  static override lc_name(): string {
    return 'ReportsRetriever';
  }
  override lc_namespace = ['cppcc_report_qa', 'retrievers'];
  private readonly qa: Pick<QaService, 'search'>;
  private readonly k: number;

  constructor(fields: ReportsRetrieverInput) {
    super(fields);
    this.qa = fields.qa;
    this.k = fields.k ?? 5;
  }

  override async _getRelevantDocuments(query: string): Promise<Document<ReportMetadata>[]> {
    return (await this.qa.search(query, this.k)).map(documentOf);
  }
}

/** Documents as numbered context lines for a prompt: "[1] 《标题》第p段（date）\ntext". */
export function formatDocuments(docs: Document<ReportMetadata>[]): string {
  return docs
    .map(
      (d, i) =>
        `[${i + 1}] ${d.metadata.citation}${d.metadata.date ? `（${d.metadata.date}）` : ''}\n${d.pageContent}`,
    )
    .join('\n\n');
}
