/**
 * `GET /query?q=...&columns=true`: the column metadata of a query instead of its rows, as the sf
 * CLI's `data query` asks for it before printing (`columnMetadata` with nested `joinColumns`).
 * A child subquery is a column named after its relationship, `aggregate: true`, with the
 * subquery's columns as its `joinColumns`: that is how the CLI tells a subquery from a parent
 * relationship (plugin-data, `retrieveColumns`). A TYPEOF relationship lists each field name
 * once, whichever branches select it.
 */
import type { FieldDef, SObjectDef } from '../catalog/index.ts';
import type { CompiledQuery, OutputColumn, RelationNode } from './compile.ts';

export interface ColumnMetadata {
  aggregate: boolean;
  apexType: string | null;
  booleanType: boolean;
  columnName: string;
  custom: boolean;
  displayName: string;
  foreignKeyName: string | null;
  insertable: boolean;
  joinColumns: ColumnMetadata[];
  numberType: boolean;
  textType: boolean;
  updatable: boolean;
}

const APEX_TYPES: Record<FieldDef['type'], string> = {
  id: 'Id',
  reference: 'Id',
  string: 'String',
  textarea: 'String',
  email: 'String',
  phone: 'String',
  url: 'String',
  picklist: 'String',
  boolean: 'Boolean',
  int: 'Integer',
  double: 'Double',
  currency: 'Decimal',
  date: 'Date',
  datetime: 'Datetime',
  base64: 'Blob',
};

function entry(
  columnName: string,
  displayName: string,
  field: FieldDef | null,
  aggregate: boolean,
): ColumnMetadata {
  const apexType = field ? APEX_TYPES[field.type] : null;
  return {
    aggregate,
    apexType,
    booleanType: apexType === 'Boolean',
    columnName,
    custom: columnName.endsWith('__c'),
    displayName,
    foreignKeyName: null,
    insertable: field?.createable ?? false,
    joinColumns: [],
    numberType: apexType === 'Integer' || apexType === 'Double' || apexType === 'Decimal',
    textType: apexType === 'String',
    updatable: field?.updateable ?? false,
  };
}

function chain(relation: RelationNode | null): RelationNode[] {
  const out: RelationNode[] = [];
  for (let r = relation; r; r = r.parent) out.unshift(r);
  return out;
}

export function queryColumns(compiled: CompiledQuery): Record<string, unknown> {
  const object: SObjectDef = compiled.object;
  return {
    columnMetadata: columnsOf(compiled),
    entityName: object.name,
    groupBy: compiled.groupBy !== '',
    idSelected: compiled.columns.some((c) => c.relation === null && c.field?.type === 'id'),
    keyPrefix: object.keyPrefix,
  };
}

function columnsOf(compiled: CompiledQuery): ColumnMetadata[] {
  const top: ColumnMetadata[] = [];
  const relations = new Map<RelationNode, ColumnMetadata>();
  const aggregate = compiled.mode !== 'records';
  const place = (column: OutputColumn): void => {
    let siblings = top;
    let path = '';
    for (const relation of chain(column.relation)) {
      path = path ? `${path}.${relation.name}` : relation.name;
      let node = relations.get(relation);
      if (!node) {
        node = entry(relation.name, path, null, false);
        relations.set(relation, node);
        siblings.push(node);
      }
      siblings = node.joinColumns;
    }
    const display = path ? `${path}.${column.name}` : column.name;
    if (column.when && siblings.some((c) => c.columnName === column.name)) return;
    siblings.push(entry(column.name, display, column.field, aggregate && column.kind !== 'field'));
  };
  compiled.columns.forEach(place);
  for (const child of compiled.children) {
    top.push({
      ...entry(child.name, child.name, null, true),
      joinColumns: columnsOf(child.compiled),
    });
  }
  return top;
}
