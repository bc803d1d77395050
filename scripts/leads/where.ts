/**
 * The --where of `leads reassign`: parsed with the SOQL parser as one condition on Lead, refused
 * (exit 2, with the column in the person's own text) when it is anything else, and composed into
 * the selection query from the parsed tree, so no input can close a parenthesis, add a clause or
 * reach another object except through a semi-join the condition itself holds.
 */
import { composeQuery, parseQuery } from '@jetstreamapp/soql-parser-js';
import type {
  ILexingError,
  IRecognitionException,
  Query,
  WhereClause,
} from '@jetstreamapp/soql-parser-js';
import { badInput } from '../cli/errors.ts';
import type { CliError } from '../cli/errors.ts';
import { soqlString } from '../cli/soql.ts';

/** A --where the parser took whole: the person's text and its tree. */
export interface LeadCondition {
  text: string;
  where: WhereClause;
}

const PREFIX = 'SELECT Id FROM Lead WHERE ';

export const WHERE_EXAMPLE = `--where "Country = 'Germany' AND Status = 'Open - Not Contacted'"`;

/** Clauses a SELECT may have after WHERE, none of which --where may add. */
const CLAUSE_NAMES: Partial<Record<keyof Query, (query: Query) => string>> = {
  usingScope: () => 'USING SCOPE',
  groupBy: () => 'GROUP BY',
  having: () => 'HAVING',
  orderBy: () => 'ORDER BY',
  limit: () => 'LIMIT',
  offset: () => 'OFFSET',
  withDataCategory: () => 'WITH DATA CATEGORY',
  withSecurityEnforced: () => 'WITH SECURITY_ENFORCED',
  withAccessLevel: (q) => `WITH ${q.withAccessLevel}`,
  for: (q) => `FOR ${q.for}`,
  update: (q) => `UPDATE ${q.update}`,
};

const AGGREGATES = new Set(['AVG', 'COUNT', 'COUNT_DISTINCT', 'MAX', 'MIN', 'SUM']);

/** A clause keyword where a condition should go on. */
const CLAUSE_KEYWORDS = new Set([
  'SELECT',
  'FROM',
  'WHERE',
  'USING',
  'GROUP',
  'HAVING',
  'ORDER',
  'LIMIT',
  'OFFSET',
  'WITH',
  'FOR',
  'UPDATE',
]);

/** Refuses the text of --where, pointing at a column of it. */
export function badWhere(
  text: string,
  column: number | null,
  problem: string,
  headline = '--where must be one condition on Lead',
): CliError {
  const shown = text.replace(/[\t\n\r]/g, ' ');
  const lead = '  --where "';
  const where =
    column === null
      ? [`${lead}${shown}"`]
      : [`${lead}${shown}"`, `${' '.repeat(lead.length + column - 1)}^`];
  return badInput(
    'BadWhere',
    [
      `${headline}; ${column === null ? '' : `at column ${column}, `}${problem}`,
      ...where,
      'Nothing was changed.',
    ].join('\n'),
    `Give a SOQL condition on Lead, e.g. ${WHERE_EXAMPLE}.`,
  );
}

/** Chevrotain's exceptions carry the last token read before the one they stopped at, untyped. */
type RecognitionError = IRecognitionException & { previousToken?: IRecognitionException['token'] };
type ParserError = ILexingError | RecognitionError;

/**
 * parseQuery with the parser's own error. Its exceptions keep only a message; the offending token
 * (and so the position) is in the error it hands to console.log under `logErrors`, so that one
 * synchronous call has console.log caught.
 */
function parse(soql: string): { query: Query } | { error: ParserError | null } {
  const logged: unknown[] = [];
  const log = console.log;
  console.log = (...args: unknown[]) => void logged.push(...args);
  try {
    return { query: parseQuery(soql, { logErrors: true }) };
  } catch {
    const errors = logged.find((item): item is ParserError[] => Array.isArray(item));
    return { error: errors?.[0] ?? null };
  } finally {
    console.log = log;
  }
}

const isLexingError = (error: ParserError): error is ILexingError => 'offset' in error;

/** What is wrong where the parser stopped, in words, and the 1-based column in `text`. */
function describeParserError(text: string, error: ParserError | null): [number | null, string] {
  const end = text.trimEnd().length + 1;
  if (text.trim() === '') return [1, 'it is empty.'];
  if (error === null) return [null, 'the SOQL parser did not take it.'];
  if (isLexingError(error)) {
    const at = error.offset - PREFIX.length;
    const char = text[at];
    const column = at + 1;
    if (char === "'") {
      return [
        column,
        "this quote is never closed (values go in straight single quotes, 'Germany'; a quote inside a value is written \\').",
      ];
    }
    if ('‘’‚“”„'.includes(char)) {
      return [
        column,
        `"${char}" is a typographic quote; SOQL values take straight single quotes: 'Germany'.`,
      ];
    }
    if (char === '"') return [column, "SOQL values take single quotes, not double: 'Germany'."];
    if (char === '/') return [column, 'SOQL has no comments.'];
    return [column, `"${char}" is not part of SOQL.`];
  }
  const token = error.token;
  // The parser reads a word after a complete condition as the start of another one; it fails a
  // token or two later. Point at that word instead.
  const previous = error.previousToken;
  const complete =
    previous && previous.startOffset > PREFIX.length && !/^(AND|OR|NOT)$/i.test(previous.image)
      ? previous
      : null;
  if (
    complete &&
    'query' in parse(`${PREFIX}${text.slice(0, complete.startOffset - PREFIX.length)}`)
  ) {
    return describeAfterCondition(complete.image, complete.startOffset - PREFIX.length + 1);
  }
  if (token.tokenType.name === 'EOF' || Number.isNaN(token.startOffset)) {
    if (/R_?PAREN/i.test(error.message)) return [end, 'a "(" is never closed.'];
    return [
      end,
      'it stops short: a comparison, a value or a condition after AND/OR is missing at the end.',
    ];
  }
  const column = token.startOffset - PREFIX.length + 1;
  const image = token.image;
  if (image === ')' && error.name === 'NotAllInputParsedException') {
    return [column, 'this ")" closes a parenthesis that was never opened.'];
  }
  if (image === ';') return [column, 'a semicolon: --where takes one condition, not statements.'];
  if (image === '-' && text[column] === '-') return [column, 'SOQL has no comments ("--").'];
  if (error.name === 'NotAllInputParsedException') return describeAfterCondition(image, column);
  return [column, `"${image}" is not expected here.`];
}

/** A word the parser found where a complete condition should have ended. */
function describeAfterCondition(image: string, column: number): [number, string] {
  return CLAUSE_KEYWORDS.has(image.toUpperCase())
    ? [column, `"${image}" starts another clause; --where takes only a condition.`]
    : [column, `"${image}" follows a complete condition (is an AND or OR missing?).`];
}

/** The characters of a text that are not white space, with where each one is. */
function significant(text: string): { char: string; at: number }[] {
  const chars: { char: string; at: number }[] = [];
  for (let at = 0; at < text.length; at += 1) {
    if (!/\s/.test(text[at])) chars.push({ char: text[at].toLowerCase(), at });
  }
  return chars;
}

/**
 * Where the condition composed from the tree first differs from the person's text, ignoring
 * white space and case (the composer respaces and upper-cases keywords): the index in `text`, or
 * null when the tree holds all of it. The parser skips some input without an error (a leading
 * AND, a condition with no AND or OR before it), and this is how that is caught.
 */
export function firstDroppedChar(text: string, composed: string): number | null {
  const given = significant(text);
  const kept = significant(composed);
  for (let i = 0; i < given.length; i += 1) {
    if (kept[i]?.char !== given[i].char) return given[i].at;
  }
  // Longer than the text: the tree says something the text did not.
  return kept.length > given.length ? text.trimEnd().length : null;
}

const whereOnly = (where: WhereClause): string =>
  composeQuery({ fields: [{ type: 'Field', field: 'Id' }], sObject: 'Lead', where }).slice(
    PREFIX.length,
  );

/** Every condition of a where clause, subqueries not entered. */
function* conditionsOf(where: WhereClause | undefined): Generator<WhereClause['left']> {
  for (let node = where; node; node = (node as { right?: WhereClause }).right) yield node.left;
}

const inWords = (items: string[]) =>
  items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;

/** The clauses of a parsed query besides SELECT, FROM and WHERE, as written in SOQL. */
function otherClauses(query: Query): string[] {
  return Object.keys(query)
    .filter((key) => !['fields', 'sObject', 'where'].includes(key))
    .map((key) => CLAUSE_NAMES[key as keyof Query]?.(query) ?? key);
}

/** The first aggregate function (COUNT, SUM, ...) among the conditions, with its column. */
function aggregateIn(text: string, where: WhereClause): [number | null, string] | null {
  for (const condition of conditionsOf(where)) {
    const name = condition && 'fn' in condition ? condition.fn.functionName : undefined;
    if (name && AGGREGATES.has(name.toUpperCase())) {
      const at = text.search(new RegExp(`\\b${name}\\s*\\(`, 'i'));
      return [at === -1 ? null : at + 1, name];
    }
  }
  return null;
}

/** Parses --where as one condition on Lead, or refuses it (exit 2) saying where and why. */
export function parseLeadCondition(text: string): LeadCondition {
  const parsed = parse(`${PREFIX}${text}`);
  if ('error' in parsed) throw badWhere(text, ...describeParserError(text, parsed.error));
  const { where } = parsed.query;
  if (!where) throw badWhere(text, 1, 'it is empty.');
  const dropped = firstDroppedChar(text, whereOnly(where));
  const column = dropped === null ? null : dropped + 1;
  const clauses = otherClauses(parsed.query);
  if (clauses.length > 0) {
    throw badWhere(
      text,
      column,
      `--where takes only a condition, not ${inWords(clauses)}: channelkit selects every lead that matches (narrow the condition instead).`,
    );
  }
  if (dropped !== null) {
    const atStart = /^\s*(AND|OR)\b/i.test(text) && dropped === text.search(/\S/);
    throw badWhere(
      text,
      column,
      atStart
        ? 'a condition cannot start with AND or OR.'
        : 'this part is not joined to the condition before it (is an AND or OR missing?).',
    );
  }
  const aggregate = aggregateIn(text, where);
  if (aggregate) {
    throw badWhere(
      text,
      aggregate[0],
      `${aggregate[1]} is an aggregate function, which a SOQL condition cannot use.`,
    );
  }
  return { text, where };
}

/** The same condition inside one more pair of parentheses. */
function parenthesized(where: WhereClause): WhereClause {
  const copy = structuredClone(where);
  const first = copy as { left: { openParen?: number } | null };
  first.left = { ...(first.left ?? {}), openParen: (first.left?.openParen ?? 0) + 1 };
  let last = copy as { left: { closeParen?: number } | null; right?: WhereClause };
  while (last.right) last = last.right as typeof last;
  last.left = { ...last.left, closeParen: (last.left?.closeParen ?? 0) + 1 };
  return copy;
}

/**
 * `SELECT Id, OwnerId FROM Lead WHERE IsConverted = false [AND Status NOT IN (closed)] AND
 * (<condition>)`, composed from trees. `closedStatuses` null: closed leads are selected too.
 */
export function selectionQuery(
  condition: LeadCondition,
  closedStatuses: readonly string[] | null,
): string {
  const own: WhereClause = parenthesized(condition.where);
  const open: WhereClause =
    closedStatuses && closedStatuses.length > 0
      ? {
          left: {
            field: 'Status',
            operator: 'NOT IN',
            literalType: 'STRING',
            value: closedStatuses.map(soqlString),
          },
          operator: 'AND',
          right: own,
        }
      : own;
  const soql = composeQuery({
    fields: [
      { type: 'Field', field: 'Id' },
      { type: 'Field', field: 'OwnerId' },
    ],
    sObject: 'Lead',
    where: {
      left: { field: 'IsConverted', operator: '=', literalType: 'BOOLEAN', value: 'FALSE' },
      operator: 'AND',
      right: open,
    },
  });
  // The parser balanced the condition's parentheses, so the pair around it holds all of it.
  if (!soql.endsWith(`(${whereOnly(condition.where)})`)) {
    throw new Error(`the selection query did not compose as expected: ${soql}`);
  }
  return soql;
}

/** An org's refusal of the selection query (an unknown field, a wrong type): exit 2. */
export function orgRefusedWhere(
  error: unknown,
  condition: LeadCondition,
  soql: string,
): CliError | null {
  const { errorCode, message } = (error ?? {}) as { errorCode?: unknown; message?: unknown };
  if (typeof errorCode !== 'string' || typeof message !== 'string') return null;
  if (
    !/^(INVALID_FIELD|INVALID_TYPE|MALFORMED_QUERY|INVALID_QUERY_FILTER_OPERATOR|INVALIDJOB)$/.test(
      errorCode,
    )
  )
    return null;
  // "\n<query>\n<caret>\nERROR at Row:1:Column:52\n<why>": the column is in our query.
  const located = /ERROR at Row:(\d+):Column:(\d+)\s*\n([\s\S]*)$/.exec(message);
  const why = (located?.[3] ?? message).trim();
  let column: number | null = null;
  const own = whereOnly(condition.where);
  if (located && located[1] === '1') {
    const offset = Number(located[2]) - 1 - (soql.length - 1 - own.length);
    if (offset >= 0 && offset < own.length) {
      const before = significant(own.slice(0, offset)).length;
      const at = significant(condition.text)[before]?.at;
      if (at !== undefined) column = at + 1;
    }
  }
  return badWhere(condition.text, column, why, `The org refused --where (${errorCode})`);
}
