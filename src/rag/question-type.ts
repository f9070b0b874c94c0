/**
 * What kind of answer a question asks for (pure). Factoid types pick the sentence that holds the asked fact
 * (a person or organisation for 谁/哪个机构, a place for 哪里, a date for 何时, a number with its unit for 多少, an
 * ordinal for 第几); open questions ("做了什么", "讲了什么", "介绍一下", "有什么亮点", "有没有关于…的报道") get an
 * article-level answer (title, lead, key points), and their verbs are never topic terms a report must contain.
 * Input is the normalised (simplified) question.
 */

export type QuestionType =
  | 'open'
  | 'person'
  | 'org'
  | 'place'
  | 'date'
  | 'ordinal'
  | 'number'
  | 'list'
  | 'how'
  | 'why'
  | 'whether'
  | 'fact';

const OPEN =
  /((做|干|搞|讲|说|谈|聊|写|报道)(了|过)?(些)?(什么|啥|哪些)|(做|干|开展|推进)了哪些(工作|事)?|介绍(一下|下)?|简介|亮点|有没有关于|有关.{1,20}的报道|关于.{1,20}的(报道|新闻)|的(报道|新闻|图片新闻)$|(报道|新闻)(有哪些|吗)|的发言|的建议(是什么|有哪些)?$|建议是什么|关注(什么|哪些)|有(什么|哪些)(计划|举措|措施|做法|经验|成效|成果|特色|亮点|建议|观点|看法)|(情况|进展)(如何|怎么样)?$|怎么样了?$|tell me about|what did)/i;

const ORG_NOUN =
  '(机构|部门|单位|组织|公司|企业|机关|媒体|团队|学校|大学|医院|银行|协会|政府|法院|检察院|网站|电视台|报社|委员会)';
const PERSON = /(谁|哪位|何人|哪个人|什么人|哪名|哪几位|\bwho\b)/i;
const ORG = new RegExp(`(哪个|哪家|哪些|什么|何)${ORG_NOUN}|由谁|\\bwhich (agency|organi[sz]ation)`, 'i');
const PLACE =
  /(哪里|哪儿|何地|何处|什么地方|在哪(?![一个些种类项位家届次条部])|在哪个(城市|地方|省|市|县|区|国家|地区|村|镇)|哪个(城市|地方|省|市|县|区|国家|地区|村|镇)|哪座(城市|建筑)?|哪所|地点|地址|位置在|where)/i;
const DATE =
  /(哪天|哪一天|什么时候|何时|哪一?年|何年|几月|几日|几号|几点|哪个月|日期|时间段|什么时间|具体时间|多会儿|\bwhen\b)/i;
const ORDINAL = /(第几|排名第?几|位列第?几|哪一届|第多少)/;
const NUMBER =
  /(多少|几(个|次|项|条|名|位|人|家|年|天|所|种|批|届|场|台|辆|篇|部|件|户|万|亿|倍|成)|多大|多长|多久|多高|多远|多重|比例|百分之|占比|how (many|much))/i;
const LIST = /(哪些|哪几)/;
const HOW = /(怎么|怎样|如何|\bhow\b)/i;
const WHY = /(为什么|为何|原因|\bwhy\b)/i;
const WHETHER = /(是否|是不是|有没有|能否|可否|吗[?？]?$)/;

/** The question's answer type; open questions first ("有没有关于…的报道" is open, not 是否). */
export function questionType(q: string): QuestionType {
  if (OPEN.test(q)) return 'open';
  if (DATE.test(q)) return 'date';
  if (ORDINAL.test(q)) return 'ordinal';
  if (ORG.test(q)) return 'org';
  if (PERSON.test(q)) return 'person';
  if (PLACE.test(q)) return 'place';
  if (NUMBER.test(q)) return 'number';
  if (LIST.test(q)) return 'list';
  if (WHY.test(q)) return 'why';
  if (HOW.test(q)) return 'how';
  if (WHETHER.test(q)) return 'whether';
  return 'fact';
}

/**
 * Verbs and auxiliaries that only carry the asking ("做了什么", "说了啥", "打算怎么"), and the adverbs a follow-up
 * asks for more with ("还有哪些", "另外…", "其他…"): never topic terms.
 */
const FUNCTION_WORDS = new Set(
  (
    '做 干 搞 讲 说 谈 聊 看 提 有 没有 是 去 来 帮忙 帮 打算 想 要 能 会 样 怎么样 主要 具体 一些 有些 相关 方面 ' +
    '还有 还 另外 其他 其它 别的 此外'
  ).split(' '),
);

/**
 * Nouns of open questions that name the kind of answer, not the topic ("讲话内容", "有什么举措", "关注什么问题"):
 * a report about the topic need not contain them.
 */
const OPEN_NOUNS = new Set(
  (
    '介绍 简介 发言 讲话 关注 建议 举措 措施 计划 做法 情况 进展 内容 报道 新闻 图片 亮点 工作 事 事情 成效 成果 ' +
    '看法 观点 经验 特色 问题 哪些'
  ).split(' '),
);

/**
 * The formal (dummy) verbs of Chinese grammar — 进行, 加以, 给予, 予以, 作出 … and the event verbs used the same way
 * (开展, 展开, 举行, 组织): "开展了哪些调研" asks about 调研; a report says "调研了…" or "组织委员调研". In open
 * questions they carry no topic. The list is the grammar's closed class, not words from questions.
 */
const FORMAL_VERBS = new Set(
  '进行 开展 展开 加以 予以 给予 给以 作出 做出 作了 举行 举办 组织 实施 从事 搞好 做好'.split(' '),
);

/** True for a term that asks rather than names the topic, so it is never a "missing topic term". */
export function isAskingWord(term: string, type: QuestionType): boolean {
  return FUNCTION_WORDS.has(term) || (type === 'open' && (OPEN_NOUNS.has(term) || FORMAL_VERBS.has(term)));
}

/** "…改革委讲了什么" → "…改革委 讲了什么": the asking tail cut off, so the segmenter cannot glue it to a name. */
const ASKING_TAIL = /(做|干|搞|讲|说|谈|聊|写|提)(了|过)?(些)?(什么|啥|哪些)/g;

export function separateAsking(q: string): string {
  return q.replace(ASKING_TAIL, ' $&');
}
