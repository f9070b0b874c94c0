/** The console's pages as pure functions of their data (rendered on the server; console.js only enhances). */
import { raw } from 'hono/html';
import type { ArticleHead, ArticleView, ConsoleOverview } from '../../admin/service.js';
import type { DocumentDetails } from '../../admin/documents.js';
import type { Gap } from '../../admin/insights.js';
import { byMarker, footnoteParts } from '../../present/footnote.js';
import { escapeHtml } from '../../present/escape.js';
import { texts } from '../../present/texts.js';
import type { ExplainJson } from '../../rag/explain-json.js';
import type { PlaceCount } from '../../rag/service.js';
import type { Answer, FeedbackEntry } from '../../types.js';
import { BASE, html, notice, when, type Html } from './layout.js';
import type { ConsoleTexts } from './texts.js';

const q = (params: Record<string, string | number | undefined>): string => {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') u.set(k, String(v));
  const s = u.toString();
  return s ? `?${s}` : '';
};

export const docHref = (id: string): string => `${BASE}/document${q({ id })}`;
export const articleHref = (id: string, n?: number): string =>
  `${BASE}/article/${encodeURIComponent(id)}${n !== undefined ? `#p${n}` : ''}`;

export function loginPage(t: ConsoleTexts, message?: { text: string; error: boolean }): Html {
  return html`<form method="post" action="${BASE}/login" class="card narrow">
    ${message ? notice(message.text, message.error ? 'error' : 'info') : ''}
    <label for="password">${t.login.password}</label>
    <input id="password" name="password" type="password" autocomplete="current-password" required autofocus />
    <button type="submit">${t.login.submit}</button>
  </form>`;
}

/** Bars of answered (and, stacked, refused) questions per day, as inline SVG with a text table beside it. */
function dayChart(t: ConsoleTexts, o: ConsoleOverview): Html {
  const max = Math.max(1, ...o.days.map((d) => d.answered + d.refused));
  const w = 12;
  const h = 120;
  const bars = o.days.map((d, i) => {
    const a = (d.answered / max) * h;
    const r = (d.refused / max) * h;
    return html`<g
      ><title>${d.day}: ${t.overview.answered} ${d.answered}, ${t.overview.refused} ${d.refused}</title>
      <rect x="${i * (w + 2)}" y="${h - a - r}" width="${w}" height="${r}" class="bar-refused"></rect>
      <rect x="${i * (w + 2)}" y="${h - a}" width="${w}" height="${a}" class="bar-answered"></rect
    ></g>`;
  });
  const width = o.days.length * (w + 2);
  return html`<figure class="chart">
    <svg
      viewBox="0 0 ${width} ${h}"
      width="100%"
      height="${h}"
      preserveAspectRatio="none"
      role="img"
      aria-label="${t.overview.perDay}"
    >
      ${bars}
    </svg>
    <figcaption>
      <span class="key answered"></span>${t.overview.answered} ${o.total.answered} ·
      <span class="key refused"></span>${t.overview.refused} ${o.total.refused} · ${o.days[0]?.day ?? ''} –
      ${o.days.at(-1)?.day ?? ''}
    </figcaption>
  </figure>`;
}

export function overviewPage(t: ConsoleTexts, o: ConsoleOverview, days: number): Html {
  const T = t.overview;
  const idx = o.index;
  return html`<section aria-labelledby="h-index" class="cards">
      <h2 id="h-index" class="visually-hidden">${T.index}</h2>
      <div class="stat"><b>${idx.documents}</b> ${T.documents}</div>
      <div class="stat"><b>${idx.articles}</b> ${T.articles}</div>
      <div class="stat"><b>${idx.chunks}</b> ${T.chunks}</div>
      <div class="stat"><b>${idx.places}</b> ${T.placesIndexed}</div>
      ${idx.dateRange ? html`<div class="stat">${T.dateRange} ${idx.dateRange[0]} – ${idx.dateRange[1]}</div>` : ''}
    </section>
    <section aria-labelledby="h-days">
      <h2 id="h-days">${T.perDay} · ${T.days(days)}</h2>
      ${o.total.answered + o.total.refused === 0 ? html`<p>${T.none}</p>` : dayChart(t, o)}
      <details>
        <summary>${T.perDay}</summary>
        <div class="scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">${t.reports.date}</th>
                <th scope="col">${T.answered}</th>
                <th scope="col">${T.refused}</th>
              </tr>
            </thead>
            <tbody>
              ${o.days.map(
                (d) =>
                  html`<tr>
                    <td>${d.day}</td>
                    <td>${d.answered}</td>
                    <td>${d.refused}</td>
                  </tr>`,
              )}
            </tbody>
          </table>
        </div>
      </details>
    </section>
    <div class="two">
      <section aria-labelledby="h-fronts">
        <h2 id="h-fronts">${T.frontEnds}</h2>
        <div class="scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">${T.frontEnd}</th>
                <th scope="col">${T.questions}</th>
                <th scope="col">${T.refused}</th>
              </tr>
            </thead>
            <tbody>
              ${o.frontEnds.map(
                (f) =>
                  html`<tr>
                    <td>${f.name}</td>
                    <td>${f.questions}</td>
                    <td>${f.refused}</td>
                  </tr>`,
              )}
            </tbody>
          </table>
        </div>
      </section>
      <section aria-labelledby="h-places">
        <h2 id="h-places">${T.places}</h2>
        <div class="scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">${T.place}</th>
                <th scope="col">${T.questions}</th>
              </tr>
            </thead>
            <tbody>
              ${o.places.map(
                (p) =>
                  html`<tr>
                    <td><a href="${BASE}/articles${q({ place: p.name })}">${p.name}</a></td>
                    <td>${p.questions}</td>
                  </tr>`,
              )}
            </tbody>
          </table>
        </div>
      </section>
    </div>`;
}

export interface ReportsView {
  rows: DocumentDetails[];
  total: number;
  offset: number;
  limit: number;
  search: string;
  maxMb: number;
  message?: { text: string; error: boolean };
  /** A job to follow on this page (after a form post without script). */
  job?: string;
}

export function reportsPage(t: ConsoleTexts, v: ReportsView, csrf: string): Html {
  const T = t.reports;
  const prev = v.offset > 0 ? Math.max(0, v.offset - v.limit) : undefined;
  const next = v.offset + v.limit < v.total ? v.offset + v.limit : undefined;
  return html`${v.message ? notice(v.message.text, v.message.error ? 'error' : 'info') : ''}
    <section aria-labelledby="h-upload" class="card">
      <h2 id="h-upload">${T.upload}</h2>
      <form
        id="upload"
        method="post"
        action="${BASE}/reports/upload"
        enctype="multipart/form-data"
        data-max="${v.maxMb * 1024 * 1024}"
      >
        <input type="hidden" name="_csrf" value="${csrf}" />
        <div class="drop" id="drop">
          <p>${T.dropHint} <label for="files" class="linklike">${T.choose}</label></p>
          <input
            id="files"
            name="files"
            type="file"
            multiple
            accept=".pdf,.docx,.txt,.md,.html,.htm,.jsonl"
          />
          <p class="hint">${T.limit(v.maxMb)}</p>
        </div>
        <button type="submit">${T.uploadSubmit}</button>
      </form>
      <ul id="upload-results" class="results" aria-live="polite"></ul>
      <div id="job" ${v.job ? html`data-job="${v.job}"` : ''} aria-live="polite">
        <progress id="job-progress" hidden max="1" value="0" aria-label="${T.progress}"></progress>
        <p id="job-status" role="status"></p>
      </div>
      <form method="post" action="${BASE}/reindex" id="reindex" class="inline">
        <input type="hidden" name="_csrf" value="${csrf}" />
        <button type="submit" aria-describedby="reindex-help">${T.reindex}</button>
        <span id="reindex-help" class="hint">${T.reindexHelp}</span>
      </form>
    </section>
    <section aria-labelledby="h-list">
      <h2 id="h-list">${T.total(v.total)}</h2>
      <form method="get" action="${BASE}/reports" role="search" class="inline">
        <label for="q">${T.search}</label>
        <input id="q" name="q" type="search" value="${v.search}" />
        <button type="submit">${T.searchSubmit}</button>
      </form>
      ${
        v.rows.length === 0
          ? html`<p>${T.none}</p>`
          : html`<div class="scroll">
                <table class="docs">
                  <thead>
                    <tr>
                      <th scope="col">${T.file}</th>
                      <th scope="col">${T.format}</th>
                      <th scope="col">${T.date}</th>
                      <th scope="col">${T.pages}</th>
                      <th scope="col">${T.articles}</th>
                      <th scope="col">${T.paragraphs}</th>
                      <th scope="col">${T.added}</th>
                      <th scope="col">${T.channel}</th>
                      <th scope="col">${T.status}</th>
                      <th scope="col">${T.actions}</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${v.rows.map(
                      (r) =>
                        html`<tr>
                          <td><a href="${docHref(r.id)}">${r.name}</a></td>
                          <td>${r.format}</td>
                          <td>
                            ${r.dates ? (r.dates[0] === r.dates[1] ? r.dates[0] : `${r.dates[0]} – ${r.dates[1]}`) : '—'}
                          </td>
                          <td>${r.pages}</td>
                          <td>${r.articles}</td>
                          <td>${r.paragraphs}</td>
                          <td>${when(r.addedAt)}</td>
                          <td>
                            ${T.channels[r.channel] ?? r.channel}${r.via ? ` · ${r.via}` : ''}${
                              r.by ? ` · ${r.by}` : ''
                            }
                          </td>
                          <td>${T.indexed}</td>
                          <td>
                            ${
                              r.channel === 'record'
                                ? ''
                                : html`<form
                                    method="post"
                                    action="${BASE}/document/remove"
                                    class="remove"
                                    data-confirm="${T.confirmRemove(r.name)}"
                                  >
                                    <input type="hidden" name="_csrf" value="${csrf}" /><input
                                      type="hidden"
                                      name="id"
                                      value="${r.id}"
                                    />
                                    <button type="submit" class="danger" aria-label="${T.remove} ${r.name}">
                                      ${T.remove}
                                    </button>
                                  </form>`
                            }
                          </td>
                        </tr>`,
                    )}
                  </tbody>
                </table>
              </div>
              <nav class="pager" aria-label="${T.total(v.total)}">
                ${prev !== undefined ? html`<a href="${BASE}/reports${q({ q: v.search, offset: prev })}" rel="prev">${T.prev}</a>` : ''}
                ${next !== undefined ? html`<a href="${BASE}/reports${q({ q: v.search, offset: next })}" rel="next">${T.next}</a>` : ''}
              </nav>`
      }
    </section>`;
}

function articleMeta(t: ConsoleTexts, a: ArticleHead): Html {
  const T = t.articles;
  return html`<dl class="meta">
    ${
      a.subtitle
        ? html`<dt>${T.subtitle}</dt>
            <dd>${a.subtitle}</dd>`
        : ''
    }
    ${
      a.byline
        ? html`<dt>${T.byline}</dt>
            <dd>${a.byline}</dd>`
        : ''
    }
    ${
      a.places.length > 0
        ? html`<dt>${T.places}</dt>
            <dd>
              ${a.places.map((p, i) => html`${i > 0 ? '、' : ''}<a href="${BASE}/articles${q({ place: p })}">${p}</a>`)}
            </dd>`
        : ''
    }
    ${
      a.date
        ? html`<dt>${T.date2}</dt>
            <dd>${a.date}</dd>`
        : ''
    }
    ${
      a.page
        ? html`<dt>${T.page}</dt>
            <dd>${a.page}</dd>`
        : ''
    }
    <dt>${T.source}</dt>
    <dd>${a.url ? html`<a href="${a.url}" rel="noreferrer noopener">${a.source}</a>` : a.source}</dd>
  </dl>`;
}

function paragraphList(t: ConsoleTexts, a: ArticleView): Html {
  return html`<ol class="paras">
    ${a.paragraphs.map(
      (p) =>
        html`<li id="p${p.n}" value="${p.n}"><span class="pn">${t.articles.para(p.n)}</span> ${p.text}</li>`,
    )}
  </ol>`;
}

export function articleBlock(t: ConsoleTexts, a: ArticleView, heading: 'h2' | 'h3' = 'h2'): Html {
  const title = html`<a href="${articleHref(a.id)}">${a.title}</a>`;
  return html`<article class="card" aria-label="${a.title}">
    ${heading === 'h2' ? html`<h2>${title}</h2>` : html`<h3>${title}</h3>`} ${articleMeta(t, a)}
    ${paragraphList(t, a)}
  </article>`;
}

export interface DocumentView {
  doc: DocumentDetails;
  articles: ArticleView[];
  all: number;
  places: string[];
  filter: { place: string; date: string; q: string };
}

export function documentPage(t: ConsoleTexts, v: DocumentView): Html {
  const T = t.doc;
  const f = v.filter;
  return html`<p><a href="${BASE}/reports">← ${T.back}</a></p>
    <p class="hint">
      ${v.doc.format} · ${t.reports.pages} ${v.doc.pages} · ${t.reports.articles} ${v.doc.articles} ·
      ${t.reports.paragraphs} ${v.doc.paragraphs} · ${t.reports.channels[v.doc.channel] ?? v.doc.channel} ·
      ${when(v.doc.addedAt)}
    </p>
    <form method="get" action="${BASE}/document" class="filters" role="search">
      <input type="hidden" name="id" value="${v.doc.id}" />
      <label for="f-place">${T.place}</label>
      <select id="f-place" name="place">
        <option value="">${T.anyPlace}</option>
        ${v.places.map((p) => html`<option${p === f.place ? html` selected` : ''}>${p}</option>`)}
      </select>
      <label for="f-date">${T.date}</label
      ><input
        id="f-date"
        name="date"
        value="${f.date}"
        inputmode="numeric"
        pattern="\\d{4}(-\\d{2}(-\\d{2})?)?"
      />
      <label for="f-q">${T.q}</label><input id="f-q" name="q" type="search" value="${f.q}" />
      <button type="submit">${T.apply}</button>
    </form>
    <p role="status">${T.count(v.articles.length, v.all)}</p>
    ${v.articles.map((a) => articleBlock(t, a))}`;
}

export interface ArticlesView {
  found: ArticleHead[];
  places: PlaceCount[];
  filter: { q: string; place: string; date: string };
  searched: boolean;
}

export function articlesPage(t: ConsoleTexts, v: ArticlesView): Html {
  const T = t.articles;
  const f = v.filter;
  return html`<p class="hint">${T.help}</p>
    <form method="get" action="${BASE}/articles" class="filters" role="search">
      <label for="a-q">${T.q}</label><input id="a-q" name="q" type="search" value="${f.q}" />
      <label for="a-place">${T.place}</label>
      <input id="a-place" name="place" list="places" value="${f.place}" />
      <datalist id="places">
        ${v.places.slice(0, 300).map((p) => html`<option value="${p.name}">${p.name}（${p.articles}）</option>`)}
      </datalist>
      <label for="a-date">${T.date}</label
      ><input id="a-date" name="date" value="${f.date}" inputmode="numeric" />
      <button type="submit">${T.submit}</button>
    </form>
    ${
      v.searched
        ? v.found.length === 0
          ? html`<p role="status">${T.none}</p>`
          : html`<div class="scroll">
              <table>
                <thead>
                  <tr>
                    <th scope="col">${T.title}</th>
                    <th scope="col">${T.date2}</th>
                    <th scope="col">${T.page}</th>
                    <th scope="col">${T.places}</th>
                    <th scope="col">${T.source}</th>
                  </tr>
                </thead>
                <tbody>
                  ${v.found.map(
                    (a) =>
                      html`<tr>
                        <td>
                          <a href="${articleHref(a.id)}">${a.title}</a
                          >${a.subtitle ? html`<br /><small>${a.subtitle}</small>` : ''}
                        </td>
                        <td>${a.date ?? '—'}</td>
                        <td>${a.page ?? '—'}</td>
                        <td>${a.places.join('、')}</td>
                        <td>
                          <a href="${docHref(a.docId.replace(/#p\d+$/, ''))}">${a.source}</a> ·
                          ${T.paragraphs(a.paragraphCount)}
                        </td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
        : ''
    }`;
}

export function articlePage(t: ConsoleTexts, a: ArticleView): Html {
  return html`<p><a href="${docHref(a.docId.replace(/#p\d+$/, ''))}">← ${a.source}</a></p>
    ${articleMeta(t, a)} ${paragraphList(t, a)}`;
}

/** The answer text as readers see it, each [n] a link to the cited paragraph (the text is escaped first). */
function answerHtml(a: Answer): Html {
  const byN = new Map(a.citations.map((c) => [c.n, c]));
  const escaped = escapeHtml(a.text).replace(/\[(\d+)\]/g, (m, n: string) => {
    const c = byN.get(Number(n));
    if (!c) return m;
    const href = escapeHtml(articleHref(c.articleId, c.paragraphs[0]));
    return `<a class="cite" href="${href}" data-article="${escapeHtml(c.articleId)}" data-n="${c.paragraphs[0] ?? 1}">[${n}]</a>`;
  });
  return html`${raw(escaped.replace(/\n/g, '<br>'))}`;
}

export interface TryView {
  question: string;
  answer?: Answer;
  explain?: ExplainJson;
}

export function tryPage(t: ConsoleTexts, v: TryView): Html {
  const T = t.try;
  const a = v.answer;
  const pt = a ? texts(a.lang) : undefined;
  return html`<p class="hint">${T.help}</p>
    <form method="get" action="${BASE}/try" class="ask">
      <label for="question">${T.question}</label>
      <input id="question" name="q" type="search" value="${v.question}" required maxlength="500" />
      <button type="submit">${T.submit}</button>
    </form>
    ${
      a && pt
        ? html`<section class="card answer" aria-labelledby="h-answer">
              <h2 id="h-answer" class="visually-hidden">${v.question}</h2>
              ${a.refused ? html`<p class="tag refused">${T.refused}</p>` : ''}
              ${a.notice ? notice(a.notice) : ''}
              <p class="answer-text">${answerHtml(a)}</p>
              ${
                a.citations.length > 0
                  ? html`<h3>${T.sources}</h3>
                      <ol class="sources">
                        ${byMarker(a.citations).map((c) => {
                          const f = footnoteParts(c, pt);
                          return html`<li value="${c.n}">
                            <a
                              class="cite"
                              href="${articleHref(c.articleId, c.paragraphs[0])}"
                              data-article="${c.articleId}"
                              data-n="${c.paragraphs[0] ?? 1}"
                              >${f.marker}</a
                            >
                            ${f.title}${f.rest}
                          </li>`;
                        })}
                      </ol>`
                  : ''
              }
            </section>
            <dialog id="cite-dialog" aria-labelledby="cite-title">
              <div id="cite-body"></div>
              <form method="dialog"><button>${T.close}</button></form>
            </dialog>
            ${v.explain ? explainBlock(t, v.explain) : ''}`
        : ''
    }`;
}

function explainBlock(t: ConsoleTexts, e: ExplainJson): Html {
  const T = t.try;
  const r = e.refusal;
  return html`<details class="card explain">
    <summary>${T.explain}</summary>
    <dl class="meta">
      <dt>${T.searched}</dt>
      <dd>${e.answer.searchedQuestion}</dd>
      <dt>${T.mode}</dt>
      <dd>${e.answer.mode}</dd>
      ${
        r
          ? html`<dt>${T.refusal}</dt>
              <dd>
                ${r.refused ? T.refused : t.overview.answered} · ${T.coverage}
                ${r.coverage.toFixed(2)}${r.reason ? ` · ${T.reason} ${r.reason}` : ''}${r.missing.length > 0 ? ` · ${T.missing} ${r.missing.join('、')}` : ''}
              </dd>`
          : ''
      }
      <dt>${T.timings}</dt>
      <dd>
        ${Math.round(e.answer.timings.retrieveMs)} + ${Math.round(e.answer.timings.answerMs)} =
        ${Math.round(e.answer.timings.totalMs)} ms
      </dd>
    </dl>
    <h3>${T.passages}</h3>
    <div class="scroll">
      <table>
        <thead>
          <tr>
            <th scope="col">${T.rank}</th>
            <th scope="col">${t.articles.title}</th>
            <th scope="col">${t.reports.paragraphs}</th>
            <th scope="col">BM25</th>
            <th scope="col">dense</th>
          </tr>
        </thead>
        <tbody>
          ${e.passages.slice(0, 10).map(
            (p) =>
              html`<tr>
                <td>${p.rank}</td>
                <td><a href="${articleHref(p.articleId)}">${p.title}</a></td>
                <td>${p.paragraphs.join(', ')}</td>
                <td>${p.sparse?.toFixed(2) ?? '—'}</td>
                <td>${p.dense?.toFixed(3) ?? '—'}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>
    <details>
      <summary>${T.json}</summary>
      <pre>${JSON.stringify(e, null, 2)}</pre>
    </details>
  </details>`;
}

/** A cited paragraph with its neighbours, for the try-it dialog (and its no-script fallback is the article page). */
export function citeFragment(t: ConsoleTexts, a: ArticleView, n: number): Html {
  const near = a.paragraphs.filter((p) => Math.abs(p.n - n) <= 1);
  return html`<h2 id="cite-title">${a.title}</h2>
    ${articleMeta(t, a)}
    <ol class="paras">
      ${near.map(
        (p) =>
          html`<li value="${p.n}" ${p.n === n ? html` class="cited" aria-current="true"` : ''}>
            <span class="pn">${t.articles.para(p.n)}</span> ${p.text}
          </li>`,
      )}
    </ol>
    <p><a href="${articleHref(a.id, n)}">${t.try.openArticle}</a></p>`;
}

export function feedbackPage(t: ConsoleTexts, list: FeedbackEntry[]): Html {
  const T = t.feedback;
  return html`<p class="hint">${T.help} <a href="${BASE}/feedback.csv" download>${T.csv}</a></p>
    ${
      list.length === 0
        ? html`<p>${T.none}</p>`
        : html`<div class="scroll">
            <table class="feedback">
              <thead>
                <tr>
                  <th scope="col">${T.when}</th>
                  <th scope="col">${T.vote}</th>
                  <th scope="col">${T.question}</th>
                  <th scope="col">${T.answer}</th>
                  <th scope="col">${T.frontEnd}</th>
                </tr>
              </thead>
              <tbody>
                ${list.map(
                  (f) =>
                    html`<tr>
                      <td>${f.at ? when(f.at) : f.day}</td>
                      <td><span role="img" aria-label="${f.vote}">${f.vote === 'up' ? '👍' : '👎'}</span></td>
                      <td>${f.question}</td>
                      <td class="long">${f.answer}</td>
                      <td>${f.frontEnd ?? '—'}</td>
                    </tr>`,
                )}
              </tbody>
            </table>
          </div>`
    }`;
}

export function gapsPage(t: ConsoleTexts, gaps: Gap[]): Html {
  const T = t.gaps;
  return html`<p class="hint">${T.help} <a href="${BASE}/gaps.csv" download>${T.csv}</a></p>
    ${
      gaps.length === 0
        ? html`<p>${T.none}</p>`
        : html`<div class="scroll">
            <table class="gaps">
              <thead>
                <tr>
                  <th scope="col">${T.question}</th>
                  <th scope="col">${T.count}</th>
                  <th scope="col">${T.last}</th>
                  <th scope="col">${T.frontEnds}</th>
                  <th scope="col">${T.places}</th>
                </tr>
              </thead>
              <tbody>
                ${gaps.map(
                  (g) =>
                    html`<tr>
                      <td><a href="${BASE}/try${q({ q: g.question })}">${g.question}</a></td>
                      <td>${g.count}</td>
                      <td>${when(g.lastAt)}</td>
                      <td>${g.frontEnds.join('、')}</td>
                      <td>${g.places.join('、')}</td>
                    </tr>`,
                )}
              </tbody>
            </table>
          </div>`
    }`;
}
