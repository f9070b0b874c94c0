/**
 * What every chat front end says while an admin adds a report file (Telegram, Feishu, DingTalk, WeCom): one
 * wording, Chinese and English, for the upload service's refusals, events and results (src/app/uploads.ts).
 */
import type {
  IngestProgress,
  IngestSummary,
  Lang,
  ReportCheck,
  UploadEvent,
  UploadResult,
} from '../types.js';

const mb = (bytes: number): string => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

export const UPLOAD_TEXTS = {
  zh: {
    adminOnly: '只有管理员可以添加报道。如需收录这份文件，请联系管理员。',
    unavailable: '这个机器人没有开启文件上传。',
    kind: (name: string) =>
      `暂不支持这种文件：${name}。请发送 PDF、Word（.docx）、文本（.txt .md .html）或 JSONL 文件。`,
    content: (name: string) => `${name} 的内容与文件类型不符（例如改了扩展名的文件），未收录。`,
    tooLarge: (size: number, limit: number) => `文件太大（${mb(size)}），上限 ${mb(limit)}。`,
    queued: (ahead: number) => `前面还有 ${ahead} 个导入在进行，排队中 …`,
    downloading: (name: string) => `正在下载 ${name} …`,
    unreadable: (name: string, reasons: string[]) =>
      `无法读取 ${name}：\n${reasons.map((r) => `· ${r}`).join('\n')}`,
    found: (c: ReportCheck) =>
      `已读取 ${c.name}：${c.articles.length} 篇报道${c.pages > 0 ? `，${c.pages} 页` : ''}，正在编入索引 …`,
    progress: (p: IngestProgress) =>
      `正在编入索引 … 已处理 ${p.filesDone}${p.filesTotal ? `/${p.filesTotal}` : ''} 个文档`,
    done: (c: ReportCheck, s: IngestSummary) =>
      [
        `✅ 已收录 ${c.name}（用时 ${s.seconds} 秒），现在就可以提问：`,
        ...c.articles
          .slice(0, 10)
          .map((a) => `· 《${a.title}》${a.page ? ` ${a.page}` : ''}（${a.paragraphs} 段）`),
        ...(c.articles.length > 10 ? [`… 共 ${c.articles.length} 篇`] : []),
        ...(c.skipped.length > 0 ? ['未能读取的部分：', ...c.skipped.map((r) => `· ${r}`)] : []),
      ].join('\n'),
    failed: (id: string) => `导入失败，已记录（编号 ${id}）。文件已保存，可稍后用 /reindex 重试。`,
    saveFailed: (id: string) => `保存文件失败，已记录（编号 ${id}），请稍后再发。`,
    downloadFailed: (id: string) => `下载文件失败，请稍后再试（编号 ${id}）。`,
  },
  en: {
    adminOnly: 'Only admins can add reports. Please ask an admin to add this file.',
    unavailable: 'File upload is not enabled for this bot.',
    kind: (name: string) =>
      `This kind of file is not supported: ${name}. Send a PDF, Word (.docx), text or JSONL file.`,
    content: (name: string) =>
      `The content of ${name} does not match its kind of file (a renamed file?); not added.`,
    tooLarge: (size: number, limit: number) =>
      `The file is too large (${mb(size)}); the limit is ${mb(limit)}.`,
    queued: (ahead: number) => `${ahead} import(s) ahead of this one; waiting …`,
    downloading: (name: string) => `Downloading ${name} …`,
    unreadable: (name: string, reasons: string[]) =>
      `Cannot read ${name}:\n${reasons.map((r) => `· ${r}`).join('\n')}`,
    found: (c: ReportCheck) =>
      `Read ${c.name}: ${c.articles.length} article(s)${c.pages > 0 ? `, ${c.pages} page(s)` : ''}; indexing …`,
    progress: (p: IngestProgress) =>
      `Indexing … ${p.filesDone}${p.filesTotal ? `/${p.filesTotal}` : ''} documents`,
    done: (c: ReportCheck, s: IngestSummary) =>
      [
        `✅ Added ${c.name} (${s.seconds} s). Ask away:`,
        ...c.articles
          .slice(0, 10)
          .map((a) => `· 《${a.title}》${a.page ? ` ${a.page}` : ''} (${a.paragraphs} paragraphs)`),
        ...(c.articles.length > 10 ? [`… ${c.articles.length} in all`] : []),
        ...(c.skipped.length > 0 ? ['Parts that could not be read:', ...c.skipped.map((r) => `· ${r}`)] : []),
      ].join('\n'),
    failed: (id: string) => `Import failed and was logged (ref ${id}). The file is saved; /reindex retries.`,
    saveFailed: (id: string) => `Could not save the file (logged, ref ${id}); please send it again later.`,
    downloadFailed: (id: string) => `Could not download the file; please try again (ref ${id}).`,
  },
} satisfies Record<Lang, unknown>;

/** The line shown for an event while a file is added. */
export function uploadEventText(e: UploadEvent, lang: Lang): string {
  const t = UPLOAD_TEXTS[lang];
  if (e.kind === 'queued') return t.queued(e.ahead);
  if (e.kind === 'found') return t.found(e.check);
  return t.progress(e.progress);
}

/** The last word on a file: refused, unreadable, added, or failed with its log reference. */
export function uploadResultText(r: UploadResult, lang: Lang): string {
  const t = UPLOAD_TEXTS[lang];
  switch (r.kind) {
    case 'admin-only':
      return t.adminOnly;
    case 'unavailable':
      return t.unavailable;
    case 'file-kind':
      return t.kind(r.name);
    case 'content':
      return t.content(r.name);
    case 'too-large':
      return t.tooLarge(r.size, r.limit);
    case 'unreadable':
      return t.unreadable(r.name, r.reasons);
    case 'done':
      return t.done(r.check, r.summary);
    case 'failed':
      return r.saved ? t.failed(r.ref) : t.saveFailed(r.ref);
  }
}
