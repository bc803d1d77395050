/**
 * apex-parser's parse tree to the runtime's syntax tree (ast.ts). Syntax errors are collected with
 * real error listeners on the lexer and the parser (the parser's own `check()` misses lexer
 * errors) and reported as ApexSyntaxError with file, line and column.
 */
import {
  AnonymousUnitContext,
  ApexErrorListener,
  ApexParserFactory,
  Arth1ExpressionContext,
  Arth2ExpressionContext,
  ArrayExpressionContext,
  AssignExpressionContext,
  BitAndExpressionContext,
  BitExpressionContext,
  BitNotExpressionContext,
  BitOrExpressionContext,
  BoundExpressionContext,
  CastExpressionContext,
  CmpExpressionContext,
  CoalExpressionContext,
  CondExpressionContext,
  DotExpressionContext,
  EqualityExpressionContext,
  IdPrimaryContext,
  InstanceOfExpressionContext,
  LiteralPrimaryContext,
  LogAndExpressionContext,
  LogOrExpressionContext,
  MethodCallExpressionContext,
  NegExpressionContext,
  NewExpressionContext,
  PostOpExpressionContext,
  PreOpExpressionContext,
  PrimaryExpressionContext,
  SoqlPrimaryContext,
  SoslPrimaryContext,
  SubExpressionContext,
  SuperPrimaryContext,
  ThisPrimaryContext,
  TypeRefPrimaryContext,
  VoidPrimaryContext,
} from '@apexdevtools/apex-parser';
import type {
  AnnotationContext,
  BlockContext,
  ClassBodyDeclarationContext,
  ClassDeclarationContext,
  CreatorContext,
  EnumDeclarationContext,
  ExpressionContext,
  ExpressionListContext,
  FormalParametersContext,
  InterfaceDeclarationContext,
  LiteralContext,
  LocalVariableDeclarationContext,
  MemberDeclarationContext,
  ModifierContext,
  StatementContext,
  TypeDeclarationContext,
  TypeRefContext,
  VariableDeclaratorsContext,
  WhenLiteralContext,
  WhenValueContext,
} from '@apexdevtools/apex-parser';
import type {
  Access,
  Accessor,
  AnonymousUnit,
  AssignOp,
  BinaryOp,
  Block,
  ClassDecl,
  EnumDecl,
  Expr,
  InterfaceDecl,
  LiteralValue,
  LocalVarStmt,
  Member,
  MethodDecl,
  Modifiers,
  Param,
  Pos,
  Stmt,
  TypeDecl,
  TypeNode,
  WhenValue,
} from './ast.ts';

export interface SyntaxProblem {
  line: number;
  column: number;
  message: string;
}

export class ApexSyntaxError extends Error {
  readonly problems: SyntaxProblem[];
  readonly file: string;

  constructor(file: string, problems: SyntaxProblem[]) {
    const first = problems[0];
    super(`${file}: line ${first.line}, column ${first.column}: ${first.message}`);
    this.file = file;
    this.problems = problems;
  }
}

class Collector extends ApexErrorListener {
  readonly problems: SyntaxProblem[] = [];

  apexSyntaxError(line: number, column: number, msg: string): void {
    this.problems.push({ line, column: column + 1, message: msg });
  }
}

/** Any parse-tree node: what the builder needs of ANTLR's ParserRuleContext. */
interface Node {
  start: { line: number; column: number; start: number };
  stop?: { stop: number; line: number } | null;
  getText(): string;
  children?: unknown[] | null;
}

function positionOf(node: Node): Pos {
  return { line: node.start.line, column: node.start.column + 1 };
}

function endLineOf(node: Node): number {
  return node.stop?.line ?? node.start.line;
}

export const EMPTY_MODIFIERS: Modifiers = {
  access: null,
  isStatic: false,
  isFinal: false,
  isAbstract: false,
  isVirtual: false,
  isOverride: false,
  isTransient: false,
  isTestMethod: false,
  sharing: null,
  annotations: [],
};

/** `\n`, `\'`, `\uXXXX` and the other escapes of an Apex string literal, without its quotes. */
export function unescapeApexString(quoted: string): string {
  const body = quoted.startsWith("'''")
    ? quoted.slice(3, -3).replace(/^\r?\n/, '')
    : quoted.slice(1, -1);
  return body.replace(/\\(u[0-9a-fA-F]{4}|.)/gs, (_, c: string) => {
    if (c.length === 5) return String.fromCharCode(parseInt(c.slice(1), 16));
    switch (c) {
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'r':
        return '\r';
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      default:
        return c;
    }
  });
}

class Builder {
  private readonly source: string;

  constructor(source: string) {
    this.source = source;
  }

  private textOf(node: Node): string {
    return this.source.slice(node.start.start, (node.stop?.stop ?? node.start.start) + 1);
  }

  // -------------------------------------------------------------------------------------------
  // Declarations
  // -------------------------------------------------------------------------------------------

  typeDeclaration(ctx: TypeDeclarationContext): TypeDecl {
    const modifiers = this.modifiers(ctx.modifier_list());
    const cls = ctx.classDeclaration();
    if (cls) return this.classDeclaration(cls, modifiers);
    const iface = ctx.interfaceDeclaration();
    if (iface) return this.interfaceDeclaration(iface, modifiers);
    return this.enumDeclaration(ctx.enumDeclaration(), modifiers);
  }

  modifiers(list: ModifierContext[]): Modifiers {
    const out: Modifiers = { ...EMPTY_MODIFIERS, annotations: [] };
    for (const m of list) {
      const annotation = m.annotation();
      if (annotation) {
        out.annotations.push(this.annotation(annotation));
        continue;
      }
      const text = m.getText().toLowerCase();
      if (text === 'withsharing') out.sharing = 'with';
      else if (text === 'withoutsharing') out.sharing = 'without';
      else if (text === 'inheritedsharing') out.sharing = 'inherited';
      else if (['public', 'private', 'protected', 'global'].includes(text))
        out.access = text as Access;
      else if (text === 'static') out.isStatic = true;
      else if (text === 'final') out.isFinal = true;
      else if (text === 'abstract') out.isAbstract = true;
      else if (text === 'virtual') out.isVirtual = true;
      else if (text === 'override') out.isOverride = true;
      else if (text === 'transient') out.isTransient = true;
      else if (text === 'testmethod') out.isTestMethod = true;
    }
    return out;
  }

  private annotation(ctx: AnnotationContext): { name: string; params: Record<string, string> } {
    const named = ctx as unknown as {
      qualifiedName?: () => Node | null;
      id?: () => Node | null;
      elementValuePairs(): {
        elementValuePair_list(): { id(): Node; elementValue(): Node }[];
      } | null;
      elementValue(): Node | null;
    };
    const nameNode = named.qualifiedName?.() ?? named.id?.();
    const params: Record<string, string> = {};
    const pairs = named.elementValuePairs();
    if (pairs) {
      for (const pair of pairs.elementValuePair_list()) {
        params[pair.id().getText().toLowerCase()] = this.textOf(pair.elementValue());
      }
    }
    const single = named.elementValue();
    if (single) params.value = this.textOf(single);
    return { name: (nameNode?.getText() ?? '').toLowerCase(), params };
  }

  private classDeclaration(ctx: ClassDeclarationContext, modifiers: Modifiers): ClassDecl {
    const members: Member[] = [];
    for (const decl of ctx.classBody().classBodyDeclaration_list()) {
      const member = this.classBodyDeclaration(decl);
      if (member) members.push(member);
    }
    const extendsRef = ctx.EXTENDS() ? ctx.typeRef() : null;
    return {
      kind: 'class',
      modifiers,
      name: ctx.id().getText(),
      extendsType: extendsRef ? this.typeRef(extendsRef) : null,
      implementsTypes:
        ctx
          .typeList()
          ?.typeRef_list()
          .map((t) => this.typeRef(t)) ?? [],
      members,
      pos: positionOf(ctx),
      endLine: endLineOf(ctx),
    };
  }

  private interfaceDeclaration(
    ctx: InterfaceDeclarationContext,
    modifiers: Modifiers,
  ): InterfaceDecl {
    const methods: MethodDecl[] = ctx
      .interfaceBody()
      .interfaceMethodDeclaration_list()
      .map((m) => ({
        kind: 'method',
        modifiers: this.modifiers(m.modifier_list()),
        returnType: m.VOID() ? null : this.typeRef(m.typeRef()),
        name: m.id().getText(),
        params: this.params(m.formalParameters()),
        body: null,
        pos: positionOf(m),
        endLine: endLineOf(m),
      }));
    return {
      kind: 'interface',
      modifiers,
      name: ctx.id().getText(),
      extendsTypes:
        ctx
          .typeList()
          ?.typeRef_list()
          .map((t) => this.typeRef(t)) ?? [],
      methods,
      pos: positionOf(ctx),
      endLine: endLineOf(ctx),
    };
  }

  private enumDeclaration(ctx: EnumDeclarationContext, modifiers: Modifiers): EnumDecl {
    return {
      kind: 'enum',
      modifiers,
      name: ctx.id().getText(),
      constants:
        ctx
          .enumConstants()
          ?.id_list()
          .map((id) => id.getText()) ?? [],
      pos: positionOf(ctx),
      endLine: endLineOf(ctx),
    };
  }

  private classBodyDeclaration(ctx: ClassBodyDeclarationContext): Member | null {
    const block = ctx.block();
    if (block) {
      return {
        kind: 'initializer',
        isStatic: !!ctx.STATIC(),
        body: this.block(block),
        pos: positionOf(ctx),
      };
    }
    const member = ctx.memberDeclaration();
    if (!member) return null;
    return this.memberDeclaration(member, this.modifiers(ctx.modifier_list()));
  }

  memberDeclaration(ctx: MemberDeclarationContext, modifiers: Modifiers): Member {
    const method = ctx.methodDeclaration();
    if (method) {
      const body = method.block();
      return {
        kind: 'method',
        modifiers,
        returnType: method.VOID() ? null : this.typeRef(method.typeRef()),
        name: method.id().getText(),
        params: this.params(method.formalParameters()),
        body: body ? this.block(body) : null,
        pos: positionOf(method),
        endLine: endLineOf(method),
      };
    }
    const ctor = (
      ctx as unknown as { constructorDeclaration?: () => unknown }
    ).constructorDeclaration?.() as
      | {
          qualifiedName(): Node;
          formalParameters(): FormalParametersContext;
          block(): BlockContext;
        }
      | null
      | undefined;
    if (ctor) {
      return {
        kind: 'constructor',
        modifiers,
        name: ctor.qualifiedName().getText(),
        params: this.params(ctor.formalParameters()),
        body: this.block(ctor.block()),
        pos: positionOf(ctor as unknown as Node),
        endLine: endLineOf(ctor as unknown as Node),
      };
    }
    const cls = ctx.classDeclaration();
    if (cls) return this.classDeclaration(cls, modifiers);
    const iface = ctx.interfaceDeclaration();
    if (iface) return this.interfaceDeclaration(iface, modifiers);
    const en = ctx.enumDeclaration();
    if (en) return this.enumDeclaration(en, modifiers);
    const prop = ctx.propertyDeclaration();
    if (prop) {
      let getter: Accessor | null = null;
      let setter: Accessor | null = null;
      for (const pb of prop.propertyBlock_list()) {
        const mods = this.modifiers(pb.modifier_list());
        const g = pb.getter();
        if (g) {
          const b = g.block();
          getter = { modifiers: mods, body: b ? this.block(b) : null, pos: positionOf(g) };
        }
        const s = pb.setter();
        if (s) {
          const b = s.block();
          setter = { modifiers: mods, body: b ? this.block(b) : null, pos: positionOf(s) };
        }
      }
      return {
        kind: 'property',
        modifiers,
        type: this.typeRef(prop.typeRef()),
        name: prop.id().getText(),
        getter,
        setter,
        pos: positionOf(prop),
      };
    }
    const field = ctx.fieldDeclaration();
    return {
      kind: 'field',
      modifiers,
      type: this.typeRef(field.typeRef()),
      declarators: this.declarators(field.variableDeclarators()),
      pos: positionOf(field),
    };
  }

  private params(ctx: FormalParametersContext): Param[] {
    return (
      ctx
        .formalParameterList()
        ?.formalParameter_list()
        .map((p) => ({ type: this.typeRef(p.typeRef()), name: p.id().getText() })) ?? []
    );
  }

  private declarators(
    ctx: VariableDeclaratorsContext,
  ): { name: string; init: Expr | null; pos: Pos }[] {
    return ctx.variableDeclarator_list().map((d) => {
      const init = d.expression();
      return { name: d.id().getText(), init: init ? this.expr(init) : null, pos: positionOf(d) };
    });
  }

  typeRef(ctx: TypeRefContext): TypeNode {
    const parts = ctx.typeName_list().map((t) => {
      const args =
        t
          .typeArguments()
          ?.typeList()
          .typeRef_list()
          .map((a) => this.typeRef(a)) ?? [];
      const name = t.LIST() ? 'List' : t.SET() ? 'Set' : t.MAP() ? 'Map' : t.id().getText();
      return { name, args };
    });
    const dims = ctx.arraySubscripts()?.LBRACK_list().length ?? 0;
    return { parts, dims, pos: positionOf(ctx) };
  }

  // -------------------------------------------------------------------------------------------
  // Statements
  // -------------------------------------------------------------------------------------------

  block(ctx: BlockContext): Block {
    return {
      kind: 'block',
      statements: ctx.statement_list().map((s) => this.statement(s)),
      pos: positionOf(ctx),
    };
  }

  private localVariable(ctx: LocalVariableDeclarationContext): LocalVarStmt {
    return {
      kind: 'local',
      type: this.typeRef(ctx.typeRef()),
      declarators: this.declarators(ctx.variableDeclarators()),
      pos: positionOf(ctx),
    };
  }

  private optionalStatement(ctx: StatementContext | null | undefined): Stmt | null {
    return ctx ? this.statement(ctx) : null;
  }

  statement(ctx: StatementContext): Stmt {
    const pos = positionOf(ctx);
    const block = ctx.block();
    if (block) return this.block(block);
    const local = ctx.localVariableDeclarationStatement();
    if (local) return this.localVariable(local.localVariableDeclaration());
    const exprStmt = ctx.expressionStatement();
    if (exprStmt) return { kind: 'expr', expr: this.expr(exprStmt.expression()), pos };
    const ifs = ctx.ifStatement();
    if (ifs) {
      const statements = ifs.statement_list();
      return {
        kind: 'if',
        cond: this.expr(ifs.parExpression().expression()),
        then: this.statement(statements[0]),
        otherwise: statements[1] ? this.statement(statements[1]) : null,
        pos,
      };
    }
    const ret = ctx.returnStatement();
    if (ret) {
      const value = ret.expression();
      return { kind: 'return', value: value ? this.expr(value) : null, pos };
    }
    const forS = ctx.forStatement();
    if (forS) {
      const control = forS.forControl();
      const body = this.optionalStatement(forS.statement());
      const enhanced = control.enhancedForControl();
      if (enhanced) {
        return {
          kind: 'forEach',
          type: this.typeRef(enhanced.typeRef()),
          name: enhanced.id().getText(),
          iterable: this.expr(enhanced.expression()),
          body,
          pos,
        };
      }
      const init = control.forInit();
      const localInit = init?.localVariableDeclaration();
      const cond = control.expression();
      return {
        kind: 'for',
        init: localInit
          ? this.localVariable(localInit)
          : init
            ? this.exprList(init.expressionList())
            : null,
        cond: cond ? this.expr(cond) : null,
        update: control.forUpdate() ? this.exprList(control.forUpdate().expressionList()) : [],
        body,
        pos,
      };
    }
    const whileS = ctx.whileStatement();
    if (whileS) {
      return {
        kind: 'while',
        cond: this.expr(whileS.parExpression().expression()),
        body: this.optionalStatement(whileS.statement()),
        pos,
      };
    }
    const doS = ctx.doWhileStatement();
    if (doS) {
      return {
        kind: 'doWhile',
        body: this.block(doS.block()),
        cond: this.expr(doS.parExpression().expression()),
        pos,
      };
    }
    const tryS = ctx.tryStatement();
    if (tryS) {
      const fin = tryS.finallyBlock();
      return {
        kind: 'try',
        body: this.block(tryS.block()),
        catches: tryS.catchClause_list().map((c) => ({
          type: c
            .qualifiedName()
            .id_list()
            .map((id) => id.getText()),
          name: c.id().getText(),
          body: this.block(c.block()),
          pos: positionOf(c),
        })),
        finallyBlock: fin ? this.block(fin.block()) : null,
        pos,
      };
    }
    const throwS = ctx.throwStatement();
    if (throwS) return { kind: 'throw', value: this.expr(throwS.expression()), pos };
    if (ctx.breakStatement()) return { kind: 'break', pos };
    if (ctx.continueStatement()) return { kind: 'continue', pos };
    const sw = ctx.switchStatement();
    if (sw) {
      return {
        kind: 'switch',
        subject: this.expr(sw.expression()),
        whens: sw.whenControl_list().map((w) => ({
          value: this.whenValue(w.whenValue()),
          body: this.block(w.block()),
          pos: positionOf(w),
        })),
        pos,
      };
    }
    const runAs = ctx.runAsStatement();
    if (runAs) {
      return {
        kind: 'runAs',
        args: runAs.expressionList() ? this.exprList(runAs.expressionList()) : [],
        body: this.block(runAs.block()),
        pos,
      };
    }
    return this.dmlStatement(ctx, pos);
  }

  private dmlStatement(ctx: StatementContext, pos: Pos): Stmt {
    type DmlCtx = {
      accessLevel(): Node | null;
      expression(): ExpressionContext;
      expression_list?: () => ExpressionContext[];
      qualifiedName?: () => Node | null;
    };
    const level = (c: DmlCtx) => {
      const text = c.accessLevel()?.getText().toLowerCase();
      return text === 'asuser' ? 'user' : text === 'assystem' ? 'system' : null;
    };
    const simple: [string, DmlCtx | null][] = [
      ['insert', ctx.insertStatement() as unknown as DmlCtx | null],
      ['update', ctx.updateStatement() as unknown as DmlCtx | null],
      ['delete', ctx.deleteStatement() as unknown as DmlCtx | null],
      ['undelete', ctx.undeleteStatement() as unknown as DmlCtx | null],
    ];
    for (const [verb, c] of simple) {
      if (c) {
        return {
          kind: 'dml',
          verb: verb as 'insert',
          accessLevel: level(c),
          target: this.expr(c.expression()),
          extra: null,
          pos,
        };
      }
    }
    const upsert = ctx.upsertStatement() as unknown as DmlCtx | null;
    if (upsert) {
      return {
        kind: 'dml',
        verb: 'upsert',
        accessLevel: level(upsert),
        target: this.expr(upsert.expression()),
        extra: upsert.qualifiedName?.()?.getText() ?? null,
        pos,
      };
    }
    const merge = ctx.mergeStatement();
    if (merge) {
      const exprs = merge.expression_list();
      return {
        kind: 'dml',
        verb: 'merge',
        accessLevel: level(merge as unknown as DmlCtx),
        target: this.expr(exprs[0]),
        extra: this.expr(exprs[1]),
        pos,
      };
    }
    throw new Error(`Unknown statement at line ${pos.line}: ${this.textOf(ctx)}`);
  }

  private whenValue(ctx: WhenValueContext): WhenValue {
    if (ctx.ELSE()) return { kind: 'else' };
    const typeRef = ctx.typeRef();
    if (typeRef) return { kind: 'type', type: this.typeRef(typeRef), name: ctx.id().getText() };
    return { kind: 'literals', values: ctx.whenLiteral_list().map((l) => this.whenLiteral(l)) };
  }

  private whenLiteral(ctx: WhenLiteralContext): Expr {
    const pos = positionOf(ctx);
    const inner = ctx.whenLiteral();
    if (inner) return this.whenLiteral(inner);
    if (ctx.NULL()) return { kind: 'literal', value: { type: 'null' }, pos };
    const negative = ctx.SUB_list().length % 2 === 1;
    const int = ctx.IntegerLiteral();
    if (int) {
      const text = (negative ? '-' : '') + int.getText();
      return { kind: 'literal', value: { type: 'integer', text }, pos };
    }
    const long = ctx.LongLiteral();
    if (long) {
      const text = (negative ? '-' : '') + long.getText().slice(0, -1);
      return { kind: 'literal', value: { type: 'long', text }, pos };
    }
    const str = ctx.StringLiteral() ?? ctx.MultilineStringLiteral();
    if (str)
      return {
        kind: 'literal',
        value: { type: 'string', value: unescapeApexString(str.getText()) },
        pos,
      };
    const names = ctx
      .qualifiedName()
      .id_list()
      .map((id) => id.getText());
    let expr: Expr = { kind: 'name', name: names[0], pos };
    for (const name of names.slice(1))
      expr = { kind: 'field', target: expr, name, safe: false, pos };
    return expr;
  }

  // -------------------------------------------------------------------------------------------
  // Expressions
  // -------------------------------------------------------------------------------------------

  exprList(ctx: ExpressionListContext | null | undefined): Expr[] {
    return ctx ? ctx.expression_list().map((e) => this.expr(e)) : [];
  }

  expr(ctx: ExpressionContext): Expr {
    const pos = positionOf(ctx);
    if (ctx instanceof PrimaryExpressionContext)
      return this.primary(ctx.primary() as unknown as Node, pos);
    if (ctx instanceof DotExpressionContext) {
      const target = this.expr(ctx.expression());
      const safe = !!ctx.QUESTIONDOT();
      const call = ctx.dotMethodCall();
      if (call) {
        return {
          kind: 'call',
          target,
          name: call.anyId().getText(),
          args: this.exprList(call.expressionList()),
          safe,
          pos: positionOf(call),
        };
      }
      return {
        kind: 'field',
        target,
        name: ctx.anyId().getText(),
        safe,
        pos: positionOf(ctx.anyId()),
      };
    }
    if (ctx instanceof MethodCallExpressionContext) {
      const call = ctx.methodCall();
      const name = call.THIS() ? 'this' : call.SUPER() ? 'super' : call.id().getText();
      return {
        kind: 'call',
        target: null,
        name,
        args: this.exprList(call.expressionList()),
        safe: false,
        pos,
      };
    }
    if (ctx instanceof ArrayExpressionContext) {
      return {
        kind: 'index',
        target: this.expr(ctx.expression(0)),
        index: this.expr(ctx.expression(1)),
        pos,
      };
    }
    if (ctx instanceof NewExpressionContext) return this.creator(ctx.creator(), pos);
    if (ctx instanceof CastExpressionContext) {
      return {
        kind: 'cast',
        type: this.typeRef(ctx.typeRef()),
        value: this.expr(ctx.expression()),
        pos,
      };
    }
    if (ctx instanceof SubExpressionContext) return this.expr(ctx.expression());
    if (ctx instanceof PostOpExpressionContext) {
      return {
        kind: 'step',
        op: ctx.INC() ? '++' : '--',
        prefix: false,
        target: this.expr(ctx.expression()),
        pos,
      };
    }
    if (ctx instanceof PreOpExpressionContext) {
      const value = this.expr(ctx.expression());
      if (ctx.INC()) return { kind: 'step', op: '++', prefix: true, target: value, pos };
      if (ctx.DEC()) return { kind: 'step', op: '--', prefix: true, target: value, pos };
      return { kind: 'unary', op: ctx.SUB() ? '-' : '+', value, pos };
    }
    if (ctx instanceof NegExpressionContext) {
      return { kind: 'unary', op: ctx.BANG() ? '!' : '~', value: this.expr(ctx.expression()), pos };
    }
    if (ctx instanceof InstanceOfExpressionContext) {
      return {
        kind: 'instanceof',
        value: this.expr(ctx.expression()),
        type: this.typeRef(ctx.typeRef()),
        pos,
      };
    }
    if (ctx instanceof CondExpressionContext) {
      return {
        kind: 'ternary',
        cond: this.expr(ctx.expression(0)),
        then: this.expr(ctx.expression(1)),
        otherwise: this.expr(ctx.expression(2)),
        pos,
      };
    }
    if (ctx instanceof AssignExpressionContext) {
      const operator = (ctx.children?.[1] as Node).getText() as AssignOp;
      return {
        kind: 'assign',
        op: operator,
        target: this.expr(ctx.expression(0)),
        value: this.expr(ctx.expression(1)),
        pos,
      };
    }
    const op = this.binaryOperator(ctx);
    const sides = (ctx as unknown as { expression(i: number): ExpressionContext }).expression.bind(
      ctx,
    );
    return { kind: 'binary', op, left: this.expr(sides(0)), right: this.expr(sides(1)), pos };
  }

  private binaryOperator(ctx: ExpressionContext): BinaryOp {
    const between = (ctx.children ?? [])
      .slice(1, -1)
      .map((c) => (c as Node).getText())
      .join('');
    if (
      ctx instanceof Arth1ExpressionContext ||
      ctx instanceof Arth2ExpressionContext ||
      ctx instanceof BitExpressionContext ||
      ctx instanceof CmpExpressionContext ||
      ctx instanceof BitAndExpressionContext ||
      ctx instanceof BitNotExpressionContext ||
      ctx instanceof BitOrExpressionContext ||
      ctx instanceof LogAndExpressionContext ||
      ctx instanceof LogOrExpressionContext ||
      ctx instanceof CoalExpressionContext
    ) {
      return between as BinaryOp;
    }
    if (ctx instanceof EqualityExpressionContext)
      return between === '<>' ? '!=' : (between as BinaryOp);
    throw new Error(
      `Unknown expression at line ${ctx.start.line}: ${this.textOf(ctx as unknown as Node)}`,
    );
  }

  private primary(node: Node, pos: Pos): Expr {
    if (node instanceof ThisPrimaryContext) return { kind: 'this', pos };
    if (node instanceof SuperPrimaryContext) return { kind: 'super', pos };
    if (node instanceof LiteralPrimaryContext)
      return { kind: 'literal', value: this.literal(node.literal()), pos };
    if (node instanceof IdPrimaryContext) return { kind: 'name', name: node.id().getText(), pos };
    if (node instanceof TypeRefPrimaryContext)
      return { kind: 'typeLiteral', type: this.typeRef(node.typeRef()), pos };
    if (node instanceof VoidPrimaryContext) return { kind: 'typeLiteral', type: null, pos };
    if (node instanceof SoqlPrimaryContext)
      return this.soql(node.soqlLiteral().query() as unknown as Node, pos);
    if (node instanceof SoslPrimaryContext) return { kind: 'unsupported', what: 'SOSL', pos };
    throw new Error(`Unknown primary at line ${pos.line}: ${node.getText()}`);
  }

  private literal(ctx: LiteralContext): LiteralValue {
    const text = ctx.getText();
    if (ctx.NULL()) return { type: 'null' };
    if (ctx.BooleanLiteral()) return { type: 'boolean', value: text.toLowerCase() === 'true' };
    if (ctx.IntegerLiteral()) return { type: 'integer', text };
    if (ctx.LongLiteral()) return { type: 'long', text: text.slice(0, -1) };
    if (ctx.NumberLiteral()) {
      return /[dD]$/.test(text)
        ? { type: 'double', text: text.slice(0, -1) }
        : { type: 'decimal', text };
    }
    return { type: 'string', value: unescapeApexString(text) };
  }

  /** Inline SOQL: its text with each `:expression` replaced by `:__bN`, and the expressions. */
  private soql(query: Node, pos: Pos): Expr {
    const binds: { name: string; expr: Expr; start: number; stop: number }[] = [];
    const visit = (node: unknown) => {
      if (node instanceof BoundExpressionContext) {
        const n = node as unknown as Node;
        binds.push({
          name: `apexBind${binds.length}`,
          expr: this.expr(node.expression()),
          start: n.start.start,
          stop: n.stop!.stop,
        });
        return;
      }
      for (const child of (node as Node).children ?? []) visit(child);
    };
    visit(query);
    let text = '';
    let at = query.start.start;
    for (const bind of binds) {
      text += this.source.slice(at, bind.start) + `:${bind.name}`;
      at = bind.stop + 1;
    }
    text += this.source.slice(at, query.stop!.stop + 1);
    return { kind: 'soql', text, binds: binds.map(({ name, expr }) => ({ name, expr })), pos };
  }

  private creator(ctx: CreatorContext, pos: Pos): Expr {
    const parts = ctx
      .createdName()
      .idCreatedNamePair_list()
      .map((pair) => ({
        name: pair.anyId().getText(),
        args:
          pair
            .typeList()
            ?.typeRef_list()
            .map((t) => this.typeRef(t)) ?? [],
      }));
    const type: TypeNode = { parts, dims: 0, pos };
    if (ctx.noRest()) return { kind: 'new', form: 'empty', type, pos };
    const classRest = ctx.classCreatorRest();
    if (classRest) {
      return {
        kind: 'new',
        form: 'object',
        type,
        args: this.exprList(classRest.arguments().expressionList()),
        pos,
      };
    }
    const arrayRest = ctx.arrayCreatorRest();
    if (arrayRest) {
      const size = arrayRest.expression();
      const init = arrayRest.arrayInitializer();
      return {
        kind: 'new',
        form: 'array',
        type: { ...type, dims: 1 },
        size: size ? this.expr(size) : null,
        init: init ? init.expression_list().map((e) => this.expr(e)) : null,
        pos,
      };
    }
    const mapRest = ctx.mapCreatorRest();
    if (mapRest) {
      return {
        kind: 'new',
        form: 'map',
        type,
        pairs: mapRest
          .mapCreatorRestPair_list()
          .map((p) => [this.expr(p.expression(0)), this.expr(p.expression(1))]),
        pos,
      };
    }
    const setRest = ctx.setCreatorRest();
    return {
      kind: 'new',
      form: 'set',
      type,
      init: setRest.expression_list().map((e) => this.expr(e)),
      pos,
    };
  }
}

function parser(source: string, file: string) {
  const errors = new Collector();
  const { parser } = ApexParserFactory.createLexerAndParser(source, errors);
  return {
    parser,
    check: () => {
      if (errors.problems.length) throw new ApexSyntaxError(file, errors.problems);
    },
  };
}

/** Parses a class, interface or enum file. */
export function parseCompilationUnit(source: string, file: string): TypeDecl {
  const { parser: p, check } = parser(source, file);
  const unit = p.compilationUnit();
  check();
  return new Builder(source).typeDeclaration(unit.typeDeclaration());
}

/** Parses anonymous Apex: statements, plus the methods, classes and variables it declares. */
export function parseAnonymous(source: string, file = 'AnonymousBlock'): AnonymousUnit {
  const { parser: p, check } = parser(source, file);
  const unit = p.anonymousUnit() as AnonymousUnitContext;
  check();
  const builder = new Builder(source);
  const members: Member[] = [];
  const statements: Stmt[] = [];
  for (const member of unit.anonymousBlock().anonymousBlockMember_list()) {
    const declaration = member.anonymousMemberDeclaration();
    if (declaration) {
      const decl = builder.memberDeclaration(
        declaration as unknown as MemberDeclarationContext,
        builder.modifiers(member.modifier_list()),
      );
      // `Integer x = 1;` parses as a field: in anonymous Apex it is a local variable.
      if (decl.kind === 'field') {
        statements.push({
          kind: 'local',
          type: decl.type,
          declarators: decl.declarators,
          pos: decl.pos,
        });
      } else {
        members.push(decl);
      }
    } else {
      statements.push(builder.statement(member.statement()));
    }
  }
  return { members, statements };
}
