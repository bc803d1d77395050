/**
 * The Apex syntax tree the runtime compiles: a small, typed form of the apex-parser parse tree.
 * Names keep their written case (Apex identifiers are case-insensitive: the compiler compares
 * them in lower case); every statement and expression carries its 1-based line and column.
 */

export interface Pos {
  line: number;
  column: number;
}

/** A type as written: `List<String>`, `Database.Batchable<Object>`, `Lead[]` (dims 1). */
export interface TypeNode {
  parts: { name: string; args: TypeNode[] }[];
  dims: number;
  pos: Pos;
}

export interface Annotation {
  /** Lower case, without the @: `istest`, `auraenabled`, `testvisible`, `restresource`. */
  name: string;
  /** Element values by lower-case name (a single unnamed value is `value`), as literal text. */
  params: Record<string, string>;
}

export type Access = 'private' | 'protected' | 'public' | 'global';
export type SharingMode = 'with' | 'without' | 'inherited';

export interface Modifiers {
  access: Access | null;
  isStatic: boolean;
  isFinal: boolean;
  isAbstract: boolean;
  isVirtual: boolean;
  isOverride: boolean;
  isTransient: boolean;
  isTestMethod: boolean;
  sharing: SharingMode | null;
  annotations: Annotation[];
}

export interface Param {
  type: TypeNode;
  name: string;
}

export interface FieldDecl {
  kind: 'field';
  modifiers: Modifiers;
  type: TypeNode;
  declarators: { name: string; init: Expr | null; pos: Pos }[];
  pos: Pos;
}

export interface Accessor {
  modifiers: Modifiers;
  /** null for an automatic accessor (`get;`). */
  body: Block | null;
  pos: Pos;
}

export interface PropertyDecl {
  kind: 'property';
  modifiers: Modifiers;
  type: TypeNode;
  name: string;
  getter: Accessor | null;
  setter: Accessor | null;
  pos: Pos;
}

export interface MethodDecl {
  kind: 'method';
  modifiers: Modifiers;
  /** null for void. */
  returnType: TypeNode | null;
  name: string;
  params: Param[];
  /** null for abstract and interface methods. */
  body: Block | null;
  pos: Pos;
  endLine: number;
}

export interface ConstructorDecl {
  kind: 'constructor';
  modifiers: Modifiers;
  name: string;
  params: Param[];
  body: Block;
  pos: Pos;
  endLine: number;
}

export interface InitializerDecl {
  kind: 'initializer';
  isStatic: boolean;
  body: Block;
  pos: Pos;
}

export interface ClassDecl {
  kind: 'class';
  modifiers: Modifiers;
  name: string;
  extendsType: TypeNode | null;
  implementsTypes: TypeNode[];
  members: Member[];
  pos: Pos;
  endLine: number;
}

export interface InterfaceDecl {
  kind: 'interface';
  modifiers: Modifiers;
  name: string;
  extendsTypes: TypeNode[];
  methods: MethodDecl[];
  pos: Pos;
  endLine: number;
}

export interface EnumDecl {
  kind: 'enum';
  modifiers: Modifiers;
  name: string;
  constants: string[];
  pos: Pos;
  endLine: number;
}

export type TypeDecl = ClassDecl | InterfaceDecl | EnumDecl;

export type Member =
  FieldDecl | PropertyDecl | MethodDecl | ConstructorDecl | InitializerDecl | TypeDecl;

// ---------------------------------------------------------------------------------------------
// Statements
// ---------------------------------------------------------------------------------------------

export interface Block {
  kind: 'block';
  statements: Stmt[];
  pos: Pos;
}

export interface LocalVarStmt {
  kind: 'local';
  type: TypeNode;
  declarators: { name: string; init: Expr | null; pos: Pos }[];
  pos: Pos;
}

export interface ExprStmt {
  kind: 'expr';
  expr: Expr;
  pos: Pos;
}

export interface IfStmt {
  kind: 'if';
  cond: Expr;
  then: Stmt;
  otherwise: Stmt | null;
  pos: Pos;
}

export type WhenValue =
  | { kind: 'else' }
  | { kind: 'literals'; values: Expr[] }
  | { kind: 'type'; type: TypeNode; name: string };

export interface SwitchStmt {
  kind: 'switch';
  subject: Expr;
  whens: { value: WhenValue; body: Block; pos: Pos }[];
  pos: Pos;
}

export interface ForStmt {
  kind: 'for';
  init: LocalVarStmt | Expr[] | null;
  cond: Expr | null;
  update: Expr[];
  body: Stmt | null;
  pos: Pos;
}

export interface ForEachStmt {
  kind: 'forEach';
  type: TypeNode;
  name: string;
  iterable: Expr;
  body: Stmt | null;
  pos: Pos;
}

export interface WhileStmt {
  kind: 'while';
  cond: Expr;
  body: Stmt | null;
  pos: Pos;
}

export interface DoWhileStmt {
  kind: 'doWhile';
  body: Block;
  cond: Expr;
  pos: Pos;
}

export interface TryStmt {
  kind: 'try';
  body: Block;
  catches: { type: string[]; name: string; body: Block; pos: Pos }[];
  finallyBlock: Block | null;
  pos: Pos;
}

export interface ReturnStmt {
  kind: 'return';
  value: Expr | null;
  pos: Pos;
}

export interface ThrowStmt {
  kind: 'throw';
  value: Expr;
  pos: Pos;
}

export interface JumpStmt {
  kind: 'break' | 'continue';
  pos: Pos;
}

export type DmlVerb = 'insert' | 'update' | 'delete' | 'undelete' | 'upsert' | 'merge';

export interface DmlStmt {
  kind: 'dml';
  verb: DmlVerb;
  /** `insert as user ...`: 'user' or 'system'; null when not given. */
  accessLevel: 'user' | 'system' | null;
  target: Expr;
  /** upsert's external Id field, merge's second record. */
  extra: string | Expr | null;
  pos: Pos;
}

export interface RunAsStmt {
  kind: 'runAs';
  args: Expr[];
  body: Block;
  pos: Pos;
}

export type Stmt =
  | Block
  | LocalVarStmt
  | ExprStmt
  | IfStmt
  | SwitchStmt
  | ForStmt
  | ForEachStmt
  | WhileStmt
  | DoWhileStmt
  | TryStmt
  | ReturnStmt
  | ThrowStmt
  | JumpStmt
  | DmlStmt
  | RunAsStmt;

// ---------------------------------------------------------------------------------------------
// Expressions
// ---------------------------------------------------------------------------------------------

export type LiteralValue =
  | { type: 'null' }
  | { type: 'boolean'; value: boolean }
  | { type: 'integer'; text: string }
  | { type: 'long'; text: string }
  | { type: 'decimal'; text: string }
  | { type: 'double'; text: string }
  | { type: 'string'; value: string };

export interface LiteralExpr {
  kind: 'literal';
  value: LiteralValue;
  pos: Pos;
}

export interface NameExpr {
  kind: 'name';
  name: string;
  pos: Pos;
}

export interface ThisExpr {
  kind: 'this' | 'super';
  pos: Pos;
}

/** `target.name` or `target?.name`. */
export interface FieldExpr {
  kind: 'field';
  target: Expr;
  name: string;
  safe: boolean;
  pos: Pos;
}

/** `name(args)` (target null), `target.name(args)`, `this(args)`, `super(args)`. */
export interface CallExpr {
  kind: 'call';
  target: Expr | null;
  name: string;
  args: Expr[];
  safe: boolean;
  pos: Pos;
}

export interface IndexExpr {
  kind: 'index';
  target: Expr;
  index: Expr;
  pos: Pos;
}

export type NewExpr =
  | { kind: 'new'; form: 'object'; type: TypeNode; args: Expr[]; pos: Pos }
  | { kind: 'new'; form: 'array'; type: TypeNode; size: Expr | null; init: Expr[] | null; pos: Pos }
  | { kind: 'new'; form: 'set'; type: TypeNode; init: Expr[]; pos: Pos }
  | { kind: 'new'; form: 'map'; type: TypeNode; pairs: [Expr, Expr][]; pos: Pos }
  | { kind: 'new'; form: 'empty'; type: TypeNode; pos: Pos };

export interface CastExpr {
  kind: 'cast';
  type: TypeNode;
  value: Expr;
  pos: Pos;
}

export interface UnaryExpr {
  kind: 'unary';
  op: '-' | '+' | '!' | '~';
  value: Expr;
  pos: Pos;
}

/** `++x`, `x--`. */
export interface StepExpr {
  kind: 'step';
  op: '++' | '--';
  prefix: boolean;
  target: Expr;
  pos: Pos;
}

export type BinaryOp =
  | '*'
  | '/'
  | '+'
  | '-'
  | '<<'
  | '>>'
  | '>>>'
  | '<'
  | '>'
  | '<='
  | '>='
  | '=='
  | '!='
  | '==='
  | '!=='
  | '&'
  | '^'
  | '|'
  | '&&'
  | '||'
  | '??';

export interface BinaryExpr {
  kind: 'binary';
  op: BinaryOp;
  left: Expr;
  right: Expr;
  pos: Pos;
}

export interface InstanceOfExpr {
  kind: 'instanceof';
  value: Expr;
  type: TypeNode;
  pos: Pos;
}

export interface TernaryExpr {
  kind: 'ternary';
  cond: Expr;
  then: Expr;
  otherwise: Expr;
  pos: Pos;
}

export type AssignOp =
  '=' | '+=' | '-=' | '*=' | '/=' | '&=' | '|=' | '^=' | '<<=' | '>>=' | '>>>=';

export interface AssignExpr {
  kind: 'assign';
  op: AssignOp;
  target: Expr;
  value: Expr;
  pos: Pos;
}

/** `[SELECT ...]`: the query text with each bound expression replaced by `:__bN`. */
export interface SoqlExpr {
  kind: 'soql';
  text: string;
  binds: { name: string; expr: Expr }[];
  pos: Pos;
}

/** `Type.class`. */
export interface TypeLiteralExpr {
  kind: 'typeLiteral';
  type: TypeNode | null;
  pos: Pos;
}

/** A construct the runtime does not support (SOSL): compiled into a clear runtime error. */
export interface UnsupportedExpr {
  kind: 'unsupported';
  what: string;
  pos: Pos;
}

export type Expr =
  | LiteralExpr
  | NameExpr
  | ThisExpr
  | FieldExpr
  | CallExpr
  | IndexExpr
  | NewExpr
  | CastExpr
  | UnaryExpr
  | StepExpr
  | BinaryExpr
  | InstanceOfExpr
  | TernaryExpr
  | AssignExpr
  | SoqlExpr
  | TypeLiteralExpr
  | UnsupportedExpr;

/** An anonymous block: statements plus the members it declares. */
export interface AnonymousUnit {
  members: Member[];
  statements: Stmt[];
}
