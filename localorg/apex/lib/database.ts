/**
 * The Database class and its types (Apex Reference Guide, "Database Class", "DMLOptions Class",
 * "SaveResult Class", "Error Class", "Batchable Interface"): dynamic SOQL (with the caller's local
 * variables as binds, or an explicit bind map), DML with per-row results, allOrNone, DMLOptions
 * and an access level, savepoints, and Batch Apex.
 */
import type { Frame } from '../runtime/context.ts';
import { nullPointer, raise } from '../runtime/invoke.ts';
import type { NativeClassSpec, NativeProperty } from '../runtime/native.ts';
import { dynamicBinds, platform } from '../runtime/platform.ts';
import type { DmlCall, DmlRowOutcome } from '../runtime/platform.ts';
import { T } from '../runtime/types.ts';
import {
  ApexList,
  ApexMap,
  ApexObject,
  EnumValue,
  NativeObject,
  toApexString,
} from '../runtime/values.ts';
import { services } from '../runtime/invoke.ts';
import { statusCodeOf } from './exceptions.ts';

function dataProperty(key: string, initial: () => unknown = () => null): NativeProperty {
  return {
    get: (_f, self) => {
      const data = (self as NativeObject).data;
      if (!(key in data)) data[key] = initial();
      return data[key];
    },
    set: (_f, self, value) => {
      (self as NativeObject).data[key] = value;
    },
  };
}

function systemObject(name: string, data: Record<string, unknown> = {}): NativeObject {
  return new NativeObject(services.current!.systemClass(name), data);
}

/** AccessLevel.USER_MODE → 'user'; SYSTEM_MODE → 'system'. */
function levelOf(value: unknown): 'user' | 'system' | null {
  if (value instanceof EnumValue && value.cls.name === 'AccessLevel')
    return value.name === 'USER_MODE' ? 'user' : 'system';
  return null;
}

function bindMap(
  frame: Frame,
  binds: unknown,
): (name: string) => { found: boolean; value: unknown } {
  if (binds === null || binds === undefined) return () => ({ found: false, value: null });
  if (!(binds instanceof ApexMap))
    return raise(frame, 'TypeException', 'The bind variables must be a Map<String, Object>');
  const byName = new Map<string, unknown>();
  for (const [k, v] of binds.map.values()) byName.set(String(k).toLowerCase(), v);
  return (name) => {
    const lower = name.toLowerCase();
    return byName.has(lower)
      ? { found: true, value: byName.get(lower) }
      : { found: false, value: null };
  };
}

function query(
  frame: Frame,
  soql: unknown,
  binds: (name: string) => { found: boolean; value: unknown },
  level: unknown,
): unknown {
  if (typeof soql !== 'string') return nullPointer(frame);
  return platform.current!.query(frame, soql, binds, levelOf(level));
}

function localBinds(): (name: string) => { found: boolean; value: unknown } {
  return dynamicBinds.current ?? (() => ({ found: false, value: null }));
}

function countOf(frame: Frame, result: unknown): number {
  if (typeof result !== 'number')
    raise(frame, 'QueryException', 'countQuery needs a SELECT COUNT() query');
  return result;
}

/** (records[, allOrNone | DMLOptions][, AccessLevel]) as a DML call. */
function dmlCall(
  frame: Frame,
  verb: DmlCall['verb'],
  args: unknown[],
  externalIdField: string | null = null,
): DmlCall {
  const call: DmlCall = { verb, allOrNone: true, userMode: false, externalIdField };
  for (const arg of args.slice(1)) {
    if (typeof arg === 'boolean') call.allOrNone = arg;
    else if (arg instanceof EnumValue && arg.cls.name === 'AccessLevel')
      call.userMode = arg.name === 'USER_MODE';
    else if (arg instanceof NativeObject && arg.cls.name === 'DMLOptions') applyOptions(call, arg);
    else if (arg !== null && arg !== undefined)
      raise(
        frame,
        'TypeException',
        `Unexpected argument to Database.${verb}: ${toApexString(arg)}`,
      );
  }
  return call;
}

function applyOptions(call: DmlCall, options: NativeObject): void {
  const data = options.data;
  if (typeof data.optallornone === 'boolean') call.allOrNone = data.optallornone;
  const rule = data.assignmentruleheader as NativeObject | undefined;
  if (rule) {
    if (typeof rule.data.assignmentruleid === 'string')
      call.assignmentRule = rule.data.assignmentruleid;
    else if (rule.data.usedefaultrule === true) call.assignmentRule = true;
  }
  const email = data.emailheader as NativeObject | undefined;
  if (email?.data.triggeruseremail === true) call.triggerUserEmail = true;
}

function results(
  frame: Frame,
  args: unknown[],
  call: DmlCall,
  kind: 'SaveResult' | 'DeleteResult' | 'UpsertResult',
): unknown {
  const outcomes = platform.current!.database(frame, args[0], call);
  const wrap = (o: DmlRowOutcome) =>
    systemObject(`Database.${kind}`, {
      id: o.id,
      success: o.success,
      created: o.created,
      errors: new ApexList(
        { kind: 'class', cls: services.current!.systemClass('Database.Error') },
        o.errors.map((e) =>
          systemObject('Database.Error', {
            statusCode: e.statusCode,
            message: e.message,
            fields: e.fields,
          }),
        ),
      ),
    });
  if (args[0] instanceof ApexList) {
    return new ApexList(
      { kind: 'class', cls: services.current!.systemClass(`Database.${kind}`) },
      outcomes.map(wrap),
    );
  }
  return wrap(outcomes[0]);
}

const resultMethods = {
  getId: (_f: Frame, self: NativeObject) => self.data.id,
  isSuccess: (_f: Frame, self: NativeObject) => self.data.success,
  getErrors: (_f: Frame, self: NativeObject) => self.data.errors,
};

let savepoints = 0;

export const databaseClasses: NativeClassSpec[] = [
  {
    name: 'Database',
    namespace: '',
    statics: {
      query: (frame, args) => query(frame, args[0], localBinds(), args[1]),
      queryWithBinds: (frame, args) => query(frame, args[0], bindMap(frame, args[1]), args[2]),
      countQuery: (frame, args) => countOf(frame, query(frame, args[0], localBinds(), args[1])),
      countQueryWithBinds: (frame, args) =>
        countOf(frame, query(frame, args[0], bindMap(frame, args[1]), args[2])),
      getQueryLocator: (frame, args) => {
        const source = args[0];
        const records =
          source instanceof ApexList ? source : query(frame, source, localBinds(), args[1]);
        return systemObject('Database.QueryLocator', {
          query: typeof source === 'string' ? source : null,
          records,
        });
      },
      getQueryLocatorWithBinds: (frame, args) =>
        systemObject('Database.QueryLocator', {
          query: args[0],
          records: query(frame, args[0], bindMap(frame, args[1]), args[2]),
        }),
      insert: (frame, args) => results(frame, args, dmlCall(frame, 'insert', args), 'SaveResult'),
      update: (frame, args) => results(frame, args, dmlCall(frame, 'update', args), 'SaveResult'),
      delete: (frame, args) => results(frame, args, dmlCall(frame, 'delete', args), 'DeleteResult'),
      undelete: (frame, args) =>
        results(frame, args, dmlCall(frame, 'undelete', args), 'SaveResult'),
      upsert: (frame, args) => {
        // upsert(records[, externalIdField][, allOrNone][, accessLevel])
        const field =
          args[1] instanceof NativeObject && args[1].cls.name === 'SObjectField'
            ? String(args[1].data.field)
            : null;
        const rest = field ? [args[0], ...args.slice(2)] : args;
        return results(frame, rest, dmlCall(frame, 'upsert', rest, field), 'UpsertResult');
      },
      executeBatch: (frame, args) => {
        const job = args[0];
        if (!(job instanceof ApexObject)) return nullPointer(frame);
        if (!job.cls.isSubclassOf(services.current!.systemClass('Database.Batchable'))) {
          raise(
            frame,
            'TypeException',
            `${job.cls.displayName} does not implement Database.Batchable`,
          );
        }
        const scope = args[1] === undefined ? 200 : Number(args[1]);
        if (!Number.isInteger(scope) || scope < 1 || scope > 2000) {
          raise(frame, 'AsyncException', 'The scope parameter must be between 1 and 2000');
        }
        return platform.current!.executeBatch(frame, job, scope);
      },
      setSavepoint: (frame) => {
        const name = `apex_sp_${++savepoints}`;
        platform.current!.savepoint(frame, name);
        return systemObject('Savepoint', { name });
      },
      rollback: (frame, args) => {
        const sp = args[0];
        if (!(sp instanceof NativeObject)) return nullPointer(frame);
        platform.current!.rollback(frame, String(sp.data.name));
        return null;
      },
    },
  },
  {
    name: 'DMLOptions',
    outer: 'Database',
    construct: () => undefined,
    properties: {
      optAllOrNone: dataProperty('optallornone'),
      allowFieldTruncation: dataProperty('allowfieldtruncation'),
      assignmentRuleHeader: dataProperty('assignmentruleheader', () =>
        systemObject('Database.DMLOptions.AssignmentRuleHeader'),
      ),
      emailHeader: dataProperty('emailheader', () =>
        systemObject('Database.DMLOptions.EmailHeader'),
      ),
      duplicateRuleHeader: dataProperty('duplicateruleheader', () =>
        systemObject('Database.DMLOptions.DuplicateRuleHeader'),
      ),
      localeOptions: dataProperty('localeoptions'),
    },
  },
  {
    name: 'AssignmentRuleHeader',
    outer: 'Database.DMLOptions',
    construct: () => undefined,
    properties: {
      assignmentRuleId: dataProperty('assignmentruleid'),
      useDefaultRule: dataProperty('usedefaultrule'),
    },
  },
  {
    name: 'EmailHeader',
    outer: 'Database.DMLOptions',
    construct: () => undefined,
    properties: {
      triggerAutoResponseEmail: dataProperty('triggerautoresponseemail'),
      triggerOtherEmail: dataProperty('triggerotheremail'),
      triggerUserEmail: dataProperty('triggeruseremail'),
    },
  },
  {
    name: 'DuplicateRuleHeader',
    outer: 'Database.DMLOptions',
    construct: () => undefined,
    properties: {
      allowSave: dataProperty('allowsave'),
      includeRecordDetails: dataProperty('includerecorddetails'),
      runAsCurrentUser: dataProperty('runascurrentuser'),
    },
  },
  { name: 'SaveResult', outer: 'Database', methods: resultMethods },
  { name: 'DeleteResult', outer: 'Database', methods: resultMethods },
  { name: 'UndeleteResult', outer: 'Database', methods: resultMethods },
  {
    name: 'UpsertResult',
    outer: 'Database',
    methods: { ...resultMethods, isCreated: (_f: Frame, self: NativeObject) => self.data.created },
  },
  {
    name: 'Error',
    outer: 'Database',
    methods: {
      getStatusCode: (frame, self: NativeObject) =>
        statusCodeOf(frame, String(self.data.statusCode)),
      getMessage: (_f, self: NativeObject) => self.data.message,
      getFields: (_f, self: NativeObject) =>
        new ApexList(T.String, [...(self.data.fields as string[])]),
    },
  },
  { name: 'Batchable', outer: 'Database', kind: 'interface' },
  { name: 'Stateful', outer: 'Database', kind: 'interface' },
  { name: 'AllowsCallouts', outer: 'Database', kind: 'interface' },
  { name: 'RaisesPlatformEvents', outer: 'Database', kind: 'interface' },
  {
    name: 'BatchableContext',
    outer: 'Database',
    methods: {
      getJobId: (_f, self: NativeObject) => self.data.jobId,
      getChildJobId: (_f, self: NativeObject) => self.data.childJobId ?? null,
    },
  },
  {
    name: 'QueryLocator',
    outer: 'Database',
    methods: {
      getQuery: (_f, self: NativeObject) => self.data.query,
      iterator: (_f, self: NativeObject) =>
        systemObject('ListIterator', { items: (self.data.records as ApexList).items, at: 0 }),
    },
  },
  { name: 'Savepoint' },
];
