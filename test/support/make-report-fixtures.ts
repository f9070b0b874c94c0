/**
 * Generates the report fixtures in test/fixtures/reports/: e-paper PDF pages (3 and 4 columns, a headline across
 * columns, an article continued in the next column and one continued after another article, a picture with a
 * caption, running heads and footers, a rotated page), a scanned page with no text layer, a Word file, and bad files
 * (encrypted, damaged, zero pages, a PDF renamed .txt), and a page whose spaces are gaps with no space glyph. Writes report-truth/expected.json: what a reader must recover.
 *
 *   npm run fixtures:reports      (needs fonts-wqy-microhei and, for the scanned page, poppler-utils)
 *
 * Every text here is invented for the tests.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { strToU8, zipSync } from 'fflate';
import { autoLayout, BODY, columns, Sheet, type Box, type LaidArticle } from './newspaper-pdf.js';

const OUT = fileURLToPath(new URL('../fixtures/reports/', import.meta.url));
/** What the readers must recover, kept outside the reports folder so ingesting the folder reads reports only. */
const TRUTH = fileURLToPath(new URL('../fixtures/report-truth/', import.meta.url));

export interface ExpectedArticle extends LaidArticle {
  /** Captions that belong to the article (kept as its last paragraphs, apart from the body). */
  captions?: string[];
}

export interface ExpectedFile {
  page?: string;
  date?: string;
  articles: ExpectedArticle[];
}

const expected: Record<string, ExpectedFile> = {};

// ---------------------------------------------------------------- page 3: three columns
const A1: ExpectedArticle = {
  title: '清河县政协围绕乡村产业振兴开展专题协商',
  subtitle: '委员们走进田间地头听民声',
  byline: '本报记者 周晓岚',
  paragraphs: [
    '11月中旬，清河县政协组织部分委员和农业专家，围绕“发展特色种植、壮大村集体经济”开展专题调研协商，先后走访了北关镇、南湖乡等地的12个村和6家农业合作社。',
    '在北关镇蔬菜产业园，委员们详细了解大棚蔬菜的种植品种、销售渠道和用工情况。园区负责人介绍，园区今年新建智能温室40座，带动周边农户就业300余人，户均增收1.2万元。',
    '座谈会上，委员们结合调研所见各抒己见。有委员提出，要加快建设冷链仓储设施，解决蔬菜集中上市时“卖难”的问题；有委员建议，整合各村零散土地，引导合作社开展规模经营，提高抗风险能力。',
    '县政协主席李文华表示，县政协将把这次协商成果形成专题报告，及时报送县委、县政府，推动委员们的意见建议转化为促进乡村产业振兴的具体举措。',
  ],
  captions: ['11月15日，委员们在北关镇蔬菜产业园查看大棚蔬菜长势。 本报记者 周晓岚 摄'],
};
const A2: ExpectedArticle = {
  title: '安平县政协委员联络站开门迎客',
  paragraphs: [
    '日前，安平县政协在城关镇设立的委员联络站正式启用，这是该县建成的第5个委员联络站。',
    '联络站实行委员轮值制度，每周二、周四有委员接待群众来访，收集社情民意。启用当天，就有8位群众前来反映停车难、菜市场改造等问题。',
    '县政协相关负责人说，联络站要成为委员联系群众的“连心桥”，让群众的呼声第一时间传递到政协。',
  ],
};

async function pageThree(): Promise<void> {
  const s = new Sheet({ width: 595, height: 490 });
  s.page();
  s.line('清河日报', 40, 30, 9);
  s.line('2026年11月20日 星期五', 250, 30, 9);
  s.line('第3版 政协视窗', 480, 30, 9);
  s.rule(40, 555, 44);
  const cols = columns(40, 515, 3, 14, 0, 0);
  const [c1, c2, c3] = cols as [Box, Box, Box];
  // A1: headline across columns 1–2, body in column 1 and on into column 2.
  const span = { x: c1.x, y: 60, w: c2.x + c2.w - c1.x, h: 0 };
  let y = s.heading(A1.title, span, 19, 4);
  y = s.heading(`——${A1.subtitle}`, { ...span, y }, 12, 6);
  y = s.small(A1.byline as string, c1.x, y, 9);
  s.flow(A1.paragraphs, [
    { x: c1.x, y, w: c1.w, h: 430 - y },
    { x: c2.x, y, w: c2.w, h: 430 - y },
  ]);
  // Column 3: a picture with its caption, then A2 with a headline on two lines.
  s.picture({ x: c3.x, y: 62, w: c3.w, h: 60 });
  y = s.caption((A1.captions as string[])[0] as string, { x: c3.x, y: 128, w: c3.w, h: 0 });
  y = s.heading(A2.title, { x: c3.x, y: y + 8, w: c3.w, h: 0 }, 16, 8);
  s.flow(A2.paragraphs, [{ x: c3.x, y, w: c3.w, h: 430 - y }]);
  s.rule(40, 555, 442);
  s.line('责任编辑：陈立 美术编辑：孙楠', 40, 452, 8);
  s.line('3', 550, 452, 8);
  await s.save(join(OUT, 'page-3col.pdf'));
  expected['page-3col.pdf'] = { page: '第3版', date: '2026-11-20', articles: [A1, A2] };
}

// ---------------------------------------------------------------- page 4: four columns
const A3: ExpectedArticle = {
  title: '东平县政协推动老旧小区改造提质增效',
  byline: '通讯员 王建国 本报记者 刘畅',
  paragraphs: [
    '今年以来，东平县政协把老旧小区改造作为履职重点，组织委员深入36个小区开展民主监督，推动解决了一批群众急难愁盼的问题。',
    '在城北社区，委员们发现部分楼道照明老化、雨污管网混接，随即与住建部门沟通，协调资金80万元，用两个月时间完成了改造。',
    '为了让改造更合民意，县政协还推动建立“改前问需、改中问计、改后问效”工作机制，由委员和居民代表共同参与方案讨论和工程验收。',
    '据统计，全县今年计划改造老旧小区52个，惠及居民1.3万户，目前已完成41个，其余小区将于年底前全部完工，新增停车位600余个。',
    '“以前一下雨楼下就积水，现在路平了、灯亮了，出门方便多了。”家住城北社区的刘大爷说。下一步，县政协将持续跟踪改造进度，推动改造向完善养老托育等配套服务延伸。',
  ],
  captions: ['委员们在城北社区查看楼道改造情况。 通讯员 王建国 摄'],
};
const A4: ExpectedArticle = {
  title: '梁山县政协：议事厅里话民生',
  paragraphs: [
    '近日，梁山县政协在拳铺镇议事厅召开协商会，围绕农村饮水安全听取意见。',
    '与会委员和群众代表提出建议11条，相关部门现场认领。',
  ],
};
const A5: ExpectedArticle = {
  title: '委员建言守护一江清水',
  paragraphs: [
    '在汶上县政协组织的河长制落实情况视察中，委员们沿河查看了5个排污口和3处湿地。',
    '委员们建议，建立上下游联防联控机制，定期公开水质监测数据，鼓励沿岸群众参与河道保护。',
    '县水务局表示，将认真研究吸纳委员意见，年底前完成沿河排污口整治。',
  ],
};

async function pageFour(): Promise<void> {
  const s = new Sheet({ width: 595, height: 450 });
  s.page();
  s.line('齐鲁政协周刊 2026年11月21日', 40, 30, 9);
  s.line('第4版 履职风采', 480, 30, 9);
  s.rule(40, 555, 44);
  const [c1, c2, c3, c4] = columns(40, 515, 4, 14, 0, 0) as [Box, Box, Box, Box];
  const bottom = 400;
  // A3: headline across columns 1–2.
  const span = { x: c1.x, y: 60, w: c2.x + c2.w - c1.x, h: 0 };
  let y = s.heading(A3.title, span, 17, 4);
  y = s.small(A3.byline as string, c1.x, y, 9);
  const bodyTop = y;
  // Column 1: text, a picture with its caption in the middle of a paragraph, more text.
  const picTop = bodyTop + 5 * BODY * 1.55;
  s.picture({ x: c1.x, y: picTop, w: c1.w, h: 80 });
  const afterCaption = s.caption((A3.captions as string[])[0] as string, {
    x: c1.x,
    y: picTop + 86,
    w: c1.w,
    h: 0,
  });
  // Column 3: A4 first, then A3 goes on under it.
  let y3 = s.heading(A4.title, { x: c3.x, y: 60, w: c3.w, h: 0 }, 14, 8);
  const end4 = s.flow(A4.paragraphs, [{ x: c3.x, y: y3, w: c3.w, h: bottom - y3 }]);
  s.rule(c3.x, c3.x + c3.w, end4.y + 4);
  y3 = end4.y + 14;
  s.flow(A3.paragraphs, [
    { x: c1.x, y: bodyTop, w: c1.w, h: picTop - bodyTop },
    { x: c1.x, y: afterCaption, w: c1.w, h: bottom - afterCaption },
    { x: c2.x, y: bodyTop, w: c2.w, h: bottom - bodyTop },
    { x: c3.x, y: y3, w: c3.w, h: bottom - y3 },
  ]);
  // Column 4: A5 on its own.
  const y4 = s.heading(A5.title, { x: c4.x, y: 60, w: c4.w, h: 0 }, 14, 8);
  s.flow(A5.paragraphs, [{ x: c4.x, y: y4, w: c4.w, h: bottom - y4 }]);
  s.rule(40, 555, bottom + 8);
  s.line('- 4 -', 40, bottom + 18, 8, 515);
  await s.save(join(OUT, 'page-4col.pdf'));
  expected['page-4col.pdf'] = { page: '第4版', date: '2026-11-21', articles: [A3, A4, A5] };
}

// ---------------------------------------------------------------- a rotated page (landscape, /Rotate 90)
const A6: ExpectedArticle = {
  title: '阳谷县政协举办委员读书分享会',
  paragraphs: [
    '11月18日，阳谷县政协举办委员读书分享会，20余名委员围绕“读书与履职”交流心得体会。',
    '分享会上，委员们结合各自工作，讲述了读书对提升调研质量、写好提案的帮助。一位教育界委员说，读书让她在撰写关于乡村学校建设的提案时有了更开阔的视野。',
    '县政协主席表示，要把读书活动作为委员学习的经常性平台，以读促学、以学促干，不断提升履职能力。',
  ],
};

async function rotatedPage(): Promise<void> {
  const s = new Sheet({ width: 700, height: 420 });
  s.page(90);
  s.line('阳谷政协 2026年11月22日 第5版', 40, 24, 9);
  s.rule(40, 660, 38);
  const y = s.heading(A6.title, { x: 40, y: 52, w: 620, h: 0 }, 18, 10);
  const colW = (620 - 32) / 3;
  const h = Math.ceil(s.linesNeeded(A6.paragraphs, colW) / 3) * BODY * 1.55 + 1;
  s.flow(A6.paragraphs, columns(40, 620, 3, 16, y, h));
  await s.save(join(OUT, 'rotated.pdf'));
  expected['rotated.pdf'] = { page: '第5版', date: '2026-11-22', articles: [A6] };
}

// ---------------------------------------------------------------- a small one-article page, renamed .txt
const A7: ExpectedArticle = {
  title: '莘县政协开展送医下乡活动',
  paragraphs: [
    '近日，莘县政协组织医卫界委员到古云镇开展送医下乡活动，为群众义诊300余人次。',
    '委员们还为村医讲授了慢性病管理知识，赠送了常用药品。',
  ],
};

async function renamedPdf(): Promise<void> {
  const s = new Sheet({ width: 420, height: 300 });
  s.page();
  const y = s.heading(A7.title, { x: 30, y: 30, w: 360, h: 0 }, 16, 10);
  s.flow(A7.paragraphs, columns(30, 360, 2, 14, y, 240 - y));
  await s.save(join(OUT, 'renamed-pdf.txt'));
  expected['renamed-pdf.txt'] = { articles: [A7] };
}

// ---------------------------------------------------------------- a scanned page: only a picture of the text
const A8: ExpectedArticle = {
  title: '冠县政协调研农村养老服务',
  paragraphs: ['冠县政协近日组织委员调研农村互助幸福院建设，建议加大运营补贴，引导志愿者参与服务。'],
};

async function scannedPage(): Promise<void> {
  const tmp = await mkdtemp(join(tmpdir(), 'scan-'));
  try {
    const text = new Sheet({ width: 420, height: 200 });
    text.page();
    const y = text.heading(A8.title, { x: 30, y: 30, w: 360, h: 0 }, 16, 10);
    text.flow(A8.paragraphs, [{ x: 30, y, w: 360, h: 150 - y }], 12);
    await text.save(join(tmp, 'text.pdf'));
    execFileSync('pdftoppm', [
      '-r',
      '110',
      '-gray',
      '-png',
      '-singlefile',
      join(tmp, 'text.pdf'),
      join(tmp, 'scan'),
    ]);
    const scan = new Sheet({ width: 420, height: 200 });
    scan.page();
    scan.doc.image(await readFile(join(tmp, 'scan.png')), 0, 0, { width: 420, height: 200 });
    await scan.save(join(OUT, 'scanned.pdf'));
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  expected['scanned.pdf'] = { articles: [] };
  await writeFile(join(TRUTH, 'scanned.txt'), `${A8.title}\n${A8.paragraphs.join('\n')}\n`);
}

// ---------------------------------------------------------------- bad files
async function badFiles(): Promise<void> {
  const enc = new Sheet({ width: 300, height: 200, userPassword: 'secret' });
  enc.page();
  enc.heading('加密的文件', { x: 20, y: 20, w: 260, h: 0 }, 14);
  await enc.save(join(OUT, 'encrypted.pdf'));
  // A header and then garbage: what a broken download looks like.
  const junk = Buffer.alloc(600);
  for (let k = 0; k < junk.length; k++) junk[k] = (k * 37 + 11) % 251;
  await writeFile(join(OUT, 'damaged.pdf'), Buffer.concat([Buffer.from('%PDF-1.7\n'), junk]));
  const zero = [
    '%PDF-1.4',
    '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj',
    '2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj',
    'trailer << /Root 1 0 R >>',
    '%%EOF',
    '',
  ].join('\n');
  await writeFile(join(OUT, 'zero-pages.pdf'), zero);
}

// ---------------------------------------------------------------- a Word file
const D1: ExpectedArticle = {
  title: '关于加强社区养老服务的调研报告',
  paragraphs: [
    '为深入了解社区养老服务现状，市政协社会法制委员会于10月组织调研组，走访了8个街道的14个社区养老服务站。',
    '调研发现，社区养老服务站普遍存在专业护理人员不足、服务项目单一等问题，部分服务站日均服务不足10人次。',
    '调研组建议，一是加大护理人才培养力度；二是推动医养结合，鼓励医疗机构与服务站签约合作；三是完善运营补贴政策。',
  ],
};
const D2: ExpectedArticle = {
  title: '委员热议城市更新',
  paragraphs: ['在专题协商会上，委员们围绕城市更新中的历史街区保护、停车设施建设等问题提出建议。'],
};

function docxParagraph(text: string, style?: string): string {
  const esc = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const pPr = style ? `<w:pPr><w:pStyle w:val="${style}"/></w:pPr>` : '';
  return `<w:p>${pPr}<w:r><w:t xml:space="preserve">${esc}</w:t></w:r></w:p>`;
}

async function wordFile(): Promise<void> {
  const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
  const body = [
    docxParagraph(D1.title, 'Heading1'),
    ...D1.paragraphs.map((p) => docxParagraph(p)),
    docxParagraph(D2.title, 'Heading1'),
    ...D2.paragraphs.map((p) => docxParagraph(p)),
  ].join('');
  const style = (id: string, name: string): string =>
    `<w:style w:type="paragraph" w:styleId="${id}"><w:name w:val="${name}"/></w:style>`;
  const files = {
    '[Content_Types].xml': strToU8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/></Types>',
    ),
    '_rels/.rels': strToU8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    ),
    'word/_rels/document.xml.rels': strToU8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>',
    ),
    'word/styles.xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles ${W}>${style('Normal', 'Normal')}${style('Heading1', 'heading 1')}</w:styles>`,
    ),
    'word/document.xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ${W}><w:body>${body}</w:body></w:document>`,
    ),
  };
  await writeFile(join(OUT, 'report.docx'), zipSync(files, { mtime: new Date('2026-01-01T00:00:00Z') }));
  expected['report.docx'] = { articles: [D1, D2] };
}

// ---------------------------------------------------------------- two pages in one file, laid out automatically
async function twoPages(): Promise<void> {
  const s = new Sheet({ width: 595, height: 420 });
  const articles = [D1, A8, A7, D2, A6];
  autoLayout(s, articles, {
    columns: 3,
    header: (n) => `示例政协报 2026年11月23日 第${n + 5}版`,
    footer: (n) => `${n + 5}`,
  });
  await s.save(join(OUT, 'two-pages.pdf'));
  expected['two-pages.pdf'] = { articles };
}

// ---------------------------------------------------------------- spaces set as gaps, with no space glyph
/** A speech page as e-paper sets it: "职务 姓名" with the space left as a gap only; figures and Latin in the text. */
const S1: ExpectedArticle = {
  title: '东林县政协召开民营经济发展座谈会',
  byline: '县工商联主席 王海涛',
  paragraphs: [
    '县政协常委、县工商联主席 王海涛',
    '2026年前三季度，全县民营企业实现营业收入128.6亿元，同比增长7.5%，占全县GDP的六成以上。',
    '我们将继续搭建政企沟通平台，帮助企业解决融资难、用工难等问题，让民营企业家安心发展。',
  ],
};

async function spacedPage(): Promise<void> {
  const s = new Sheet({ width: 595, height: 420 });
  autoLayout(s, [S1], {
    columns: 2,
    header: (n) => `示例政协报 2026年11月24日 第${n + 7}版`,
    footer: (n) => `${n + 7}`,
  });
  await s.save(join(OUT, 'spaced.pdf'));
  expected['spaced.pdf'] = { page: '第8版', date: '2026-11-24', articles: [S1] };
}

async function main(): Promise<void> {
  await mkdir(OUT, { recursive: true });
  await mkdir(TRUTH, { recursive: true });
  await pageThree();
  await pageFour();
  await rotatedPage();
  await renamedPdf();
  await scannedPage();
  await badFiles();
  await wordFile();
  await twoPages();
  await spacedPage();
  await writeFile(join(TRUTH, 'expected.json'), `${JSON.stringify(expected, null, 2)}\n`);
  console.log(`wrote ${Object.keys(expected).length} fixtures with expectations to ${OUT}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
