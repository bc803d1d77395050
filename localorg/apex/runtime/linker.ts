/**
 * Compiles the bodies of the package's classes: methods, constructors (with `this(...)` and
 * `super(...)` chaining), property accessors, and the static and instance initialisers (field
 * initialisers and initializer blocks, in declaration order).
 */
import type { Block, ClassDecl, ConstructorDecl, Expr, Stmt } from '../parse/ast.ts';
import type { ClassInfo, FieldInfo, MethodInfo } from './classes.ts';
import { Frame, NORMAL } from './context.ts';
import type { Completion } from './context.ts';
import { BodyCompiler } from './compiler.ts';
import type { Ex } from './compiler.ts';
import {
  construct,
  coerce,
  converts,
  frameLabel,
  onFrame,
  raise,
  runInstanceInit,
  staticsOf,
} from './invoke.ts';
import type { Registry } from './registry.ts';
import type { ApexObject } from './values.ts';

/** Lines run per class file (for coverage), and the lines that hold statements. */
export interface FileCoverage {
  hits: Uint8Array;
  coverable: Set<number>;
}

export class CoverageTable {
  readonly files = new Map<string, FileCoverage>();

  forFile(file: string, lines: number): FileCoverage {
    let entry = this.files.get(file);
    if (!entry || entry.hits.length < lines + 2) {
      entry = { hits: new Uint8Array(lines + 2), coverable: new Set() };
      this.files.set(file, entry);
    }
    return entry;
  }

  reset(): void {
    for (const entry of this.files.values()) entry.hits.fill(0);
  }
}

export function compileClass(reg: Registry, cls: ClassInfo, coverage: FileCoverage): void {
  const decl = cls.decl;
  if (decl?.kind === 'class') {
    compileMembers(reg, cls, decl, coverage);
  } else if (decl?.kind === 'interface') {
    for (const methods of cls.methods.values())
      for (const m of methods) m.invoke = abstractInvoke(m);
  }
}

function abstractInvoke(method: MethodInfo): MethodInfo['invoke'] {
  return (caller) =>
    raise(
      caller,
      'TypeException',
      `Abstract method called: ${method.owner.displayName}.${method.name}`,
    );
}

function compileMembers(
  reg: Registry,
  cls: ClassInfo,
  decl: ClassDecl,
  coverage: FileCoverage,
): void {
  const staticInit = new BodyCompiler(reg, cls, true, coverage.hits, coverage.coverable);
  const instanceInit = new BodyCompiler(reg, cls, false, coverage.hits, coverage.coverable);
  const staticParts: Ex[] = [];
  const instanceParts: Ex[] = [];
  const methodQueue = [...decl.members];
  let ctorIndex = 0;
  for (const member of methodQueue) {
    switch (member.kind) {
      case 'field':
        for (const d of member.declarators) {
          if (!d.init) continue;
          const field = cls.fields.get(d.name.toLowerCase())!;
          const compiler = member.modifiers.isStatic ? staticInit : instanceInit;
          const part = initializer(compiler, field, d.init, d.pos);
          (member.modifiers.isStatic ? staticParts : instanceParts).push(part);
        }
        break;
      case 'initializer':
        (member.isStatic ? staticParts : instanceParts).push(
          (member.isStatic ? staticInit : instanceInit).block(member.body),
        );
        break;
      case 'property': {
        const field = cls.fields.get(member.name.toLowerCase())!;
        if (member.getter?.body && field.getter)
          compileAccessor(reg, cls, field, field.getter, member.getter.body, coverage, false);
        if (member.setter?.body && field.setter)
          compileAccessor(reg, cls, field, field.setter, member.setter.body, coverage, true);
        break;
      }
      case 'method': {
        const method = findDeclared(cls, member.name, member.pos.line);
        if (member.body)
          compileMethod(
            reg,
            cls,
            method,
            member.params.map((p) => p.name),
            member.body,
            coverage,
          );
        else method.invoke = abstractInvoke(method);
        break;
      }
      case 'constructor':
        compileConstructor(reg, cls, cls.constructors[ctorIndex++], member, coverage);
        break;
      default:
        break;
    }
  }
  if (staticParts.length) {
    const parts = staticParts;
    cls.staticInit = (f) => {
      for (const part of parts) part(f);
    };
  }
  if (instanceParts.length) {
    const parts = instanceParts;
    cls.instanceInit = (f) => {
      for (const part of parts) part(f);
    };
  }
}

function findDeclared(cls: ClassInfo, name: string, line: number): MethodInfo {
  return cls.methods.get(name.toLowerCase())!.find((m) => m.pos?.line === line)!;
}

function initializer(
  compiler: BodyCompiler,
  field: FieldInfo,
  init: Expr,
  pos: { line: number; column: number },
): Ex {
  const statement: Stmt = {
    kind: 'expr',
    expr: {
      kind: 'assign',
      op: '=',
      target: { kind: 'name', name: field.name, pos },
      value: init,
      pos,
    },
    pos,
  };
  return compiler.statement(statement);
}

function compileMethod(
  reg: Registry,
  cls: ClassInfo,
  method: MethodInfo,
  paramNames: string[],
  body: Block,
  coverage: FileCoverage,
): void {
  const compiler = new BodyCompiler(reg, cls, method.isStatic, coverage.hits, coverage.coverable);
  compiler.returnType = method.returnType;
  method.params.forEach((p, i) => compiler.declareLocal(paramNames[i], p.type, method.pos!));
  const run = compiler.block(body);
  const label = frameLabel(method);
  const isStatic = method.isStatic;
  method.invoke = (caller, self, args) => {
    if (isStatic) staticsOf(caller, cls);
    const frame = new Frame(caller.ctx, method, cls, self, compiler.localCount, label);
    for (let i = 0; i < args.length; i++) frame.locals[i] = args[i];
    frame.line = method.pos?.line ?? 0;
    return onFrame(frame, (f) => {
      run(f);
      return f.ret;
    });
  };
}

function compileAccessor(
  reg: Registry,
  cls: ClassInfo,
  field: FieldInfo,
  method: MethodInfo,
  body: Block,
  coverage: FileCoverage,
  isSetter: boolean,
): void {
  const compiler = new BodyCompiler(
    reg,
    cls,
    field.isStatic,
    coverage.hits,
    coverage.coverable,
    field,
  );
  compiler.returnType = isSetter ? method.returnType : field.type;
  if (isSetter) compiler.declareLocal('value', field.type, method.pos!);
  const run = compiler.block(body);
  const label = `Class.${cls.fullName}.${field.name}`;
  const type = field.type;
  method.invoke = (caller, self, args) => {
    const frame = new Frame(caller.ctx, method, cls, self, compiler.localCount, label);
    if (isSetter) frame.locals[0] = converts(type) ? coerce(caller, args[0], type) : args[0];
    return onFrame(frame, (f) => {
      run(f);
      return f.ret;
    });
  };
}

function compileConstructor(
  reg: Registry,
  cls: ClassInfo,
  ctor: MethodInfo,
  decl: ConstructorDecl,
  coverage: FileCoverage,
): void {
  const compiler = new BodyCompiler(reg, cls, false, coverage.hits, coverage.coverable);
  ctor.params.forEach((p, i) => compiler.declareLocal(decl.params[i].name, p.type, decl.pos));
  const statements = decl.body.statements;
  const first = statements[0];
  let chainKind: 'this' | 'super' | null = null;
  let chainArgs: ((f: Frame) => unknown)[] = [];
  let rest = statements;
  if (first?.kind === 'expr' && first.expr.kind === 'call' && first.expr.target === null) {
    const name = first.expr.name.toLowerCase();
    if (name === 'this' || name === 'super') {
      chainKind = name;
      chainArgs = first.expr.args.map((a) => compiler.expr(a).ev);
      rest = statements.slice(1);
    }
  }
  const run = compiler.block({ ...decl.body, statements: rest });
  const label = frameLabel(ctor);
  ctor.invoke = (caller, self, args) => {
    const frame = new Frame(caller.ctx, ctor, cls, self, compiler.localCount, label);
    for (let i = 0; i < args.length; i++) frame.locals[i] = args[i];
    frame.line = decl.pos.line;
    return onFrame(frame, (f): Completion => {
      const object = self as ApexObject;
      const chained = chainArgs.map((a) => a(f));
      if (chainKind === 'this') {
        construct(f, cls, object, chained);
      } else {
        if (cls.superclass)
          construct(f, cls.superclass, object, chainKind === 'super' ? chained : []);
        runInstanceInit(f, cls, object);
      }
      run(f);
      return NORMAL;
    });
  };
}
