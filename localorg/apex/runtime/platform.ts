/**
 * What running Apex asks of the platform around it (the local org): queries, DML, sObjects and
 * their describe tokens, object and field access, System.runAs, the running user, Batch Apex
 * and the Test class's hooks. Set once by the org's Apex service, so that the compiler and the
 * system classes do not import the org.
 */
import type { Catalog, SObjectDef } from '../../catalog/index.ts';
import type { DmlVerb } from '../parse/ast.ts';
import type { Frame } from './context.ts';
import type { ApexType } from './types.ts';
import type { ApexObject, SObjectValue } from './values.ts';

export type AccessLevelName = 'user' | 'system' | null;

export interface DmlCall {
  verb: 'insert' | 'update' | 'delete' | 'upsert' | 'undelete';
  allOrNone: boolean;
  userMode: boolean;
  assignmentRule?: boolean | string;
  triggerUserEmail?: boolean;
  externalIdField?: string | null;
}

export interface DmlRowOutcome {
  id: string | null;
  success: boolean;
  created: boolean;
  errors: { statusCode: string; message: string; fields: string[] }[];
}

/** Object and field access of the running user (describe results, stripInaccessible). */
export interface AccessView {
  object(def: SObjectDef): { read: boolean; create: boolean; edit: boolean; delete: boolean };
  canReadField(def: SObjectDef, field: { name: string }): boolean;
  canEditField(def: SObjectDef, field: { name: string }, creating: boolean): boolean;
}

export interface PlatformHooks {
  readonly catalog: Catalog;
  /** Inline or dynamic SOQL: a list of sObjects (or an Integer for `SELECT COUNT()`). */
  query(
    frame: Frame,
    soql: string,
    binds: (name: string) => { found: boolean; value: unknown },
    accessLevel?: AccessLevelName,
  ): unknown;
  /** A DML statement (`insert x;`): throws DmlException on the first failure. */
  dml(
    frame: Frame,
    verb: DmlVerb,
    target: unknown,
    accessLevel: 'user' | 'system' | null,
    extra: unknown,
  ): void;
  /** Database.insert/update/...: one outcome per row; throws DmlException when all or none fails. */
  database(frame: Frame, target: unknown, call: DmlCall): DmlRowOutcome[];
  newSObject(def: SObjectDef): SObjectValue;
  /** `Lead.SObjectType` and `Lead.Status` (Schema.SObjectType and Schema.SObjectField). */
  sobjectTypeToken(def: SObjectDef): unknown;
  fieldToken(frame: Frame, def: SObjectDef, lowerName: string): unknown;
  access(frame: Frame): AccessView;
  /** `System.runAs(user) { ... }`. */
  runAs(frame: Frame, args: unknown[], body: (frame: Frame) => number): number;
  /** The running user, for UserInfo and the user's time zone and locale. */
  user(frame: Frame): RunningUser;
  /** The org's clock in epoch milliseconds (System.now, Date.today): a test org's is pinned. */
  now(): number;
  /** A TimeZone object: the user's, or the one with this Id. */
  timeZone(frame: Frame, id?: string): unknown;
  /** Type.forName: a type by name, or null. */
  typeForName(frame: Frame, name: string): unknown;
  /** Type.newInstance(): an object of a class with a no-argument constructor. */
  newInstance(frame: Frame, type: ApexType): unknown;
  /** Database.executeBatch: queues the job; returns its AsyncApexJob Id. */
  executeBatch(frame: Frame, job: ApexObject, scope: number): string;
  /** Test.startTest / Test.stopTest (stopTest runs the batches queued since startTest). */
  startTest(frame: Frame): void;
  stopTest(frame: Frame): void;
  /** Test.setCreatedDate. */
  setCreatedDate(frame: Frame, recordId: string, epochMs: number): void;
  /** Database.setSavepoint / Database.rollback. */
  savepoint(frame: Frame, name: string): void;
  rollback(frame: Frame, name: string): void;
  /** System.resetPassword: the new password, e-mailed to the user when `email`; null if no user. */
  resetPassword(frame: Frame, userId: string, email: boolean): string | null;
}

export interface RunningUser {
  id: string;
  username: string;
  name: string;
  firstName: string | null;
  lastName: string;
  email: string;
  profileId: string;
  roleId: string | null;
  userType: string;
  orgId: string;
  orgName: string;
  timeZone: string;
  locale: string;
  language: string;
}

export const platform: { current: PlatformHooks | null } = { current: null };

/**
 * The local variables a dynamic query (`Database.query('... :name')`) can bind, for the call
 * that is running; set by compiled code around calls to Database.query and friends.
 */
export const dynamicBinds: {
  current: ((name: string) => { found: boolean; value: unknown }) | null;
} = {
  current: null,
};

/** The clock Apex reads (System.now, Date.today, Datetime.now): the org's, else the machine's. */
export const orgClock = (): number => (platform.current ? platform.current.now() : Date.now());
