/**
 * Short names of Chinese government bodies ("工信局") and their full names ("工业和信息化局"). Reports and
 * questions use either; jieba cuts them into unrelated words (工信局 vs 工业/信息化/局), so neither finds the
 * other. Matching code compares texts in the short form (`toShortNames`); search sends the long form too
 * (`toFullNames`) so Qdrant gathers candidates written either way.
 * Only unambiguous pairs: a short name that also occurs inside common words stays out (台办 in 平台办理,
 * 科协 in 学科协同, 外办 in 对外办理).
 */

/** [short name, full name]: the full names as official documents print them. */
const PAIRS: readonly (readonly [string, string])[] = [
  ['工信部', '工业和信息化部'],
  ['工信局', '工业和信息化局'],
  ['工信厅', '工业和信息化厅'],
  ['经信局', '经济和信息化局'],
  ['经信委', '经济和信息化委员会'],
  ['发改委', '发展和改革委员会'],
  ['发改局', '发展和改革局'],
  ['网信办', '网络安全和信息化委员会办公室'],
  ['人社部', '人力资源和社会保障部'],
  ['人社厅', '人力资源和社会保障厅'],
  ['人社局', '人力资源和社会保障局'],
  ['住建部', '住房和城乡建设部'],
  ['住建厅', '住房和城乡建设厅'],
  ['住建局', '住房和城乡建设局'],
  ['卫健委', '卫生健康委员会'],
  ['市监局', '市场监督管理局'],
  ['市场监管局', '市场监督管理局'],
  ['市场监管总局', '市场监督管理总局'],
  ['药监局', '药品监督管理局'],
  ['文旅部', '文化和旅游部'],
  ['文旅厅', '文化和旅游厅'],
  ['文旅局', '文化和旅游局'],
  ['规自局', '规划和自然资源局'],
  ['应急局', '应急管理局'],
  ['医保局', '医疗保障局'],
  ['退役军人局', '退役军人事务局'],
  ['国资委', '国有资产监督管理委员会'],
  ['证监会', '证券监督管理委员会'],
  ['统战部', '统一战线工作部'],
  ['政法委', '政法委员会'],
  ['纪委', '纪律检查委员会'],
  ['侨办', '侨务办公室'],
  ['侨联', '归国华侨联合会'],
  ['工商联', '工商业联合会'],
  ['残联', '残疾人联合会'],
  ['妇联', '妇女联合会'],
];

const SHORT_OF = new Map(PAIRS.map(([short, full]) => [full, short]));
/** A short name's full name; the first pair wins for a full name with two short forms (市监局, 市场监管局). */
const FULL_OF = new Map(PAIRS.map(([short, full]) => [short, full]));

const alternation = (words: Iterable<string>): RegExp =>
  new RegExp(
    [...words]
      .sort((a, b) => b.length - a.length)
      .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('|'),
    'g',
  );

const FULL_NAMES = alternation(SHORT_OF.keys());
/** Short names not followed by more of a longer name ("市场监管局" is not "市场监管局局"). */
const SHORT_NAMES = alternation(FULL_OF.keys());

/** The text with every full name written as its short name ("成都市工业和信息化局" → "成都市工信局"). */
export function toShortNames(text: string): string {
  return text.replace(FULL_NAMES, (m) => SHORT_OF.get(m) ?? m);
}

/** The text with every short name written out in full, or undefined when it holds none. */
export function toFullNames(text: string): string | undefined {
  const short = toShortNames(text);
  let changed = false;
  const out = short.replace(SHORT_NAMES, (m) => {
    const full = FULL_OF.get(m);
    if (full === undefined) return m;
    changed = true;
    return full;
  });
  return changed ? out : undefined;
}

/** True when the text names a body by a short or full name in the table. */
export function hasAbbreviation(text: string): boolean {
  return toFullNames(text) !== undefined;
}

/** The bodies of the table a text names, each by its short name, in order ("成都市工业和信息化局…" → ["工信局"]). */
export function bodiesIn(text: string): string[] {
  const out: string[] = [];
  for (const m of toShortNames(text).matchAll(SHORT_NAMES)) if (!out.includes(m[0])) out.push(m[0]);
  return out;
}
