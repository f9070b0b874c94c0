/**
 * Invented report text for the e-paper page generator: place and person names, headlines, kickers, subtitles,
 * bylines, body paragraphs, numbered sub-headings and captions, all built from small word lists by a seeded random
 * source. Nothing here is taken from real reports; the word lists are generic vocabulary of local CPPCC news
 * (written for this generator), so that read-back is tested on text of the right shape, not on memorised pages.
 */

/** A seeded random source (mulberry32): the same seed always gives the same pages. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 1;
  }
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  range(lo: number, hi: number): number {
    return lo + this.next() * (hi - lo);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)] as T;
  }
}

// Syllables for invented place names (generated combinations, not a list of real places).
const PLACE_A = '清安东西南北平阳河山林江湖桥宁丰和源泉兴隆德明华盛永嘉怀远文昌'.split('');
const PLACE_B = '河川阳山平安宁城溪原州台岭田浦水川泽丰乐'.split('');
const LEVELS = ['县', '区', '市'];
const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕'.split('');
const GIVEN = '文华明建国志伟晓岚海涛丽娜静雪宇浩然佳欣立新红梅春燕永平秀英子涵思远俊杰雨桐'.split('');
// Generic topics of local CPPCC work (written for this generator).
const TOPICS = [
  '乡村产业振兴',
  '社区养老服务',
  '生态环境保护',
  '老旧小区改造',
  '优化营商环境',
  '职业教育发展',
  '农村饮水安全',
  '文化旅游融合',
  '中小企业融资',
  '基层医疗卫生',
  '城市更新改造',
  '科技创新平台建设',
  '河湖长制落实',
  '粮食安全保障',
  '民营经济发展',
  '数字乡村建设',
  '托育服务体系',
  '历史文化街区保护',
];
const ACTS = [
  '开展专题调研',
  '召开专题协商会',
  '开展民主监督',
  '组织委员视察',
  '举办协商议事活动',
  '开展界别协商',
];
const PLACES_IN = ['镇', '乡', '街道', '社区', '产业园', '村'];
const SECTIONS = [
  '政协视窗',
  '履职风采',
  '委员之声',
  '协商议政',
  '基层连线',
  '民主监督',
  '文史天地',
  '综合新闻',
];
const LABELS = [
  '委员风采',
  '履职聚焦',
  '基层协商',
  '调研报告',
  '提案追踪',
  '一线观察',
  '建言献策',
  '图片新闻',
];
const WEEKDAYS = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];
const CN_NUM = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

export interface TextStyle {
  /** Half-width (",") or full-width ("，") commas, colons, semicolons and parentheses in body text. */
  halfWidth: boolean;
}

export class ReportText {
  constructor(
    private rng: Rng,
    private style: TextStyle,
  ) {}

  place(): string {
    const r = this.rng;
    return r.pick(PLACE_A) + r.pick(PLACE_B) + r.pick(LEVELS);
  }

  person(): string {
    const r = this.rng;
    return r.pick(SURNAMES) + r.pick(GIVEN) + (r.chance(0.6) ? r.pick(GIVEN) : '');
  }

  private punct(s: string): string {
    if (!this.style.halfWidth) return s;
    return s
      .replace(/，/g, ',')
      .replace(/；/g, ';')
      .replace(/：/g, ':')
      .replace(/（/g, '(')
      .replace(/）/g, ')');
  }

  sentence(place: string): string {
    const r = this.rng;
    const t = r.pick(TOPICS);
    const n = r.int(3, 60);
    const pct = `${r.int(1, 30)}.${r.int(1, 9)}%`;
    const who = this.person();
    const spot = `${r.pick(PLACE_A)}${r.pick(PLACE_B)}${r.pick(PLACES_IN)}`;
    const forms = [
      `${r.int(1, 12)}月${r.int(1, 28)}日，${place}政协围绕“${t}”${r.pick(ACTS)}，${n}名委员参加活动。`,
      `委员们先后走访了${spot}等${r.int(2, 15)}个点位，详细了解${t}的进展情况和存在的困难。`,
      `座谈会上，委员们结合调研所见各抒己见，围绕${t}提出意见建议${r.int(5, 40)}条。`,
      `${place}政协主席${who}表示，要把协商成果转化为推动${t}的具体举措，让群众有更多获得感。`,
      `据统计，今年以来全${place.slice(-1)}累计投入资金${r.int(2, 900)}万元，同比增长${pct}，惠及群众${r.int(1, 9)}.${r.int(1, 9)}万人。`,
      `有委员提出，要加快完善${t}的配套政策；也有委员建议，建立部门联动机制，形成工作合力。`,
      `“以前办事要跑好几趟，现在在家门口就能办好。”家住${spot}的${r.pick(SURNAMES)}大爷说。`,
      `下一步，${place}政协将持续跟踪有关部门办理落实情况，推动${t}取得更大成效。`,
      `调研组建议：一是加大资金投入力度；二是强化人才队伍建设；三是健全考核评价机制。`,
      `相关部门负责人现场回应了委员关切，表示将认真研究吸纳，于${r.int(1, 12)}月底前拿出整改方案。`,
      `${spot}负责人介绍，目前已建成示范点${r.int(2, 30)}个，带动周边${r.int(50, 900)}余户农户增收。`,
      `委员们认为，做好${t}工作，既要立足当前、解决突出问题，又要着眼长远、完善制度机制。`,
      `活动中，${n}名委员还深入一线开展“委员进社区”活动，收集社情民意信息${r.int(3, 50)}条（件）。`,
    ];
    return this.punct(r.pick(forms));
  }

  paragraph(place: string, minChars: number, maxChars: number): string {
    const target = this.rng.int(minChars, maxChars);
    let p = this.sentence(place);
    while (p.length < target) p += this.sentence(place);
    return p;
  }

  title(place: string): string {
    const r = this.rng;
    const t = r.pick(TOPICS);
    const forms = [
      `${place}政协围绕${t}${r.pick(ACTS)}`,
      `${place}政协：${t}协商议事见实效`,
      `凝聚委员智慧 助力${place.slice(0, 2)}${t}`,
      `${place}政协推动${t}提质增效`,
      `${place}政协把协商平台搭到群众家门口`,
      `${place}政协委员建言${t}`,
    ];
    return r.pick(forms);
  }

  kicker(): string {
    const r = this.rng;
    return r.pick([`聚焦${r.pick(TOPICS)}`, `建言${r.pick(TOPICS)}`, `${r.pick(TOPICS)}专题协商侧记`]);
  }

  subtitle(place: string): string {
    const r = this.rng;
    return r.pick([
      `${place}政协开展${r.pick(TOPICS)}工作纪实`,
      `委员们走进${r.pick(PLACES_IN)}听民声`,
      `记${place}政协${r.pick(ACTS)}`,
    ]);
  }

  byline(): string {
    const r = this.rng;
    const forms = [
      () => `本报记者 ${this.person()}`,
      () => `通讯员 ${this.person()}`,
      () => `本报记者 ${this.person()} 通讯员 ${this.person()}`,
      () => `通讯员 ${this.person()} ${this.person()}`,
    ];
    return r.pick(forms)();
  }

  numbered(k: number, nested: boolean): string {
    const r = this.rng;
    const head = nested ? `（${CN_NUM[k] ?? '十'}）` : `${CN_NUM[k] ?? '十'}、`;
    return `${head}${r.pick(['坚持', '聚焦', '着力', '强化', '健全'])}${r.pick(TOPICS)}`;
  }

  caption(place: string): string {
    const r = this.rng;
    const credit = r.chance(0.6) ? ` ${r.pick(['本报记者', '通讯员'])} ${this.person()} 摄` : '';
    return this.punct(
      `${r.int(1, 12)}月${r.int(1, 28)}日，${place}政协委员在${r.pick(PLACE_A)}${r.pick(PLACE_B)}${r.pick(PLACES_IN)}查看${r.pick(TOPICS)}情况。${credit}`,
    );
  }

  paper(): string {
    const r = this.rng;
    return r.pick([
      `${r.pick(PLACE_A)}${r.pick(PLACE_B)}政协报`,
      '协商周刊',
      `${r.pick(PLACE_A)}${r.pick(PLACE_B)}日报`,
    ]);
  }

  section(): string {
    return this.rng.pick(SECTIONS);
  }

  label(): string {
    const l = this.rng.pick(LABELS);
    return this.rng.chance(0.4) ? `【${l}】` : l;
  }

  editor(): string {
    return `责任编辑：${this.person()} 校对：${this.person()}`;
  }
}

/** A printed date and its ISO form: "2023年10月20日 星期五". */
export function printedDate(rng: Rng): { printed: string; iso: string } {
  const d = new Date(Date.UTC(rng.int(2021, 2026), rng.int(0, 11), rng.int(1, 28)));
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + 1;
  const day = d.getUTCDate();
  return {
    printed: `${y}年${m}月${day}日 ${WEEKDAYS[d.getUTCDay()]}`,
    iso: `${y}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
  };
}
