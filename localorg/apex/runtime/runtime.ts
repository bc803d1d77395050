/**
 * The Apex runtime: the system classes, the package's classes compiled from their sources, and
 * the ways in (a method call, anonymous Apex). Sources are parsed once per content (the parse is
 * the slow part) and the whole package is relinked when it changes, as a deploy does.
 */
import { createHash } from 'node:crypto';
import type { Catalog } from '../../catalog/index.ts';
import type { Session } from '../../auth/session.ts';
import type { ClassDecl, Member, TypeDecl } from '../parse/ast.ts';
import {
  ApexSyntaxError,
  EMPTY_MODIFIERS,
  parseAnonymous,
  parseCompilationUnit,
} from '../parse/build.ts';
import { ApexDecimal } from '../values/decimal.ts';
import { ApexDouble } from '../values/numbers.ts';
import { ApexDate, ApexDatetime, ApexTime } from '../values/temporal.ts';
import type { ClassInfo } from './classes.ts';
import { BodyCompiler } from './compiler.ts';
import { ApexThrow, ExecContext, Frame, SYNC_LIMITS } from './context.ts';
import type { LimitMaximums } from './context.ts';
import { onFrame, services } from './invoke.ts';
import { CoverageTable, compileClass } from './linker.ts';
import type { NativeClassSpec } from './native.ts';
import { Registry } from './registry.ts';
import { ApexCompileError } from './scope.ts';
import {
  ApexBlob,
  ApexList,
  ApexMap,
  ApexObject,
  ApexSet,
  EnumValue,
  NativeObject,
  SObjectValue,
  TypeValue,
  hooks,
  typeClass,
} from './values.ts';
import type { SObjectFieldAccess } from './sobjectAccess.ts';

export interface ApexSource {
  name: string;
  body: string;
}

/** A problem that stops a class from compiling, as a deploy reports it. */
export interface CompileProblem {
  file: string;
  line: number;
  column: number;
  problem: string;
}

const parsed = new Map<string, TypeDecl>();

function parseCached(source: ApexSource): TypeDecl {
  const key = createHash('sha1').update(source.name).update('\0').update(source.body).digest('hex');
  let decl = parsed.get(key);
  if (!decl) {
    decl = parseCompilationUnit(source.body, source.name);
    parsed.set(key, decl);
  }
  return decl;
}

export class ApexRuntime {
  registry: Registry;
  readonly coverage = new CoverageTable();
  private readonly catalog: Catalog;
  private readonly natives: NativeClassSpec[];
  private readonly fieldAccess: SObjectFieldAccess;
  /** Lines per class file, for coverage. */
  readonly lineCounts = new Map<string, number>();

  constructor(catalog: Catalog, natives: NativeClassSpec[], fieldAccess: SObjectFieldAccess) {
    this.catalog = catalog;
    this.natives = natives;
    this.fieldAccess = fieldAccess;
    this.registry = this.newRegistry();
    this.install();
  }

  private newRegistry(): Registry {
    const registry = new Registry(this.catalog);
    registry.newList = (elem, items) => new ApexList(elem, items);
    registry.defineNative(this.natives);
    return registry;
  }

  /** Makes this runtime the one compiled code talks to. */
  install(): void {
    const registry = () => this.registry;
    const byKind = new Map<unknown, string>([
      [ApexDecimal, 'Decimal'],
      [ApexDouble, 'Double'],
      [ApexDate, 'Date'],
      [ApexDatetime, 'Datetime'],
      [ApexTime, 'Time'],
      [ApexBlob, 'Blob'],
      [ApexList, 'List'],
      [ApexSet, 'Set'],
      [ApexMap, 'Map'],
      [SObjectValue, 'SObject'],
      [TypeValue, 'Type'],
    ]);
    const fieldAccess = this.fieldAccess;
    services.current = {
      systemClass: (name) => registry().systemClass(name),
      valueClass: (value) => {
        switch (typeof value) {
          case 'string':
            return registry().systemClass('String');
          case 'number':
            return registry().systemClass('Integer');
          case 'bigint':
            return registry().systemClass('Long');
          case 'boolean':
            return registry().systemClass('Boolean');
        }
        if (
          value instanceof EnumValue ||
          value instanceof NativeObject ||
          value instanceof ApexObject
        )
          return value.cls;
        const name = byKind.get((value as object).constructor);
        return name ? registry().systemClass(name) : null;
      },
      getField: (frame, record, lower, given) => fieldAccess.get(frame, record, lower, given),
      setField: (frame, record, lower, value, given) =>
        fieldAccess.set(frame, record, lower, value, given),
    };
    typeClass.cls = this.registry.systemClass('Type');
    hooks.invoke = (target, method, args) => {
      const found = target.cls
        .findMethods(method)
        .find((m) => !m.owner.isSystem && m.params.length === args.length);
      if (!found) return { found: false, value: null };
      const ctx = new ExecContext(SYSTEM_SESSION);
      const frame = new Frame(ctx, null, null, null, 0, '');
      return { found: true, value: found.invoke(frame, target, args) };
    };
  }

  /**
   * Replaces the package's classes with these sources. Returns the problems (syntax and
   * compile errors) per file; classes with problems are left out, as a failed deploy leaves them.
   */
  loadClasses(sources: ApexSource[]): CompileProblem[] {
    const problems: CompileProblem[] = [];
    const registry = this.newRegistry();
    const declared: ClassInfo[] = [];
    for (const source of sources) {
      try {
        const decl = parseCached(source);
        if (decl.name.toLowerCase() !== source.name.toLowerCase()) {
          problems.push({
            file: source.name,
            line: decl.pos.line,
            column: decl.pos.column,
            problem: `Class name ${decl.name} does not match the file name ${source.name}`,
          });
          continue;
        }
        const cls = registry.declare(decl, null);
        registry.userClasses.set(decl.name.toLowerCase(), cls);
        declared.push(cls);
        this.lineCounts.set(cls.file, source.body.split('\n').length);
      } catch (error) {
        problems.push(...toProblems(source.name, error));
      }
    }
    const linked: ClassInfo[] = [];
    for (const cls of declared) {
      try {
        registry.linkSupertypes(cls);
        linked.push(cls);
      } catch (error) {
        problems.push(...toProblems(cls.file, error));
        registry.userClasses.delete(cls.name.toLowerCase());
      }
    }
    const withMembers: ClassInfo[] = [];
    for (const cls of linked) {
      try {
        registry.linkMembers(cls);
        withMembers.push(cls);
      } catch (error) {
        problems.push(...toProblems(cls.file, error));
        registry.userClasses.delete(cls.name.toLowerCase());
      }
    }
    this.registry = registry;
    this.install();
    for (const cls of withMembers) {
      const coverage = this.coverage.forFile(cls.file, this.lineCounts.get(cls.file) ?? 1);
      try {
        const visit = (c: ClassInfo) => {
          compileClass(registry, c, coverage);
          for (const inner of c.inner.values()) visit(inner);
        };
        visit(cls);
      } catch (error) {
        problems.push(...toProblems(cls.file, error));
        registry.userClasses.delete(cls.name.toLowerCase());
      }
    }
    return problems;
  }

  classNamed(name: string): ClassInfo | undefined {
    return this.registry.userClasses.get(name.toLowerCase());
  }

  newContext(session: Session, maximums: LimitMaximums = SYNC_LIMITS): ExecContext {
    return new ExecContext(session, maximums);
  }

  private declareAnonymousMembers(members: Member[], lines: number): ClassInfo {
    const registry = this.registry;
    const cls = registry.declare(anonymousClass(members, lines), null);
    registry.linkSupertypes(cls);
    registry.linkMembers(cls);
    const coverage = this.coverage.forFile(cls.file, lines);
    const visit = (c: ClassInfo) => {
      compileClass(registry, c, coverage);
      for (const inner of c.inner.values()) visit(inner);
    };
    visit(cls);
    return cls;
  }

  /** Compiles anonymous Apex (statements and the members it declares) to run on a context. */
  compileAnonymous(source: string): (ctx: ExecContext) => void {
    const unit = parseAnonymous(source);
    const lines = source.split('\n').length;
    const coverage = this.coverage.forFile('AnonymousBlock', lines);
    const declared = unit.members.length ? this.declareAnonymousMembers(unit.members, lines) : null;
    const compiler = new BodyCompiler(
      this.registry,
      declared,
      true,
      coverage.hits,
      coverage.coverable,
    );
    const run = compiler.sequence(unit.statements);
    return (ctx) => {
      const frame = new Frame(ctx, null, declared, null, compiler.localCount, 'AnonymousBlock');
      onFrame(frame, run);
    };
  }
}

/**
 * The methods, classes, interfaces and enums an anonymous block declares, as members of a class
 * of its own that the block's statements run in (Apex Developer Guide, "Anonymous Blocks": the
 * methods are written without `static` and called without an instance). It is not one of the
 * org's classes: nothing else can name it, and it is gone when the block is.
 */
function anonymousClass(members: Member[], lines: number): ClassDecl {
  return {
    kind: 'class',
    modifiers: { ...EMPTY_MODIFIERS, annotations: [] },
    name: 'AnonymousBlock',
    extendsType: null,
    implementsTypes: [],
    members: members.map((m) =>
      m.kind === 'method' ? { ...m, modifiers: { ...m.modifiers, isStatic: true } } : m,
    ),
    pos: { line: 1, column: 1 },
    endLine: lines,
  };
}

function toProblems(file: string, error: unknown): CompileProblem[] {
  if (error instanceof ApexSyntaxError)
    return error.problems.map((p) => ({
      file,
      line: p.line,
      column: p.column,
      problem: p.message,
    }));
  if (error instanceof ApexCompileError)
    return [
      { file: error.file || file, line: error.line, column: error.column, problem: error.problem },
    ];
  if (error instanceof ApexThrow) {
    return [{ file, line: 0, column: 0, problem: error.exception.native?.message ?? 'error' }];
  }
  throw error;
}

/** The session of code the runtime runs for itself (user-defined equals in Set keys). */
const SYSTEM_SESSION: Session = {
  userId: '005000000000000AAA',
  orgId: '00D000000000000AAA',
  username: 'system',
  profileId: '',
  userType: 'Standard',
  accountId: null,
  isAdmin: true,
  isExternal: false,
};
