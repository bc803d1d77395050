/**
 * System.Exception and the built-in exceptions (Apex Reference Guide, "Exception Class" and
 * "Built-In Exceptions"). Every exception is an ApexObject whose `native` state holds the message,
 * the cause and the stack at construction; custom exceptions (`class X extends Exception {}`)
 * get the four standard constructors.
 */
import type { Frame } from '../runtime/context.ts';
import type { NativeClassSpec } from '../runtime/native.ts';
import { ApexList, ApexMap, ApexObject, ApexSet, EnumValue } from '../runtime/values.ts';
import { services } from '../runtime/invoke.ts';
import type { ExceptionState } from '../runtime/values.ts';
import { T } from '../runtime/types.ts';

const BUILT_IN = [
  'AsyncException',
  'CalloutException',
  'DmlException',
  'EmailException',
  'FinalException',
  'HandledException',
  'IllegalArgumentException',
  'InvalidParameterValueException',
  'JSONException',
  'LimitException',
  'ListException',
  'MathException',
  'NoAccessException',
  'NoDataFoundException',
  'NoSuchElementException',
  'NullPointerException',
  'QueryException',
  'RequiredFeatureMissingException',
  'SearchException',
  'SecurityException',
  'SerializationException',
  'SObjectException',
  'StringException',
  'TypeException',
  'UnexpectedException',
  'VisualforceException',
  'XmlException',
  'AssertException',
  'IllegalStateException',
];

function state(frame: Frame, self: unknown): ExceptionState {
  const object = self as ApexObject;
  object.native ??= {
    message: null,
    cause: null,
    stackTrace: frame.ctx.stackTrace(),
    lineNumber: frame.line,
  };
  return object.native;
}

/**
 * The message of an exception constructed without one; an AuraHandledException also shows it in
 * place of its own message until setMessage (Apex Reference Guide).
 */
const HIDDEN_MESSAGE = 'Script-thrown exception';

function dmlEntry(frame: Frame, self: unknown, args: unknown[]) {
  const entries = state(frame, self).dml ?? [];
  const index = args[0] as number;
  return entries[index] ?? null;
}

export const exceptionClasses: NativeClassSpec[] = [
  {
    name: 'Exception',
    construct(frame, self, args) {
      const s = state(frame, self);
      const [first, second] = args;
      // An exception constructed without a message says so (as an AuraHandledException does).
      if (args.length === 0) s.message = HIDDEN_MESSAGE;
      if (first instanceof ApexObject && first.native) s.cause = first;
      else if (first !== undefined) s.message = first === null ? null : String(first);
      if (second instanceof ApexObject) s.cause = second;
      if (
        (self as ApexObject).cls.name === 'AuraHandledException' &&
        (self as ApexObject).cls.isSystem
      ) {
        s.hidden = true;
      }
    },
    methods: {
      getMessage: (frame, self) => {
        const s = state(frame, self);
        return s.hidden ? HIDDEN_MESSAGE : s.message;
      },
      setMessage: (frame, self, args) => {
        const s = state(frame, self);
        s.message = args[0] === null ? null : String(args[0]);
        s.hidden = false;
      },
      getTypeName: (_frame, self: ApexObject) => self.cls.typeName,
      getCause: (frame, self) => state(frame, self).cause,
      initCause: (frame, self, args) => {
        state(frame, self).cause = args[0] as ApexObject;
      },
      getLineNumber: (frame, self) => state(frame, self).lineNumber,
      getStackTraceString: (frame, self) => state(frame, self).stackTrace.join('\n'),
      setDmlFieldNames: () => null,
    },
  },
  ...BUILT_IN.filter((name) => name !== 'DmlException' && name !== 'QueryException').map(
    (name): NativeClassSpec => ({ name, superclass: 'Exception' }),
  ),
  {
    name: 'AuraHandledException',
    superclass: 'Exception',
  },
  {
    name: 'DmlException',
    superclass: 'Exception',
    methods: {
      getNumDml: (frame, self) => state(frame, self).dml?.length ?? 0,
      getDmlId: (frame, self, args) => dmlEntry(frame, self, args)?.id ?? null,
      getDmlIndex: (frame, self, args) => dmlEntry(frame, self, args)?.index ?? null,
      getDmlMessage: (frame, self, args) => dmlEntry(frame, self, args)?.message ?? null,
      getDmlStatusCode: (frame, self, args) => dmlEntry(frame, self, args)?.statusCode ?? null,
      getDmlType: (frame, self, args) => {
        const code = dmlEntry(frame, self, args)?.statusCode;
        return code ? statusCodeOf(frame, code) : null;
      },
      getDmlFieldNames: (frame, self, args) =>
        new ApexList(T.String, [...(dmlEntry(frame, self, args)?.fields ?? [])]),
    },
  },
  {
    name: 'QueryException',
    superclass: 'Exception',
    methods: {
      getInaccessibleFields: (frame, self) => {
        const fields = state(frame, self).inaccessibleFields ?? new Map<string, Set<string>>();
        const map = new ApexMap(T.String, { kind: 'set', elem: T.String });
        for (const [object, names] of fields) {
          const set = new ApexSet(T.String);
          for (const n of names) set.add(n);
          map.put(object, set);
        }
        return map;
      },
    },
  },
];

/** System.StatusCode's constant for a status code, made on first use for codes not listed. */
export function statusCodeOf(_frame: Frame, code: string): EnumValue {
  const cls = services.current!.systemClass('StatusCode');
  let value = (cls.enumValues as EnumValue[]).find((v) => v.name === code);
  if (!value) {
    value = new EnumValue(cls, code, cls.enumValues.length);
    cls.enumValues.push(value);
  }
  return value;
}

export const BUILT_IN_EXCEPTIONS = BUILT_IN;
