/**
 * Classes as the runtime sees them: the package's classes (built from their syntax trees) and the
 * system classes the runtime implements in TypeScript share one shape, so that inheritance,
 * `instanceof`, casts, exceptions and Type names work the same for both.
 */
import type { Annotation, Modifiers, Pos, SharingMode, TypeDecl } from '../parse/ast.ts';
import type { Frame } from './context.ts';
import type { ApexType } from './types.ts';

export type Invoke = (frame: Frame, self: unknown, args: unknown[]) => unknown;

export interface ParamInfo {
  name: string;
  type: ApexType;
}

export interface MethodInfo {
  name: string;
  owner: ClassInfo;
  isStatic: boolean;
  isAbstract: boolean;
  params: ParamInfo[];
  /** null: resolved lazily; T.Void for void. */
  returnType: ApexType;
  annotations: Annotation[];
  modifiers: Modifiers | null;
  /** Runs the method; set when the body is compiled (user) or defined (system). */
  invoke: Invoke;
  /** A native method takes any number of arguments (it checks them itself). */
  variadic?: boolean;
  pos: Pos | null;
}

export interface FieldInfo {
  name: string;
  owner: ClassInfo;
  isStatic: boolean;
  isFinal: boolean;
  isTransient: boolean;
  type: ApexType;
  /** Index into the instance's or the class's static slots. */
  slot: number;
  annotations: Annotation[];
  /** A property with accessors: reads and writes go through them. */
  getter: MethodInfo | null;
  setter: MethodInfo | null;
  /** An automatic property (`{ get; set; }`) or a plain field. */
  isProperty: boolean;
}

export type ClassKind = 'class' | 'interface' | 'enum';

export class ClassInfo {
  readonly name: string;
  readonly kind: ClassKind;
  readonly outer: ClassInfo | null;
  /** System namespace (`System`, `Database`, `Schema`) of a system class; null for the package's. */
  readonly namespace: string | null;
  superclass: ClassInfo | null = null;
  interfaces: ClassInfo[] = [];
  readonly inner = new Map<string, ClassInfo>();
  /** Declared in this class (static and instance), by lower-case name. */
  readonly fields = new Map<string, FieldInfo>();
  readonly methods = new Map<string, MethodInfo[]>();
  readonly constructors: MethodInfo[] = [];
  /** Instance slots, inherited ones first. */
  slotCount = 0;
  staticSlotCount = 0;
  /** Runs static initialisers in declaration order; null when there are none. */
  staticInit: ((frame: Frame) => void) | null = null;
  /** Runs instance field initialisers and initializer blocks in declaration order. */
  instanceInit: ((frame: Frame) => void) | null = null;
  sharing: SharingMode | null = null;
  annotations: Annotation[] = [];
  isAbstract = false;
  isVirtual = false;
  decl: TypeDecl | null = null;
  enumValues: unknown[] = [];
  /** Members named by the org rather than the class (`Schema.SObjectType.Lead.fields.Status`). */
  dynamicMember: ((frame: Frame, self: unknown, lower: string) => unknown) | null = null;
  /** Source file name for stack traces (top-level class name). */
  readonly file: string;

  constructor(name: string, kind: ClassKind, outer: ClassInfo | null, namespace: string | null) {
    this.name = name;
    this.kind = kind;
    this.outer = outer;
    this.namespace = namespace;
    this.file = outer ? outer.file : name;
  }

  /** `LeadRouter.Plan`, `Database.SaveResult`, `NullPointerException`. */
  get displayName(): string {
    if (this.outer) return `${this.outer.displayName}.${this.name}`;
    if (this.namespace && this.namespace !== 'System') return `${this.namespace}.${this.name}`;
    return this.name;
  }

  /** What getTypeName() and an uncaught exception print: `System.NullPointerException`. */
  get typeName(): string {
    if (this.outer) return `${this.outer.typeName}.${this.name}`;
    return this.namespace ? `${this.namespace}.${this.name}` : this.name;
  }

  get fullName(): string {
    return this.typeName;
  }

  get isSystem(): boolean {
    return this.namespace !== null;
  }

  isSubclassOf(other: ClassInfo): boolean {
    if (other === this) return true;
    if (this.superclass?.isSubclassOf(other)) return true;
    return this.interfaces.some((i) => i.isSubclassOf(other));
  }

  get isException(): boolean {
    if (this.name === 'Exception' && this.namespace === 'System') return true;
    return this.superclass?.isException ?? false;
  }

  annotation(name: string): Annotation | undefined {
    return this.annotations.find((a) => a.name === name);
  }

  /** A field of this class or an ancestor. */
  findField(lowerName: string): FieldInfo | undefined {
    return this.fields.get(lowerName) ?? this.superclass?.findField(lowerName);
  }

  /** Methods of this name in this class and its ancestors, nearest first. */
  findMethods(lowerName: string): MethodInfo[] {
    const out: MethodInfo[] = [];
    const seen = new Set<ClassInfo>();
    const visit = (c: ClassInfo | null) => {
      for (; c && !seen.has(c); c = c.superclass) {
        seen.add(c);
        out.push(...(c.methods.get(lowerName) ?? []));
        for (const i of c.interfaces) visit(i);
      }
    };
    visit(this);
    return out;
  }

  /** Instance fields of this class and its ancestors, in slot order. */
  get allInstanceFields(): FieldInfo[] {
    const own = [...this.fields.values()].filter((f) => !f.isStatic);
    return [...(this.superclass?.allInstanceFields ?? []), ...own];
  }

  addMethod(method: MethodInfo): void {
    const key = method.name.toLowerCase();
    const list = this.methods.get(key);
    if (list) list.push(method);
    else this.methods.set(key, [method]);
  }
}
