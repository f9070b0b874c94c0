/**
 * PDF and Word files → RawDocs carrying their laid-out articles. A PDF gives one document per page (id
 * "file.pdf#p3" when the file has several pages), read one page at a time; pages that cannot be read are reported
 * and the rest of the file goes on.
 */
import type { ArticleDraft } from '../segment.js';
import { SkipError, type RawDoc } from '../types.js';
import { docxDate, readDocx, DocxReadError } from './docx.js';
import { joinJump, jumpSource, plainDraft } from './jumps.js';
import { openPdf, PdfReadError, type PdfPage } from './pdf.js';

/** "第3版" → 3. */
function editionNumber(edition: string | undefined): number | undefined {
  const m = /第(\d+)版/.exec(edition ?? '');
  return m ? Number(m[1]) : undefined;
}

/** What a file's first bytes say it is, whatever its name. */
export function sniff(head: Uint8Array): 'pdf' | 'zip' | undefined {
  const s = Buffer.from(head.subarray(0, 1024)).toString('latin1');
  if (/^\s*%PDF-/.test(s)) return 'pdf';
  if (s.startsWith('PK\x03\x04')) return 'zip';
  return undefined;
}

/** The articles as plain text (headline lines marked "#"): the document's text for hashing and for people. */
export function draftsText(drafts: ArticleDraft[]): string {
  return drafts
    .map((d) =>
      [
        d.title ? `# ${d.title}` : '',
        d.subtitle ? `## ${d.subtitle}` : '',
        d.byline ?? '',
        '',
        ...d.paragraphs.flatMap((p) => [p, '']),
      ]
        .filter((l, k) => l !== '' || k >= 3)
        .join('\n'),
    )
    .join('\n');
}

const NO_TEXT = 'no text layer: needs OCR';

/** Pages of a PDF as RawDocs; unreadable pages go to onSkip, an unreadable file throws SkipError. */
export async function* readPdfDocs(
  data: Uint8Array,
  docId: string,
  onSkip: (s: SkipError) => void,
): AsyncIterable<RawDoc> {
  let pdf;
  try {
    pdf = await openPdf(data);
  } catch (err) {
    throw new SkipError(docId, err instanceof PdfReadError ? err.message : String(err));
  }
  const many = pdf.pages > 1;
  const noText: number[] = [];
  /** Pages read but not yet given out: a part of one of their articles may still come on a later page. */
  const held: { page: PdfPage; edition: number | undefined }[] = [];
  const toDoc = (p: PdfPage): RawDoc | undefined => {
    const id = many ? `${docId}#p${p.page}` : docId;
    const articles = p.articles.filter((a) => a.paragraphs.length > 0).map(plainDraft);
    if (articles.length === 0) {
      onSkip(new SkipError(id, 'no article text on the page'));
      return undefined;
    }
    const doc: RawDoc = {
      docId: id,
      source: docId,
      text: draftsText(articles),
      kind: 'page',
      articles,
      page: p.edition ?? `第${p.page}页`,
    };
    if (p.date !== undefined) doc.date = p.date;
    return doc;
  };
  try {
    for await (const p of pdf.read()) {
      if ('error' in p) {
        onSkip(new SkipError(many ? `${docId}#p${p.page}` : docId, p.error));
        continue;
      }
      if (p.chars === 0) {
        noText.push(p.page);
        continue;
      }
      const edition = editionNumber(p.edition);
      // Parts continued from an earlier page join the article they continue.
      if (edition !== undefined)
        p.articles = p.articles.filter((a) => {
          if (a.jumpFrom === undefined) return true;
          const from = held.filter((h) => h.edition === a.jumpFrom).flatMap((h) => h.page.articles);
          const source = jumpSource(from, a, edition);
          if (!source) return true;
          joinJump(source, a);
          return false;
        });
      held.push({ page: p, edition });
      // Give out the pages no later page can add to: no jump to an edition still to come.
      while (held.length > 0) {
        const head = held[0] as (typeof held)[number];
        const waiting =
          edition !== undefined &&
          head.page.articles.some((a) => a.jumpTo !== undefined && a.jumpTo > edition);
        if (waiting) break;
        held.shift();
        const doc = toDoc(head.page);
        if (doc) yield doc;
      }
    }
    for (const h of held.splice(0)) {
      const doc = toDoc(h.page);
      if (doc) yield doc;
    }
  } finally {
    await pdf.close();
  }
  if (noText.length === pdf.pages) {
    throw new SkipError(
      docId,
      many ? `${NO_TEXT} (scanned, ${pdf.pages} pages)` : `${NO_TEXT} (scanned page)`,
    );
  }
  for (const n of noText) onSkip(new SkipError(`${docId}#p${n}`, NO_TEXT));
}

/** A Word file as one RawDoc; throws SkipError for a damaged or empty file. */
export async function readDocxDoc(buffer: Buffer, docId: string): Promise<RawDoc> {
  let drafts: ArticleDraft[];
  try {
    drafts = await readDocx(buffer);
  } catch (err) {
    throw new SkipError(docId, err instanceof DocxReadError ? err.message : String(err));
  }
  const doc: RawDoc = { docId, source: docId, text: draftsText(drafts), kind: 'page', articles: drafts };
  const date = await docxDate(buffer);
  if (date !== undefined) doc.date = date;
  return doc;
}
