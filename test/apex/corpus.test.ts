/**
 * The runtime's corpus (test/apex/corpus/*.apex): small Apex programs with the output the platform
 * gives them, each citing the section of the Apex Developer Guide it follows. A file is anonymous
 * Apex in sections:
 *
 *   // Apex Developer Guide, "Section": what the program shows
 *   //# class Name        a top-level class (loaded before the first run)
 *   //# run               anonymous Apex, one transaction (a file may have several)
 *   //# debug             the lines that run's System.debug calls print, in order
 *   //# error             the uncaught exception ending that run: `Type: message`
 *   //# error matching    the same as a regular expression, where the platform's figure differs
 *                         from the runtime's approximation (the heap size)
 *
 * Each run gets the output its section says and nothing else: no expected line may be missing,
 * none may be extra, and a run without `//# error` must end normally.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadClasses, newHarnessRuntime, runAnonymous } from './harness.ts';

const CORPUS = join(import.meta.dirname, 'corpus');

interface Run {
  source: string;
  debug: string[];
  error: string | RegExp | null;
}

interface Program {
  citation: string;
  classes: { name: string; body: string }[];
  runs: Run[];
}

function parseProgram(file: string, text: string): Program {
  const lines = text.split('\n');
  const citation = lines[0] ?? '';
  const program: Program = { citation, classes: [], runs: [] };
  let section: { kind: string; name: string; lines: string[] } | null = null;
  const close = () => {
    if (!section) return;
    const body = section.lines.join('\n');
    const run = program.runs.at(-1);
    switch (section.kind) {
      case 'class':
        program.classes.push({ name: section.name, body });
        break;
      case 'run':
        program.runs.push({ source: body, debug: [], error: null });
        break;
      case 'debug':
        assert.ok(run, `${file}: //# debug before any //# run`);
        run.debug = section.lines.filter((l) => l !== '');
        break;
      case 'error':
        assert.ok(run, `${file}: //# error before any //# run`);
        const text = section.lines.filter((l) => l !== '').join('\n');
        run.error = section.name === 'matching' ? new RegExp(text) : text;
        break;
      default:
        assert.fail(`${file}: unknown section //# ${section.kind}`);
    }
  };
  for (const line of lines.slice(1)) {
    const marker = /^\/\/# (\w+)(?: (\w+))?\s*$/.exec(line);
    if (marker) {
      close();
      section = { kind: marker[1], name: marker[2] ?? '', lines: [] };
    } else if (section) {
      section.lines.push(line);
    }
  }
  close();
  return program;
}

const files = readdirSync(CORPUS)
  .filter((f) => f.endsWith('.apex'))
  .sort();

describe('the Apex corpus', () => {
  it('has programs, each citing the Apex Developer Guide', () => {
    assert.ok(files.length >= 20, `only ${files.length} programs`);
    for (const file of files) {
      const first = readFileSync(join(CORPUS, file), 'utf8').split('\n')[0];
      assert.match(first, /^\/\/ Apex Developer Guide, "[^"]+"/, file);
    }
  });

  for (const file of files) {
    it(file.replace(/\.apex$/, ''), () => {
      const program = parseProgram(file, readFileSync(join(CORPUS, file), 'utf8'));
      assert.ok(program.runs.length > 0, `${file}: no //# run section`);
      const runtime = newHarnessRuntime();
      if (program.classes.length) loadClasses(runtime, program.classes);
      program.runs.forEach((run, i) => {
        const outcome = runAnonymous(run.source, runtime);
        const label = `${file}, run ${i + 1}`;
        assert.deepEqual(outcome.debug, run.debug, `${label}: debug output`);
        if (run.error instanceof RegExp) {
          assert.match(outcome.error ?? '(none)', run.error, `${label}: uncaught exception`);
        } else {
          assert.equal(outcome.error, run.error, `${label}: uncaught exception`);
        }
      });
    });
  }
});
