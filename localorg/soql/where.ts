/**
 * soql-parser-js gives WHERE/HAVING as a linked list with parenthesis counts; this turns it into a
 * tree (NOT binds tighter than AND, AND tighter than OR) that the SQL compiler can walk.
 */
import type {
  Condition,
  ConditionWithValueQuery,
  HavingClause,
  WhereClause,
} from '@jetstreamapp/soql-parser-js';

export type CondNode =
  | { kind: 'and' | 'or'; items: CondNode[] }
  | { kind: 'not'; item: CondNode }
  | { kind: 'cond'; cond: ConditionWithValueQuery };

type Token = '(' | ')' | 'AND' | 'OR' | 'NOT' | { cond: ConditionWithValueQuery };

interface Clause {
  left: Condition | ConditionWithValueQuery | null;
  operator?: string;
  right?: Clause;
}

function tokens(clause: Clause, out: Token[]): Token[] {
  const left = clause.left;
  if (left) {
    const open = (left as { openParen?: number }).openParen ?? 0;
    for (let i = 0; i < open; i++) out.push('(');
    if ('field' in left || 'fn' in left) {
      out.push({ cond: left as ConditionWithValueQuery });
      const close = (left as { closeParen?: number }).closeParen ?? 0;
      for (let i = 0; i < close; i++) out.push(')');
    }
  }
  if (clause.operator) out.push(clause.operator.toUpperCase() as 'AND' | 'OR' | 'NOT');
  if (clause.right) tokens(clause.right, out);
  return out;
}

export function conditionTree(clause: WhereClause | HavingClause): CondNode {
  const list = tokens(clause as Clause, []);
  let pos = 0;
  const peek = (): Token | undefined => list[pos];
  const fail = (): never => {
    throw new Error('unbalanced condition');
  };

  const parseOr = (): CondNode => {
    const items = [parseAnd()];
    while (peek() === 'OR') {
      pos++;
      items.push(parseAnd());
    }
    return items.length === 1 ? items[0] : { kind: 'or', items };
  };
  const parseAnd = (): CondNode => {
    const items = [parseUnary()];
    while (peek() === 'AND') {
      pos++;
      items.push(parseUnary());
    }
    return items.length === 1 ? items[0] : { kind: 'and', items };
  };
  const parseUnary = (): CondNode => {
    if (peek() === 'NOT') {
      pos++;
      return { kind: 'not', item: parseUnary() };
    }
    const token = list[pos++];
    if (token === '(') {
      const inner = parseOr();
      if (list[pos++] !== ')') fail();
      return inner;
    }
    if (token === undefined || typeof token === 'string') return fail();
    return { kind: 'cond', cond: token.cond };
  };

  const tree = parseOr();
  if (pos !== list.length) fail();
  return tree;
}
