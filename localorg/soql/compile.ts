/**
 * SOQL to SQLite: parses with @jetstreamapp/soql-parser-js and builds SQL with bound parameters,
 * LEFT JOINs for parent relationships (one per target of a polymorphic lookup), Salesforce's null
 * and case-insensitive comparison semantics, date literals, semi-joins, aggregates, child
 * relationship subqueries and TYPEOF.
 *
 * What it refuses, as the SOQL and SOSL Reference documents
 * (https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/):
 * - `COUNT()` with `ORDER BY`, and `COUNT()` with `GROUP BY` ("COUNT() and COUNT(fieldName)",
 *   sforce_api_calls_soql_select_count.htm): MALFORMED_QUERY. The docs give the rule, not the
 *   words; "COUNT() and ORDER BY may not be used together" is what real orgs answer as public
 *   integration reports quote it, and the GROUP BY message is worded after it.
 * - `LIMIT` in a query with an aggregate function and no `GROUP BY` ("LIMIT",
 *   sforce_api_calls_soql_select_limit.htm; "Considerations for GROUP BY"): MALFORMED_QUERY.
 * - `FOR UPDATE` outside Apex, and `FOR UPDATE` with `ORDER BY` ("FOR UPDATE",
 *   sforce_api_calls_soql_select_for_update.htm: "In Apex, you can use FOR UPDATE ... You can't
 *   use the ORDER BY clause in any SOQL query that uses locking"): MALFORMED_QUERY (in Apex, a
 *   QueryException; the platform refuses it when the class compiles).
 * - `OFFSET` over 2,000 (NUMBER_OUTSIDE_VALID_RANGE), in a semi-join, or in a child subquery
 *   unless the parent query has `LIMIT 1` ("OFFSET", sforce_api_calls_soql_select_offset.htm:
 *   MALFORMED_QUERY).
 * - Child subqueries: more than 20 in a query, deeper than one level below the parent before API
 *   58.0 or four levels from 58.0 ("Understanding Relationship Query Limitations",
 *   sforce_api_calls_soql_relationships_query_limits.htm; "Using Relationship Queries"), or in an
 *   aggregate query ("Considerations for GROUP BY"): MALFORMED_QUERY.
 * - A long text area (a textarea over 255 characters, which describe reports as not filterable,
 *   sortable or groupable) in WHERE, ORDER BY or GROUP BY, and a double or currency field in
 *   GROUP BY ("Considerations for GROUP BY": describe's `groupable`). The docs name the rule; the
 *   words are the platform's as client code quotes them: INVALID_FIELD "field 'X' can not be
 *   filtered in a query call" / "... grouped ...", and MALFORMED_QUERY "field 'X' can not be
 *   sorted in a query call" (public reports differ on that code; the local org follows the two
 *   that agree).
 * - TYPEOF ("TYPEOF", sforce_api_calls_soql_select_typeof.htm): on a field that is not a
 *   polymorphic relationship, with a relationship also named in the field list, with a WHEN type
 *   the relationship cannot point to, in aggregate queries: MALFORMED_QUERY. The docs give the
 *   rules, not the words; the local org words them itself.
 * Where the docs give no words the choice is the local org's, worded as above.
 *
 * TYPEOF results (docs silent on the JSON): the relationship is an object whose
 * `attributes.type` is the referenced record's own type (User, Group) with the fields of the
 * WHEN (or ELSE) branch that matched; a null reference is null, as for any parent relationship.
 * A record whose type no branch names gets its attributes only, or null: the choice
 * `typeof-unmatched` (localorg/choices.ts).
 */
import { parseQuery } from '@jetstreamapp/soql-parser-js';
import type {
  Condition,
  ConditionWithValueQuery,
  FieldFunctionExpression,
  FieldTypeOf,
  FunctionExp,
  OrderByClause,
  Query,
  Subquery,
  ValueQueryCondition,
} from '@jetstreamapp/soql-parser-js';
import type { Session } from '../auth/session.ts';
import type { Catalog, FieldDef, SObjectDef } from '../catalog/index.ts';
import { isFilterable, isGroupable } from '../catalog/fields.ts';
import { formatDate, formatDateTime, parseDate, parseDateTime } from '../dates.ts';
import { ApiError } from '../errors.ts';
import { normalizeId } from '../ids.ts';
import { visibilityFilter } from '../sharing.ts';
import { ident } from '../store/schema.ts';
import type { SqlValue } from '../store/store.ts';
import { malformed, noSuchField, noSuchObject, noSuchRelationship, queryError } from './errors.ts';
import { bindError, inlineLimitBinds, storedBind } from './binds.ts';
import type { BindLookup, BindValue } from './binds.ts';
import { dateLiteralRange, unquote } from './literals.ts';
import { conditionTree } from './where.ts';
import type { CondNode } from './where.ts';

export const MAX_OFFSET = 2000;

export interface QueryContext {
  catalog: Catalog;
  session: Session;
  now: Date;
  /** queryAll: include deleted records. */
  includeDeleted: boolean;
  /** Apex bind variables (`:name`); absent for the APIs, where a colon is a syntax error. */
  binds?: BindLookup;
  /** Record sharing; Apex in system mode `without sharing` turns it off. Default on. */
  enforceSharing?: boolean;
  /**
   * Apex tests without SeeAllData: the org's own records stay hidden. Per table, the largest
   * rowid that existed before the test ran; non-setup tables only.
   */
  hiddenUpTo?: Map<string, number>;
  /** The API version the query came in on (`62.0`); absent means the latest (Apex). */
  apiVersion?: string;
  /** A Tooling API query: objects only the Tooling API serves can be queried. */
  tooling?: boolean;
}

/** A child-relationship subquery: the child object's query, joined on its reference field. */
export interface ChildQuery {
  /** The relationship name as written (`Undos__r`, `Contacts`). */
  name: string;
  compiled: CompiledQuery;
  /** The child's reference field's column, selected as `_parent`. */
  parentField: FieldDef;
}

/** A field a query reads, for user-mode field-level security. */
export interface FieldUse {
  object: SObjectDef;
  field: FieldDef;
}

/** A relationship hop in a selected field path, e.g. `Owner` in `Owner.Name`. */
export interface RelationNode {
  name: string;
  /** SQL for the related record's Id, and the result-row column it is selected as. */
  idSql: string;
  idColumn: string;
  /** Object name for attributes.type; `Name` for polymorphic lookups. */
  typeName: string;
  polymorphic: boolean;
  parent: RelationNode | null;
  /** TYPEOF: attributes.type is the referenced record's own type. */
  typeOf?: boolean;
  /** TYPEOF: the types (lower case) a WHEN or the ELSE covers. */
  typeOfCovers?: string[];
}

export type ValueKind = 'field' | 'integer' | 'number';

export interface OutputColumn {
  /** Result-row column, and the SQL expression selected as it. */
  column: string;
  sql: string;
  /** Property name in the returned record. */
  name: string;
  /** Where the property lives: null for the record itself. */
  relation: RelationNode | null;
  field: FieldDef | null;
  kind: ValueKind;
  /**
   * TYPEOF: the object types (lower case) whose records the column belongs to; the property is
   * left out of a related record of any other type.
   */
  when?: string[];
}

export interface CompiledQuery {
  soql: string;
  object: SObjectDef;
  /** The queried table's alias (`t0`, or another for a subquery). */
  alias: string;
  mode: 'records' | 'count' | 'aggregate';
  /**
   * Every aggregate function is COUNT: Apex then counts one query row (or one per group) toward
   * the query-row limit, not each row counted (Apex Developer Guide, "Working with SOQL
   * Aggregate Functions").
   */
  countsOnly: boolean;
  /** `expr AS c0, ...` including the hidden Id columns of relationships. */
  select: string;
  /** `"Lead" t0 LEFT JOIN ...` */
  from: string;
  /**
   * The same with the queried table walked in rowid order (`NOT INDEXED`): batches that resume
   * after a rowid must not let the planner pick an index on the filter, which would sort the
   * whole match for every batch and make a full read quadratic.
   */
  rowidScanFrom: string;
  /** Conditions without the WHERE keyword ('' when none). */
  where: string;
  whereParams: SqlValue[];
  groupBy: string;
  having: string;
  havingParams: SqlValue[];
  orderBy: string;
  limit: number | null;
  offset: number | null;
  columns: OutputColumn[];
  children: ChildQuery[];
  /** `WITH USER_MODE` / `WITH SECURITY_ENFORCED` / `WITH SYSTEM_MODE`, if written. */
  accessLevel: 'USER_MODE' | 'SYSTEM_MODE' | 'SECURITY_ENFORCED' | null;
  /** Every field the query reads (select list, filters, order), child subqueries excluded. */
  fieldsUsed: FieldUse[];
  /** ALL ROWS (Apex): deleted records too. */
  allRows: boolean;
}

interface Target {
  object: SObjectDef;
  alias: string;
}

interface JoinNode {
  targets: Target[];
  relation: RelationNode;
}

interface Scope {
  object: SObjectDef;
  alias: string;
  objectAlias: string | null;
  joins: Map<string, JoinNode>;
  joinSql: string[];
}

interface Resolved {
  sql: string;
  field: FieldDef;
  join: JoinNode | null;
  /** Raw path as written, for messages. */
  raw: string;
}

interface Sql {
  sql: string;
  params: SqlValue[];
}

const TEXT_TYPES = new Set(['string', 'textarea', 'email', 'phone', 'url', 'picklist']);
const NUMBER_TYPES = new Set(['int', 'double', 'currency']);
const AGGREGATES = new Set(['COUNT', 'COUNT_DISTINCT', 'SUM', 'AVG', 'MIN', 'MAX']);

/** "No more than 20 parent-to-child relationships can be specified in a query." */
export const MAX_CHILD_SUBQUERIES = 20;

const isText = (field: FieldDef): boolean => TEXT_TYPES.has(field.type);

/** The major API version of a `62.0`-style version; the latest when absent. */
function apiMajor(version: string | undefined): number {
  const major = version === undefined ? NaN : Number.parseInt(version, 10);
  return Number.isFinite(major) ? major : Number.POSITIVE_INFINITY;
}
const collate = (field: FieldDef): string => (isText(field) ? ' COLLATE NOCASE' : '');

/** Parses SOQL, turning the parser's exceptions into MALFORMED_QUERY. */
export function parseSoql(soql: string, binds?: BindLookup): Query {
  try {
    if (binds) {
      // The parser has no ALL ROWS: it is noted and dropped here (Apex only).
      const text = inlineLimitBinds(soql, binds).replace(/\bALL\s+ROWS\s*$/i, '');
      // ignoreParseErrors must be given: the parser rebuilds its grammar (tens of ms) whenever
      // that option differs from the last call's, and an absent one counts as different.
      return parseQuery(text, { allowApexBindVariables: true, ignoreParseErrors: false });
    }
    return parseQuery(soql);
  } catch (error) {
    if (error instanceof ApiError) throw error;
    const text = error instanceof Error ? error.message : String(error);
    // The parser words it `but found: 'x'` or `but found --> 'x' <--` ('' at the end of input).
    const found = /but found(?::| -->) '([^']*)'/.exec(text)?.[1];
    if (found === '') throw malformed(soql, null, 'unexpected token: <EOF>');
    throw malformed(
      soql,
      found ?? null,
      `unexpected token: ${found ? `'${found}'` : text.split('\n')[0]}`,
    );
  }
}

/** Where a query sits in the statement: the whole query, a child subquery or a semi-join. */
type QueryRole = 'top' | 'child' | 'semijoin';

export class QueryCompiler {
  private readonly ctx: QueryContext;
  private readonly soql: string;
  private aliasCount = 0;
  private columnCount = 0;
  private role: QueryRole = 'top';
  /** Parent-to-child level: 1 for the top query, 2 for its child subqueries, ... */
  private level = 1;
  /** The parent query's LIMIT (child subqueries may use OFFSET only under LIMIT 1). */
  private parentLimit: number | null = null;
  /** Child subqueries in the whole statement, shared with the compilers of subqueries. */
  private subqueries = { count: 0 };

  constructor(ctx: QueryContext, soql: string) {
    this.ctx = ctx;
    this.soql = soql;
  }

  /** Apex passes bind lookups; the APIs never do. */
  private get inApex(): boolean {
    return this.ctx.binds !== undefined;
  }

  private readonly used: FieldUse[] = [];

  compile(query: Query = parseSoql(this.soql, this.ctx.binds)): CompiledQuery {
    const scope = this.scope(query);
    const allRows = !!this.ctx.binds && /\bALL\s+ROWS\s*$/i.test(this.soql);
    const fields = query.fields ?? [];
    const groupBy = query.groupBy
      ? Array.isArray(query.groupBy)
        ? query.groupBy
        : [query.groupBy]
      : [];
    const aggregate =
      groupBy.length > 0 ||
      fields.some(
        (f) => f.type === 'FieldFunctionExpression' && AGGREGATES.has(f.functionName.toUpperCase()),
      );
    const countOnly =
      fields.length === 1 &&
      fields[0].type === 'FieldFunctionExpression' &&
      fields[0].functionName.toUpperCase() === 'COUNT' &&
      fields[0].parameters.length === 0;
    const countsOnly = fields.every(
      (f) =>
        f.type !== 'FieldFunctionExpression' ||
        !AGGREGATES.has(f.functionName.toUpperCase()) ||
        f.functionName.toUpperCase() === 'COUNT',
    );
    if (!countOnly && fields.some((f) => f.type === 'FieldFunctionExpression' && isCountStar(f))) {
      throw malformed(this.soql, 'COUNT', 'COUNT() can only be used by itself in the select list');
    }
    this.checkClauses(query, groupBy.length > 0, aggregate, countOnly);

    const where = query.where ? this.condition(scope, conditionTree(query.where)) : null;
    const filters: Sql[] = [];
    if (where) filters.push(where);
    filters.push(...this.scopeFilters(scope, allRows));

    const limit = query.limit ?? null;
    const offset = query.offset ?? null;
    if (offset !== null && offset > MAX_OFFSET) {
      throw new ApiError(
        400,
        'NUMBER_OUTSIDE_VALID_RANGE',
        `Maximum SOQL offset allowed is ${MAX_OFFSET}`,
      );
    }
    if (offset !== null && this.role === 'semijoin') {
      throw malformed(this.soql, 'OFFSET', 'OFFSET is not allowed in a semi-join subquery');
    }
    if (offset !== null && this.role === 'child' && this.parentLimit !== 1) {
      throw malformed(
        this.soql,
        'OFFSET',
        'A subquery can use OFFSET only if the parent query has a LIMIT 1 clause',
      );
    }

    const columns: OutputColumn[] = [];
    const children: ChildQuery[] = [];
    const select: string[] = [];
    const groupSql: string[] = [];
    let mode: CompiledQuery['mode'] = 'records';
    if (countOnly && groupBy.length === 0) {
      mode = 'count';
    } else if (aggregate) {
      mode = 'aggregate';
      for (const g of groupBy) {
        if ('field' in g) {
          const resolved = this.resolve(scope, g.field);
          if (!isGroupable(resolved.field)) {
            throw queryError(
              'INVALID_FIELD',
              this.soql,
              g.field,
              `field '${resolved.field.name}' can not be grouped in a query call`,
            );
          }
          groupSql.push(resolved.sql);
        } else {
          groupSql.push(this.fn(scope, g.fn).sql);
        }
      }
      let expr = 0;
      for (const f of fields) {
        const column = `c${this.columnCount++}`;
        if (f.type === 'FieldFunctionExpression') {
          const fn = this.fn(scope, f);
          const isAggregate = AGGREGATES.has(f.functionName.toUpperCase());
          if (!isAggregate && !groupSql.includes(fn.sql)) {
            throw malformed(
              this.soql,
              f.rawValue ?? f.functionName,
              `Field must be grouped or aggregated: ${f.rawValue}`,
            );
          }
          const name = f.alias ?? `expr${expr++}`;
          select.push(`${fn.sql} AS ${column}`);
          columns.push({
            column,
            sql: fn.sql,
            name,
            relation: null,
            field: fn.field,
            kind: fn.kind,
          });
        } else if (f.type === 'Field' || f.type === 'FieldRelationship') {
          const path = f.type === 'Field' ? f.field : [...f.relationships, f.field].join('.');
          const resolved = this.resolve(scope, path);
          if (!groupSql.includes(resolved.sql)) {
            throw malformed(
              this.soql,
              path,
              `Field must be grouped or aggregated: ${resolved.field.name}`,
            );
          }
          select.push(`${resolved.sql} AS ${column}`);
          columns.push({
            column,
            sql: resolved.sql,
            name: ('alias' in f && f.alias) || resolved.field.name,
            relation: null,
            field: resolved.field,
            kind: 'field',
          });
        } else if (f.type === 'FieldTypeof') {
          throw malformed(
            this.soql,
            'TYPEOF',
            'TYPEOF cannot be used in a query with GROUP BY or aggregate functions',
          );
        } else {
          throw malformed(
            this.soql,
            f.type === 'FieldSubquery' ? f.subquery.relationshipName : null,
            'Child relationship subqueries cannot be used in a query with GROUP BY or aggregate functions',
          );
        }
      }
    } else {
      for (const f of fields) {
        if (f.type === 'FieldSubquery') children.push(this.childQuery(scope, f.subquery, limit));
        else if (f.type === 'FieldTypeof') this.typeOf(scope, f, fields, select, columns);
        else this.selectField(scope, f, query, select, columns);
      }
      const relations = new Set<RelationNode>();
      for (const c of columns) for (let r = c.relation; r; r = r.parent) relations.add(r);
      for (const r of relations) select.push(`${r.idSql} AS ${r.idColumn}`);
    }

    const having = query.having ? this.condition(scope, conditionTree(query.having)) : null;
    const orderBy = query.orderBy
      ? Array.isArray(query.orderBy)
        ? query.orderBy
        : [query.orderBy]
      : [];
    const orderSql = orderBy.map((o) =>
      this.orderItem(scope, o, mode === 'aggregate' ? groupSql : null),
    );

    return {
      soql: this.soql,
      object: scope.object,
      alias: scope.alias,
      mode,
      countsOnly,
      select: select.join(', '),
      from: [`${ident(scope.object.name)} ${scope.alias}`, ...scope.joinSql].join(' '),
      rowidScanFrom: [
        `${ident(scope.object.name)} ${scope.alias} NOT INDEXED`,
        ...scope.joinSql,
      ].join(' '),
      where: filters.map((f) => `(${f.sql})`).join(' AND '),
      whereParams: filters.flatMap((f) => f.params),
      groupBy: groupSql.join(', '),
      having: having?.sql ?? '',
      havingParams: having?.params ?? [],
      orderBy: orderSql.join(', '),
      limit,
      offset,
      columns,
      children,
      accessLevel: accessLevelOf(query),
      fieldsUsed: this.used,
      allRows,
    };
  }

  /** Clause combinations Salesforce refuses (see the top of this module). */
  private checkClauses(
    query: Query,
    grouped: boolean,
    aggregate: boolean,
    countOnly: boolean,
  ): void {
    const ordered = query.orderBy !== undefined && [query.orderBy].flat().length > 0;
    if (countOnly && ordered) {
      throw malformed(this.soql, 'ORDER', 'COUNT() and ORDER BY may not be used together');
    }
    if (countOnly && grouped) {
      throw malformed(this.soql, 'GROUP', 'COUNT() and GROUP BY may not be used together');
    }
    if (aggregate && !countOnly && !grouped && query.limit !== undefined) {
      throw malformed(
        this.soql,
        'LIMIT',
        'LIMIT cannot be used in a query with an aggregate function but no GROUP BY',
      );
    }
    if (query.for === 'UPDATE') {
      if (!this.inApex) {
        throw malformed(this.soql, 'FOR', 'FOR UPDATE can only be used in Apex');
      }
      if (ordered) {
        throw malformed(
          this.soql,
          'ORDER',
          'ORDER BY cannot be used in a query that uses FOR UPDATE',
        );
      }
    }
  }

  /** Deleted records, sharing, and test isolation for the queried object. */
  private scopeFilters(scope: Scope, allRows: boolean): Sql[] {
    const filters: Sql[] = [];
    if (scope.object.softDelete && !this.ctx.includeDeleted && !allRows)
      filters.push({ sql: `${scope.alias}."IsDeleted" = 0`, params: [] });
    if (this.ctx.enforceSharing !== false) {
      const visible = visibilityFilter(
        this.ctx.session,
        scope.object,
        scope.alias,
        this.ctx.catalog,
      );
      if (visible) filters.push(visible);
    }
    const hidden = this.ctx.hiddenUpTo?.get(scope.object.name);
    if (hidden !== undefined) filters.push({ sql: `${scope.alias}.rowid > ?`, params: [hidden] });
    return filters;
  }

  /** `(SELECT ... FROM Children__r)`: compiled against the child object. */
  private childQuery(scope: Scope, subquery: Subquery, parentLimit: number | null): ChildQuery {
    const name = subquery.relationshipName;
    if (++this.subqueries.count > MAX_CHILD_SUBQUERIES) {
      throw malformed(
        this.soql,
        name,
        `No more than ${MAX_CHILD_SUBQUERIES} parent-to-child relationships can be specified in a query`,
      );
    }
    // Levels counted from the top query (1): two before API 58.0, five from it.
    const maxLevel = apiMajor(this.ctx.apiVersion) >= 58 ? 5 : 2;
    if (this.level + 1 > maxLevel) {
      throw malformed(
        this.soql,
        name,
        `No more than ${maxLevel} levels of parent-to-child relationships can be queried${
          maxLevel === 2 ? ' before API version 58.0' : ''
        }`,
      );
    }
    const relation = this.ctx.catalog
      .childRelationships(scope.object)
      .find((r) => r.relationshipName?.toLowerCase() === name.toLowerCase());
    const child = relation ? this.ctx.catalog.object(relation.childSObject) : undefined;
    if (!relation || !child) {
      throw queryError(
        'INVALID_TYPE',
        this.soql,
        name,
        `Didn't understand relationship '${name}' in FROM part of query call. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`,
      );
    }
    const sub = new QueryCompiler(this.ctx, this.soql);
    sub.aliasCount = this.aliasCount + 200;
    sub.role = 'child';
    sub.level = this.level + 1;
    sub.parentLimit = parentLimit;
    sub.subqueries = this.subqueries;
    const { relationshipName: _relationship, ...rest } = subquery;
    void _relationship;
    const compiled = sub.compile({ ...rest, sObject: child.name });
    if (compiled.mode !== 'records')
      throw malformed(this.soql, name, 'Aggregate subqueries are not supported');
    this.aliasCount = sub.aliasCount;
    return { name, compiled, parentField: this.ctx.catalog.field(child, relation.field)! };
  }

  private scope(query: Query): Scope {
    const name = query.sObject ?? '';
    const object = this.ctx.catalog.object(name);
    if (!object || !object.queryable || (object.toolingOnly && !this.ctx.tooling)) {
      throw noSuchObject(this.soql, name);
    }
    return {
      object,
      alias: `t${this.aliasCount++}`,
      objectAlias: query.sObjectAlias ?? null,
      joins: new Map(),
      joinSql: [],
    };
  }

  private selectField(
    scope: Scope,
    f: NonNullable<Query['fields']>[number],
    query: Query,
    select: string[],
    columns: OutputColumn[],
  ): void {
    if (f.type === 'Field' || f.type === 'FieldRelationship') {
      const path = f.type === 'Field' ? f.field : [...f.relationships, f.field].join('.');
      const resolved = this.resolve(scope, path);
      const column = `c${this.columnCount++}`;
      select.push(`${resolved.sql} AS ${column}`);
      columns.push({
        column,
        sql: resolved.sql,
        name: resolved.field.name,
        relation: resolved.join?.relation ?? null,
        field: resolved.field,
        kind: 'field',
      });
      return;
    }
    if (f.type === 'FieldFunctionExpression' && f.functionName.toUpperCase() === 'FIELDS') {
      const which = String(f.parameters[0] ?? '').toUpperCase();
      // FIELDS(ALL) and FIELDS(CUSTOM) are unbounded: only with LIMIT 200 or less
      // (SOQL and SOSL Reference, "FIELDS()").
      if (
        (which === 'ALL' || which === 'CUSTOM') &&
        (query.limit === undefined || query.limit > 200)
      ) {
        throw malformed(
          this.soql,
          'FIELDS',
          'The SOQL FIELDS function must have a LIMIT of at most 200',
        );
      }
      for (const field of scope.object.fields) {
        const custom = field.name.endsWith('__c');
        if ((which === 'CUSTOM' && !custom) || (which === 'STANDARD' && custom)) continue;
        if (columns.some((c) => c.relation === null && c.field === field)) continue;
        const column = `c${this.columnCount++}`;
        const sql = `${scope.alias}.${ident(field.name)}`;
        select.push(`${sql} AS ${column}`);
        columns.push({ column, sql, name: field.name, relation: null, field, kind: 'field' });
      }
      return;
    }
    if (f.type === 'FieldFunctionExpression') {
      throw malformed(
        this.soql,
        f.functionName,
        `${f.rawValue ?? f.functionName} is not supported here`,
      );
    }
    throw malformed(this.soql, null, 'unexpected field in the select list');
  }

  /**
   * `TYPEOF Owner WHEN User THEN Name, Email WHEN Group THEN Name ELSE Name END`: the
   * relationship joined to each object it can point to; each branch's fields read from its
   * object's join, and the record's own type picks the branch when the result is shaped.
   */
  private typeOf(
    scope: Scope,
    f: FieldTypeOf,
    fields: NonNullable<Query['fields']>,
    select: string[],
    columns: OutputColumn[],
  ): void {
    const path = f.field;
    let parts = path.split('.');
    if (parts.length > 1 && scope.objectAlias?.toLowerCase() === parts[0].toLowerCase()) {
      parts = parts.slice(1);
    }
    let join: JoinNode | null = null;
    let current: Target = { object: scope.object, alias: scope.alias };
    let key = '';
    let field: FieldDef | undefined;
    for (const [i, rel] of parts.entries()) {
      if (join && join.targets.length > 1) throw noSuchRelationship(this.soql, rel);
      field = this.ctx.catalog.relationship(current.object, rel);
      if (!field) throw noSuchRelationship(this.soql, rel);
      this.used.push({ object: current.object, field });
      key = `${key}.${field.relationshipName}`.toLowerCase();
      join = scope.joins.get(key) ?? this.addJoin(scope, current, field, join);
      if (i < parts.length - 1) current = join.targets[0];
    }
    if (!join || !field) throw malformed(this.soql, 'TYPEOF', 'TYPEOF needs a relationship');
    if (join.targets.length < 2) {
      throw malformed(
        this.soql,
        path,
        `TYPEOF can only be used with a polymorphic relationship field: ${field.relationshipName}`,
      );
    }
    const relationName = field.relationshipName ?? field.name;
    const alsoSelected = fields.some(
      (other) =>
        other.type === 'FieldRelationship' &&
        other.relationships.join('.').toLowerCase() === parts.join('.').toLowerCase(),
    );
    if (alsoSelected) {
      throw malformed(
        this.soql,
        path,
        `A relationship used in TYPEOF cannot also be referenced in the field list: ${relationName}`,
      );
    }
    const relation: RelationNode = {
      ...join.relation,
      idColumn: `r${this.aliasCount++}`,
      typeOf: true,
    };
    const named = new Set<string>();
    const targetOf = (type: string): Target => {
      const target = join.targets.find((t) => t.object.name.toLowerCase() === type.toLowerCase());
      if (!target) {
        throw malformed(
          this.soql,
          type,
          `${type} is not a type the polymorphic relationship ${relationName} can refer to`,
        );
      }
      return target;
    };
    const add = (targets: Target[], names: string[]): void => {
      for (const name of names) {
        const found = targets
          .map((t) => ({ t, field: this.ctx.catalog.field(t.object, name) }))
          .filter((x): x is { t: Target; field: FieldDef } => x.field !== undefined);
        if (found.length === 0) throw noSuchField(this.soql, name, targets[0].object.name);
        for (const { t, field: target } of found) {
          this.used.push({ object: t.object, field: target });
          const column = `c${this.columnCount++}`;
          const sql = `${t.alias}.${ident(target.name)}`;
          select.push(`${sql} AS ${column}`);
          columns.push({
            column,
            sql,
            name: target.name,
            relation,
            field: target,
            kind: 'field',
            when: [t.object.name.toLowerCase()],
          });
        }
      }
    };
    for (const condition of f.conditions) {
      if (condition.type !== 'WHEN') continue;
      const target = targetOf(condition.objectType ?? '');
      if (named.has(target.object.name)) {
        throw malformed(
          this.soql,
          condition.objectType ?? null,
          `duplicate WHEN ${target.object.name} in TYPEOF`,
        );
      }
      named.add(target.object.name);
      add([target], condition.fieldList);
    }
    const otherwise = f.conditions.find((c) => c.type === 'ELSE');
    const rest = join.targets.filter((t) => !named.has(t.object.name));
    if (otherwise && rest.length) add(rest, otherwise.fieldList);
    relation.typeOfCovers = (
      otherwise ? join.targets : join.targets.filter((t) => named.has(t.object.name))
    ).map((t) => t.object.name.toLowerCase());
  }

  /** Resolves `Field`, `Rel.Field`, `Rel.Rel.Field` (optionally prefixed by the object alias). */
  private resolve(scope: Scope, raw: string): Resolved {
    let parts = raw.split('.');
    if (
      parts.length > 1 &&
      scope.objectAlias &&
      parts[0].toLowerCase() === scope.objectAlias.toLowerCase()
    ) {
      parts = parts.slice(1);
    }
    if (parts.length > 1 && parts[0].toLowerCase() === scope.object.name.toLowerCase()) {
      parts = parts.slice(1);
    }
    let join: JoinNode | null = null;
    let current: Target = { object: scope.object, alias: scope.alias };
    let key = '';
    for (const rel of parts.slice(0, -1)) {
      if (join && join.targets.length > 1) throw noSuchRelationship(this.soql, rel);
      const field = this.ctx.catalog.relationship(current.object, rel);
      if (!field) throw noSuchRelationship(this.soql, rel);
      this.used.push({ object: current.object, field });
      key = `${key}.${field.relationshipName}`.toLowerCase();
      join = scope.joins.get(key) ?? this.addJoin(scope, current, field, join);
      current = join.targets[0];
    }
    const name = parts[parts.length - 1];
    if (!join || join.targets.length === 1) {
      const field = this.ctx.catalog.field(current.object, name);
      if (!field) throw noSuchField(this.soql, raw, current.object.name);
      this.used.push({ object: current.object, field });
      return { sql: `${current.alias}.${ident(field.name)}`, field, join, raw };
    }
    // Polymorphic lookup: the value comes from whichever target matched.
    const found = join.targets
      .map((t) => ({ t, field: this.ctx.catalog.field(t.object, name) }))
      .filter((x): x is { t: Target; field: FieldDef } => x.field !== undefined);
    if (name.toLowerCase() === 'type') {
      const parts2 = join.targets.map((t) => {
        const own = this.ctx.catalog.field(t.object, 'Type');
        return `WHEN ${t.alias}."Id" IS NOT NULL THEN ${own ? `${t.alias}."Type"` : `'${t.object.name}'`}`;
      });
      const typeField: FieldDef = found[0]?.field ?? {
        ...join.targets[0].object.fields[0],
        name: 'Type',
        type: 'string',
      };
      return {
        sql: `(CASE ${parts2.join(' ')} END)`,
        field: { ...typeField, name: 'Type' },
        join,
        raw,
      };
    }
    if (found.length === 0) throw noSuchField(this.soql, raw, 'Name');
    const sql =
      found.length === 1
        ? `${found[0].t.alias}.${ident(found[0].field.name)}`
        : `COALESCE(${found.map((x) => `${x.t.alias}.${ident(x.field.name)}`).join(', ')})`;
    return { sql, field: found[0].field, join, raw };
  }

  private addJoin(scope: Scope, from: Target, field: FieldDef, parent: JoinNode | null): JoinNode {
    const targets: Target[] = [];
    for (const name of field.referenceTo) {
      const object = this.ctx.catalog.object(name);
      if (!object) continue;
      const alias = `t${this.aliasCount++}`;
      targets.push({ object, alias });
      scope.joinSql.push(
        `LEFT JOIN ${ident(object.name)} ${alias} ON ${alias}."Id" = ${from.alias}.${ident(field.name)}`,
      );
    }
    const idColumn = `r${this.aliasCount++}`;
    const polymorphic = targets.length > 1;
    const idSql = polymorphic
      ? `COALESCE(${targets.map((t) => `${t.alias}."Id"`).join(', ')})`
      : `${targets[0].alias}."Id"`;
    const relation: RelationNode = {
      name: field.relationshipName ?? field.name,
      idSql,
      idColumn,
      typeName: polymorphic ? 'Name' : targets[0].object.name,
      polymorphic,
      parent: parent?.relation ?? null,
    };
    const node: JoinNode = { targets, relation };
    const key = relationKey(relation);
    scope.joins.set(key, node);
    return node;
  }

  private fn(
    scope: Scope,
    f: FunctionExp | FieldFunctionExpression,
  ): { sql: string; field: FieldDef | null; kind: ValueKind } {
    const name = (f.functionName ?? '').toUpperCase();
    const params = f.parameters ?? [];
    if (name === 'COUNT' && params.length === 0)
      return { sql: 'COUNT(*)', field: null, kind: 'integer' };
    const arg = params[0];
    const inner =
      typeof arg === 'string'
        ? this.resolve(scope, arg)
        : arg
          ? { ...this.fn(scope, arg), raw: arg.rawValue ?? '' }
          : null;
    if (!inner || inner.field === null)
      throw malformed(this.soql, f.rawValue ?? name, `Invalid function: ${f.rawValue}`);
    const field = inner.field;
    const numeric = NUMBER_TYPES.has(field.type);
    const dated = field.type === 'date' || field.type === 'datetime';
    const part = (start: number, length: number): string =>
      `CAST(substr(${inner.sql}, ${start}, ${length}) AS INTEGER)`;
    switch (name) {
      case 'COUNT':
        return { sql: `COUNT(${inner.sql})`, field: null, kind: 'integer' };
      case 'COUNT_DISTINCT':
        return { sql: `COUNT(DISTINCT ${inner.sql})`, field: null, kind: 'integer' };
      case 'SUM':
      case 'AVG':
        if (!numeric) {
          throw malformed(
            this.soql,
            f.rawValue ?? name,
            `field ${field.name} does not support aggregate operator ${name}`,
          );
        }
        return { sql: `${name}(${inner.sql})`, field: null, kind: 'number' };
      case 'MIN':
      case 'MAX':
        if (field.type === 'boolean' || field.type === 'textarea') {
          throw malformed(
            this.soql,
            f.rawValue ?? name,
            `field ${field.name} does not support aggregate operator ${name}`,
          );
        }
        return { sql: `${name}(${inner.sql})`, field, kind: 'field' };
      case 'CALENDAR_YEAR':
        if (dated) return { sql: part(1, 4), field: null, kind: 'integer' };
        break;
      case 'CALENDAR_MONTH':
        if (dated) return { sql: part(6, 2), field: null, kind: 'integer' };
        break;
      case 'CALENDAR_QUARTER':
        if (dated) return { sql: `((${part(6, 2)} + 2) / 3)`, field: null, kind: 'integer' };
        break;
      case 'DAY_IN_MONTH':
        if (dated) return { sql: part(9, 2), field: null, kind: 'integer' };
        break;
      case 'HOUR_IN_DAY':
        if (field.type === 'datetime') return { sql: part(12, 2), field: null, kind: 'integer' };
        break;
      case 'DAY_ONLY':
        if (field.type === 'datetime') {
          return {
            sql: `substr(${inner.sql}, 1, 10)`,
            field: { ...field, type: 'date' },
            kind: 'field',
          };
        }
        break;
      default:
        throw malformed(this.soql, f.functionName ?? null, `Unknown function: ${f.functionName}`);
    }
    throw malformed(
      this.soql,
      f.rawValue ?? name,
      `${name} can not be used on field ${field.name}`,
    );
  }

  private orderItem(scope: Scope, o: OrderByClause, groupSql: string[] | null): string {
    let sql: string;
    let field: FieldDef | null;
    if ('field' in o) {
      const resolved = this.resolve(scope, o.field);
      if (!isFilterable(resolved.field)) {
        throw malformed(
          this.soql,
          o.field,
          `field '${resolved.field.name}' can not be sorted in a query call`,
        );
      }
      if (groupSql && !groupSql.includes(resolved.sql)) {
        throw malformed(
          this.soql,
          o.field,
          `Ordered field must be grouped or aggregated: ${resolved.field.name}`,
        );
      }
      sql = resolved.sql;
      field = resolved.field;
    } else {
      const fn = this.fn(scope, o.fn);
      sql = fn.sql;
      field = fn.field;
    }
    const direction = o.order === 'DESC' ? ' DESC' : ' ASC';
    const nulls = o.nulls ? ` NULLS ${o.nulls}` : '';
    if (field?.type === 'picklist' && field.picklistValues.length > 0) {
      // A picklist sorts in its defined order (SOQL and SOSL Reference, ORDER BY); values
      // outside the list come after it, alphabetically.
      const cases = field.picklistValues.map((v, i) => `WHEN ${sqlString(v)} THEN ${i}`).join(' ');
      const rank = `CASE ${sql} ${cases} ELSE ${field.picklistValues.length} END`;
      return `${sql} IS NULL${direction === ' ASC' ? (o.nulls === 'LAST' ? ' ASC' : ' DESC') : o.nulls === 'FIRST' ? ' DESC' : ' ASC'}, ${rank}${direction}, ${sql}${collate(field)}${direction}`;
    }
    return `${sql}${field ? collate(field) : ''}${direction}${nulls}`;
  }

  private condition(scope: Scope, node: CondNode): Sql {
    switch (node.kind) {
      case 'and':
      case 'or': {
        const parts = node.items.map((item) => this.condition(scope, item));
        return {
          sql: parts.map((p) => `(${p.sql})`).join(node.kind === 'and' ? ' AND ' : ' OR '),
          params: parts.flatMap((p) => p.params),
        };
      }
      case 'not': {
        const inner = this.condition(scope, node.item);
        return { sql: `NOT COALESCE((${inner.sql}), 0)`, params: inner.params };
      }
      case 'cond':
        return this.comparison(scope, node.cond);
    }
  }

  private comparison(scope: Scope, cond: ConditionWithValueQuery): Sql {
    const target =
      'fn' in cond
        ? { ...this.fn(scope, cond.fn), raw: cond.fn.rawValue ?? '' }
        : { ...this.resolve(scope, (cond as { field: string }).field), kind: 'field' as ValueKind };
    const operator = (cond as { operator: string }).operator.toUpperCase();
    if (!('fn' in cond) && target.field && !isFilterable(target.field)) {
      throw queryError(
        'INVALID_FIELD',
        this.soql,
        target.raw,
        `field '${target.field.name}' can not be filtered in a query call`,
      );
    }
    const field: FieldDef =
      target.field ??
      ({
        name: target.raw,
        type: target.kind === 'integer' ? 'int' : 'double',
      } as unknown as FieldDef);
    const lhs = target.sql;

    if ('valueQuery' in cond && cond.valueQuery) return this.semiJoin(lhs, field, cond);

    const literalTypes = (cond as Condition & { literalType?: string | string[] }).literalType;
    const values = (cond as { value: string | string[] }).value;
    if (operator === 'IN' || operator === 'NOT IN') {
      const list = Array.isArray(values) ? values : [values];
      const types = Array.isArray(literalTypes) ? literalTypes : list.map(() => literalTypes);
      const params: SqlValue[] = [];
      let hasNull = false;
      list.forEach((raw, i) => {
        const bound = types[i] === 'APEX_BIND_VARIABLE' ? this.bindList(field, raw) : null;
        for (const v of bound ?? [this.literal(field, types[i], raw, target.raw)]) {
          if (v === null) hasNull = true;
          else params.push(v);
        }
      });
      const inList = params.length
        ? `${lhs}${collate(field)} ${operator} (${params.map(() => '?').join(', ')})`
        : '0';
      if (operator === 'IN')
        return { sql: hasNull ? `${lhs} IS NULL OR ${inList}` : inList, params };
      const notIn = params.length ? `${lhs} IS NULL OR ${inList}` : '1';
      return { sql: hasNull ? `${lhs} IS NOT NULL AND (${notIn})` : notIn, params };
    }
    if (operator === 'INCLUDES' || operator === 'EXCLUDES') {
      throw queryError(
        'INVALID_FIELD',
        this.soql,
        target.raw,
        `${operator} can only be used with multi-select picklists`,
      );
    }
    const raw = Array.isArray(values) ? values[0] : values;
    const literalType = Array.isArray(literalTypes) ? literalTypes[0] : literalTypes;

    if (literalType === 'DATE_LITERAL' || literalType === 'DATE_N_LITERAL') {
      return this.dateRange(lhs, field, operator, raw, target.raw);
    }
    if (operator === 'LIKE') {
      if (!isText(field) && field.type !== 'id' && field.type !== 'reference') {
        throw queryError(
          'INVALID_FIELD',
          this.soql,
          target.raw,
          `invalid operator on ${field.type} field: LIKE`,
        );
      }
      const pattern =
        literalType === 'APEX_BIND_VARIABLE'
          ? this.literal({ ...field, type: 'string' }, literalType, raw, target.raw)
          : unquote(raw, true);
      if (pattern === null) return { sql: '0', params: [] };
      return { sql: `${lhs} LIKE ? ESCAPE '\\'`, params: [pattern] };
    }
    const value = this.literal(field, literalType, raw, target.raw);
    if (value === null) {
      if (operator === '=') return { sql: `${lhs} IS NULL`, params: [] };
      if (operator === '!=') return { sql: `${lhs} IS NOT NULL`, params: [] };
      return { sql: '0', params: [] };
    }
    if (operator === '!=') return { sql: `${lhs} IS NOT ?${collate(field)}`, params: [value] };
    if (!['=', '<', '>', '<=', '>='].includes(operator)) {
      throw malformed(this.soql, operator, `unexpected token: '${operator}'`);
    }
    if (field.type === 'boolean' && operator !== '=') {
      throw queryError(
        'INVALID_FIELD',
        this.soql,
        target.raw,
        `invalid operator on boolean field: ${operator}`,
      );
    }
    return { sql: `${lhs} ${operator} ?${collate(field)}`, params: [value] };
  }

  /** A bind variable's value, or INVALID_BIND when nothing by that name is in scope. */
  private bound(name: string): BindValue {
    const found = this.ctx.binds?.(name);
    if (!found?.found) throw bindError(`Variable does not exist: ${name}`);
    return found.value;
  }

  /** The stored values of a collection (or single value) bound to IN. */
  private bindList(field: FieldDef, name: string): SqlValue[] {
    const value = this.bound(name);
    const items = Array.isArray(value) ? value : [value];
    return items.map((v) => storedBind(field, v, name));
  }

  private semiJoin(lhs: string, field: FieldDef, cond: ValueQueryCondition): Sql {
    if (field.type !== 'id' && field.type !== 'reference') {
      throw queryError(
        'INVALID_FIELD',
        this.soql,
        cond.field,
        'Only Id and reference fields can be used in a semi-join',
      );
    }
    const sub = new QueryCompiler({ ...this.ctx, includeDeleted: false }, this.soql);
    sub.aliasCount = this.aliasCount + 100;
    sub.role = 'semijoin';
    sub.used.length = 0;
    const compiled = sub.compile(cond.valueQuery);
    this.aliasCount = sub.aliasCount;
    if (compiled.mode !== 'records' || compiled.columns.length !== 1) {
      throw malformed(
        this.soql,
        null,
        'The inner select field of a semi-join must be a single Id or reference field',
      );
    }
    const inner = compiled.columns[0];
    if (inner.field?.type !== 'id' && inner.field?.type !== 'reference') {
      throw malformed(
        this.soql,
        inner.name,
        'The selected field in a subquery must be an Id or a reference field',
      );
    }
    // Null Ids are left out: SQL's NOT IN over a list holding a null matches nothing, where
    // Salesforce's anti-join (`Id NOT IN (SELECT AccountId FROM Contact)`) keeps every record
    // the subquery does not name.
    const subSql = `SELECT ${inner.sql} FROM ${compiled.from} WHERE ${
      compiled.where ? `${compiled.where} AND ` : ''
    }${inner.sql} IS NOT NULL`;
    const operator = cond.operator.toUpperCase();
    if (operator === 'IN') return { sql: `${lhs} IN (${subSql})`, params: compiled.whereParams };
    if (operator === 'NOT IN')
      return { sql: `${lhs} IS NULL OR ${lhs} NOT IN (${subSql})`, params: compiled.whereParams };
    throw malformed(this.soql, operator, `unexpected token: '${operator}'`);
  }

  private dateRange(
    lhs: string,
    field: FieldDef,
    operator: string,
    literal: string,
    raw: string,
  ): Sql {
    if (field.type !== 'date' && field.type !== 'datetime') {
      throw queryError(
        'INVALID_FIELD',
        this.soql,
        raw,
        `value of filter criterion for field '${field.name}' must be of type ${typeLabel(field)}`,
      );
    }
    const [name, n] = literal.split(':');
    const range = dateLiteralRange(name, this.ctx.now, Number(n ?? 0));
    if (!range) throw malformed(this.soql, name, `unexpected token: '${name}'`);
    const fmt = field.type === 'date' ? formatDate : formatDateTime;
    const start = fmt(range.start);
    const end = fmt(range.end);
    switch (operator) {
      case '=':
        return { sql: `${lhs} >= ? AND ${lhs} < ?`, params: [start, end] };
      case '!=':
        return { sql: `${lhs} IS NULL OR ${lhs} < ? OR ${lhs} >= ?`, params: [start, end] };
      case '<':
        return { sql: `${lhs} < ?`, params: [start] };
      case '<=':
        return { sql: `${lhs} < ?`, params: [end] };
      case '>':
        return { sql: `${lhs} >= ?`, params: [end] };
      case '>=':
        return { sql: `${lhs} >= ?`, params: [start] };
      default:
        throw malformed(this.soql, operator, `unexpected token: '${operator}'`);
    }
  }

  /** Converts a literal to the stored representation of the field, checking its type. */
  private literal(
    field: FieldDef,
    literalType: string | undefined,
    raw: string,
    path: string,
  ): SqlValue {
    const mismatch = (): ApiError =>
      queryError(
        'INVALID_FIELD',
        this.soql,
        path,
        `value of filter criterion for field '${field.name}' must be of type ${typeLabel(field)}${
          isText(field) || field.type === 'id' || field.type === 'reference'
            ? ' and should be enclosed in quotes'
            : ' and should not be enclosed in quotes'
        }`,
      );
    if (literalType === 'NULL') return null;
    if (literalType === 'APEX_BIND_VARIABLE') {
      const value = this.bound(raw);
      if (Array.isArray(value)) {
        throw queryError(
          'INVALID_QUERY_FILTER_OPERATOR',
          this.soql,
          null,
          `Invalid bind expression type of List for column of type ${field.type}`,
        );
      }
      return storedBind(field, value, raw);
    }
    switch (field.type) {
      case 'id':
      case 'reference': {
        if (literalType !== 'STRING') throw mismatch();
        const value = unquote(raw);
        const id = normalizeId(value);
        if (!id)
          throw queryError(
            'INVALID_QUERY_FILTER_OPERATOR',
            this.soql,
            null,
            `invalid ID field: ${value}`,
          );
        return id;
      }
      case 'boolean':
        if (literalType !== 'BOOLEAN') throw mismatch();
        return raw.toUpperCase() === 'TRUE' ? 1 : 0;
      case 'int':
      case 'double':
      case 'currency':
        if (literalType !== 'INTEGER' && literalType !== 'DECIMAL') throw mismatch();
        return Number(raw);
      case 'date': {
        if (literalType !== 'DATE') throw mismatch();
        const value = parseDate(raw);
        if (!value) throw mismatch();
        return value;
      }
      case 'datetime': {
        if (literalType !== 'DATETIME') throw mismatch();
        const value = parseDateTime(raw);
        if (!value) throw mismatch();
        return value;
      }
      default:
        if (literalType !== 'STRING') throw mismatch();
        return unquote(raw);
    }
  }
}

function accessLevelOf(query: Query): CompiledQuery['accessLevel'] {
  const q = query as Query & { withAccessLevel?: string; withSecurityEnforced?: boolean };
  if (q.withSecurityEnforced) return 'SECURITY_ENFORCED';
  const level = q.withAccessLevel?.toUpperCase();
  return level === 'USER_MODE' || level === 'SYSTEM_MODE' ? level : null;
}

function typeLabel(field: FieldDef): string {
  switch (field.type) {
    case 'datetime':
      return 'dateTime';
    case 'int':
      return 'int';
    case 'double':
    case 'currency':
      return 'double';
    case 'boolean':
      return 'boolean';
    case 'date':
      return 'date';
    case 'id':
    case 'reference':
      return 'id';
    default:
      return 'string';
  }
}

function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

function isCountStar(f: FieldFunctionExpression): boolean {
  return f.functionName.toUpperCase() === 'COUNT' && f.parameters.length === 0;
}

function relationKey(relation: RelationNode): string {
  const names: string[] = [];
  for (let r: RelationNode | null = relation; r; r = r.parent) names.unshift(r.name);
  return `.${names.join('.')}`.toLowerCase();
}

/** Compiles one SOQL statement for a session. */
export function compileSoql(ctx: QueryContext, soql: string): CompiledQuery {
  return new QueryCompiler(ctx, soql).compile();
}
