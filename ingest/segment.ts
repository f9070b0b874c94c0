/**
 * Segmentation (pure): cleaned page blocks → articles with title, subtitle, byline, date and paragraphs.
 *
 * A run of heading-like lines (titles, subtitles, bylines, speakers, kickers, column labels) between body blocks
 * opens a new article. Inside a run: column labels ("热点调研", "快评") are dropped; the title is the line right
 * before the subtitle/byline when there is one (earlier lines are page banners), else the first line; a headline
 * printed after its body (the article before has no title and the run holds two headlines) goes back to that
 * article. Speeches ("天水市政协副主席 范多智") are articles titled by their speaker until a headline shows up inside
 * the text. Nothing that is body text is dropped: when unsure, a paragraph stays with the article before it.
 */
import type { Block } from './clean.js';
import { dateInText } from '../src/text/dates.js';

export interface ArticleDraft {
  title: string;
  subtitle?: string;
  byline?: string;
  date?: string;
  /** Paragraph texts in order (speaker and kicker lines included: they say who is speaking). */
  paragraphs: string[];
  /** True when the title is a speaker line standing in for a missing headline. */
  titleFromSpeaker?: boolean;
  /** A trailing author line ("(高玉慧)") was seen: the article is over. */
  closed?: boolean;
}

const NAMES_ONLY = /^[\u4e00-\u9fa5·]{2,3}(?:\s+[\u4e00-\u9fa5·]{2,3}){0,3}$/;

function isLabel(b: Block, next: Block | undefined): boolean {
  if (b.kind !== 'short') return false;
  const len = b.text.replace(/\s/g, '').length;
  const followedByHeading = next !== undefined && next.kind !== 'body';
  // "### 热点调研": a short third-level heading is a column label wherever it stands.
  if (b.heading === 3 && len <= 6) return true;
  return b.heading === 0 && len <= 5 && followedByHeading;
}

/** Full dates printed in the text (2023年8月18日 → 2023-08-18); partial dates are event dates, not the article's. */
export function findDate(text: string): string | undefined {
  return dateInText(text);
}

function newDraft(): ArticleDraft {
  return { title: '', paragraphs: [] };
}

function openArticle(articles: ArticleDraft[]): ArticleDraft {
  const d = newDraft();
  articles.push(d);
  return d;
}

/** A caption with a sentence of its own, not just "本报记者 高新国 摄". */
export function isInformativeCaption(text: string): boolean {
  const words = text.replace(/(?:本报)?(?:记者|通讯员)?[\s\u4e00-\u9fa5·]{0,20}摄(?:影)?$/, '');
  return /[。！？!?，,]/.test(words) && words.replace(/\s/g, '').length >= 15;
}

/** Split a page's cleaned blocks into article drafts. */
export function segmentBlocks(blocks: Block[]): ArticleDraft[] {
  const articles: ArticleDraft[] = [];
  let current: ArticleDraft | undefined;
  /** Title lines of a series of speeches ("…观摩会 发言摘登(一)"), carried as subtitle to each speaker. */
  let series: string | undefined;
  let i = 0;
  while (i < blocks.length) {
    const b = blocks[i] as Block;
    if (b.kind === 'body') {
      current ??= openArticle(articles);
      current.paragraphs.push(b.text);
      i++;
      continue;
    }
    if (b.kind === 'caption') {
      // A caption that tells something ("近日，…开展“送医下乡”活动。 本报通讯员 摄") is kept as its own paragraph;
      // a bare photo credit is not.
      if (isInformativeCaption(b.text)) {
        current ??= openArticle(articles);
        current.paragraphs.push(b.text);
      }
      i++;
      continue;
    }
    if (b.kind === 'author') {
      if (current && current.byline === undefined) current.byline = b.text.replace(/^[(（]|[)）]$/g, '');
      if (current) current.closed = true;
      i++;
      continue;
    }
    if (b.inline) {
      // A headline printed inside its own article's text.
      if (current && (current.title === '' || current.titleFromSpeaker)) {
        current.title = b.text;
        delete current.titleFromSpeaker;
      } else if (current && current.subtitle === undefined) current.subtitle = b.text;
      i++;
      continue;
    }
    // Collect the run of heading-like lines up to the next body block.
    const run: Block[] = [];
    while (i < blocks.length) {
      const r = blocks[i] as Block;
      if (r.kind === 'body' || r.inline) break;
      if (r.kind !== 'caption') run.push(r);
      i++;
    }
    // One plain short line inside a signed article that has not ended: a section heading of that article
    // ("市委书记、政协委员现场“切磋”"). It stays as a paragraph, so its words remain findable.
    const only = run.length === 1 ? run[0] : undefined;
    if (
      only &&
      only.kind === 'short' &&
      only.heading === 0 &&
      current?.byline !== undefined &&
      !current.closed &&
      !current.titleFromSpeaker
    ) {
      current.paragraphs.push(only.text);
      continue;
    }
    const labels = new Set(run.filter((r, k) => isLabel(r, run[k + 1])));
    const lines = run.filter((r) => !labels.has(r));
    // Trailing author after the run, e.g. a bare byline line after a headline ("吕东浩").
    const titles: Block[] = [];
    const bylines: string[] = [];
    const paragraphs: string[] = [];
    let subtitle: string | undefined;
    let speaker: string | undefined;
    let anchorIndex = -1;
    lines.forEach((r, k) => {
      if (r.kind === 'short') {
        if (titles.length > 0 && k === lines.length - 1 && NAMES_ONLY.test(r.text)) bylines.push(r.text);
        else titles.push(r);
      } else if (r.kind === 'subtitle') {
        subtitle ??= r.text.replace(/^[—–-]+\s*/, '');
        if (anchorIndex < 0) anchorIndex = titles.length;
      } else if (r.kind === 'byline') {
        bylines.push(r.text);
        if (anchorIndex < 0) anchorIndex = titles.length;
      } else if (r.kind === 'speaker') {
        speaker = r.text;
        if (anchorIndex < 0) anchorIndex = titles.length;
      } else if (r.kind === 'kicker') paragraphs.push(r.text);
    });
    if (lines.length === 0) {
      // Only a column label ("### 热点调研"): a new piece starts; its headline may come later.
      if (run.length > 0 && blocks[i]?.kind === 'body') current = openArticle(articles);
      continue;
    }
    if (titles.length === 0 && speaker === undefined && subtitle === undefined && paragraphs.length === 0) {
      // Only bylines: they belong to the article being read.
      if (current && current.byline === undefined) current.byline = bylines.join(' ');
      continue;
    }
    // A headline after its body: the open article has none, and this run holds more than one headline.
    if (current && current.title === '' && titles.length >= 2 && current.paragraphs.length > 0) {
      current.title = (titles.shift() as Block).text;
      if (anchorIndex > 0) anchorIndex--;
    }
    const draft = newDraft();
    if (speaker !== undefined) {
      // A speech: the lines before the speaker name the series; the speaker stands in for the headline.
      if (titles.length > 0) series = titles.map((t) => t.text).join(' ');
      draft.title = speaker;
      draft.titleFromSpeaker = true;
      if (series !== undefined) draft.subtitle = series;
      draft.byline = speaker;
      paragraphs.push(speaker);
    } else if (anchorIndex > 0) {
      // Title right before the subtitle/byline; earlier lines are banners of the page.
      draft.title = (titles[anchorIndex - 1] as Block).text;
      if (subtitle !== undefined) draft.subtitle = subtitle;
      else if (titles[anchorIndex]) draft.subtitle = (titles[anchorIndex] as Block).text;
      series = undefined;
    } else {
      draft.title = titles[0]?.text ?? '';
      const sub = subtitle ?? titles[1]?.text;
      if (sub !== undefined) draft.subtitle = sub;
      series = undefined;
    }
    if (bylines.length > 0) draft.byline = bylines.join(' ');
    draft.paragraphs.push(...paragraphs);
    articles.push(draft);
    current = draft;
  }
  // A headline with no text after it (printed below its article at the end of a page) names the untitled
  // article before it.
  articles.forEach((a, k) => {
    const prev = articles[k - 1];
    if (
      a.paragraphs.length === 0 &&
      a.title !== '' &&
      prev &&
      prev.title === '' &&
      prev.paragraphs.length > 0
    ) {
      prev.title = a.title;
      if (a.subtitle !== undefined) prev.subtitle = a.subtitle;
      a.title = '';
    }
  });
  return articles.filter((a) => a.paragraphs.length > 0);
}
