/**
 * Segmentation of messy newspaper pages (fixtures with invented text in the shapes of real pages): titles,
 * subtitles, bylines, column labels, column-cut sentences, stranded continuations, captions, OCR repeats.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseDocument } from '../../ingest/parse.js';
import { removeOcrRepeats } from '../../ingest/clean.js';
import type { RawDoc } from '../../ingest/types.js';
import type { Article } from '../../src/types.js';
import { placeNames } from '../../src/text/places.js';
import { splitSentences } from '../../src/text/sentences.js';

function fixture(name: string): string {
  return readFileSync(fileURLToPath(new URL(`../fixtures/pages/${name}`, import.meta.url)), 'utf8');
}

function parsePage(name: string): Article[] {
  const doc: RawDoc = { docId: `pages/${name}`, source: `pages/${name}`, text: fixture(name), kind: 'page' };
  return parseDocument(doc);
}

function byTitle(articles: Article[], start: string): Article {
  const a = articles.find((x) => x.title.startsWith(start));
  assert.ok(a, `article "${start}" not found in ${articles.map((x) => x.title).join(' | ')}`);
  return a;
}

const allTexts = (articles: Article[]): string[] => articles.flatMap((a) => a.paragraphs.map((p) => p.text));

/** Lines of a fixture that are article text (not headings, bylines, labels, authors, page banners). */
function bodyLines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .filter((l) => /[，,。！？]/.test(l) && !/^本报记者\s/.test(l) && !/^\(.{2,4}\)$/.test(l));
}

const mixed = parsePage('report-mixed.txt');
const speeches = parsePage('speeches.txt');

test('titles are found before, after and around their bodies; column labels are not titles', () => {
  assert.deepEqual(
    mixed.map((a) => a.title),
    [
      '点燃创新发展“新引擎”',
      '青岛市政协调研海洋科技园 做强蓝色经济',
      '湖南怀化市政协协商养老服务 织密社会保障“网底”',
      '黑龙江鸡东县政协推动协商向基层延伸 “连心桥”架到村屯',
      '广东汕尾市政协助推乡村振兴',
      '安徽界首市政协委员工作室开进车间',
    ],
  );
  for (const label of ['要闻速览', '群众关切']) {
    assert.ok(!mixed.some((a) => a.title === label || a.subtitle === label), `${label} used as a title`);
    assert.ok(!allTexts(mixed).some((t) => t === label), `${label} kept as a paragraph`);
  }
});

test('subtitle lines and bylines go to their article, not into paragraphs', () => {
  const first = byTitle(mixed, '点燃创新发展');
  assert.equal(first.subtitle, '深圳市政协常委会专题议政数字经济小记');
  assert.equal(first.byline, '本报记者 林晓');
  assert.equal(first.paragraphs.length, 4);
  assert.equal(byTitle(mixed, '广东汕尾').subtitle, '产业兴旺带动群众增收');
  // Reporters named in a "本报讯(…)" opener become the byline; the paragraph keeps its exact text.
  const qingdao = byTitle(mixed, '青岛市政协');
  assert.equal(qingdao.byline, '记者 何静 通讯员 宋佳');
  assert.ok(qingdao.paragraphs[0]?.text.startsWith('本报讯(记者 何静 通讯员 宋佳)9月3日'));
});

test('a sentence cut by a column is joined with its adjacent continuation', () => {
  const p = byTitle(mixed, '点燃创新发展').paragraphs[1]?.text ?? '';
  assert.ok(p.includes('市发展改革委、市工业和信息化局作出回应。'), p);
});

test('a continuation stranded several blocks away is joined back to its cut sentence', () => {
  const shanwei = byTitle(mixed, '广东汕尾');
  assert.equal(shanwei.paragraphs[1]?.text.endsWith('加快建设优质的农村电商服务网络。'), true);
  // The paragraphs printed after the stranded continuation belong to the same article and move with it.
  assert.ok(shanwei.paragraphs[2]?.text.startsWith('政协委员黄蓉建议'));
  const huaihua = byTitle(mixed, '湖南怀化').paragraphs.map((p) => p.text);
  assert.ok(!huaihua.some((t) => t.includes('农村电商') || t.includes('黄蓉')));
});

test('OCR repeats of a clause are removed, the rest of the quote kept exactly', () => {
  const p = byTitle(mixed, '安徽界首').paragraphs[1]?.text ?? '';
  assert.equal(p.split('我们将对村民进行技能培训').length - 1, 1);
  assert.ok(p.includes('“我们将对村民进行技能培训，然后大家就能上岗了。”刘强说。'), p);
});

test('trailing authors become the byline; photo captions stay separate paragraphs', () => {
  const jidong = byTitle(mixed, '黑龙江鸡东县');
  assert.equal(jidong.byline, '王立新');
  assert.equal(byTitle(mixed, '安徽界首').byline, '张小红');
  assert.ok(!allTexts(mixed).some((t) => t.includes('(王立新)') || t.includes('(张小红)')));
  const captions = allTexts(mixed).filter((t) => t.includes('摄'));
  assert.deepEqual(captions, [
    '近日，江苏省海安市政协组织委员开展河道治理专题视察，助力改善水环境。 钱程 孙磊 摄',
  ]);
});

test('no paragraph is lost or duplicated: every body sentence is in exactly one paragraph', () => {
  for (const [name, articles] of [
    ['report-mixed.txt', mixed],
    ['speeches.txt', speeches],
  ] as const) {
    const texts = allTexts(articles);
    for (const line of bodyLines(fixture(name))) {
      // A trailing "(作者)" is the byline, not text.
      for (const sentence of splitSentences(removeOcrRepeats(line)).filter((x) => !/^\(.{2,4}\)$/.test(x))) {
        const hits = texts.filter((t) => t.includes(sentence)).length;
        assert.equal(hits, 1, `${name}: "${sentence}" found in ${hits} paragraphs`);
      }
    }
  }
});

test('articles know the places they are about, most specific first, with parents', () => {
  assert.deepEqual(placeNames(byTitle(mixed, '点燃创新发展').places), ['广东省', '深圳市']);
  const jidong = byTitle(mixed, '黑龙江鸡东县').places[0];
  assert.equal(jidong?.name, '鸡东县');
  assert.deepEqual(jidong?.parents, ['黑龙江省', '鸡西市']);
  assert.deepEqual(placeNames(byTitle(mixed, '湖南怀化').places), ['湖南省', '怀化市']);
  assert.deepEqual(placeNames(byTitle(mixed, '安徽界首').places), ['安徽省', '阜阳市', '界首市']);
});

test('speeches: the speaker names the piece until a headline shows up inside its text', () => {
  assert.deepEqual(
    speeches.map((a) => a.title),
    ['天水市政协副主席 李明远', '嘉峪关市政协主席 赵国强', '整合资源要素提升服务效能'],
  );
  const tianshui = speeches[0] as Article;
  assert.equal(tianshui.subtitle, '全省政协助力高质量发展现场推进会 发言摘登(二)');
  // The speaker line stays the first paragraph: it is what answers "who said this".
  assert.equal(tianshui.paragraphs[0]?.text, '天水市政协副主席 李明远');
  assert.deepEqual(placeNames(tianshui.places), ['甘肃省', '天水市']);
  assert.equal(speeches[2]?.byline, '市政协常委 周丽华');
});

test('ASCII-punctuated cuts join, also across a headline printed inside the sentence and across articles', () => {
  const texts = allTexts(speeches);
  assert.ok(texts.some((t) => t.includes('累计到位资金120.6亿元,同比增长215.3%')));
  assert.ok(texts.some((t) => t.includes('一要优化产业结构,加强高端科技服务供给,推动')));
  const tianshui = speeches[0]?.paragraphs.map((p) => p.text).join('') ?? '';
  assert.ok(tianshui.includes('组织专家深入企业蹲点调研,引导企业加大研发投入'), tianshui);
  assert.ok(!texts.some((t) => t.startsWith('导企业')));
});

test('re-parsing the same page gives the same ids and paragraphs', () => {
  const again = parsePage('report-mixed.txt');
  assert.deepEqual(
    again.map((a) => [a.id, a.paragraphs]),
    mixed.map((a) => [a.id, a.paragraphs]),
  );
  for (const a of mixed) {
    assert.match(a.id, /^[0-9a-f]{16}$/);
    assert.deepEqual(
      a.paragraphs.map((p) => p.n),
      a.paragraphs.map((_, k) => k + 1),
    );
  }
  assert.equal(new Set(mixed.map((a) => a.id)).size, mixed.length);
});

test('plain-text pages: headings without marks, in-article section heads, labels and a page-wide city', () => {
  const plain = parsePage('plain-page.txt');
  assert.deepEqual(
    plain.map((a) => a.title),
    ['绘就高质量发展新图景', '市工业和信息化局：推进数字化改造', '市商务局'],
  );
  const lead = plain[0] as Article;
  assert.equal(lead.subtitle, '长治市政协全会助力产业转型综述');
  assert.equal(lead.byline, '本报记者 梁文');
  const texts = lead.paragraphs.map((p) => p.text);
  // Section heads of a signed article stay in it, as short paragraphs; the photo caption line does not.
  assert.ok(texts.includes('委员、部门现场“对话”'));
  assert.ok(texts.includes('为产业转型建言献策'));
  assert.ok(!allTexts(plain).some((t) => t.includes('市政协调研组在企业车间调研') || t === '部门回应'));
  // Department replies name no place; the page is about 长治.
  assert.deepEqual(placeNames(plain[2]?.places ?? []), ['山西省', '长治市']);
});

test('grid pages: cuts continue in blocks printed under other pieces, matched by split words and topic', () => {
  const grid = parsePage('grid-page.txt');
  assert.deepEqual(
    grid.map((a) => a.title),
    ['市农业农村局', '市水务局', '市文化和旅游局'],
  );
  const para = (title: string, n: number): string => byTitle(grid, title).paragraphs[n - 1]?.text ?? '';
  // A word cut at the column end (高标准农|田) is joined with the block that completes it.
  assert.ok(
    para('市农业农村局', 1).endsWith(
      '建成高标准农田示范区8个和育秧中心3处,推动先进技术从试验田走向千家万户。',
    ),
  );
  // A list cut after "、" goes on in the block about the same money and works.
  assert.ok(para('市水务局', 1).includes('用于改造老旧管网、新建蓄水池等配套工程。安排资金642.8万元'));
  // The paragraph printed after a continuation travels with it.
  assert.ok(para('市水务局', 2).startsWith('下一步,市水务局将健全管护机制'));
  // A sentence cut after a preposition (对|) continues in the block sharing its topic (民宿).
  assert.ok(para('市文化和旅游局', 1).includes('依托乡村旅游服务中心对民宿进行统一推介。推进精品线路'));
  assert.equal(byTitle(grid, '市农业农村局').paragraphs.length, 1);
});

test('a headline printed below its article at the end of a page still names it', () => {
  const text =
    '### 要闻\n\n本报讯 近日，天水市政协召开常委会议，审议有关报告。\n\n会议要求，持续推进助力工作。\n\n# 天水市政协召开常委会议\n';
  const articles = parseDocument({ docId: 'end.txt', source: 'end.txt', text, kind: 'page' });
  assert.deepEqual(
    articles.map((a) => [a.title, a.paragraphs.length]),
    [['天水市政协召开常委会议', 2]],
  );
});
