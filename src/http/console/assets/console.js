// The console's only script: progressive enhancement of server-rendered pages (every page works without it,
// except drag and drop). Uploads go one file per request (so each gets its own size check and reason), then one
// indexing job whose progress arrives as server-sent events. No framework, no build step, no CDN.
const zh = document.documentElement.lang !== 'en';
const T = zh
  ? {
      reading: (n) => `正在上传并读取 ${n} …`,
      indexing: '正在编入索引 …',
      progress: (p) => `已处理 ${p.filesDone}${p.filesTotal ? `/${p.filesTotal}` : ''} 个文档`,
      done: (s) => (s ? `完成：${s.files} 个文档，${s.articles} 篇报道（${s.seconds} 秒）` : '完成'),
      failed: (e) => `失败：${e}`,
      failedRef: (ref, kept) =>
        `失败，已记录（编号 ${ref}）。${kept ? '文件已保存，重新索引时会再次导入。' : '文件未保存，请重新上传。'}`,
      queued: (n) => `前面还有 ${n} 个导入（来自聊天上传或重新索引），排队中 …`,
      lost: '与服务器的连接中断，请刷新页面查看结果。',
      signIn: '登录已过期，请重新登录。',
      tooLarge: (n, mb) => `${n}：文件超过 ${mb} MB 上限`,
    }
  : {
      reading: (n) => `Uploading and reading ${n} …`,
      indexing: 'Indexing …',
      progress: (p) => `${p.filesDone}${p.filesTotal ? `/${p.filesTotal}` : ''} documents processed`,
      done: (s) => (s ? `Done: ${s.files} documents, ${s.articles} articles (${s.seconds} s)` : 'Done'),
      failed: (e) => `Failed: ${e}`,
      failedRef: (ref, kept) =>
        `Failed and logged (ref ${ref}). ${kept ? 'The files are kept; the next re-index takes them.' : 'Nothing was kept; upload again.'}`,
      queued: (n) => `${n} import(s) ahead (chat uploads or a re-index); waiting …`,
      lost: 'Lost the connection to the server; reload the page to see the result.',
      signIn: 'Your session expired; please sign in again.',
      tooLarge: (n, mb) => `${n}: larger than the ${mb} MB limit`,
    };

const csrf = document.querySelector('meta[name="csrf-token"]')?.content ?? '';
const base = '/admin';

async function call(url, init = {}) {
  const res = await fetch(url, {
    ...init,
    headers: { accept: 'application/json', 'x-csrf-token': csrf, ...(init.headers ?? {}) },
    credentials: 'same-origin',
  });
  if (res.status === 401) {
    location.href = `${base}/login?expired=1`;
    throw new Error(T.signIn);
  }
  return res;
}

// ---- jobs: progress by server-sent events ----
const jobBox = document.getElementById('job');
const bar = document.getElementById('job-progress');
const status = document.getElementById('job-status');

function follow(id, reloadWhenDone) {
  if (!jobBox) return;
  bar.hidden = false;
  bar.removeAttribute('value');
  status.textContent = T.indexing;
  const es = new EventSource(`${base}/api/jobs/${encodeURIComponent(id)}/events`);
  let ended = false;
  es.addEventListener('progress', (ev) => {
    const p = JSON.parse(ev.data).progress;
    if (p.filesTotal) {
      bar.max = p.filesTotal;
      bar.value = p.filesDone;
    }
    status.textContent = T.progress(p);
  });
  es.addEventListener('queued', (ev) => {
    status.textContent = T.queued(JSON.parse(ev.data).ahead);
  });
  es.addEventListener('note', (ev) => {
    status.textContent = `${JSON.parse(ev.data).text} — ${T.indexing}`;
  });
  es.addEventListener('done', (ev) => {
    ended = true;
    es.close();
    const d = JSON.parse(ev.data);
    bar.max = 1;
    bar.value = 1;
    status.textContent = d.text ?? T.done(d.summary);
    jobBox.dataset.state = 'done';
    if (reloadWhenDone) location.href = `${base}/reports?job=${encodeURIComponent(id)}`;
  });
  es.addEventListener('failed', (ev) => {
    ended = true;
    es.close();
    const d = JSON.parse(ev.data);
    status.textContent = d.ref ? T.failedRef(d.ref, d.kept) : T.failed(d.error);
    jobBox.dataset.state = 'failed';
  });
  es.onerror = () => {
    if (ended) return;
    es.close();
    status.textContent = T.lost;
  };
}

if (jobBox?.dataset.job) follow(jobBox.dataset.job, false);

async function startJob(res) {
  const body = await res.json().catch(() => ({}));
  if (res.status === 202 && body.job) return follow(body.job, true);
  if (status) status.textContent = body.error ?? `HTTP ${res.status}`;
  if (body.running?.id) follow(body.running.id, false);
}

// ---- upload: drop zone, one request per file, then one indexing job ----
const form = document.getElementById('upload');
if (form) {
  const drop = document.getElementById('drop');
  const input = document.getElementById('files');
  const results = document.getElementById('upload-results');
  const max = Number(form.dataset.max);
  const say = (text, ok) => {
    const li = document.createElement('li');
    li.textContent = text;
    li.className = ok ? 'ok' : 'bad';
    results.append(li);
  };
  const send = async (files) => {
    results.replaceChildren();
    const tokens = [];
    for (const f of files) {
      if (f.size > max) {
        say(T.tooLarge(f.name, Math.round(max / 1048576)), false);
        continue;
      }
      status.textContent = T.reading(f.name);
      try {
        const res = await call(`${base}/api/uploads?name=${encodeURIComponent(f.name)}`, {
          method: 'PUT',
          body: f,
        });
        const body = await res.json();
        if (body.ok) tokens.push(body.token);
        say(
          body.ok ? body.text : `${body.error}${body.reasons ? `（${body.reasons.join('；')}）` : ''}`,
          body.ok,
        );
      } catch (e) {
        say(`${f.name}: ${e.message}`, false);
      }
    }
    status.textContent = '';
    if (tokens.length === 0) return;
    const res = await call(`${base}/api/uploads/index`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tokens }),
    });
    await startJob(res);
  };
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    if (input.files.length > 0) void send([...input.files]);
  });
  input.addEventListener('change', () => {
    if (input.files.length > 0) void send([...input.files]);
  });
  for (const type of ['dragenter', 'dragover']) {
    drop.addEventListener(type, (ev) => {
      ev.preventDefault();
      drop.classList.add('over');
    });
  }
  for (const type of ['dragleave', 'drop']) drop.addEventListener(type, () => drop.classList.remove('over'));
  drop.addEventListener('drop', (ev) => {
    ev.preventDefault();
    void send([...ev.dataTransfer.files]);
  });
}

// ---- re-index and remove: the same forms, sent by script so progress shows in place ----
for (const f of document.querySelectorAll('form#reindex, form.remove')) {
  f.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (f.dataset.confirm && !confirm(f.dataset.confirm)) return;
    const res = await call(f.action, { method: 'POST', body: new URLSearchParams(new FormData(f)) });
    await startJob(res);
  });
}

// ---- try it: [n] opens the cited paragraph with its neighbours ----
const dialog = document.getElementById('cite-dialog');
if (dialog) {
  document.addEventListener('click', async (ev) => {
    const a = ev.target.closest?.('a.cite');
    if (!a) return;
    ev.preventDefault();
    const res = await call(
      `${base}/api/cite?article=${encodeURIComponent(a.dataset.article)}&n=${a.dataset.n}`,
    );
    if (!res.ok) return void (location.href = a.href);
    // The fragment is rendered (and escaped) by the server.
    document.getElementById('cite-body').innerHTML = await res.text();
    dialog.showModal();
  });
}
