/**
 * npm run eval:llm-check -- --questions <file.jsonl> --corpus <path>… [--behaviour name,number,…] [--verbose]
 *
 * "Never worse than offline", measured: every question is answered offline, then through LLM mode with a scripted
 * model (src/eval/scripted-model.ts) for each behaviour — fabrications behind real citations, uncited claims,
 * out-of-range markers, NO_ANSWER, garbage, another question answered, a faithful copy. Reports per behaviour how
 * many of the questions the offline core answers LLM mode still answers (target: all), and how many answers showed
 * an invented name or number to the reader, in the final text or any streamed partial (target: 0).
 * The LAST stdout line is one JSON object.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { loadConfigFromEnvFile } from '../config.js';
import { openEvalStore } from '../eval/corpus.js';
import { loadQuestions } from '../eval/questions.js';
import {
  BEHAVIOUR_NOTES,
  BEHAVIOURS,
  fakesAbsentFrom,
  scriptedModel,
  type Behaviour,
} from '../eval/scripted-model.js';
import { createQaService } from '../rag/answer.js';
import { detectPlaces } from '../text/places.js';

interface Row {
  behaviour: Behaviour;
  questions: number;
  offline_answered: number;
  /** Of the questions the offline core answers, how many LLM mode answers (not refused). */
  still_answered: number;
  /** Answers whose final text or a partial held an invented name or number. */
  fabricated_shown: number;
  /** Answers where the model's reply stood (mode llm, not refused). */
  model_kept: number;
  /** Answers that fell back to the offline answer (mode fallback). */
  offline_fallback: number;
}

/** The text of every file under the corpus paths (to keep invented names that a report does hold out). */
async function corpusText(paths: string[]): Promise<string> {
  const out: string[] = [];
  const walk = async (p: string): Promise<void> => {
    const s = await stat(p);
    if (s.isDirectory()) for (const e of await readdir(p)) await walk(path.join(p, e));
    else out.push(await readFile(p, 'utf8').catch(() => ''));
  };
  for (const p of paths) await walk(p);
  return out.join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      questions: { type: 'string' },
      corpus: { type: 'string', multiple: true },
      behaviour: { type: 'string' },
      verbose: { type: 'boolean', default: false },
      'data-dir': { type: 'string' },
    },
  });
  if (!values.questions || !values.corpus) {
    process.stderr.write(
      'usage: npm run eval:llm-check -- --questions <file.jsonl> --corpus <path>… [--behaviour name,number]\n',
    );
    process.exitCode = 2;
    return;
  }
  const behaviours = (values.behaviour?.split(',') ?? [...BEHAVIOURS]) as Behaviour[];
  for (const b of behaviours) if (!BEHAVIOURS.includes(b)) throw new Error(`unknown behaviour ${b}`);
  const cfg = await loadConfigFromEnvFile();
  const log = pino({ level: 'warn' }, pino.destination(2));
  const questions = await loadQuestions(values.questions);
  const corpus = await corpusText(values.corpus);
  const store = await openEvalStore(cfg, values.corpus, {
    log,
    ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}),
  });
  try {
    const model = scriptedModel(fakesAbsentFrom(corpus));
    const offline = createQaService({ client: store.client, cfg: store.cfg, log });
    const llm = createQaService({ client: store.client, cfg: store.cfg, chat: model, log });
    const offAnswers = [];
    for (const q of questions) offAnswers.push(await offline.answer(q.question));
    const rows: Row[] = [];
    for (const behaviour of behaviours) {
      model.behaviour = behaviour;
      const row: Row = {
        behaviour,
        questions: questions.length,
        offline_answered: 0,
        still_answered: 0,
        fabricated_shown: 0,
        model_kept: 0,
        offline_fallback: 0,
      };
      for (const [i, q] of questions.entries()) {
        const off = offAnswers[i];
        model.place = detectPlaces(q.question)[0]?.name ?? '';
        const partials: string[] = [];
        const a = await llm.answer(q.question, { onPartial: (t) => partials.push(t) });
        const invented = [...model.invented].filter((x) => !corpus.includes(x));
        const shown = invented.filter((x) => [a.text, ...partials].some((t) => t.includes(x)));
        if (off && !off.refused) {
          row.offline_answered++;
          if (!a.refused) row.still_answered++;
        }
        if (shown.length > 0) row.fabricated_shown++;
        if (a.mode === 'llm' && !a.refused) row.model_kept++;
        if (a.mode === 'fallback') row.offline_fallback++;
        const lost = off && !off.refused && a.refused;
        if (values.verbose || shown.length > 0 || lost) {
          process.stderr.write(
            `${behaviour} ${q.id} offline=${off?.refused ? 'refused' : 'answered'} llm=${a.refused ? 'refused' : a.mode}` +
              `${shown.length > 0 ? ` SHOWN=${shown.join(',')}` : ''} ${a.text.replace(/\n/g, ' ').slice(0, 120)}\n`,
          );
        }
      }
      rows.push(row);
    }
    const lines = [
      'behaviour      questions  offline_answered  still_answered  fabricated_shown  model_kept  offline_fallback',
      ...rows.map(
        (r) =>
          `${r.behaviour.padEnd(14)} ${String(r.questions).padStart(9)}  ${String(r.offline_answered).padStart(16)}  ` +
          `${String(r.still_answered).padStart(14)}  ${String(r.fabricated_shown).padStart(16)}  ` +
          `${String(r.model_kept).padStart(10)}  ${String(r.offline_fallback).padStart(16)}`,
      ),
      '',
      ...behaviours.map((b) => `${b}: ${BEHAVIOUR_NOTES[b]}`),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    const total = {
      offline_answered: rows.reduce((s, r) => s + r.offline_answered, 0),
      still_answered: rows.reduce((s, r) => s + r.still_answered, 0),
      fabricated_shown: rows.reduce((s, r) => s + r.fabricated_shown, 0),
    };
    process.stdout.write(`${JSON.stringify({ questions: values.questions, total, rows })}\n`);
  } finally {
    await store.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`eval failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
