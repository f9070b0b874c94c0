/**
 * CI regression gate: reads an eval run's stdout (its last line is the JSON summary) and fails when a figure
 * falls below its floor (or a "lower is better" figure rises above its ceiling).
 *   npm run eval -- … | npx tsx src/eval/gate.ts 'non_english.hit@5>=0.85' 'by_type.negative.refusal>=1' …
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

export interface Check {
  path: string;
  op: '>=' | '<=';
  limit: number;
}

export function parseCheck(spec: string): Check {
  const m = /^([\w@.-]+)\s*(>=|<=)\s*(-?\d+(\.\d+)?)$/.exec(spec.trim());
  if (!m || m[1] === undefined || m[2] === undefined || m[3] === undefined) {
    throw new Error(`bad check "${spec}" (expected e.g. non_english.hit@5>=0.85)`);
  }
  return { path: m[1], op: m[2] as Check['op'], limit: Number(m[3]) };
}

/** Looks up "by_type.negative.refusal": segments split on dots, but "hit@5"-style keys stay whole. */
export function lookup(obj: unknown, path: string): number | undefined {
  let cur: unknown = obj;
  for (const key of path.split('.')) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return typeof cur === 'number' ? cur : undefined;
}

/** Failure messages (empty when every check passes). */
export function runGate(summaryLine: string, checks: Check[]): string[] {
  const summary: unknown = JSON.parse(summaryLine);
  const failures: string[] = [];
  for (const c of checks) {
    const v = lookup(summary, c.path);
    if (v === undefined) failures.push(`${c.path}: missing from the eval summary`);
    else if (c.op === '>=' ? v < c.limit : v > c.limit) {
      failures.push(`${c.path} = ${v}, expected ${c.op} ${c.limit}`);
    }
  }
  return failures;
}

export function lastJsonLine(text: string): string {
  const line = text
    .trim()
    .split('\n')
    .reverse()
    .find((l) => l.trim().startsWith('{'));
  if (line === undefined) throw new Error('no JSON summary line in the eval output');
  return line;
}

function main(): void {
  const checks = process.argv.slice(2).map(parseCheck);
  const input = readFileSync(0, 'utf8');
  const failures = runGate(lastJsonLine(input), checks);
  if (failures.length > 0) {
    process.stderr.write(`eval gate FAILED:\n${failures.map((f) => `  ${f}`).join('\n')}\n`);
    process.exitCode = 1;
    return;
  }
  process.stdout.write(`eval gate passed (${checks.length} checks)\n`);
}

// Run as a script (not when imported by tests).
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main();
