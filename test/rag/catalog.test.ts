/** The catalog over a store filled by the real ingest from reports written for this test. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../../src/config.js';
import { openStore } from '../../src/store/connect.js';
import { chunkCollection } from '../../src/store/schema.js';
import { runIngest } from '../../ingest/run.js';
import { Catalog } from '../../src/rag/catalog.js';

const REPORTS: Record<string, string> = {
  'mianyang-keji.txt': `# 绵阳市政协调研科技城建设

本报讯 2024年5月6日，绵阳市政协组织委员调研科技城建设，走访了五家研发企业和两所高校的实验室。

委员们了解到，绵阳市今年新增高新技术企业四十余家，但科技成果在本地转化的比例仍然不高。

市政协委员陈明远建议，设立成果转化服务中心，帮助企业和高校对接项目。`,
  'mianyang-qiye.txt': `# 绵阳市政协委员走访民营企业

本报讯 2024年6月1日，绵阳市政协委员分组走访民营企业，听取企业对营商环境的意见建议。

企业负责人反映，审批事项多、跑动次数多的问题仍然存在，希望进一步压减办理时限。`,
  'lanzhou-huanghe.txt': `# 兰州市政协协商黄河岸线治理

本报讯 2023年9月2日，兰州市政协围绕黄河岸线生态治理召开专题协商会。

委员们建议统筹岸线保护与滨河绿道建设，让群众共享治理成果。`,
};

let dir: string;
let cfg: Config;
let store: Awaited<ReturnType<typeof openStore>>;
let catalog: Catalog;

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'cppcc-catalog-test-'));
  const reports = path.join(dir, 'reports');
  await mkdir(reports);
  for (const [name, text] of Object.entries(REPORTS)) await writeFile(path.join(reports, name), text);
  cfg = loadConfig({ DATA_DIR: path.join(dir, 'data') });
  store = await openStore(cfg);
  await runIngest({ paths: [reports], client: store.client, cfg });
  catalog = new Catalog(store.client, chunkCollection(cfg));
});
after(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

test('places are counted by article, the place with most articles first', async () => {
  const places = await catalog.places();
  const count = (name: string): number | undefined => places.find((p) => p.name === name)?.articles;
  assert.equal(count('绵阳市'), 2);
  assert.equal(count('兰州市'), 1);
  const names = places.map((p) => p.name);
  assert.ok(names.indexOf('绵阳市') < names.indexOf('兰州市'));
});

test('all articles of a place, oldest first, each whole with its paragraphs in order and verbatim', async () => {
  const articles = await catalog.articlesOf('绵阳市');
  assert.deepEqual(
    articles.map((a) => a.title),
    ['绵阳市政协调研科技城建设', '绵阳市政协委员走访民营企业'],
  );
  const first = articles[0];
  assert.ok(first);
  assert.equal(first.date, '2024-05-06');
  assert.deepEqual(first.paragraphs, [1, 2, 3]);
  assert.match(first.paragraphTexts[2] ?? '', /^市政协委员陈明远建议，设立成果转化服务中心/);
  assert.deepEqual(await catalog.articlesOf('厦门市'), []);
});

test('articles by id keep the order asked and leave out unknown ids', async () => {
  const [lanzhou] = await catalog.articlesOf('兰州市');
  const [mianyang] = await catalog.articlesOf('绵阳市');
  assert.ok(lanzhou && mianyang);
  const got = await catalog.articles([lanzhou.articleId, 'no-such-article', mianyang.articleId]);
  assert.deepEqual(
    got.map((a) => a.title),
    [lanzhou.title, mianyang.title],
  );
});

test('one paragraph by number, with its article and paragraph count; a missing number is undefined', async () => {
  const [article] = await catalog.articlesOf('兰州市');
  assert.ok(article);
  const view = await catalog.paragraph(article.articleId, 2);
  assert.equal(view?.title, '兰州市政协协商黄河岸线治理');
  assert.equal(view?.count, 2);
  assert.match(view?.text ?? '', /^委员们建议统筹岸线保护/);
  assert.equal(await catalog.paragraph(article.articleId, 9), undefined);
});

test('corpus statistics, updated once more reports are ingested', async () => {
  const stats = await catalog.stats();
  assert.equal(stats.articles, 3);
  assert.deepEqual(stats.dateRange, ['2023-09-02', '2024-06-01']);
  const more = path.join(dir, 'more');
  await mkdir(more);
  await writeFile(
    path.join(more, 'lanzhou-wenhua.txt'),
    '# 兰州市政协建言文旅融合\n\n本报讯 2024年8月9日，兰州市政协就文旅融合发展开展专题调研，委员们走访了多处文化街区。\n',
  );
  await runIngest({ paths: [more], client: store.client, cfg });
  const after = await catalog.stats();
  assert.equal(after.articles, 4);
  assert.deepEqual(after.dateRange, ['2023-09-02', '2024-08-09']);
  assert.equal((await catalog.places()).find((p) => p.name === '兰州市')?.articles, 2);
});
