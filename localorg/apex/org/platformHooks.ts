/**
 * The local org as the platform of running Apex (runtime/platform.ts): queries and DML through
 * the org's engines, describe tokens, access, System.runAs, the running user, savepoints, and
 * the hooks of Batch Apex and the Test class, which the Apex service provides.
 */
import { resetPassword } from '../../userEmails.ts';
import { sessionFor } from '../../auth/session.ts';
import type { SObjectDef } from '../../catalog/index.ts';
import { formatDateTime } from '../../dates.ts';
import type { LocalOrg } from '../../org.ts';
import type { Frame } from '../runtime/context.ts';
import { instantiate, nullPointer, raise, services } from '../runtime/invoke.ts';
import type { AccessView, PlatformHooks, RunningUser } from '../runtime/platform.ts';
import type { Registry } from '../runtime/registry.ts';
import { primitiveNamed } from '../runtime/types.ts';
import { ApexObject, NativeObject, SObjectValue, TypeValue } from '../runtime/values.ts';
import { userAccess } from './access.ts';
import { dmlTargets, performDml, throwDmlException } from './dml.ts';
import { runQuery } from './query.ts';

export interface AsyncHooks {
  executeBatch(frame: Frame, job: ApexObject, scope: number): string;
  startTest(frame: Frame): void;
  stopTest(frame: Frame): void;
}

export function platformHooks(
  org: LocalOrg,
  registry: () => Registry,
  async: AsyncHooks,
): PlatformHooks {
  const typeTokens = new Map<SObjectDef, NativeObject>();
  const fieldTokens = new Map<string, NativeObject>();
  return {
    get catalog() {
      return org.catalog;
    },
    query: (frame, soql, binds, accessLevel) =>
      runQuery(org, frame, soql, binds, accessLevel ?? null),
    dml: (frame, verb, target, accessLevel, extra) => {
      if (verb === 'merge')
        raise(
          frame,
          'UnexpectedException',
          "merge is not supported by the local org's Apex runtime",
        );
      const items = dmlTargets(frame, target);
      const outcomes = performDml(org, frame, items, {
        verb,
        allOrNone: true,
        userMode: accessLevel === 'user',
        externalIdField: typeof extra === 'string' ? extra : null,
      });
      if (outcomes.some((o) => !o.success)) throwDmlException(frame, verb, outcomes);
    },
    database: (frame, target, call) => {
      const items = dmlTargets(frame, target);
      const outcomes = performDml(org, frame, items, call);
      if (call.allOrNone && outcomes.some((o) => !o.success))
        throwDmlException(frame, call.verb, outcomes);
      return outcomes;
    },
    newSObject: (def) => new SObjectValue(def),
    sobjectTypeToken: (def) => {
      let token = typeTokens.get(def);
      if (!token) {
        token = new NativeObject(registry().systemClass('Schema.SObjectType'), {
          token: `T:${def.name}`,
          def,
          text: def.name,
        });
        typeTokens.set(def, token);
      }
      return token;
    },
    fieldToken: (frame, def, lower) => {
      const key = `${def.name}.${lower}`;
      let token = fieldTokens.get(key);
      if (!token) {
        const field = org.catalog.field(def, lower);
        if (!field) raise(frame, 'SObjectException', `Invalid field ${lower} for ${def.name}`);
        token = new NativeObject(registry().systemClass('Schema.SObjectField'), {
          token: `F:${key}`,
          def,
          field: lower,
          text: field.name,
        });
        fieldTokens.set(key, token);
      }
      return token;
    },
    access: (frame): AccessView => {
      const access = userAccess(org.store, frame.ctx);
      return {
        object: (def) => access.object(def),
        canReadField: (def, field) => {
          const f = org.catalog.field(def, field.name);
          return f ? access.canReadField(def, f) : false;
        },
        canEditField: (def, field, creating) => {
          const f = org.catalog.field(def, field.name);
          return f ? access.canEditField(def, f, creating) : false;
        },
      };
    },
    runAs: (frame, args, body) => {
      const ctx = frame.ctx;
      if (!ctx.isTest)
        raise(frame, 'UnexpectedException', 'System.runAs can only be used in a test method');
      const user = args[0];
      if (!(user instanceof SObjectValue) || user.def.name !== 'User') return nullPointer(frame);
      const id = user.values.get('id');
      const session = typeof id === 'string' ? sessionFor(org.store, id) : undefined;
      if (!session)
        raise(frame, 'UnexpectedException', `System.runAs: no active user ${String(id)}`);
      const saved = { session: ctx.session, setup: ctx.touchedSetup, data: ctx.touchedData };
      ctx.session = session;
      ctx.touchedSetup = false;
      ctx.touchedData = false;
      try {
        return body(frame);
      } finally {
        ctx.session = saved.session;
        ctx.touchedSetup = saved.setup;
        ctx.touchedData = saved.data;
      }
    },
    user: (frame) => runningUser(org, frame),
    now: () => org.now().getTime(),
    timeZone: (frame, id) =>
      new NativeObject(registry().systemClass('TimeZone'), {
        id: id ?? runningUser(org, frame).timeZone,
      }),
    typeForName: (_frame, name) => {
      const primitive = primitiveNamed(name);
      if (primitive) return new TypeValue(primitive);
      const cls = registry().findClassPath(name.split('.'), null);
      if (cls) return new TypeValue({ kind: 'class', cls });
      const def = org.catalog.object(name);
      return def ? new TypeValue({ kind: 'sobject', def }) : null;
    },
    newInstance: (frame, type) => {
      if (type.kind === 'sobject' && type.def) return new SObjectValue(type.def);
      if (type.kind !== 'class') return raise(frame, 'TypeException', 'Type cannot be constructed');
      return instantiate(frame, type.cls, []);
    },
    executeBatch: (frame, job, scope) => async.executeBatch(frame, job, scope),
    startTest: (frame) => async.startTest(frame),
    stopTest: (frame) => async.stopTest(frame),
    setCreatedDate: (frame, recordId, epochMs) => {
      const def = org.catalog.objectForId(recordId);
      if (!def) raise(frame, 'InvalidParameterValueException', `Invalid record Id: ${recordId}`);
      org.store.run(
        `UPDATE "${def.name}" SET "CreatedDate" = ? WHERE "Id" = ?`,
        formatDateTime(new Date(epochMs)),
        recordId,
      );
    },
    resetPassword: (_frame, userId, email) => resetPassword(org, userId, email),
    savepoint: (_frame, name) => org.store.db.exec(`SAVEPOINT ${name}`),
    rollback: (frame, name) => {
      try {
        org.store.db.exec(`ROLLBACK TO ${name}`);
      } catch {
        raise(frame, 'TypeException', 'Savepoint does not exist in this context.');
      }
    },
  };
}

function runningUser(org: LocalOrg, frame: Frame): RunningUser {
  const ctx = frame.ctx;
  const key = `user:${ctx.session.userId}`;
  let user = ctx.cache.get(key) as RunningUser | undefined;
  if (!user) {
    const row = org.store.get(
      `SELECT u.*, o."Id" AS orgId, o."Name" AS orgName FROM "User" u, "Organization" o WHERE u."Id" = ?`,
      ctx.session.userId,
    );
    if (!row) raise(frame, 'UnexpectedException', 'The running user does not exist');
    user = {
      id: String(row.Id),
      username: String(row.Username),
      name: [row.FirstName, row.LastName].filter((v) => v !== null && v !== '').join(' '),
      firstName: row.FirstName === null ? null : String(row.FirstName),
      lastName: String(row.LastName),
      email: String(row.Email),
      profileId: String(row.ProfileId),
      roleId:
        row.UserRoleId === null || row.UserRoleId === undefined ? null : String(row.UserRoleId),
      userType: String(row.UserType ?? 'Standard'),
      orgId: String(row.orgId),
      orgName: String(row.orgName),
      timeZone: String(row.TimeZoneSidKey ?? 'GMT'),
      locale: String(row.LocaleSidKey ?? 'en_US'),
      language: String(row.LanguageLocaleKey ?? 'en_US'),
    };
    ctx.cache.set(key, user);
  }
  return user;
}

export { services };
