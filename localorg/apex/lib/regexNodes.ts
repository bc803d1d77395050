/**
 * The parsed form of a Java regex and its emission as JS `v`-flag source. Atomic groups and
 * possessive quantifiers become `(?=(X))\\N` (a JS lookahead is atomic), which adds JS groups, so
 * Java group numbers are mapped to JS ones.
 */

export type GroupKind =
  'capture' | 'plain' | 'ahead' | 'notAhead' | 'behind' | 'notBehind' | 'atomic';

export type Node =
  | { readonly kind: 'raw'; readonly js: string }
  | { readonly kind: 'seq'; readonly items: readonly Node[] }
  | { readonly kind: 'alt'; readonly alts: readonly Node[] }
  | {
      readonly kind: 'group';
      readonly group: GroupKind;
      readonly name: string | null;
      readonly javaIndex: number;
      readonly body: Node;
      jsIndex: number;
    }
  | {
      readonly kind: 'quant';
      readonly body: Node;
      readonly min: number;
      readonly max: number;
      readonly mode: 'greedy' | 'lazy' | 'possessive';
      jsIndex: number;
    }
  | { readonly kind: 'backref'; readonly javaIndex: number; readonly ci: boolean };

/** Numbers the JS groups in source order: Java groups plus the atomic/possessive helpers. */
export function numberGroups(node: Node, next: { n: number }): void {
  switch (node.kind) {
    case 'seq':
      node.items.forEach((n) => numberGroups(n, next));
      return;
    case 'alt':
      node.alts.forEach((n) => numberGroups(n, next));
      return;
    case 'group':
      if (node.group === 'capture' || node.group === 'atomic') node.jsIndex = ++next.n;
      numberGroups(node.body, next);
      return;
    case 'quant':
      if (node.mode === 'possessive') node.jsIndex = ++next.n;
      numberGroups(node.body, next);
      return;
    default:
      return;
  }
}

export function collectJsGroups(node: Node, out: number[]): void {
  if (node.kind === 'group' && node.group === 'capture') out[node.javaIndex] = node.jsIndex;
  if (node.kind === 'seq') node.items.forEach((n) => collectJsGroups(n, out));
  if (node.kind === 'alt') node.alts.forEach((n) => collectJsGroups(n, out));
  if (node.kind === 'group' || node.kind === 'quant') collectJsGroups(node.body, out);
}

const GROUP_OPEN: Record<GroupKind, string> = {
  capture: '(',
  plain: '(?:',
  ahead: '(?=',
  notAhead: '(?!',
  behind: '(?<=',
  notBehind: '(?<!',
  atomic: '',
};

export function emit(node: Node, jsGroup: readonly number[]): string {
  switch (node.kind) {
    case 'raw':
      return node.js;
    case 'seq':
      return node.items.map((n) => emit(n, jsGroup)).join('');
    case 'alt':
      return node.alts.map((n) => emit(n, jsGroup)).join('|');
    case 'group': {
      const body = emit(node.body, jsGroup);
      if (node.group === 'atomic') return `(?:(?=(${body}))\\${node.jsIndex})`;
      const open = node.name !== null ? `(?<${node.name}>` : GROUP_OPEN[node.group];
      return `${open}${body})`;
    }
    case 'quant': {
      const range =
        node.min === 0 && node.max === Infinity
          ? '*'
          : node.min === 1 && node.max === Infinity
            ? '+'
            : node.min === 0 && node.max === 1
              ? '?'
              : `{${node.min},${node.max === Infinity ? '' : node.max}}`;
      const quantified = `(?:${emit(node.body, jsGroup)})${range}${node.mode === 'lazy' ? '?' : ''}`;
      return node.mode === 'possessive' ? `(?:(?=(${quantified}))\\${node.jsIndex})` : quantified;
    }
    case 'backref': {
      const js = jsGroup[node.javaIndex];
      if (js === undefined || node.javaIndex === 0) return '(?!)';
      return node.ci ? `(?i:\\${js})` : `(?:\\${js})`;
    }
  }
}
