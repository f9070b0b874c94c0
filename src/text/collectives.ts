/**
 * Collective names and their members. A question asks about "民主党派" or "人民团体"; a report names the member
 * that spoke ("民盟天津市委会提出…", "市妇联建议…") and never the collective, so neither search nor the
 * refusal check finds the report. A collective here is a closed, official list, so a member named in a text
 * stands for the collective:
 * - 民主党派: the eight democratic parties of the CPPCC (the CPPCC Charter and the Constitution's preamble), each
 *   with its full name and the short name it uses itself;
 * - 人民团体: the people's organisations that take part in the CPPCC as sectors (界别) of its National Committee,
 *   with their full and standard short names.
 * Nothing here comes from questions.
 */

interface Collective {
  /** The collective as written, with the forms that mean the same ("各民主党派"). */
  names: readonly string[];
  /** Each member's spellings, the short name first (search sends the short names). */
  members: readonly (readonly string[])[];
}

const COLLECTIVES: readonly Collective[] = [
  {
    names: ['民主党派', '各民主党派', '八个民主党派'],
    members: [
      ['民革', '中国国民党革命委员会'],
      ['民盟', '中国民主同盟'],
      ['民建', '中国民主建国会'],
      ['民进', '中国民主促进会'],
      ['农工党', '中国农工民主党', '农工民主党'],
      ['致公党', '中国致公党'],
      ['九三学社'],
      ['台盟', '台湾民主自治同盟'],
    ],
  },
  {
    names: ['人民团体', '各人民团体'],
    members: [
      ['总工会', '工会联合会'],
      ['共青团', '中国共产主义青年团'],
      ['妇联', '妇女联合会'],
      ['科协', '科学技术协会'],
      ['台联', '台湾同胞联谊会'],
      ['青联', '青年联合会'],
      ['工商联', '工商业联合会'],
      ['侨联', '归国华侨联合会'],
    ],
  },
];

const BY_NAME = new Map<string, Collective>(COLLECTIVES.flatMap((c) => c.names.map((n) => [n, c] as const)));

/** Every spelling of every member of the collective the term names; empty when it names none. */
export function memberSpellings(term: string): readonly string[] {
  return BY_NAME.get(term)?.members.flat() ?? [];
}

/** The text names one of the collective's members (the term being the collective's name). */
export function namesMember(term: string, text: string): boolean {
  return memberSpellings(term).some((m) => text.includes(m));
}

/** The longest collective name at each place in the text, in order. */
function scan(text: string): { start: number; end: number; c: Collective }[] {
  const names = [...BY_NAME.keys()].sort((a, b) => b.length - a.length);
  const out: { start: number; end: number; c: Collective }[] = [];
  for (let at = 0; at < text.length;) {
    const name = names.find((n) => text.startsWith(n, at));
    const c = name === undefined ? undefined : BY_NAME.get(name);
    if (name === undefined || c === undefined) {
      at++;
      continue;
    }
    out.push({ start: at, end: at + name.length, c });
    at += name.length;
  }
  return out;
}

/**
 * The text with each collective replaced by its members' short names ("天津的民主党派…" → "天津的民革 民盟 …"),
 * or undefined when it names none: search sends it besides the text as typed.
 */
export function memberForm(text: string): string | undefined {
  const hits = scan(text);
  if (hits.length === 0) return undefined;
  let out = '';
  let at = 0;
  for (const h of hits) {
    out += `${text.slice(at, h.start)} ${h.c.members.map((m) => m[0]).join(' ')} `;
    at = h.end;
  }
  return out + text.slice(at);
}
