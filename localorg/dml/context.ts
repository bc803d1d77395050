/** What a DML call runs with: the caller, the clock, and the request's options. */
import type { Session } from '../auth/session.ts';
import type { Store, Row } from '../store/store.ts';

export interface DmlOptions {
  /**
   * Assignment rules (`Sforce-Auto-Assign`): true runs the active rule (the REST default), false
   * runs none, an AssignmentRule Id runs that rule.
   */
  assignmentRule: boolean | string;
  /**
   * The call runs where row-lock contention happens (Bulk API, sObject Collections), so an
   * injected UNABLE_TO_LOCK_ROW fault may fail its records.
   */
  contention?: boolean;
  /** Apex in system mode `without sharing`: record visibility is not checked. */
  bypassSharing?: boolean;
}

export interface RuleContext {
  store: Store;
  session: Session;
  now: Date;
  options: DmlOptions;
}

/** Platform behaviour of one object, run inside the record's savepoint. */
export interface ObjectRules {
  beforeInsert?(ctx: RuleContext, row: Row): void;
  /** `row` is the merged record (old values plus changes); rules may change it further. */
  beforeUpdate?(ctx: RuleContext, row: Row, old: Row): void;
  afterWrite?(ctx: RuleContext, row: Row, old: Row | undefined): void;
  /** After the record is deleted; `old` is the record as it was. */
  afterDelete?(ctx: RuleContext, old: Row): void;
}
