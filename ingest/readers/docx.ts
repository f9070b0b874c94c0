/**
 * Word reports (.docx) via mammoth: headings become article titles, paragraphs stay paragraphs. The top heading
 * level in the file opens an article; a lower heading right under a title is its subtitle, further down a section
 * heading kept as a paragraph. A file with no headings is one article, titled by a short first line if it has one.
 */
import JSZip from 'jszip';
import mammoth from 'mammoth';
import { parse, type HTMLElement } from 'node-html-parser';
import { classifyLine } from '../clean.js';
import type { ArticleDraft } from '../segment.js';
import { normalizeDate } from '../../src/text/dates.js';

export class DocxReadError extends Error {
  override name = 'DocxReadError';
}

const STYLE_MAP = ["p[style-name='Title'] => h1:fresh", "p[style-name='Subtitle'] => h2:fresh"];

interface Item {
  level: number;
  text: string;
}

function items(root: HTMLElement): Item[] {
  const out: Item[] = [];
  for (const el of root.childNodes) {
    if (!(el as HTMLElement).tagName) continue;
    const node = el as HTMLElement;
    const tag = node.tagName.toLowerCase();
    const text = (t: string): string => t.replace(/[\s\u00a0\u3000]+/g, ' ').trim();
    const h = /^h([1-6])$/.exec(tag);
    if (h) out.push({ level: Number(h[1]), text: text(node.text) });
    else if (tag === 'ul' || tag === 'ol')
      for (const li of node.querySelectorAll('li')) out.push({ level: 0, text: text(li.text) });
    else if (tag === 'table')
      for (const tr of node.querySelectorAll('tr'))
        out.push({
          level: 0,
          text: text(
            tr
              .querySelectorAll('td,th')
              .map((c) => c.text.trim())
              .join(' '),
          ),
        });
    else out.push({ level: 0, text: text(node.text) });
  }
  return out.filter((i) => i.text !== '');
}

/** Article drafts of a Word file's HTML (pure). */
export function docxDrafts(html: string): ArticleDraft[] {
  const list = items(parse(html));
  const levels = list.filter((i) => i.level > 0).map((i) => i.level);
  const top = levels.length > 0 ? Math.min(...levels) : 0;
  const drafts: ArticleDraft[] = [];
  let cur: ArticleDraft | undefined;
  for (const it of list) {
    if (top > 0 && it.level === top) {
      cur = { title: it.text, paragraphs: [] };
      drafts.push(cur);
      continue;
    }
    if (!cur) {
      // Text before any heading (or a file without headings): a short first line is the title.
      const short = it.level > 0 || classifyLine(it.text, 0) === 'short';
      cur = { title: short ? it.text : '', paragraphs: short ? [] : [it.text] };
      drafts.push(cur);
      continue;
    }
    const fresh = cur.paragraphs.length === 0;
    if (fresh && it.level > 0 && cur.subtitle === undefined && cur.title !== '') {
      cur.subtitle = it.text.replace(/^[—–-]+\s*/, '');
    } else if (fresh && cur.byline === undefined && classifyLine(it.text, 0) === 'byline') {
      cur.byline = it.text;
    } else cur.paragraphs.push(it.text);
  }
  return drafts.filter((d) => d.paragraphs.length > 0);
}

/** Read a .docx buffer into article drafts; throws DocxReadError for a file that is not a readable Word file. */
export async function readDocx(buffer: Buffer): Promise<ArticleDraft[]> {
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer },
      {
        styleMap: STYLE_MAP,
        // Pictures would become data URLs in the HTML: text only.
        convertImage: mammoth.images.imgElement(() => Promise.resolve({ src: '' })),
      },
    );
    html = result.value;
  } catch (err) {
    throw new DocxReadError(`damaged Word file: ${err instanceof Error ? err.message : String(err)}`);
  }
  const drafts = docxDrafts(html);
  if (drafts.length === 0) throw new DocxReadError('no text in Word file');
  return drafts;
}

/**
 * The date in a Word file's document properties (docProps/core.xml, `dcterms:created`), as ISO; none when the
 * file has no such property or it is no date. A damaged zip gives none too: the text reader reports that.
 */
export async function docxDate(buffer: Buffer): Promise<string | undefined> {
  try {
    const zip = await JSZip.loadAsync(buffer);
    const core = await zip.file('docProps/core.xml')?.async('string');
    const m = core ? /<dcterms:created\b[^>]*>([^<]+)<\/dcterms:created>/.exec(core) : null;
    return m?.[1] ? normalizeDate(m[1]) : undefined;
  } catch {
    return undefined;
  }
}
