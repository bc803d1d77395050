/** Compile-time scopes of a method body: local variables and the frame slot each one uses. */
import type { ApexType } from './types.ts';

export interface LocalVar {
  slot: number;
  type: ApexType;
}

export class Scope {
  private readonly vars = new Map<string, LocalVar>();
  readonly parent: Scope | null;

  constructor(parent: Scope | null) {
    this.parent = parent;
  }

  lookup(lowerName: string): LocalVar | undefined {
    return this.vars.get(lowerName) ?? this.parent?.lookup(lowerName);
  }

  has(lowerName: string): boolean {
    return this.vars.has(lowerName);
  }

  define(lowerName: string, variable: LocalVar): void {
    this.vars.set(lowerName, variable);
  }
}

/** A compile error in the package's Apex: file, line, column and the platform-style message. */
export class ApexCompileError extends Error {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly problem: string;

  constructor(file: string, line: number, column: number, problem: string) {
    super(`${file}: line ${line}, column ${column}: ${problem}`);
    this.file = file;
    this.line = line;
    this.column = column;
    this.problem = problem;
  }
}
