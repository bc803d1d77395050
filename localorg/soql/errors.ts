/** Salesforce's query error messages, with the `ERROR at Row:1:Column:N` pointer it prints. */
import { ApiError } from '../errors.ts';

function locate(soql: string, token: string): { row: number; column: number; line: string } | null {
  const escaped = token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`(^|[^A-Za-z0-9_.])(${escaped})(?![A-Za-z0-9_])`, 'i').exec(soql);
  if (!match) return null;
  const index = match.index + match[1].length;
  const before = soql.slice(0, index);
  const row = before.split('\n').length;
  const lineStart = before.lastIndexOf('\n') + 1;
  const lineEnd = soql.indexOf('\n', index);
  return {
    row,
    column: index - lineStart + 1,
    line: soql.slice(lineStart, lineEnd < 0 ? undefined : lineEnd),
  };
}

/** A 400 query error; when `token` is found in the query the message points at it. */
export function queryError(
  errorCode: string,
  soql: string,
  token: string | null,
  detail: string,
): ApiError {
  const at = token ? locate(soql, token) : null;
  const message = at
    ? `\n${at.line}\n${' '.repeat(at.column - 1)}^\nERROR at Row:${at.row}:Column:${at.column}\n${detail}`
    : detail;
  return new ApiError(400, errorCode, message);
}

export const noSuchObject = (soql: string, name: string): ApiError =>
  queryError(
    'INVALID_TYPE',
    soql,
    name,
    `sObject type '${name}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`,
  );

export const noSuchField = (soql: string, name: string, object: string): ApiError =>
  queryError(
    'INVALID_FIELD',
    soql,
    name,
    `No such column '${name.split('.').pop()}' on entity '${object}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
  );

export const noSuchRelationship = (soql: string, name: string): ApiError =>
  queryError(
    'INVALID_FIELD',
    soql,
    name,
    `Didn't understand relationship '${name}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`,
  );

export const malformed = (soql: string, token: string | null, detail: string): ApiError =>
  queryError('MALFORMED_QUERY', soql, token, detail);
