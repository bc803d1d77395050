/**
 * System, Assert, Type, Limits, UserInfo and the system enums (Apex Reference Guide). Assertion
 * failures raise AssertException, which, like LimitException, no catch block sees ("System Class",
 * assert methods: "You can't catch an assertion failure using a try/catch block").
 */
import type { Frame } from '../runtime/context.ts';
import { castValue, nullPointer, raise, raiseUncatchable } from '../runtime/invoke.ts';
import type { NativeClassSpec } from '../runtime/native.ts';
import { arity } from '../runtime/native.ts';
import { orgClock, platform } from '../runtime/platform.ts';
import { T, typeName } from '../runtime/types.ts';
import { EnumValue, NativeObject, TypeValue, apexEquals, toApexString } from '../runtime/values.ts';
import { services } from '../runtime/invoke.ts';
import { heapSize } from '../runtime/heap.ts';
import { ApexDatetime, ApexDate } from '../values/temporal.ts';

export const LOGGING_LEVELS = ['NONE', 'ERROR', 'WARN', 'INFO', 'DEBUG', 'FINE', 'FINER', 'FINEST'];

/** System.StatusCode: the codes the local org's DML engine reports, and more on first use. */
const STATUS_CODES = [
  'ALL_OR_NONE_OPERATION_ROLLED_BACK',
  'DUPLICATE_VALUE',
  'ENTITY_IS_DELETED',
  'FIELD_CUSTOM_VALIDATION_EXCEPTION',
  'FIELD_INTEGRITY_EXCEPTION',
  'INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY',
  'INSUFFICIENT_ACCESS_OR_READONLY',
  'INVALID_CROSS_REFERENCE_KEY',
  'INVALID_FIELD',
  'INVALID_FIELD_FOR_INSERT_UPDATE',
  'INVALID_ID_FIELD',
  'INVALID_OPERATION',
  'INVALID_TYPE',
  'INVALID_TYPE_FOR_OPERATION',
  'MALFORMED_ID',
  'MIXED_DML_OPERATION',
  'REQUIRED_FIELD_MISSING',
  'STRING_TOO_LONG',
  'UNABLE_TO_LOCK_ROW',
  'UNKNOWN_EXCEPTION',
];

function message(value: unknown): string | null {
  return value === undefined || value === null ? null : toApexString(value);
}

function fail(frame: Frame, text: string): never {
  raiseUncatchable(frame, 'AssertException', text);
}

function withMessage(custom: unknown, detail: string): string {
  const text = message(custom);
  return text === null ? `Assertion Failed: ${detail}` : `Assertion Failed: ${text}: ${detail}`;
}

function assertEqual(
  frame: Frame,
  expected: unknown,
  actual: unknown,
  custom: unknown,
  wantEqual: boolean,
): void {
  const same = expected === actual || apexEquals(expected, actual, false);
  if (same === wantEqual) return;
  const detail = wantEqual
    ? `Expected: ${toApexString(expected)}, Actual: ${toApexString(actual)}`
    : `Expected not equal to: ${toApexString(expected)}, Actual: ${toApexString(actual)}`;
  fail(frame, withMessage(custom, detail));
}

function assertTrue(frame: Frame, condition: unknown, custom: unknown, want: boolean): void {
  if (condition === want) return;
  const text = message(custom);
  fail(
    frame,
    text === null
      ? `Assertion Failed: Expected: ${want}, Actual: ${toApexString(condition)}`
      : `Assertion Failed: ${text}`,
  );
}

function debug(frame: Frame, args: unknown[]): void {
  const [first, second] = args;
  const level = args.length === 2 && first instanceof EnumValue ? first.name : 'DEBUG';
  const value = args.length === 2 ? second : first;
  frame.ctx.debug.push({ level, line: frame.line, message: toApexString(value) });
}

function isInstance(frame: Frame, value: unknown, type: unknown): boolean {
  if (!(type instanceof TypeValue))
    return raise(frame, 'NullPointerException', 'Argument cannot be null.');
  try {
    if (value === null) return false;
    castValue(frame, value, type.type);
    return true;
  } catch {
    return false;
  }
}

export const systemClasses: NativeClassSpec[] = [
  {
    name: 'Enum',
    methods: {
      name: (_f, self: EnumValue) => self.name,
      ordinal: (_f, self: EnumValue) => self.ordinal,
      equals: (_f, self: EnumValue, args) => self === args[0],
      hashCode: (_f, self: EnumValue) => self.ordinal,
    },
  },
  { name: 'LoggingLevel', kind: 'enum', enumValues: LOGGING_LEVELS },
  {
    name: 'RoundingMode',
    kind: 'enum',
    enumValues: [
      'CEILING',
      'DOWN',
      'FLOOR',
      'HALF_DOWN',
      'HALF_EVEN',
      'HALF_UP',
      'UNNECESSARY',
      'UP',
    ],
  },
  { name: 'AccessLevel', kind: 'enum', enumValues: ['USER_MODE', 'SYSTEM_MODE'] },
  {
    name: 'AccessType',
    kind: 'enum',
    enumValues: ['CREATABLE', 'READABLE', 'UPDATABLE', 'UPSERTABLE'],
  },
  { name: 'SObjectDescribeOptions', kind: 'enum', enumValues: ['DEFAULT', 'DEFERRED', 'FULL'] },
  { name: 'StatusCode', kind: 'enum', enumValues: STATUS_CODES },
  { name: 'Comparable', kind: 'interface' },
  { name: 'Iterable', kind: 'interface' },
  { name: 'Iterator', kind: 'interface' },
  { name: 'Schedulable', kind: 'interface' },
  { name: 'Queueable', kind: 'interface' },
  { name: 'Callable', kind: 'interface' },
  {
    name: 'System',
    namespace: '',
    statics: {
      debug: (frame, args) => debug(frame, args),
      assert: (frame, args) => assertTrue(frame, args[0], args[1], true),
      assertEquals: (frame, args) => assertEqual(frame, args[0], args[1], args[2], true),
      assertNotEquals: (frame, args) => assertEqual(frame, args[0], args[1], args[2], false),
      now: () => new ApexDatetime(orgClock()),
      today: (frame) => ApexDate.today(platform.current!.user(frame), orgClock),
      currentTimeMillis: () => BigInt(orgClock()),
      isBatch: (frame) => frame.ctx.inBatch,
      resetPassword: (frame, args) => {
        const userId = args[0];
        if (userId === null || userId === undefined) return nullPointer(frame);
        const password = platform.current!.resetPassword(frame, String(userId), args[1] === true);
        if (password === null) {
          raise(frame, 'InvalidParameterValueException', `Invalid user Id: ${String(userId)}`);
        }
        return new NativeObject(services.current!.systemClass('ResetPasswordResult'), {
          password,
        });
      },
      isFuture: () => false,
      isQueueable: () => false,
      isScheduled: () => false,
    },
  },
  {
    name: 'ResetPasswordResult',
    methods: { getPassword: (_frame, self: NativeObject) => self.data.password },
  },
  {
    name: 'Assert',
    statics: {
      areEqual: (frame, args) => assertEqual(frame, args[0], args[1], args[2], true),
      areNotEqual: (frame, args) => assertEqual(frame, args[0], args[1], args[2], false),
      isTrue: (frame, args) => assertTrue(frame, args[0], args[1], true),
      isFalse: (frame, args) => assertTrue(frame, args[0], args[1], false),
      isNull: (frame, args) => {
        if (args[0] !== null)
          fail(frame, withMessage(args[1], `Expected: null, Actual: ${toApexString(args[0])}`));
      },
      isNotNull: (frame, args) => {
        if (args[0] === null) fail(frame, withMessage(args[1], 'Expected: not null, Actual: null'));
      },
      isInstanceOfType: (frame, args) => {
        if (!isInstance(frame, args[0], args[1])) {
          fail(
            frame,
            withMessage(
              args[2],
              `Expected: instance of ${typeName((args[1] as TypeValue).type)}, Actual: ${toApexString(args[0])}`,
            ),
          );
        }
      },
      isNotInstanceOfType: (frame, args) => {
        if (isInstance(frame, args[0], args[1])) {
          fail(
            frame,
            withMessage(
              args[2],
              `Expected: not an instance of ${typeName((args[1] as TypeValue).type)}`,
            ),
          );
        }
      },
      fail: (frame, args) =>
        fail(
          frame,
          message(args[0]) === null ? 'Assertion Failed' : `Assertion Failed: ${message(args[0])}`,
        ),
    },
  },
  {
    name: 'Type',
    statics: {
      forName: (frame, args) => {
        const name = String(args.length === 2 ? args[1] : args[0]);
        const registry = services.current!;
        void registry;
        return platform.current!.typeForName(frame, name);
      },
    },
    methods: {
      getName: (_f, self: TypeValue) => typeName(self.type),
      toString: (_f: Frame, self: TypeValue) => typeName(self.type),
      equals: (_f, self: TypeValue, args) =>
        args[0] instanceof TypeValue && typeName(args[0].type) === typeName(self.type),
      hashCode: (_f, self: TypeValue) => typeName(self.type).length,
      newInstance: (frame, self: TypeValue) => platform.current!.newInstance(frame, self.type),
    },
  },
  {
    name: 'Limits',
    statics: {
      getQueries: (f) => f.ctx.limits.soqlQueries,
      getLimitQueries: (f) => f.ctx.maximums.soqlQueries,
      getQueryRows: (f) => f.ctx.limits.queryRows,
      getLimitQueryRows: (f) => f.ctx.maximums.queryRows,
      getDmlStatements: (f) => f.ctx.limits.dmlStatements,
      getLimitDmlStatements: (f) => f.ctx.maximums.dmlStatements,
      getDmlRows: (f) => f.ctx.limits.dmlRows,
      getLimitDmlRows: (f) => f.ctx.maximums.dmlRows,
      getHeapSize: (f) => heapSize(f.ctx),
      getLimitHeapSize: (f) => f.ctx.maximums.heap,
      getCpuTime: (f) => Date.now() - f.ctx.startedAt,
      getLimitCpuTime: (f) => (f.ctx.maximums.heap > 6 * 1024 * 1024 ? 60000 : 10000),
      getCallouts: () => 0,
      getLimitCallouts: () => 100,
      getEmailInvocations: () => 0,
      getLimitEmailInvocations: () => 10,
      getFutureCalls: () => 0,
      getLimitFutureCalls: () => 50,
      getQueueableJobs: () => 0,
      getLimitQueueableJobs: () => 50,
      getAggregateQueries: (f) => f.ctx.limits.soqlQueries,
      getLimitAggregateQueries: () => 300,
    },
  },
  {
    name: 'UserInfo',
    statics: {
      getUserId: (f) => platform.current!.user(f).id,
      getUserName: (f) => platform.current!.user(f).username,
      getName: (f) => platform.current!.user(f).name,
      getFirstName: (f) => platform.current!.user(f).firstName,
      getLastName: (f) => platform.current!.user(f).lastName,
      getUserEmail: (f) => platform.current!.user(f).email,
      getProfileId: (f) => platform.current!.user(f).profileId,
      getUserRoleId: (f) => platform.current!.user(f).roleId,
      getUserType: (f) => platform.current!.user(f).userType,
      getOrganizationId: (f) => platform.current!.user(f).orgId,
      getOrganizationName: (f) => platform.current!.user(f).orgName,
      getLocale: (f) => platform.current!.user(f).locale,
      getLanguage: (f) => platform.current!.user(f).language,
      getDefaultCurrency: () => 'USD',
      getTimeZone: (f) =>
        services.current!.systemClass('TimeZone') && platform.current!.timeZone(f),
      isMultiCurrencyOrganization: () => false,
    },
  },
  {
    name: 'TimeZone',
    statics: {
      getTimeZone: (f, args) => {
        arity(args, 1);
        return platform.current!.timeZone(f, String(args[0]));
      },
    },
    methods: {
      getId: (_f, self: { data: { id: string } }) => self.data.id,
      getDisplayName: (_f, self: { data: { id: string } }) => self.data.id,
      toString: (_f: Frame, self: { data: { id: string } }) => self.data.id,
    },
  },
];

export { T };
