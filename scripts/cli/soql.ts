/**
 * SOQL string literals for REST queries, which have no bind variables: every value from outside
 * goes through here so a quote in a name or username cannot change the query.
 */
export function soqlString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r')}'`;
}

export function soqlList(values: readonly string[]): string {
  return values.map(soqlString).join(', ');
}
