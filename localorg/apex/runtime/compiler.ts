/**
 * Compiles method bodies into closures over a Frame. Names are resolved at compile time as Apex
 * does (local, field of this class or an ancestor, static of an enclosing class, then types);
 * locals live in frame slots. Each statement records its line and column in the frame (stack
 * traces), marks the line as run (coverage) and counts itself (the limits' statement count).
 * Calls on values dispatch on the run-time class (virtual methods, built-in types).
 */
import type { SObjectDef } from '../../catalog/index.ts';
import { ApexDecimal } from '../values/decimal.ts';
import { ApexDouble, parseLong } from '../values/numbers.ts';
import type {
  AssignExpr,
  BinaryExpr,
  Block,
  CallExpr,
  DmlStmt,
  Expr,
  FieldExpr,
  ForEachStmt,
  ForStmt,
  LiteralValue,
  LocalVarStmt,
  NewExpr,
  Pos,
  Stmt,
  SwitchStmt,
  TryStmt,
  TypeNode,
} from '../parse/ast.ts';
import type { ClassInfo, FieldInfo, MethodInfo } from './classes.ts';
import { ApexThrow, BREAK, CONTINUE, NORMAL, RETURN, heapCheck } from './context.ts';
import type { Completion, Frame } from './context.ts';
import {
  callMethod,
  castValue,
  coerce,
  converts,
  getMember,
  instanceOf,
  instantiate,
  invokeOn,
  invokeVirtual,
  newException,
  nullPointer,
  pickMethod,
  raise,
  raiseUncatchable,
  readField,
  setMember,
  singleRow,
  staticsOf,
  toApexThrow,
  writeField,
} from './invoke.ts';
import * as op from './operators.ts';
import { dynamicBinds, platform } from './platform.ts';
import type { Registry } from './registry.ts';
import { ApexCompileError, Scope } from './scope.ts';
import type { ApexType } from './types.ts';
import { T, isIllegalPrimitiveAssignment, sameType, typeName } from './types.ts';
import {
  ApexList,
  ApexMap,
  ApexObject,
  ApexSet,
  EnumValue,
  NativeObject,
  SObjectValue,
  TypeValue,
  apexEquals,
} from './values.ts';

export type Ev = (f: Frame) => unknown;
export type Ex = (f: Frame) => Completion;
export interface CExpr {
  ev: Ev;
  /** The static type when the compiler knows it (drives `==` on Ids and `+` on Strings). */
  type: ApexType | null;
}

interface LValue {
  type: ApexType | null;
  get: Ev;
  set: (f: Frame, value: unknown) => void;
  /** Reads, computes and writes with the target evaluated once; returns [old, new]. */
  update: (f: Frame, fn: (old: unknown) => unknown) => [unknown, unknown];
}

type TypeTarget = { kind: 'class'; cls: ClassInfo } | { kind: 'sobject'; def: SObjectDef };

/** Heap is estimated every this many statements (see heap.ts). */
const HEAP_CHECK_EVERY = 1 << 16;

/** Added to "Method does not exist" on a system class: the platform may have it. */
export const NOT_SUPPORTED_IF_REAL =
  "; if the platform has this method, it is not supported by the local org's Apex runtime";

/** System classes that hold the static methods of built-in types (`String.isBlank`). */
const PRIMITIVE_HOLDERS = new Set([
  'string',
  'integer',
  'long',
  'double',
  'decimal',
  'boolean',
  'id',
  'date',
  'datetime',
  'time',
  'blob',
  'object',
]);

export class BodyCompiler {
  private readonly reg: Registry;
  private readonly cls: ClassInfo;
  private readonly isStatic: boolean;
  private readonly hits: Uint8Array;
  private readonly coverable: Set<number>;
  /** Inside a property's accessors the property's own name is its stored value. */
  private readonly property: FieldInfo | null;
  private scope = new Scope(null);
  localCount = 0;
  returnType: ApexType = T.Void;

  constructor(
    reg: Registry,
    cls: ClassInfo | null,
    isStatic: boolean,
    hits: Uint8Array,
    coverable: Set<number>,
    property: FieldInfo | null = null,
  ) {
    this.reg = reg;
    this.cls = cls!;
    this.isStatic = isStatic;
    this.hits = hits;
    this.coverable = coverable;
    this.property = property;
  }

  private get file(): string {
    return this.cls?.file ?? 'AnonymousBlock';
  }

  private error(pos: Pos, message: string): ApexCompileError {
    return new ApexCompileError(this.file, pos.line, pos.column, message);
  }

  resolveType(node: TypeNode): ApexType {
    return this.reg.resolveType(node, this.cls, this.file);
  }

  // -------------------------------------------------------------------------------------------
  // Scopes
  // -------------------------------------------------------------------------------------------

  declareLocal(name: string, type: ApexType, pos: Pos): number {
    const lower = name.toLowerCase();
    if (this.scope.lookup(lower)) throw this.error(pos, `Duplicate variable: ${name}`);
    const slot = this.localCount++;
    this.scope.define(lower, { slot, type });
    return slot;
  }

  private inScope<R>(fn: () => R): R {
    const saved = this.scope;
    this.scope = new Scope(saved);
    try {
      return fn();
    } finally {
      this.scope = saved;
    }
  }

  // -------------------------------------------------------------------------------------------
  // Statements
  // -------------------------------------------------------------------------------------------

  block(block: Block): Ex {
    return this.inScope(() => this.sequence(block.statements));
  }

  sequence(statements: Stmt[]): Ex {
    const compiled = statements.map((s) => this.statement(s));
    const n = compiled.length;
    if (n === 0) return () => NORMAL;
    if (n === 1) return compiled[0];
    return (f) => {
      for (let i = 0; i < n; i++) {
        const c = compiled[i](f);
        if (c !== NORMAL) return c;
      }
      return NORMAL;
    };
  }

  /** Wraps a statement: line and column for traces, coverage, the statement count. */
  private track(pos: Pos, run: Ex): Ex {
    const { line, column } = pos;
    const hits = this.hits;
    this.coverable.add(line);
    return (f) => {
      f.line = line;
      f.column = column;
      hits[line] = 1;
      const limits = f.ctx.limits;
      if (++limits.statements % HEAP_CHECK_EVERY === 0) heapCheck.run?.(f);
      return run(f);
    };
  }

  statement(s: Stmt): Ex {
    switch (s.kind) {
      case 'block':
        return this.block(s);
      case 'local':
        return this.track(s.pos, this.localVar(s));
      case 'expr': {
        const e = this.expr(s.expr).ev;
        return this.track(s.pos, (f) => {
          e(f);
          return NORMAL;
        });
      }
      case 'if': {
        const cond = this.condition(s.cond);
        const then = this.inScope(() => this.statement(s.then));
        const otherwise = s.otherwise ? this.inScope(() => this.statement(s.otherwise!)) : null;
        return this.track(
          s.pos,
          otherwise
            ? (f) => (cond(f) ? then(f) : otherwise(f))
            : (f) => (cond(f) ? then(f) : NORMAL),
        );
      }
      case 'return':
        return this.track(s.pos, this.returnStmt(s.value, s.pos));
      case 'for':
        return this.inScope(() => this.forStmt(s));
      case 'forEach':
        return this.inScope(() => this.forEach(s));
      case 'while': {
        const cond = this.condition(s.cond);
        const body = s.body ? this.inScope(() => this.statement(s.body!)) : () => NORMAL;
        return this.track(s.pos, (f) => {
          while (cond(f)) {
            const c = body(f);
            if (c === BREAK) break;
            if (c === RETURN) return c;
          }
          return NORMAL;
        });
      }
      case 'doWhile': {
        const cond = this.condition(s.cond);
        const body = this.block(s.body);
        return this.track(s.pos, (f) => {
          do {
            const c = body(f);
            if (c === BREAK) break;
            if (c === RETURN) return c;
          } while (cond(f));
          return NORMAL;
        });
      }
      case 'break':
        return this.track(s.pos, () => BREAK);
      case 'continue':
        return this.track(s.pos, () => CONTINUE);
      case 'throw': {
        const value = this.expr(s.value).ev;
        return this.track(s.pos, (f) => {
          const exception = value(f);
          if (!(exception instanceof ApexObject) || !exception.native) {
            if (exception === null) nullPointer(f);
            raise(f, 'TypeException', 'Only exceptions can be thrown');
          }
          throw new ApexThrow(exception);
        });
      }
      case 'try':
        return this.tryStmt(s);
      case 'switch':
        return this.switchStmt(s);
      case 'dml':
        return this.track(s.pos, this.dml(s));
      case 'runAs': {
        const args = s.args.map((a) => this.expr(a).ev);
        const body = this.block(s.body);
        return this.track(
          s.pos,
          (f) =>
            platform.current!.runAs(
              f,
              args.map((a) => a(f)),
              (inner) => body(inner),
            ) as Completion,
        );
      }
    }
  }

  private localVar(s: LocalVarStmt): Ex {
    const type = this.resolveType(s.type);
    const inits: { slot: number; init: Ev | null }[] = s.declarators.map((d) => {
      const init = d.init ? this.assignable(this.expr(d.init), type, d.init.pos) : null;
      return { slot: this.declareLocal(d.name, type, d.pos), init };
    });
    if (inits.length === 1) {
      const { slot, init } = inits[0];
      if (!init) {
        return (f) => {
          f.locals[slot] = null;
          return NORMAL;
        };
      }
      return (f) => {
        f.locals[slot] = init(f);
        return NORMAL;
      };
    }
    return (f) => {
      for (const { slot, init } of inits) f.locals[slot] = init ? init(f) : null;
      return NORMAL;
    };
  }

  /**
   * An expression converted for assignment to `type` (numeric widening, Ids, single rows). With
   * `pos`, an assignment Apex refuses to compile is a compile error there.
   */
  private assignable(value: CExpr, type: ApexType, pos?: Pos): Ev {
    if (pos && value.type && isIllegalPrimitiveAssignment(value.type, type)) {
      throw this.error(pos, `Illegal assignment from ${typeName(value.type)} to ${typeName(type)}`);
    }
    if (!converts(type) || (value.type && sameType(value.type, type) && type.kind !== 'sobject'))
      return value.ev;
    const ev = value.ev;
    return (f) => coerce(f, ev(f), type);
  }

  private returnStmt(value: Expr | null, pos: Pos): Ex {
    if (!value) return () => RETURN;
    if (this.returnType.kind === 'void')
      throw this.error(pos, 'Void method must not return a value');
    const ev = this.assignable(this.expr(value), this.returnType);
    return (f) => {
      f.ret = ev(f);
      return RETURN;
    };
  }

  private condition(e: Expr): (f: Frame) => boolean {
    const ev = this.expr(e).ev;
    return (f) => {
      const v = ev(f);
      if (v === true) return true;
      if (v === false) return false;
      if (v === null || v === undefined) nullPointer(f);
      return raise(f, 'TypeException', 'Condition must be a Boolean');
    };
  }

  private forStmt(s: ForStmt): Ex {
    let init: Ex | null = null;
    if (s.init && !Array.isArray(s.init)) init = this.localVar(s.init);
    else if (Array.isArray(s.init)) {
      const exprs = s.init.map((e) => this.expr(e).ev);
      init = (f) => {
        for (const e of exprs) e(f);
        return NORMAL;
      };
    }
    const cond = s.cond ? this.condition(s.cond) : () => true;
    const update = s.update.map((e) => this.expr(e).ev);
    const body = s.body ? this.inScope(() => this.statement(s.body!)) : () => NORMAL;
    return this.track(s.pos, (f) => {
      if (init) init(f);
      for (; cond(f);) {
        const c = body(f);
        if (c === BREAK) break;
        if (c === RETURN) return c;
        for (const u of update) u(f);
      }
      return NORMAL;
    });
  }

  private forEach(s: ForEachStmt): Ex {
    const type = this.resolveType(s.type);
    const iterable = this.expr(s.iterable);
    const slot = this.declareLocal(s.name, type, s.pos);
    const body = s.body ? this.inScope(() => this.statement(s.body!)) : () => NORMAL;
    // `for (List<Lead> chunk : [SELECT ...])`: the rows in lists of 200.
    const chunked = s.iterable.kind === 'soql' && type.kind === 'list';
    const convert = converts(type) ? (f: Frame, v: unknown) => coerce(f, v, type) : null;
    return this.track(s.pos, (f) => {
      const source = iterable.ev(f);
      let items: unknown[];
      if (source instanceof ApexList) items = source.items;
      else if (source instanceof ApexSet) items = source.values();
      else if (source === null || source === undefined) return nullPointer(f);
      else items = iterate(f, source);
      if (chunked) {
        const lists: unknown[] = [];
        for (let i = 0; i < items.length; i += 200)
          lists.push(new ApexList((type as { elem: ApexType }).elem, items.slice(i, i + 200)));
        items = lists;
      }
      const length = items.length;
      for (let i = 0; i < length; i++) {
        if (source instanceof ApexList && source.items.length !== length && !chunked) {
          raise(f, 'FinalException', 'Cannot modify a collection while it is being iterated.');
        }
        f.locals[slot] = convert ? convert(f, items[i]) : items[i];
        const c = body(f);
        if (c === BREAK) break;
        if (c === RETURN) return c;
      }
      return NORMAL;
    });
  }

  private tryStmt(s: TryStmt): Ex {
    const body = this.block(s.body);
    const catches = s.catches.map((c) =>
      this.inScope(() => {
        const type = this.catchType(c.type, c.pos);
        const slot = this.declareLocal(c.name, { kind: 'class', cls: type }, c.pos);
        return { type, slot, body: this.block(c.body) };
      }),
    );
    const fin = s.finallyBlock ? this.block(s.finallyBlock) : null;
    // A governor limit (uncatchable) ends the transaction at once: no catch or finally runs.
    const catchable = (f: Frame, error: unknown): ApexThrow => {
      const thrown = toApexThrow(f.ctx, error);
      if (!thrown || thrown.uncatchable) throw thrown ?? error;
      return thrown;
    };
    return (f) => {
      let completion: Completion = NORMAL;
      let pending: ApexThrow | null = null;
      try {
        completion = body(f);
      } catch (error) {
        const thrown = catchable(f, error);
        const handler = catches.find((c) => thrown.exception.cls.isSubclassOf(c.type));
        if (!handler) {
          pending = thrown;
        } else {
          f.locals[handler.slot] = thrown.exception;
          try {
            completion = handler.body(f);
          } catch (again) {
            pending = catchable(f, again);
          }
        }
      }
      if (fin) {
        // A return, break or continue in the finally block discards a pending exception.
        const c = fin(f);
        if (c !== NORMAL) return c;
      }
      if (pending) throw pending;
      return completion;
    };
  }

  private catchType(names: string[], pos: Pos): ClassInfo {
    const cls = this.reg.findClassPath(names, this.cls);
    if (!cls || !cls.isException)
      throw this.error(pos, `Invalid exception type: ${names.join('.')}`);
    return cls;
  }

  private switchStmt(s: SwitchStmt): Ex {
    const subject = this.expr(s.subject);
    const whens = s.whens.map((w) =>
      this.inScope(() => {
        const value = w.value;
        if (value.kind === 'else') return { match: () => true, body: this.block(w.body) };
        if (value.kind === 'type') {
          const type = this.resolveType(value.type);
          const slot = this.declareLocal(value.name, type, w.pos);
          return {
            match: (f: Frame, v: unknown) => {
              if (!instanceOf(v, type)) return false;
              f.locals[slot] = v;
              return true;
            },
            body: this.block(w.body),
          };
        }
        const tests = value.values.map((e) => this.whenTest(e));
        return {
          match: (f: Frame, v: unknown) => tests.some((t) => t(f, v)),
          body: this.block(w.body),
        };
      }),
    );
    return this.track(s.pos, (f) => {
      const v = subject.ev(f);
      for (const w of whens) {
        if (w.match(f, v)) {
          const c = w.body(f);
          return c === BREAK ? NORMAL : c;
        }
      }
      return NORMAL;
    });
  }

  /** A `when` value: a literal (compared exactly), or an enum constant named bare. */
  private whenTest(e: Expr): (f: Frame, v: unknown) => boolean {
    if (e.kind === 'name' && !this.valueName(e.name)) {
      const name = e.name.toLowerCase();
      return (_f, v) => v instanceof EnumValue && v.name.toLowerCase() === name;
    }
    const value = this.expr(e).ev;
    return (f, v) => {
      const w = value(f);
      if (typeof w === 'string' && typeof v === 'string') return w === v;
      return w === v || apexEquals(w, v, false);
    };
  }

  private dml(s: DmlStmt): Ex {
    const target = this.expr(s.target).ev;
    const extra =
      s.extra === null ? null : typeof s.extra === 'string' ? s.extra : this.expr(s.extra).ev;
    return (f) => {
      const value = target(f);
      const more = typeof extra === 'function' ? extra(f) : extra;
      platform.current!.dml(f, s.verb, value, s.accessLevel, more);
      return NORMAL;
    };
  }

  // -------------------------------------------------------------------------------------------
  // Names
  // -------------------------------------------------------------------------------------------

  /** A variable or field named `name`, or null when the name is not a value. */
  private valueName(name: string): CExpr | null {
    const lower = name.toLowerCase();
    const local = this.scope.lookup(lower);
    if (local) {
      const slot = local.slot;
      return { ev: (f) => f.locals[slot], type: local.type };
    }
    const field = this.fieldNamed(lower);
    if (!field) return null;
    return { ev: this.fieldReader(field), type: field.type };
  }

  /** A field of this class (or an ancestor), or a static field of an enclosing class. */
  private fieldNamed(lower: string): FieldInfo | null {
    if (!this.cls) return null;
    const own = this.cls.findField(lower);
    if (own) return own;
    for (let c = this.cls.outer; c; c = c.outer) {
      const f = c.findField(lower);
      if (f?.isStatic) return f;
    }
    return null;
  }

  private fieldReader(field: FieldInfo): Ev {
    const backing = field === this.property;
    if (field.isStatic) {
      const owner = field.owner;
      const slot = field.slot;
      if (field.getter && !backing) {
        const getter = field.getter;
        return (f) => {
          if (!owner.isSystem) staticsOf(f, owner);
          return callMethod(f, getter, null, []);
        };
      }
      return (f) => staticsOf(f, owner)[slot];
    }
    if (this.isStatic)
      throw new ApexCompileError(
        this.file,
        0,
        0,
        `Non static field cannot be referenced from a static context: ${field.name}`,
      );
    if (field.getter && !backing) return (f) => readField(f, f.self as ApexObject, field);
    const slot = field.slot;
    return (f) => (f.self as ApexObject).fields[slot];
  }

  private fieldWriter(field: FieldInfo): (f: Frame, v: unknown) => void {
    const backing = field === this.property;
    const type = field.type;
    const convert = converts(type);
    if (field.isStatic) {
      const owner = field.owner;
      const slot = field.slot;
      if (field.setter && !backing) {
        const setter = field.setter;
        return (f, v) => {
          if (!owner.isSystem) staticsOf(f, owner);
          callMethod(f, setter, null, [v]);
        };
      }
      if (owner.isSystem)
        throw new ApexCompileError(this.file, 0, 0, `Field is not writeable: ${field.name}`);
      return (f, v) => {
        staticsOf(f, owner)[slot] = convert ? coerce(f, v, type) : v;
      };
    }
    if (field.setter && !backing) return (f, v) => writeField(f, f.self as ApexObject, field, v);
    const slot = field.slot;
    return (f, v) => {
      (f.self as ApexObject).fields[slot] = convert ? coerce(f, v, type) : v;
    };
  }

  /** A type named by an expression (`LeadRouter`, `Database.DMLOptions`, `Lead`), or null. */
  private typeTarget(e: Expr): TypeTarget | null {
    if (e.kind === 'name') {
      if (this.valueName(e.name)) return null;
      const lower = e.name.toLowerCase();
      const cls = this.reg.findClass(e.name, this.cls);
      if (cls) return { kind: 'class', cls };
      if (PRIMITIVE_HOLDERS.has(lower) && this.reg.hasSystemClass(e.name)) {
        return { kind: 'class', cls: this.reg.systemClass(e.name) };
      }
      const def = this.reg.catalog.object(e.name);
      if (def) return { kind: 'sobject', def };
      return null;
    }
    if (e.kind === 'field' && !e.safe) {
      const outer = this.typeTarget(e.target);
      if (!outer || outer.kind !== 'class') return null;
      const inner = outer.cls.inner.get(e.name.toLowerCase());
      if (inner) return { kind: 'class', cls: inner };
      if (outer.cls.name === 'Schema' && outer.cls.isSystem) {
        const def = this.reg.catalog.object(e.name);
        if (def) return { kind: 'sobject', def };
      }
    }
    return null;
  }

  // -------------------------------------------------------------------------------------------
  // Expressions
  // -------------------------------------------------------------------------------------------

  expr(e: Expr): CExpr {
    switch (e.kind) {
      case 'literal':
        return this.literal(e.value, e.pos);
      case 'name': {
        const found = this.valueName(e.name);
        if (found) return found;
        throw this.error(e.pos, `Variable does not exist: ${e.name}`);
      }
      case 'this':
        if (this.isStatic) throw this.error(e.pos, 'This cannot be referenced in a static context');
        return { ev: (f) => f.self, type: { kind: 'class', cls: this.cls } };
      case 'super':
        throw this.error(e.pos, 'super can only be used to call a method or constructor');
      case 'field':
        return this.fieldExpr(e);
      case 'call':
        return this.call(e);
      case 'index': {
        const target = this.expr(e.target);
        const index = this.expr(e.index).ev;
        const elem = target.type?.kind === 'list' ? target.type.elem : null;
        const t = target.ev;
        return { ev: (f) => listGet(f, t(f), index(f)), type: elem };
      }
      case 'new':
        return this.newExpr(e);
      case 'cast': {
        const type = this.resolveType(e.type);
        const value = this.expr(e.value).ev;
        return { ev: (f) => castValue(f, value(f), type), type };
      }
      case 'unary':
        return this.unary(e.op, e.value, e.pos);
      case 'step': {
        const target = this.lvalue(e.target);
        const delta = e.op === '++' ? 1 : -1;
        const prefix = e.prefix;
        return {
          ev: (f) => {
            const [old, now] = target.update(f, (v) => {
              if (v === null || v === undefined) nullPointer(f);
              return op.step(v, delta);
            });
            return prefix ? now : old;
          },
          type: target.type,
        };
      }
      case 'binary':
        return this.binary(e);
      case 'instanceof': {
        const type = this.resolveType(e.type);
        const value = this.expr(e.value).ev;
        return { ev: (f) => instanceOf(value(f), type), type: T.Boolean };
      }
      case 'ternary': {
        const cond = this.condition(e.cond);
        const then = this.expr(e.then);
        const otherwise = this.expr(e.otherwise);
        return {
          ev: (f) => (cond(f) ? then.ev(f) : otherwise.ev(f)),
          type: then.type ?? otherwise.type,
        };
      }
      case 'assign':
        return this.assign(e);
      case 'soql':
        return this.soql(e.text, e.binds);
      case 'typeLiteral': {
        const type = e.type ? this.resolveType(e.type) : T.Void;
        const value = new TypeValue(type);
        return { ev: () => value, type: null };
      }
      case 'unsupported': {
        const what = e.what;
        const where = `${this.file}:${e.pos.line}`;
        return {
          ev: (f) =>
            raise(
              f,
              'UnexpectedException',
              `${what} is not supported by the local org's Apex runtime (${where})`,
            ),
          type: null,
        };
      }
    }
  }

  private literal(value: LiteralValue, pos: Pos): CExpr {
    let v: unknown;
    let type: ApexType;
    switch (value.type) {
      case 'null':
        return { ev: () => null, type: null };
      case 'boolean':
        v = value.value;
        type = T.Boolean;
        break;
      case 'integer': {
        const n = Number(value.text);
        if (!Number.isSafeInteger(n) || n > 2147483647 || n < -2147483648) {
          throw this.error(pos, `Illegal integer: ${value.text}`);
        }
        v = n;
        type = T.Integer;
        break;
      }
      case 'long':
        v = parseLong(value.text);
        type = T.Long;
        break;
      case 'decimal':
        v = value.text.startsWith('-')
          ? ApexDecimal.fromLiteral(value.text.slice(1)).negate()
          : ApexDecimal.fromLiteral(value.text);
        type = T.Decimal;
        break;
      case 'double':
        v = new ApexDouble(Number(value.text));
        type = T.Double;
        break;
      case 'string':
        v = value.value;
        type = T.String;
        break;
    }
    return { ev: () => v, type };
  }

  private unary(operator: '-' | '+' | '!' | '~', operand: Expr, pos: Pos): CExpr {
    if (
      operator === '-' &&
      operand.kind === 'literal' &&
      (operand.value.type === 'integer' ||
        operand.value.type === 'long' ||
        operand.value.type === 'decimal' ||
        operand.value.type === 'double')
    ) {
      return this.literal(
        { ...operand.value, text: `-${operand.value.text}` } as LiteralValue,
        pos,
      );
    }
    const value = this.expr(operand);
    const ev = value.ev;
    switch (operator) {
      case '-':
        return { ev: (f) => op.negate(ev(f)), type: value.type };
      case '+':
        return value;
      case '!':
        return {
          ev: (f) => {
            const v = ev(f);
            if (v === null || v === undefined) nullPointer(f);
            return !v;
          },
          type: T.Boolean,
        };
      case '~':
        return { ev: (f) => op.bitNot(ev(f)), type: value.type };
    }
  }

  private binary(e: BinaryExpr): CExpr {
    const left = this.expr(e.left);
    const right = this.expr(e.right);
    const l = left.ev;
    const r = right.ev;
    const isString = (t: ApexType | null) =>
      t?.kind === 'primitive' && (t.name === 'String' || t.name === 'Id');
    const isId = (t: ApexType | null) => t?.kind === 'primitive' && t.name === 'Id';
    switch (e.op) {
      case '+': {
        const concat = isString(left.type) || isString(right.type);
        const type = concat ? T.String : (left.type ?? right.type);
        return {
          ev: (f) => {
            const a = l(f);
            const b = r(f);
            if (typeof a === 'number' && typeof b === 'number') return (a + b) | 0;
            return op.add(a, b, concat);
          },
          type,
        };
      }
      case '-':
        return { ev: (f) => op.subtract(l(f), r(f)), type: left.type };
      case '*':
        return { ev: (f) => op.multiply(l(f), r(f)), type: left.type };
      case '/':
        return { ev: (f) => op.divide(l(f), r(f)), type: left.type };
      case '<':
        return { ev: (f) => op.lessThan(l(f), r(f)), type: T.Boolean };
      case '<=':
        return { ev: (f) => op.lessOrEqual(l(f), r(f)), type: T.Boolean };
      case '>':
        return { ev: (f) => op.greaterThan(l(f), r(f)), type: T.Boolean };
      case '>=':
        return { ev: (f) => op.greaterOrEqual(l(f), r(f)), type: T.Boolean };
      case '==':
      case '!=': {
        const equals = isId(left.type) || isId(right.type) ? op.idEquals : apexEquals;
        const negate = e.op === '!=';
        return {
          ev: (f) => {
            const a = l(f);
            const b = r(f);
            const same = a === b || equals(a, b);
            return negate ? !same : same;
          },
          type: T.Boolean,
        };
      }
      case '===':
        return { ev: (f) => op.identical(l(f), r(f)), type: T.Boolean };
      case '!==':
        return { ev: (f) => !op.identical(l(f), r(f)), type: T.Boolean };
      case '&&':
        return {
          ev: (f) => {
            const a = l(f);
            if (a === false) return false;
            if (a !== true) nullPointer(f);
            const b = r(f);
            if (b === null || b === undefined) nullPointer(f);
            return b;
          },
          type: T.Boolean,
        };
      case '||':
        return {
          ev: (f) => {
            const a = l(f);
            if (a === true) return true;
            if (a !== false) nullPointer(f);
            const b = r(f);
            if (b === null || b === undefined) nullPointer(f);
            return b;
          },
          type: T.Boolean,
        };
      case '??':
        return {
          ev: (f) => {
            const a = l(f);
            return a === null || a === undefined ? r(f) : a;
          },
          type: left.type ?? right.type,
        };
      default: {
        const bit = e.op;
        return { ev: (f) => op.bitwise(bit, l(f), r(f)), type: left.type };
      }
    }
  }

  private fieldExpr(e: FieldExpr): CExpr {
    const type = this.typeTarget(e.target);
    if (type) return this.staticMember(type, e.name, e.pos);
    let target = this.expr(e.target);
    if (e.target.kind === 'soql' && target.type?.kind === 'list') {
      // `[SELECT Id FROM X WHERE ...].Id`: the query's one row.
      const list = target.ev;
      target = { ev: (f) => singleRow(f, list(f) as ApexList), type: target.type.elem };
    }
    const t = target.ev;
    const lower = e.name.toLowerCase();
    const safe = e.safe;
    const staticType = this.memberType(target.type, lower);
    if (target.type?.kind === 'sobject' || target.type?.kind === 'class') {
      // Keep the common case fast: the member is looked up once per class seen.
      let seen: unknown = null;
      let field: FieldInfo | undefined;
      return {
        ev: (f) => {
          const v = t(f);
          if (v === null || v === undefined) return safe ? null : nullPointer(f);
          if (v instanceof ApexObject) {
            if (v.cls !== seen) {
              seen = v.cls;
              field = v.cls.findField(lower);
            }
            if (field && !field.getter) return v.fields[field.slot];
          }
          return getMember(f, v, lower);
        },
        type: staticType,
      };
    }
    return {
      ev: (f) => {
        const v = t(f);
        if (v === null || v === undefined) return safe ? null : nullPointer(f);
        return getMember(f, v, lower);
      },
      type: staticType,
    };
  }

  /** The static type of `target.member` where the compiler can tell it. */
  private memberType(target: ApexType | null, lower: string): ApexType | null {
    if (!target) return null;
    if (target.kind === 'class') return target.cls.findField(lower)?.type ?? null;
    if (target.kind === 'sobject' && target.def) {
      const field = this.reg.catalog.field(target.def, lower);
      if (field) return sobjectFieldType(field.type);
      const relation = this.reg.catalog.relationship(target.def, lower);
      if (relation) {
        const def =
          relation.referenceTo.length === 1
            ? this.reg.catalog.object(relation.referenceTo[0])
            : null;
        return { kind: 'sobject', def: def ?? null };
      }
    }
    return null;
  }

  /** `Type.member`: a static field or property, an enum constant, or an sObject token. */
  private staticMember(type: TypeTarget, name: string, pos: Pos): CExpr {
    const lower = name.toLowerCase();
    if (type.kind === 'sobject') {
      const def = type.def;
      if (lower === 'sobjecttype') {
        return {
          ev: () => platform.current!.sobjectTypeToken(def),
          type: { kind: 'class', cls: this.reg.systemClass('Schema.SObjectType') },
        };
      }
      if (!this.reg.catalog.field(def, lower))
        throw this.error(pos, `Invalid field ${name} for ${def.name}`);
      return {
        ev: (f) => platform.current!.fieldToken(f, def, lower),
        type: { kind: 'class', cls: this.reg.systemClass('Schema.SObjectField') },
      };
    }
    const field = type.cls.findField(lower);
    if (!field && type.cls === this.reg.systemClass('Schema.SObjectType')) {
      // `Schema.SObjectType.Lead`: the sObject's describe.
      const def = this.reg.catalog.object(name);
      if (def) {
        const describe = this.reg.systemClass('Schema.DescribeSObjectResult');
        return {
          ev: (f) => {
            const token = platform.current!.sobjectTypeToken(def) as NativeObject;
            return callMethod(f, token.cls.findMethods('getdescribe')[0], token, []);
          },
          type: { kind: 'class', cls: describe },
        };
      }
    }
    if (!field || !field.isStatic)
      throw this.error(pos, `Variable does not exist: ${type.cls.displayName}.${name}`);
    return { ev: this.fieldReader(field), type: field.type };
  }

  // -------------------------------------------------------------------------------------------
  // Calls
  // -------------------------------------------------------------------------------------------

  private args(list: Expr[]): Ev[] {
    return list.map((a) => this.expr(a).ev);
  }

  private call(e: CallExpr): CExpr {
    const { line, column } = e.pos;
    const args = this.args(e.args);
    const n = args.length;
    const evalArgs = (f: Frame): unknown[] => {
      const out = new Array<unknown>(n);
      for (let i = 0; i < n; i++) out[i] = args[i](f);
      f.line = line;
      f.column = column;
      return out;
    };
    const lower = e.name.toLowerCase();
    if (e.target === null) {
      if (lower === 'this' || lower === 'super')
        throw this.error(e.pos, `${e.name}(...) must be the first statement of a constructor`);
      return this.unqualifiedCall(e, lower, evalArgs);
    }
    if (e.target.kind === 'super') {
      const superclass = this.cls.superclass;
      const candidates = superclass?.findMethods(lower) ?? [];
      if (!superclass || candidates.length === 0)
        throw this.error(e.pos, `Method does not exist: super.${e.name}`);
      return {
        ev: (f) => {
          const a = evalArgs(f);
          const method = pickMethod(candidates, a);
          if (!method)
            return raise(
              f,
              'TypeException',
              `Method does not exist or incorrect signature: super.${e.name}`,
            );
          return callMethod(f, method, f.self, a);
        },
        type: candidates[0].returnType,
      };
    }
    if (e.target.kind === 'this') {
      return {
        ev: (f) => invokeVirtual(f, f.self, (f.self as ApexObject).cls, lower, evalArgs(f)),
        type: this.cls.findMethods(lower)[0]?.returnType ?? null,
      };
    }
    const type = this.typeTarget(e.target);
    if (type) return this.staticCall(type, e, lower, evalArgs);
    const target = this.expr(e.target);
    const t = target.ev;
    const safe = e.safe;
    return {
      ev: (f) => {
        const v = t(f);
        if ((v === null || v === undefined) && safe) return null;
        return invokeOn(f, v, lower, evalArgs(f));
      },
      type: this.callType(target.type, lower),
    };
  }

  /** Return types the compiler knows of calls on typed values (for `==` and `+`). */
  private callType(target: ApexType | null, lower: string): ApexType | null {
    if (!target) return null;
    if (target.kind === 'map' && lower === 'get') return target.value;
    if (target.kind === 'list' && lower === 'get') return target.elem;
    if (target.kind === 'map' && lower === 'keyset') return { kind: 'set', elem: target.key };
    if (target.kind === 'class') {
      const methods = target.cls.findMethods(lower);
      if (methods.length && !methods[0].variadic) return methods[0].returnType;
    }
    if (
      target.kind === 'primitive' &&
      target.name === 'String' &&
      ['substring', 'trim', 'tolowercase', 'touppercase', 'left', 'right'].includes(lower)
    ) {
      return T.String;
    }
    return null;
  }

  private unqualifiedCall(e: CallExpr, lower: string, evalArgs: (f: Frame) => unknown[]): CExpr {
    const own = this.cls?.findMethods(lower) ?? [];
    const arity = e.args.length;
    const fits = (m: MethodInfo) => m.variadic || m.params.length === arity;
    let candidates = own.filter(fits);
    if (candidates.length === 0) {
      for (let c = this.cls?.outer ?? null; c && candidates.length === 0; c = c.outer) {
        candidates = c.findMethods(lower).filter((m) => m.isStatic && fits(m));
      }
    }
    if (candidates.length === 0) {
      throw this.error(
        e.pos,
        `Method does not exist or incorrect signature: ${e.name}(${arity} argument${arity === 1 ? '' : 's'}) from the type ${this.cls?.displayName ?? 'anonymous'}`,
      );
    }
    const returnType = candidates[0].returnType;
    if (candidates.every((m) => m.isStatic)) {
      if (candidates.length === 1) {
        const method = candidates[0];
        return { ev: (f) => callMethod(f, method, null, evalArgs(f)), type: returnType };
      }
      return {
        ev: (f) => {
          const a = evalArgs(f);
          return callMethod(f, pickMethod(candidates, a) ?? candidates[0], null, a);
        },
        type: returnType,
      };
    }
    if (this.isStatic)
      throw this.error(
        e.pos,
        `Non static method cannot be referenced from a static context: ${e.name}`,
      );
    return {
      ev: (f) => {
        const self = f.self as ApexObject;
        return invokeVirtual(f, self, self.cls, lower, evalArgs(f));
      },
      type: returnType,
    };
  }

  private staticCall(
    type: TypeTarget,
    e: CallExpr,
    lower: string,
    evalArgs: (f: Frame) => unknown[],
  ): CExpr {
    if (type.kind === 'sobject') {
      // Lead.getSObjectType() and friends on the type itself.
      const token = platform.current!.sobjectTypeToken(type.def);
      if (lower === 'getsobjecttype') return { ev: () => token, type: null };
      return { ev: (f) => invokeOn(f, token, lower, evalArgs(f)), type: null };
    }
    const cls = type.cls;
    const candidates = cls
      .findMethods(lower)
      .filter((m) => m.isStatic && (m.variadic || m.params.length === e.args.length));
    if (candidates.length === 0) {
      throw this.error(
        e.pos,
        `Method does not exist or incorrect signature: ${cls.displayName}.${e.name}(${e.args.length} argument${e.args.length === 1 ? '' : 's'})` +
          (cls.isSystem ? NOT_SUPPORTED_IF_REAL : ''),
      );
    }
    const returnType = candidates[0].variadic
      ? nativeReturnType(cls, lower)
      : candidates[0].returnType;
    const needsLocals =
      cls.isSystem &&
      cls.name === 'Database' &&
      ['query', 'countquery', 'getquerylocator'].includes(lower);
    const locals = needsLocals ? this.localsView() : null;
    const run = (f: Frame, a: unknown[]) => {
      const method =
        candidates.length === 1 ? candidates[0] : (pickMethod(candidates, a) ?? candidates[0]);
      if (!cls.isSystem) staticsOf(f, cls);
      if (!locals) return callMethod(f, method, null, a);
      const saved = dynamicBinds.current;
      dynamicBinds.current = (name) => locals(f, name);
      try {
        return callMethod(f, method, null, a);
      } finally {
        dynamicBinds.current = saved;
      }
    };
    return { ev: (f) => run(f, evalArgs(f)), type: returnType };
  }

  /** What dynamic SOQL may bind: the locals and fields visible here, by name. */
  private localsView(): (f: Frame, name: string) => { found: boolean; value: unknown } {
    const scope = this.scope;
    return (f, name) => {
      const lower = name.toLowerCase();
      const local = scope.lookup(lower);
      if (local) return { found: true, value: f.locals[local.slot] };
      const field = this.fieldNamed(lower);
      if (field && (field.isStatic || !this.isStatic))
        return { found: true, value: this.fieldReader(field)(f) };
      return { found: false, value: null };
    };
  }

  // -------------------------------------------------------------------------------------------
  // new
  // -------------------------------------------------------------------------------------------

  private newExpr(e: NewExpr): CExpr {
    const type = this.resolveType(e.type);
    const { line, column } = e.pos;
    switch (e.form) {
      case 'object':
        return this.newObject(type, e.args, e.pos, line, column);
      case 'array': {
        const size = e.size ? this.expr(e.size).ev : null;
        const init = e.init ? this.collectionInit(type, e.init) : null;
        const elem = (type as { elem: ApexType }).elem;
        return {
          ev: (f) => {
            if (init) return new ApexList(elem, init(f));
            const n = size ? size(f) : 0;
            if (typeof n !== 'number') return nullPointer(f);
            return new ApexList(elem, new Array<unknown>(n).fill(null));
          },
          type,
        };
      }
      case 'set': {
        const init = this.collectionInit(type, e.init);
        if (type.kind === 'list') return { ev: (f) => new ApexList(type.elem, init(f)), type };
        if (type.kind === 'set') {
          return {
            ev: (f) => {
              const set = new ApexSet(type.elem);
              for (const v of init(f)) set.add(v);
              return set;
            },
            type,
          };
        }
        throw this.error(e.pos, `Invalid initializer for ${typeName(type)}`);
      }
      case 'map': {
        if (type.kind !== 'map')
          throw this.error(e.pos, `Invalid initializer for ${typeName(type)}`);
        const pairs = e.pairs.map(
          ([k, v]) =>
            [
              this.assignable(this.expr(k), type.key),
              this.assignable(this.expr(v), type.value),
            ] as const,
        );
        return {
          ev: (f) => {
            const map = new ApexMap(type.key, type.value);
            for (const [k, v] of pairs) map.put(k(f), v(f));
            return map;
          },
          type,
        };
      }
      case 'empty':
        if (type.kind === 'list') return { ev: () => new ApexList(type.elem), type };
        if (type.kind === 'set') return { ev: () => new ApexSet(type.elem), type };
        if (type.kind === 'map') return { ev: () => new ApexMap(type.key, type.value), type };
        throw this.error(e.pos, `Invalid initializer for ${typeName(type)}`);
    }
  }

  private collectionInit(type: ApexType, values: Expr[]): (f: Frame) => unknown[] {
    const elem = type.kind === 'list' || type.kind === 'set' ? type.elem : T.Object;
    const evs = values.map((v) => this.assignable(this.expr(v), elem));
    return (f) => evs.map((ev) => ev(f));
  }

  private newObject(
    type: ApexType,
    argExprs: Expr[],
    pos: Pos,
    line: number,
    column: number,
  ): CExpr {
    if (type.kind === 'sobject') {
      const def = type.def;
      if (!def)
        throw this.error(pos, 'Cannot create an instance of SObject: use a specific sObject type');
      const assignments = argExprs.map((a) => {
        if (a.kind !== 'assign' || a.op !== '=' || a.target.kind !== 'name') {
          throw this.error(
            a.pos,
            `Constructor arguments of ${def.name} must be field = value pairs`,
          );
        }
        const field = a.target.name.toLowerCase();
        if (!this.reg.catalog.field(def, field))
          throw this.error(a.target.pos, `Invalid field ${a.target.name} for ${def.name}`);
        return { field, value: this.expr(a.value).ev };
      });
      return {
        ev: (f) => {
          const record = platform.current!.newSObject(def);
          for (const { field, value } of assignments) setMember(f, record, field, value(f));
          return record;
        },
        type,
      };
    }
    const args = this.args(argExprs);
    const evalArgs = (f: Frame) => {
      const out = args.map((a) => a(f));
      f.line = line;
      f.column = column;
      return out;
    };
    if (type.kind === 'list' || type.kind === 'set' || type.kind === 'map') {
      return { ev: (f) => copyCollection(f, type, evalArgs(f)), type };
    }
    if (type.kind !== 'class') throw this.error(pos, `Cannot instantiate ${typeName(type)}`);
    const cls = type.cls;
    if (cls.isSystem && !cls.isException) {
      return { ev: (f) => newNative(f, cls, evalArgs(f)), type };
    }
    return { ev: (f) => instantiate(f, cls, evalArgs(f)), type };
  }

  // -------------------------------------------------------------------------------------------
  // Assignment
  // -------------------------------------------------------------------------------------------

  private assign(e: AssignExpr): CExpr {
    const target = this.lvalue(e.target);
    const value = this.expr(e.value);
    if (e.op === '=') {
      const ev = target.type ? this.assignable(value, target.type, e.value.pos) : value.ev;
      const set = target.set;
      return {
        ev: (f) => {
          const v = ev(f);
          set(f, v);
          return v;
        },
        type: target.type,
      };
    }
    const binary = e.op.slice(0, -1);
    const concat = target.type?.kind === 'primitive' && target.type.name === 'String';
    const rhs = value.ev;
    const combine = (old: unknown, v: unknown): unknown => {
      switch (binary) {
        case '+':
          return op.add(old, v, concat);
        case '-':
          return op.subtract(old, v);
        case '*':
          return op.multiply(old, v);
        case '/':
          return op.divide(old, v);
        default:
          return op.bitwise(binary as '&', old, v);
      }
    };
    const type = target.type;
    return {
      ev: (f) => {
        const v = rhs(f);
        return target.update(f, (old) => {
          if ((old === null || old === undefined) && !concat) nullPointer(f);
          const result = combine(old, v);
          return type ? coerce(f, result, type) : result;
        })[1];
      },
      type: target.type,
    };
  }

  private lvalue(e: Expr): LValue {
    if (e.kind === 'name') {
      const lower = e.name.toLowerCase();
      const local = this.scope.lookup(lower);
      if (local) {
        const slot = local.slot;
        return {
          type: local.type,
          get: (f) => f.locals[slot],
          set: (f, v) => {
            f.locals[slot] = v;
          },
          update: (f, fn) => {
            const old = f.locals[slot];
            const now = fn(old);
            f.locals[slot] = now;
            return [old, now];
          },
        };
      }
      const field = this.fieldNamed(lower);
      if (!field) throw this.error(e.pos, `Variable does not exist: ${e.name}`);
      return this.fieldLValue(field);
    }
    if (e.kind === 'field') {
      const type = this.typeTarget(e.target);
      if (type) {
        if (type.kind !== 'class') throw this.error(e.pos, `Cannot assign to ${e.name}`);
        const field = type.cls.findField(e.name.toLowerCase());
        if (!field || !field.isStatic)
          throw this.error(e.pos, `Variable does not exist: ${e.name}`);
        return this.fieldLValue(field);
      }
      const target = this.expr(e.target).ev;
      const lower = e.name.toLowerCase();
      const memberType = this.memberType(this.expr(e.target).type, lower);
      return {
        type: memberType,
        get: (f) => getMember(f, target(f), lower),
        set: (f, v) => setMember(f, target(f), lower, v),
        update: (f, fn) => {
          const object = target(f);
          const old = getMember(f, object, lower);
          const now = fn(old);
          setMember(f, object, lower, now);
          return [old, now];
        },
      };
    }
    if (e.kind === 'index') {
      const list = this.expr(e.target);
      const target = list.ev;
      const index = this.expr(e.index).ev;
      const elem = list.type?.kind === 'list' ? list.type.elem : null;
      return {
        type: elem,
        get: (f) => listGet(f, target(f), index(f)),
        set: (f, v) => listSet(f, target(f), index(f), v),
        update: (f, fn) => {
          const l = target(f);
          const i = index(f);
          const old = listGet(f, l, i);
          const now = fn(old);
          listSet(f, l, i, now);
          return [old, now];
        },
      };
    }
    throw this.error(e.pos, 'Expression cannot be assigned');
  }

  private fieldLValue(field: FieldInfo): LValue {
    const get = this.fieldReader(field);
    const set = this.fieldWriter(field);
    return {
      type: field.type,
      get,
      set,
      update: (f, fn) => {
        const old = get(f);
        const now = fn(old);
        set(f, now);
        return [old, now];
      },
    };
  }

  // -------------------------------------------------------------------------------------------
  // SOQL
  // -------------------------------------------------------------------------------------------

  private soql(text: string, binds: { name: string; expr: Expr }[]): CExpr {
    const compiled = binds.map((b) => ({ name: b.name.toLowerCase(), ev: this.expr(b.expr).ev }));
    const countOnly = /^\s*select\s+count\s*\(\s*\)\s+from\b/i.test(text);
    const from = /\bfrom\s+([a-z0-9_]+)/i.exec(text.replace(/\(\s*select[\s\S]*?\)/gi, ''));
    const def = from ? this.reg.catalog.object(from[1]) : undefined;
    return {
      ev: (f) => {
        const values = new Map<string, unknown>();
        for (const b of compiled) values.set(b.name, b.ev(f));
        return platform.current!.query(f, text, (name) => {
          const lower = name.toLowerCase();
          return values.has(lower)
            ? { found: true, value: values.get(lower) }
            : { found: false, value: null };
        });
      },
      type: countOnly ? T.Integer : { kind: 'list', elem: { kind: 'sobject', def: def ?? null } },
    };
  }
}

// ---------------------------------------------------------------------------------------------
// Run-time helpers of compiled code
// ---------------------------------------------------------------------------------------------

function sobjectFieldType(type: string): ApexType {
  switch (type) {
    case 'id':
    case 'reference':
      return T.Id;
    case 'boolean':
      return T.Boolean;
    case 'int':
      return T.Integer;
    case 'double':
    case 'currency':
    case 'percent':
      return T.Decimal;
    case 'date':
      return T.Date;
    case 'datetime':
      return T.Datetime;
    case 'base64':
      return T.Blob;
    default:
      return T.String;
  }
}

function nativeReturnType(cls: ClassInfo, lower: string): ApexType | null {
  if (
    cls.isSystem &&
    cls.name === 'String' &&
    ['valueof', 'join', 'format', 'escapesinglequotes'].includes(lower)
  )
    return T.String;
  return null;
}

export function listGet(f: Frame, list: unknown, index: unknown): unknown {
  if (list === null || list === undefined || index === null || index === undefined)
    return nullPointer(f);
  if (!(list instanceof ApexList)) return raise(f, 'TypeException', 'Only lists can be indexed');
  const i = index as number;
  if (i < 0 || i >= list.items.length)
    return raise(f, 'ListException', `List index out of bounds: ${i}`);
  return list.items[i];
}

export function listSet(f: Frame, list: unknown, index: unknown, value: unknown): void {
  if (list === null || list === undefined || index === null || index === undefined) nullPointer(f);
  if (!(list instanceof ApexList)) raise(f, 'TypeException', 'Only lists can be indexed');
  const i = index as number;
  if (i < 0 || i >= list.items.length) raise(f, 'ListException', `List index out of bounds: ${i}`);
  list.items[i] = coerce(f, value, list.elem);
}

/** `for (x : value)` over an Iterable (a class with iterator()) or an Iterator. */
function iterate(f: Frame, source: unknown): unknown[] {
  const iterator =
    source instanceof ApexObject && source.cls.findMethods('iterator').length
      ? invokeOn(f, source, 'iterator', [])
      : source;
  const items: unknown[] = [];
  while (invokeOn(f, iterator, 'hasnext', []) === true)
    items.push(invokeOn(f, iterator, 'next', []));
  return items;
}

/** `new List<T>(other)`, `new Set<T>(other)`, `new Map<K,V>(other or sObject list)`. */
function copyCollection(f: Frame, type: ApexType, args: unknown[]): unknown {
  const source = args[0];
  if (args.length > 1) return raise(f, 'TypeException', `Too many arguments for ${typeName(type)}`);
  const items = (): unknown[] => {
    if (source instanceof ApexList) return source.items;
    if (source instanceof ApexSet) return source.values();
    if (source === null || source === undefined) return nullPointer(f);
    return raise(f, 'TypeException', `Invalid initial value for ${typeName(type)}`);
  };
  if (type.kind === 'list') {
    if (args.length === 0) return new ApexList(type.elem);
    if (typeof source === 'number') return new ApexList(type.elem);
    return new ApexList(
      type.elem,
      items().map((v) => coerce(f, v, type.elem)),
    );
  }
  if (type.kind === 'set') {
    const set = new ApexSet(type.elem);
    if (args.length === 0 || typeof source === 'number') return set;
    for (const v of items()) set.add(coerce(f, v, type.elem));
    return set;
  }
  if (type.kind === 'map') {
    const map = new ApexMap(type.key, type.value);
    if (args.length === 0 || typeof source === 'number') return map;
    if (source instanceof ApexMap) {
      for (const [k, v] of source.map.values()) map.put(k, v);
      return map;
    }
    // new Map<Id, Lead>(leads): each record by its Id.
    for (const record of items()) {
      if (!(record instanceof SObjectValue))
        return raise(f, 'TypeException', 'Map constructor needs a list of sObjects');
      map.put(record.values.get('id') ?? null, record);
    }
    return map;
  }
  return null;
}

/** `new Database.DMLOptions()` and other system classes with state. */
function newNative(f: Frame, cls: ClassInfo, args: unknown[]): NativeObject {
  const object = new NativeObject(cls);
  for (let c: ClassInfo | null = cls; c; c = c.superclass) {
    if (c.constructors.length) {
      callMethod(f, c.constructors[0], object, args);
      return object;
    }
  }
  if (args.length)
    raise(
      f,
      'TypeException',
      `Constructor not defined: [${cls.displayName}].<Constructor>(${args.length} arguments)`,
    );
  return object;
}

export { newException, raiseUncatchable };
