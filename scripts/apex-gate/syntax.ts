import { readFile } from 'node:fs/promises';
import { ApexErrorListener, ApexParserFactory } from '@apexdevtools/apex-parser';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { ApexProject } from './project.ts';
import { relativePath } from './project.ts';
import type { Problem, StageOutcome } from './report.ts';
import { count } from './report.ts';

interface SyntaxError {
  line: number;
  column: number;
  message: string;
}

class CollectingListener extends ApexErrorListener {
  readonly errors: SyntaxError[] = [];

  apexSyntaxError(line: number, column: number, msg: string): void {
    // ANTLR columns are 0-based.
    this.errors.push({ line, column: column + 1, message: msg });
  }
}

/**
 * Parses one Apex source. Separate listeners on the lexer and the parser: the package's own
 * `check()` listens to the parser only, so lexer errors (bad escapes, stray characters) go unseen.
 */
export function parseApex(source: string, kind: 'class' | 'trigger'): Problem[] {
  const lexerErrors = new CollectingListener();
  const parserErrors = new CollectingListener();
  const lexer = ApexParserFactory.createLexer(source);
  lexer.addErrorListener(lexerErrors);
  const parser = ApexParserFactory.createParser(ApexParserFactory.createTokenStream(lexer));
  parser.addErrorListener(parserErrors);
  if (kind === 'class') parser.compilationUnit();
  else parser.triggerUnit();
  const toProblem = (rule: string) => (e: SyntaxError) =>
    ({ file: '', ...e, stage: 'syntax', rule, severity: 'error' }) satisfies Problem;
  return [
    ...lexerErrors.errors.map(toProblem('lexer')),
    ...parserErrors.errors.map(toProblem('parser')),
  ];
}

const metaParser = new XMLParser({ parseTagValue: false, ignoreDeclaration: true });

export function checkMetaXml(text: string, kind: 'class' | 'trigger'): Problem[] {
  const problem = (line: number, column: number, message: string, rule: string): Problem => ({
    file: '',
    line,
    column,
    message,
    stage: 'syntax',
    rule,
    severity: 'error',
  });
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    return [problem(valid.err.line, valid.err.col, `malformed XML: ${valid.err.msg}`, 'meta-xml')];
  }
  const rootElement = kind === 'class' ? 'ApexClass' : 'ApexTrigger';
  const parsed = metaParser.parse(text) as Record<string, unknown>;
  const meta = parsed[rootElement];
  if (meta === undefined) {
    return [problem(1, 1, `root element must be <${rootElement}>`, 'meta-xml')];
  }
  const apiVersion =
    typeof meta === 'object' && meta !== null ? (meta as Record<string, unknown>).apiVersion : '';
  if (typeof apiVersion !== 'string' || !/^\d+\.0$/.test(apiVersion.trim())) {
    return [
      problem(1, 1, `<${rootElement}> needs an <apiVersion> such as 65.0`, 'meta-api-version'),
    ];
  }
  return [];
}

export async function checkSyntax(project: ApexProject): Promise<StageOutcome> {
  const problems: Problem[] = [];
  const metaFiles = new Set(project.metaFiles);
  const inFile = (file: string) => (p: Problem) => ({
    ...p,
    file: relativePath(project.root, file),
  });
  for (const file of project.sources) {
    const kind = file.endsWith('.cls') ? 'class' : 'trigger';
    problems.push(...parseApex(await readFile(file, 'utf8'), kind).map(inFile(file)));
    const metaFile = `${file}-meta.xml`;
    if (!metaFiles.has(metaFile)) {
      problems.push({
        file: relativePath(project.root, file),
        line: 1,
        column: 1,
        message: `missing ${relativePath(project.root, metaFile)}`,
        stage: 'syntax',
        rule: 'meta-missing',
        severity: 'error',
      });
    }
  }
  const sources = new Set(project.sources);
  for (const metaFile of project.metaFiles) {
    const source = metaFile.slice(0, -'-meta.xml'.length);
    if (!sources.has(source)) {
      problems.push({
        file: relativePath(project.root, metaFile),
        line: 1,
        column: 1,
        message: `metadata file without its source ${relativePath(project.root, source)}`,
        stage: 'syntax',
        rule: 'meta-orphan',
        severity: 'error',
      });
      continue;
    }
    const kind = source.endsWith('.cls') ? 'class' : 'trigger';
    problems.push(...checkMetaXml(await readFile(metaFile, 'utf8'), kind).map(inFile(metaFile)));
  }
  return {
    problems,
    checked: `${count(project.sources.length, 'source')}, ${count(project.metaFiles.length, 'meta file')}`,
  };
}
