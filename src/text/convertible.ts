/**
 * Which characters OpenCC's traditional→simplified conversions can change, so that text holding none of them
 * skips the conversion: nearly every report is simplified already, and the dictionary walk costs a sixth of an
 * ingest. Exact, not a heuristic, derived from the very dictionaries the converter loads:
 * - a dictionary entry whose replacement differs from its key contributes the key's characters that differ (all of
 *   them when the lengths differ); a text without any of them cannot contain such a key, and entries that map to
 *   themselves change nothing;
 * - except a character that a two-stage chain sends there and back: stage 1 maps it alone to y (HK/TW variant →
 *   OpenCC traditional, 台 → 臺), stage 2 maps y alone straight back (臺 → 台), it is in no other stage-1 entry
 *   that changes text, and y is in no longer stage-2 key. Such a character leaves the text as it was.
 */
import type { DictLike, LocalePreset } from 'opencc-js';

type Chain = readonly (readonly DictLike[])[];

/** Entries as opencc-js reads them: "a b|c d" (replacement = first alternative) or [key, replacement] pairs. */
function entries(d: DictLike): (readonly [string[], string[]])[] {
  const pairs: readonly (readonly [string, string])[] =
    typeof d !== 'string'
      ? d
      : d.split('|').map((line) => {
          const [l = '', r = ''] = line.split(' ');
          return [l, r] as const;
        });
  return pairs.map(([k, v]) => [[...k], [...v]] as const);
}

/** Characters at which the group's entries change text. */
function changing(group: readonly DictLike[]): Set<string> {
  const out = new Set<string>();
  for (const d of group) {
    for (const [k, v] of entries(d)) {
      k.forEach((ch, i) => {
        if (k.length !== v.length || ch !== v[i]) out.add(ch);
      });
    }
  }
  return out;
}

/**
 * Characters x that stage `a` alone maps to one y and stage `b` maps straight back, such that no longer entry of
 * either stage that could still match a text free of `changed` (minus these x) turns it into something else. Starts
 * from every x → y → x pair and drops pairs until all that remain hold against each other.
 */
function roundTrips(
  a: readonly DictLike[],
  b: readonly DictLike[],
  changed: Set<string>,
): Map<string, string> {
  const single = (group: readonly DictLike[]) => {
    const m = new Map<string, Set<string>>();
    const longer: (readonly [string[], string[]])[] = [];
    for (const d of group) {
      for (const e of entries(d)) {
        const [k, v] = e;
        if (k.length === 1) {
          const s = m.get(k[0] as string) ?? new Set<string>();
          s.add(v.join(''));
          m.set(k[0] as string, s);
        } else if (k.join('') !== v.join('') || group === b) longer.push(e);
      }
    }
    return { m, longer };
  };
  const A = single(a);
  const B = single(b);
  // Every character stage 1 turns into another, with all it may become (alone or inside a phrase).
  const images = new Map<string, Set<string>>();
  const image = (x: string, y: string) => {
    const s = images.get(x) ?? new Set<string>();
    s.add(y);
    images.set(x, s);
  };
  for (const [x, ys] of A.m) for (const y of ys) if (y !== x) image(x, y);
  for (const [k, v] of A.longer) {
    if (k.length !== v.length) for (const ch of k) image(ch, '');
    else k.forEach((ch, i) => v[i] !== ch && image(ch, v[i] as string));
  }
  const there = new Map<string, string>();
  for (const [x, ys] of images) {
    const y = ys.size === 1 ? ([...ys][0] as string) : '';
    if ([...y].length !== 1) continue;
    const xs = B.m.get(y);
    if (xs?.size === 1 && xs.has(x)) there.set(x, y);
  }
  for (let dropped = true; dropped;) {
    dropped = false;
    const back = new Map<string, string>();
    for (const [x, y] of there) back.set(y, x);
    // A char can be in a text that skips conversion, or be a stage-1 output, only if it is not "changing".
    const maySeeA = (ch: string) => !changed.has(ch) || there.has(ch);
    const maySeeB = (ch: string) => !changed.has(ch) || back.has(ch);
    for (const [k, v] of A.longer) {
      if (!k.every(maySeeA)) continue;
      // Harmless when it only does what the single characters do (each x either kept or turned into its y).
      if (k.length === v.length && k.every((ch, i) => v[i] === ch || there.get(ch) === v[i])) continue;
      for (const ch of k) if (there.delete(ch)) dropped = true;
    }
    for (const [k, v] of B.longer) {
      if (!k.some((ch) => back.has(ch)) || !k.every(maySeeB)) continue;
      const undone = k.map((ch) => back.get(ch) ?? ch).join('');
      if (undone === v.join('')) continue;
      for (const ch of k) {
        const x = back.get(ch);
        if (x !== undefined && there.delete(x)) dropped = true;
      }
    }
  }
  return there;
}

export interface CharSet {
  /** True when `text` holds at least one character of the set. */
  hits(text: string): boolean;
  has(ch: string): boolean;
  readonly size: number;
}

/** Characters whose presence lets one of the preset's configs (e.g. "hk2s", "tw2s") change a text. */
export function convertibleChars(preset: LocalePreset, configs: readonly string[]): CharSet {
  const chars = new Set<string>();
  for (const name of configs) {
    const c = preset.configs?.[name] as { conversionChain: Chain; normalizationChain?: Chain } | undefined;
    if (!c) throw new Error(`opencc-js: no "${name}" configuration`);
    const groups = [...(c.normalizationChain ?? []), ...c.conversionChain];
    const own = new Set<string>();
    for (const g of groups) for (const ch of changing(g)) own.add(ch);
    const [a, b] = c.conversionChain;
    if (c.conversionChain.length === 2 && a && b) {
      // Only stage 1 may change a round-trip character: it must not be one normalisation or stage 2 changes.
      const fixed = new Set([...(c.normalizationChain ?? []), b].flatMap((g) => [...changing(g)]));
      for (const x of roundTrips(a, b, own).keys()) if (!fixed.has(x)) own.delete(x);
    }
    for (const ch of own) chars.add(ch);
  }
  const bmp = new Uint8Array(0x10000);
  const astral = new Set<number>();
  for (const ch of chars) {
    const cp = ch.codePointAt(0) as number;
    if (cp < 0x10000) bmp[cp] = 1;
    else astral.add(cp);
  }
  return {
    size: chars.size,
    has: (ch) => chars.has(ch),
    hits(text) {
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c >= 0xd800 && c <= 0xdbff) {
          const cp = text.codePointAt(i) as number;
          if (cp > 0xffff) {
            if (astral.has(cp)) return true;
            i++;
            continue;
          }
        }
        if (bmp[c] === 1) return true;
      }
      return false;
    },
  };
}
