/**
 * The page shell every console page shares: language, viewport for phones, the app's own stylesheet and script
 * (no CDN: this runs on networks without internet), a skip link, the navigation and sign-out.
 * Templates are Hono's `html` tag: every interpolated value is escaped, so report text renders inert.
 */
import { html as honoHtml } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { ConsoleTexts } from './texts.js';

export type Html = HtmlEscapedString;

/**
 * Hono's `html` tag for values that are never promises (all console data is loaded before rendering), so the
 * result is a string at once.
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  return honoHtml(strings, ...values) as Html;
}
export type NavKey = keyof ConsoleTexts['nav'];

export const BASE = '/admin';

const NAV: [NavKey, string][] = [
  ['overview', `${BASE}`],
  ['reports', `${BASE}/reports`],
  ['articles', `${BASE}/articles`],
  ['try', `${BASE}/try`],
  ['feedback', `${BASE}/feedback`],
  ['gaps', `${BASE}/gaps`],
];

export interface PageOptions {
  t: ConsoleTexts;
  title: string;
  /** The current section; absent on the sign-in page (no navigation there). */
  nav?: NavKey;
  csrf?: string;
  /** Cache-busting version of the assets. */
  assets: string;
}

export function page(o: PageOptions, body: Html): Html {
  const { t } = o;
  return html`<!doctype html>
    <html lang="${t.lang}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="same-origin" />
        ${o.csrf ? html`<meta name="csrf-token" content="${o.csrf}" />` : ''}
        <title>${o.title} · ${t.product}</title>
        <link rel="stylesheet" href="${BASE}/assets/console.css?v=${o.assets}" />
        <script type="module" src="${BASE}/assets/console.js?v=${o.assets}"></script>
      </head>
      <body>
        <a class="skip" href="#main">${t.skip}</a>
        <header class="top">
          <span class="brand">${t.product}</span>
          ${
            o.nav !== undefined
              ? html`<nav aria-label="${t.product}">
                    <ul>
                      ${NAV.map(
                        ([key, href]) =>
                          html`<li>
                            <a href="${href}" ${key === o.nav ? html` aria-current="page"` : ''}
                              >${t.nav[key]}</a
                            >
                          </li>`,
                      )}
                    </ul>
                  </nav>
                  <form method="post" action="${BASE}/logout" class="signout">
                    <input type="hidden" name="_csrf" value="${o.csrf ?? ''}" /><button type="submit">
                      ${t.signOut}
                    </button>
                  </form>`
              : ''
          }
        </header>
        <main id="main" tabindex="-1">
          <h1>${o.title}</h1>
          ${body}
        </main>
      </body>
    </html>`;
}

/** A notice line; `role=alert` for errors so screen readers announce it. */
export function notice(text: string | undefined, kind: 'info' | 'error' = 'info'): Html | string {
  if (!text) return '';
  return html`<p class="notice ${kind}" role="${kind === 'error' ? 'alert' : 'status'}">${text}</p>`;
}

/** Formats ms since the epoch as local-free ISO minutes (UTC), e.g. 2026-12-07 16:20. */
export function when(ms: number | undefined): string {
  if (!ms) return '—';
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
}
