/**
 * The runtime's classes: the system classes (from native specs) and the package's classes (from
 * their syntax trees), type resolution by Apex's rules, and the linking of declarations into
 * ClassInfo (supertypes, fields and slots, methods, constructors, properties, enums).
 */
import type { Catalog } from '../../catalog/index.ts';
import type {
  ClassDecl,
  EnumDecl,
  InterfaceDecl,
  Member,
  TypeDecl,
  TypeNode,
} from '../parse/ast.ts';
import { AGGREGATE_RESULT } from './aggregateResult.ts';
import { ClassInfo } from './classes.ts';
import type { FieldInfo, MethodInfo } from './classes.ts';
import type { Frame } from './context.ts';
import { raise } from './invoke.ts';
import type { NativeClassSpec } from './native.ts';
import { NativeSignatureError } from './native.ts';
import { ApexCompileError } from './scope.ts';
import type { ApexType } from './types.ts';
import { T, listOf, mapOf, primitiveNamed, setOf } from './types.ts';
import { EnumValue, NativeObject } from './values.ts';
import { ApexSystemError } from '../values/errors.ts';

const EMPTY_POS = null;

/**
 * Platform namespaces and classes the runtime does not implement (Apex Reference Guide): code
 * that names one is valid Apex, so it gets "not supported" rather than "Invalid type".
 */
const UNSUPPORTED_NAMESPACES = new Set(
  [
    'Approval',
    'Auth',
    'Cache',
    'Canvas',
    'ChatterAnswers',
    'CommerceExtension',
    'ConnectApi',
    'Dataweave',
    'DataSource',
    'Dom',
    'EventBus',
    'Flow',
    'Invocable',
    'KbManagement',
    'Messaging',
    'Metadata',
    'Process',
    'QuickAction',
    'Reports',
    'Search',
    'Site',
    'Slack',
    'Support',
    'TxnSecurity',
    'UserProvisioning',
    'VisualEditor',
    'Wave',
  ].map((n) => n.toLowerCase()),
);
const UNSUPPORTED_CLASSES = new Set(
  [
    'ApexPages',
    'Continuation',
    'Cookie',
    'Finalizer',
    'FinalizerContext',
    'Http',
    'HttpCalloutMock',
    'HttpRequest',
    'HttpResponse',
    'Network',
    'PageReference',
    'Queueable',
    'QueueableContext',
    'Schedulable',
    'SchedulableContext',
    'StaticResourceCalloutMock',
    'Url',
    'WebServiceMock',
    'XmlStreamReader',
    'XmlStreamWriter',
  ].map((n) => n.toLowerCase()),
);

function isUnsupportedPlatformType(parts: string[]): boolean {
  const names = parts.map((p) => p.toLowerCase());
  if (names[0] === 'system' && names.length > 1) names.shift();
  return UNSUPPORTED_NAMESPACES.has(names[0]) || UNSUPPORTED_CLASSES.has(names[0]);
}

export class Registry {
  readonly catalog: Catalog;
  /** System classes by lower-case simple name (top level of the System namespace and namespaces). */
  private readonly systemTop = new Map<string, ClassInfo>();
  /** The package's top-level classes by lower-case name. */
  readonly userClasses = new Map<string, ClassInfo>();
  private readonly specs = new Map<ClassInfo, NativeClassSpec>();

  constructor(catalog: Catalog) {
    this.catalog = catalog;
  }

  // -------------------------------------------------------------------------------------------
  // System classes
  // -------------------------------------------------------------------------------------------

  /** Declares system classes; call with every spec before linking (supertypes by name). */
  defineNative(specs: NativeClassSpec[]): void {
    for (const spec of specs) {
      const outer = spec.outer ? this.systemByPath(spec.outer) : null;
      if (spec.outer && !outer)
        throw new Error(`Unknown outer class ${spec.outer} of ${spec.name}`);
      const namespace = spec.namespace ?? (outer ? outer.namespace : 'System');
      const cls = new ClassInfo(spec.name, spec.kind ?? 'class', outer ?? null, namespace);
      this.specs.set(cls, spec);
      if (outer) outer.inner.set(spec.name.toLowerCase(), cls);
      else this.systemTop.set(spec.name.toLowerCase(), cls);
    }
    const system = this.systemTop.get('system');
    for (const spec of specs) {
      const cls = this.systemByPath(spec.outer ? `${spec.outer}.${spec.name}` : spec.name)!;
      // System.X names every top-level System class too (System.RoundingMode).
      if (system && !spec.outer && cls !== system && cls.namespace === 'System')
        system.inner.set(cls.name.toLowerCase(), cls);
      if (spec.superclass) cls.superclass = this.systemByPath(spec.superclass) ?? null;
      this.linkNative(cls, spec);
    }
  }

  private systemByPath(path: string): ClassInfo | undefined {
    const [first, ...rest] = path.toLowerCase().split('.');
    let cls = this.systemTop.get(first);
    for (const part of rest) cls = cls?.inner.get(part);
    return cls;
  }

  private linkNative(cls: ClassInfo, spec: NativeClassSpec): void {
    const method = (name: string, isStatic: boolean, invoke: MethodInfo['invoke']): MethodInfo => ({
      name,
      owner: cls,
      isStatic,
      isAbstract: false,
      params: [],
      returnType: T.Object,
      annotations: [],
      modifiers: null,
      invoke,
      variadic: true,
      pos: EMPTY_POS,
    });
    const guarded =
      <A extends unknown[]>(name: string, fn: (...a: A) => unknown) =>
      (...a: A): unknown => {
        try {
          return fn(...a);
        } catch (error) {
          if (error instanceof NativeSignatureError) {
            throw new ApexSystemError(
              'TypeException',
              `Method does not exist or incorrect signature: ${cls.displayName}.${name} ${error.message}`,
            );
          }
          throw error;
        }
      };
    for (const [name, fn] of Object.entries(spec.statics ?? {})) {
      cls.addMethod(
        method(
          name,
          true,
          guarded(name, (f: Frame, _self: unknown, args: unknown[]) => fn(f, args)),
        ),
      );
    }
    for (const [name, fn] of Object.entries(spec.methods ?? {})) {
      cls.addMethod(
        method(
          name,
          false,
          guarded(name, (f: Frame, self: unknown, args: unknown[]) => fn(f, self as never, args)),
        ),
      );
    }
    let slot = 0;
    const property = (
      name: string,
      isStatic: boolean,
      get: MethodInfo['invoke'],
      set: MethodInfo['invoke'] | null,
      type: ApexType,
    ): FieldInfo => ({
      name,
      owner: cls,
      isStatic,
      isFinal: set === null,
      isTransient: false,
      type,
      slot: slot++,
      annotations: [],
      getter: method(`get${name}`, isStatic, get),
      setter: set ? method(`set${name}`, isStatic, set) : null,
      isProperty: true,
    });
    if (spec.member) {
      const member = spec.member;
      cls.dynamicMember = (f, self, lower) => member(f, self as NativeObject, lower);
    }
    for (const [name, p] of Object.entries(spec.properties ?? {})) {
      cls.fields.set(
        name.toLowerCase(),
        property(
          name,
          false,
          (f, self) => p.get(f, self),
          p.set ? (f, self, args) => p.set!(f, self, args[0]) : null,
          p.type ?? T.Object,
        ),
      );
    }
    for (const [name, p] of Object.entries(spec.staticProperties ?? {})) {
      cls.fields.set(
        name.toLowerCase(),
        property(
          name,
          true,
          (f) => p.get(f),
          p.set ? (f, _self, args) => p.set!(f, args[0]) : null,
          T.Object,
        ),
      );
    }
    if (spec.construct) {
      const construct = spec.construct;
      cls.constructors.push({
        ...method('<init>', false, (f, self, args) => construct(f, self, args)),
      });
    }
    if (spec.enumValues) this.defineEnumValues(cls, spec.enumValues);
  }

  private defineEnumValues(cls: ClassInfo, names: string[]): void {
    const values = names.map((name, ordinal) => new EnumValue(cls, name, ordinal));
    cls.enumValues = values;
    cls.superclass ??= this.systemClass('Enum');
    values.forEach((value, i) => {
      const name = names[i];
      cls.fields.set(name.toLowerCase(), {
        name,
        owner: cls,
        isStatic: true,
        isFinal: true,
        isTransient: false,
        type: { kind: 'class', cls },
        slot: -1,
        annotations: [],
        getter: {
          name: `get${name}`,
          owner: cls,
          isStatic: true,
          isAbstract: false,
          params: [],
          returnType: { kind: 'class', cls },
          annotations: [],
          modifiers: null,
          invoke: () => value,
          pos: null,
        },
        setter: null,
        isProperty: true,
      });
    });
    const statics: [string, MethodInfo['invoke']][] = [
      ['values', () => this.newList({ kind: 'class', cls }, [...values])],
      [
        'valueOf',
        (frame, _s, args) => {
          if (args[0] === null || args[0] === undefined) return null;
          const wanted = String(args[0]);
          const found = values.find((v) => v.name === wanted);
          // Winter '22 release notes: a string that names no value throws
          // NoSuchElementException (the message is the runtime's own).
          if (!found)
            raise(frame, 'NoSuchElementException', `No enum constant ${cls.typeName}.${wanted}`);
          return found;
        },
      ],
    ];
    for (const [name, invoke] of statics) {
      cls.addMethod({
        name,
        owner: cls,
        isStatic: true,
        isAbstract: false,
        params: [],
        returnType: T.Object,
        annotations: [],
        modifiers: null,
        invoke,
        variadic: true,
        pos: null,
      });
    }
  }

  /** Set by the runtime: makes an ApexList (kept here to avoid an import cycle). */
  newList: (elem: ApexType, items: unknown[]) => unknown = () => null;

  systemClass(name: string): ClassInfo {
    const cls = this.systemByPath(name);
    if (!cls) throw new Error(`No system class ${name}`);
    return cls;
  }

  hasSystemClass(name: string): boolean {
    return this.systemByPath(name) !== undefined;
  }

  nativeObject(className: string, data: Record<string, unknown>): NativeObject {
    return new NativeObject(this.systemClass(className), data);
  }

  // -------------------------------------------------------------------------------------------
  // Type resolution
  // -------------------------------------------------------------------------------------------

  /** A class visible from `from` by simple name: its own and enclosing classes' inner classes first. */
  findClass(name: string, from: ClassInfo | null): ClassInfo | undefined {
    const lower = name.toLowerCase();
    for (let c = from; c; c = c.outer) {
      if (c.name.toLowerCase() === lower && !c.outer) return c;
      for (let s: ClassInfo | null = c; s; s = s.superclass) {
        const inner = s.inner.get(lower);
        if (inner) return inner;
      }
    }
    return this.userClasses.get(lower) ?? this.systemTop.get(lower);
  }

  /** A type written as dotted names (`LeadRouter.Plan`, `Database.SaveResult`, `Schema.Lead`). */
  findClassPath(names: string[], from: ClassInfo | null): ClassInfo | undefined {
    let cls = this.findClass(names[0], from);
    for (const name of names.slice(1)) cls = cls?.inner.get(name.toLowerCase());
    return cls;
  }

  resolveType(node: TypeNode, from: ClassInfo | null, file: string): ApexType {
    const type = this.tryResolveType(node, from);
    if (!type) {
      const written = node.parts.map((p) => p.name).join('.');
      const problem = isUnsupportedPlatformType(node.parts.map((p) => p.name))
        ? `${written} is not supported by the local org's Apex runtime`
        : `Invalid type: ${written}`;
      throw new ApexCompileError(file, node.pos.line, node.pos.column, problem);
    }
    return type;
  }

  tryResolveType(node: TypeNode, from: ClassInfo | null): ApexType | undefined {
    let type = this.resolveParts(node, from);
    if (!type) return undefined;
    for (let i = 0; i < node.dims; i++) type = listOf(type);
    return type;
  }

  private resolveParts(node: TypeNode, from: ClassInfo | null): ApexType | undefined {
    const parts = node.parts;
    const last = parts[parts.length - 1];
    const args = () => last.args.map((a) => this.tryResolveType(a, from));
    const lowerNames = parts.map((p) => p.name.toLowerCase());
    // System.String, Schema.Lead: a namespace prefix on a built-in or sObject type.
    const names =
      lowerNames.length > 1 && ['system', 'schema'].includes(lowerNames[0])
        ? lowerNames.slice(1)
        : lowerNames;
    if (names.length === 1) {
      const name = names[0];
      if (name === 'list' || name === 'set') {
        const [elem] = args();
        if (!elem) return undefined;
        return name === 'list' ? listOf(elem) : setOf(elem);
      }
      if (name === 'map') {
        const [key, value] = args();
        if (!key || !value) return undefined;
        return mapOf(key, value);
      }
      const prim = primitiveNamed(name);
      if (prim) return prim;
      if (name === 'sobject') return T.SObject;
    }
    const cls =
      this.findClassPath(
        parts.map((p) => p.name),
        from,
      ) ??
      this.findClassPath(
        parts.slice(parts.length - names.length).map((p) => p.name),
        from,
      );
    if (cls) return { kind: 'class', cls };
    if (names.length === 1) {
      if (names[0] === 'aggregateresult') return { kind: 'sobject', def: AGGREGATE_RESULT };
      const def = this.catalog.object(names[0]);
      if (def) return { kind: 'sobject', def };
    }
    return undefined;
  }

  // -------------------------------------------------------------------------------------------
  // The package's classes
  // -------------------------------------------------------------------------------------------

  /** Phase 1: a ClassInfo shell for a declaration and its inner types. */
  declare(decl: TypeDecl, outer: ClassInfo | null): ClassInfo {
    const cls = new ClassInfo(decl.name, decl.kind, outer, null);
    cls.decl = decl;
    cls.annotations = decl.modifiers.annotations;
    cls.sharing = decl.modifiers.sharing;
    cls.isAbstract = decl.modifiers.isAbstract || decl.kind === 'interface';
    cls.isVirtual = decl.modifiers.isVirtual;
    if (outer) outer.inner.set(decl.name.toLowerCase(), cls);
    if (decl.kind === 'class') {
      for (const member of decl.members) {
        if (member.kind === 'class' || member.kind === 'interface' || member.kind === 'enum')
          this.declare(member, cls);
      }
    }
    return cls;
  }

  /** Phase 2: supertypes, for a class and its inner classes. */
  linkSupertypes(cls: ClassInfo): void {
    const decl = cls.decl!;
    const resolveClass = (node: TypeNode): ClassInfo => {
      const type = this.resolveType(node, cls.outer ?? cls, cls.file);
      if (type.kind !== 'class') {
        throw new ApexCompileError(
          cls.file,
          node.pos.line,
          node.pos.column,
          `Invalid supertype: ${node.parts.map((p) => p.name).join('.')}`,
        );
      }
      return type.cls;
    };
    if (decl.kind === 'class') {
      if (decl.extendsType) cls.superclass = resolveClass(decl.extendsType);
      cls.interfaces = decl.implementsTypes.map(resolveClass);
    } else if (decl.kind === 'interface') {
      cls.interfaces = decl.extendsTypes.map(resolveClass);
    } else {
      cls.superclass = this.systemClass('Enum');
    }
    for (const inner of cls.inner.values()) this.linkSupertypes(inner);
  }

  /** Phase 3: fields (with slots), properties, methods and constructors, with resolved types. */
  linkMembers(cls: ClassInfo, done = new Set<ClassInfo>()): void {
    if (done.has(cls)) return;
    done.add(cls);
    if (cls.superclass && !cls.superclass.isSystem) this.linkMembers(cls.superclass, done);
    const decl = cls.decl!;
    if (decl.kind === 'enum') {
      this.linkEnum(cls, decl);
    } else if (decl.kind === 'interface') {
      this.linkInterface(cls, decl);
    } else {
      this.linkClass(cls, decl);
    }
    for (const inner of cls.inner.values()) this.linkMembers(inner, done);
  }

  private linkEnum(cls: ClassInfo, decl: EnumDecl): void {
    this.defineEnumValues(cls, decl.constants);
  }

  private linkInterface(cls: ClassInfo, decl: InterfaceDecl): void {
    for (const m of decl.methods) {
      cls.addMethod(
        this.methodInfo(cls, m.name, m.modifiers, m.returnType, m.params, true, false, m.pos),
      );
    }
  }

  private methodInfo(
    cls: ClassInfo,
    name: string,
    modifiers: MethodInfo['modifiers'],
    returnType: TypeNode | null,
    params: { type: TypeNode; name: string }[],
    isAbstract: boolean,
    isStatic: boolean,
    pos: MethodInfo['pos'],
  ): MethodInfo {
    return {
      name,
      owner: cls,
      isStatic,
      isAbstract,
      params: params.map((p) => ({ name: p.name, type: this.resolveType(p.type, cls, cls.file) })),
      returnType: returnType ? this.resolveType(returnType, cls, cls.file) : T.Void,
      annotations: modifiers?.annotations ?? [],
      modifiers,
      invoke: () => {
        throw new Error(`${cls.fullName}.${name} is not compiled`);
      },
      pos,
    };
  }

  private linkClass(cls: ClassInfo, decl: ClassDecl): void {
    cls.slotCount = cls.superclass && !cls.superclass.isSystem ? cls.superclass.slotCount : 0;
    const declareField = (
      member: Member & { kind: 'field' | 'property' },
      name: string,
      getter: MethodInfo | null,
      setter: MethodInfo | null,
    ) => {
      const isStatic = member.modifiers.isStatic;
      const field: FieldInfo = {
        name,
        owner: cls,
        isStatic,
        isFinal: member.modifiers.isFinal,
        isTransient: member.modifiers.isTransient,
        type: this.resolveType(member.type, cls, cls.file),
        slot: isStatic ? cls.staticSlotCount++ : cls.slotCount++,
        annotations: member.modifiers.annotations,
        getter,
        setter,
        isProperty: member.kind === 'property',
      };
      const key = name.toLowerCase();
      if (cls.fields.has(key)) {
        throw new ApexCompileError(
          cls.file,
          member.pos.line,
          member.pos.column,
          `Duplicate field: ${name}`,
        );
      }
      cls.fields.set(key, field);
    };
    for (const member of decl.members) {
      switch (member.kind) {
        case 'field':
          for (const d of member.declarators) declareField(member, d.name, null, null);
          break;
        case 'property': {
          const getter = member.getter?.body
            ? this.methodInfo(
                cls,
                `get${member.name}`,
                member.modifiers,
                member.type,
                [],
                false,
                member.modifiers.isStatic,
                member.getter.pos,
              )
            : null;
          const setter = member.setter?.body
            ? this.methodInfo(
                cls,
                `set${member.name}`,
                member.modifiers,
                null,
                [{ type: member.type, name: 'value' }],
                false,
                member.modifiers.isStatic,
                member.setter.pos,
              )
            : null;
          declareField(member, member.name, getter, setter);
          break;
        }
        case 'method':
          cls.addMethod(
            this.methodInfo(
              cls,
              member.name,
              member.modifiers,
              member.returnType,
              member.params,
              member.body === null,
              member.modifiers.isStatic,
              member.pos,
            ),
          );
          break;
        case 'constructor':
          if (member.name.toLowerCase() !== cls.name.toLowerCase()) {
            throw new ApexCompileError(
              cls.file,
              member.pos.line,
              member.pos.column,
              `Invalid constructor name: ${member.name}`,
            );
          }
          cls.constructors.push(
            this.methodInfo(
              cls,
              '<init>',
              member.modifiers,
              null,
              member.params,
              false,
              false,
              member.pos,
            ),
          );
          break;
        default:
          break;
      }
    }
  }

  /** Every class of the package, top-level and inner, for compiling bodies. */
  allUserClasses(): ClassInfo[] {
    const out: ClassInfo[] = [];
    const visit = (c: ClassInfo) => {
      out.push(c);
      for (const inner of c.inner.values()) visit(inner);
    };
    for (const c of this.userClasses.values()) visit(c);
    return out;
  }
}
