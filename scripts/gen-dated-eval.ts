/**
 * npm run gen:dated-eval — writes the dated dev set under eval/dated/: invented reports of five city committees
 * over January–May 2026 (dated by file name "2026-01-08-…", "20260108-…", a dateline in the text, or a JSONL
 * `date` field; two reports carry no date at all), and questions with time words scored against "today"
 * 2026-05-20 (`npm run eval -- --today 2026-05-20`). Every text is made up here from the lists below; nothing
 * comes from real reports or from another eval set. Deterministic: the same files every run.
 *
 * Each committee holds one event a month and the same kind of event twice (months 2 and 5, different topics), so
 * a question naming a month or "最近" can only be answered right by looking at the dates.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const OUT = 'eval/dated';
const YEAR = 2026;
const TODAY = '2026-05-20';

/** Invented: five prefecture-level cities (real names, so the gazetteer tags them), events made up. */
const CITIES = [
  { name: '洛阳市', short: '洛阳', slug: 'luoyang', chair: '韩立新' },
  { name: '柳州市', short: '柳州', slug: 'liuzhou', chair: '覃志远' },
  { name: '绵阳市', short: '绵阳', slug: 'mianyang', chair: '蒋文博' },
  { name: '泉州市', short: '泉州', slug: 'quanzhou', chair: '庄明辉' },
  { name: '湖州市', short: '湖州', slug: 'huzhou', chair: '沈国强' },
];

interface Kind {
  kind: string;
  title: (c: string, t: string) => string;
  lead: (c: string, t: string) => string;
}

/** The kinds of committee work a local report covers. */
const KINDS: Kind[] = [
  {
    kind: '专题协商会',
    title: (c, t) => `${c}政协召开专题协商会聚焦${t}`,
    lead: (c, t) => `${c}政协召开专题协商会，围绕“${t}”协商议政，12位委员和界别代表作了发言`,
  },
  {
    kind: '视察',
    title: (c, t) => `${c}政协组织委员视察${t}工作`,
    lead: (c, t) => `${c}政协组织部分委员视察${t}工作，先后察看了6个点位`,
  },
  {
    kind: '调研',
    title: (c, t) => `${c}政协深入调研${t}`,
    lead: (c, t) => `${c}政协调研组围绕${t}开展专题调研，走访了相关部门和企业`,
  },
  {
    kind: '民主监督',
    title: (c, t) => `${c}政协开展${t}民主监督`,
    lead: (c, t) => `${c}政协启动${t}专项民主监督，监督组分3路开展明察暗访`,
  },
  {
    kind: '常委会议',
    title: (c, t) => `${c}政协召开常委会议专题议政${t}`,
    lead: (c, t) => `${c}政协召开常委会议，专题议政${t}，听取了市政府有关部门的情况通报`,
  },
];

/** Invented topics, one per report. */
const TOPICS = [
  '老旧小区加装电梯',
  '农村饮水安全',
  '中小学课后服务',
  '县域医共体建设',
  '夜间经济发展',
  '非遗工坊建设',
  '新能源汽车充电设施',
  '城市内涝治理',
  '养老护理人才培养',
  '高标准农田建设',
  '职业教育产教融合',
  '智慧停车建设',
  '河湖长制落实',
  '社区老年食堂运营',
  '乡村民宿发展',
  '外贸企业拓市场',
  '数字乡村建设',
  '公共法律服务',
  '全民健身设施',
  '生活垃圾分类',
  '博物馆研学',
  '冷链物流建设',
  '社区嵌入式托育',
  '电动自行车安全',
  '古村落保护利用',
  '预制菜产业发展',
];

const MEMBERS = [
  '李清远',
  '王若曦',
  '陈永康',
  '赵明轩',
  '周慧敏',
  '吴建平',
  '郑海峰',
  '孙雅琴',
  '刘书航',
  '黄志成',
];
const REPORTERS = ['张晓岚', '杜文涛', '罗一鸣', '许家宁', '邓宇航'];

interface Report {
  city: (typeof CITIES)[number];
  kind: Kind;
  topic: string;
  date?: string;
  docId: string;
  title: string;
  paragraphs: string[];
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function report(ci: number, month: number, kind: Kind, topic: string, dated: boolean, k: number): Report {
  const city = CITIES[ci] as (typeof CITIES)[number];
  // Days before "today" (2026-05-20) in May: no report from the future.
  const day = 3 + ((ci * 5 + month * 7) % (month === 5 ? 16 : 24));
  const date = `${YEAR}-${pad(month)}-${pad(day)}`;
  const member = MEMBERS[(ci * 3 + month) % MEMBERS.length] ?? '';
  const reporter = REPORTERS[(ci + month) % REPORTERS.length] ?? '';
  const when = ci === 3 && dated ? `${YEAR}年${month}月${day}日` : `${month}月${day}日`;
  const opener = ci === 3 && dated ? '' : `本报讯（记者 ${reporter}）`;
  const paragraphs = [
    `${opener}${when}，${kind.lead(city.name, topic)}。`,
    `${city.short}市政协委员${member}建议，把${topic}列入民生实事项目，建立部门联动机制，力争两年内覆盖${20 + ((ci + k) % 5) * 10}个街道和乡镇。`,
    `${city.name}政协主席${city.chair}表示，要持续跟踪${topic}相关建议的办理落实，推动协商成果转化为具体举措。`,
  ];
  const slug = `${city.slug}-${k}`;
  const docId = !dated
    ? `reports/${slug}.md`
    : ci <= 1
      ? `reports/${date}-${slug}.md`
      : ci === 2
        ? `reports/${date.replace(/-/g, '')}-${slug}.txt`
        : ci === 3
          ? `reports/${slug}.md`
          : `r-${slug}`;
  return {
    city,
    kind,
    topic,
    ...(dated ? { date } : {}),
    docId,
    title: kind.title(city.name, topic),
    paragraphs,
  };
}

interface Question {
  id: string;
  type: string;
  question: string;
  gold: string[];
  gold_doc_ids: string[];
  must: string[];
  period: [string, string];
}

function lastDay(y: number, m: number): string {
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

function addDays(day: string, n: number): string {
  const t = new Date(`${day}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + n);
  return t.toISOString().slice(0, 10);
}

const CN_MONTH = ['', '一', '二', '三', '四', '五'];

async function main(): Promise<void> {
  await rm(OUT, { recursive: true, force: true });
  await mkdir(join(OUT, 'reports'), { recursive: true });
  const reports: Report[] = [];
  let t = 0;
  CITIES.forEach((_, ci) => {
    // One event a month; month 5 repeats month 2's kind with another topic.
    const order = KINDS.map((_, i) => KINDS[(i + ci) % KINDS.length] as Kind);
    for (let m = 1; m <= 5; m++) {
      const kind = (m === 5 ? order[1] : order[m - 1]) as Kind;
      reports.push(report(ci, m, kind, TOPICS[t++ % TOPICS.length] ?? '', true, m));
    }
  });
  // Two undated reports of the same kinds as dated ones: never to be cited for a dated question.
  reports.push(report(0, 3, reports[1]?.kind as Kind, TOPICS[t++ % TOPICS.length] ?? '', false, 9));
  reports.push(report(4, 2, reports[21]?.kind as Kind, '', false, 8));
  const last = reports.at(-1) as Report;
  last.topic = '城乡公交一体化';
  last.title = last.kind.title(last.city.name, last.topic);
  last.paragraphs = report(4, 2, last.kind, last.topic, false, 8).paragraphs;

  const records: string[] = [];
  for (const r of reports) {
    if (!r.docId.startsWith('reports/')) {
      const [y, m, d] = (r.date ?? '').split('-');
      // JSONL dates as a feed might give them: "2026/1/8".
      records.push(
        JSON.stringify({
          id: r.docId,
          title: r.title,
          text: r.paragraphs.join('\n\n'),
          date: `${y}/${Number(m)}/${Number(d)}`,
        }),
      );
      continue;
    }
    await writeFile(join(OUT, r.docId), `# ${r.title}\n\n${r.paragraphs.join('\n\n')}\n`);
  }
  await writeFile(join(OUT, 'records.jsonl'), `${records.join('\n')}\n`);

  const qs: Question[] = [];
  const dated = reports.filter((r) => r.date !== undefined);
  const of = (ci: number, m: number): Report =>
    dated.find((r) => r.city === CITIES[ci] && Number(r.date?.slice(5, 7)) === m) as Report;
  const month = (m: number): [string, string] => [`${YEAR}-${pad(m)}-01`, lastDay(YEAR, m)];
  const q = (type: string, question: string, gold: Report[], period: [string, string], must: string[] = []) =>
    qs.push({
      id: `dt${String(qs.length + 1).padStart(2, '0')}`,
      type,
      question,
      gold: [],
      // File reports are ingested from the reports folder: their doc id is the file name.
      gold_doc_ids: gold.map((r) => r.docId.replace(/^reports\//, '')),
      must,
      period,
    });
  CITIES.forEach((c, ci) => {
    const feb = of(ci, 2);
    const may = of(ci, 5);
    const apr = of(ci, 4);
    const mar = of(ci, 3);
    // The repeated kind, asked by month: only the date tells the two apart.
    q(
      'dated',
      `${c.name}政协${ci % 2 === 0 ? '2' : '二'}月的${feb.kind.kind}关注的是什么问题？`,
      [feb],
      month(2),
      [feb.topic],
    );
    q('dated', `${c.short}政协5月份开展的${may.kind.kind}聚焦什么？`, [may], month(5), [may.topic]);
    q('dated', `上个月${c.name}政协开展了什么${apr.kind.kind}？`, [apr], month(4), [apr.topic]);
    q(
      'dated',
      `最近${c.name}政协的${may.kind.kind}关注什么？`,
      [may],
      [addDays(TODAY, -90), TODAY],
      [may.topic],
    );
    q('dated-open', `${YEAR}年${ci % 2 === 0 ? '3' : CN_MONTH[3]}月${c.name}政协做了什么？`, [mar], month(3));
    q(
      'summary-period',
      `总结一下${c.name}政协一季度的工作`,
      [of(ci, 1), feb, mar],
      [`${YEAR}-01-01`, `${YEAR}-03-31`],
    );
    q(
      'negative',
      `去年${c.name}政协开展了哪些${feb.kind.kind}？`,
      [],
      [`${YEAR - 1}-01-01`, `${YEAR - 1}-12-31`],
    );
  });
  // Whole-year and this-month questions, and a kind held by an undated report too.
  // Two dated 湖州 reports of that kind (months 2 and 5): either answers.
  q(
    'dated',
    `湖州市政协今年的${reports[21]?.kind.kind}聚焦什么？`,
    [reports[21] as Report, reports[24] as Report],
    [`${YEAR}-01-01`, TODAY],
  );
  q('dated-open', '本月洛阳市政协有什么活动？', [of(0, 5)], [`${YEAR}-05-01`, TODAY]);
  q('negative', '下半年柳州市政协开展了哪些视察？', [], [`${YEAR - 1}-07-01`, `${YEAR - 1}-12-31`]);
  q('negative', '2025年绵阳市政协开展了哪些调研？', [], [`${YEAR - 1}-01-01`, `${YEAR - 1}-12-31`]);
  await writeFile(join(OUT, 'questions.jsonl'), `${qs.map((x) => JSON.stringify(x)).join('\n')}\n`);
  process.stdout.write(
    `${reports.length} reports (${dated.length} dated), ${qs.length} questions in ${OUT}\n`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
