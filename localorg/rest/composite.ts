/**
 * The composite resources of the REST API, `/services/data/vXX.X/composite`:
 *
 * - `GET /composite` lists them ("Get a List of Composite Resources",
 *   https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_composite_get.htm).
 *   Composite Graph is not served, so it is not listed.
 * - `POST /composite` ("Send Multiple Requests Using Composite",
 *   https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_composite_post.htm;
 *   "Composite Request Body", .../requests_composite.htm; "Composite Subrequest Result",
 *   .../resources_composite_subrequest_result.htm; "allOrNone Parameters in Composite and
 *   Collections Requests", .../resources_composite_allornone.htm). Up to 25 subrequests, at most 5
 *   of them queries or sObject Collections, to sObject resources, Query, QueryAll and sObject
 *   Collections. Each runs through the same route handler as a request from the network, as the
 *   caller. `@{referenceId.field}` and `@{referenceId.records[0].Id}` in a later subrequest's url
 *   or body take values from an earlier one's response; a reference with no value answers
 *   `400 PROCESSING_HALTED` "Invalid reference specified. No value for ... found in ..." (the
 *   guide's example), and from API 52.0 a null value is used as null. With `allOrNone`, the first
 *   failing subrequest (an error status, or an sObject Collections answer with a failed record, as
 *   the allOrNone page's fourth case shows) rolls back the whole request: it keeps its own
 *   answer, every other subrequest answers `400 PROCESSING_HALTED` "The transaction was rolled
 *   back since another operation in the same transaction failed.", and nothing after it runs.
 *   Without it, a failure only stops the subrequests that reference it. A created record's answer
 *   carries `Location`. The whole request counts as one API call. `collateSubrequests` is
 *   accepted; the local org always runs subrequests in their order, which is an order collation
 *   allows.
 * - `POST /composite/batch` ("Composite Batch", .../resources_composite_batch.htm; "Batch Request
 *   Body", .../requests_composite_batch.htm; "Batch Response Body", .../responses_composite_batch.htm):
 *   up to 25 independent subrequests (url relative to `/services/data/`, e.g.
 *   `v62.0/sobjects/Account/001...`, body in `richInput`), each committed on its own and each
 *   counted as an API call; the version of each must be from 34.0 up to the batch's own.
 *   `haltOnError` answers the subrequests after a 4xx/5xx with `412 BATCH_PROCESSING_HALTED`.
 *   The answer is `{ hasErrors, results: [{ statusCode, result }] }`.
 * - `POST /composite/tree/{sObject}` ("sObject Tree", .../resources_composite_sobject_tree.htm;
 *   "sObject Tree Request Body", .../requests_composite_sobject_tree.htm; "sObject Tree Response
 *   Body", .../responses_composite_sobject_tree.htm): up to 200 records in all, trees up to five
 *   levels deep, at most five types; children nested under their child relationship name
 *   (`"Contacts": { "records": [...] }`) get their parent's new Id in the relationship's field.
 *   All or nothing, in one transaction: records are created level by level (all roots, then
 *   every second-level record of a type, ...), which is the order of the guide's `results`.
 *   Success is `201 { hasErrors: false, results: [{ referenceId, id }] }`; failure is
 *   `400 { hasErrors: true, results: [{ referenceId, errors: [{ statusCode, message, fields }] }] }`
 *   naming only the records that failed. A duplicate referenceId fails each of its records with
 *   `INVALID_INPUT` "Duplicate ReferenceId provided in the request." and a record without a type
 *   with "Include an entity type for each record in the request." (the guide says one result per
 *   duplicate; the wording is what real orgs answer, as client code quotes it).
 *
 * Where the guides are silent the local org chooses, and says so here:
 * - Over 25 subrequests (or over 5 queries and collections in /composite): `400 LIMIT_EXCEEDED`
 *   for the whole request, worded after the guide's note.
 * - A malformed request (a method other than the guide's `GET POST PUT PATCH DELETE`, a url not
 *   under `/services/data/vXX.X/`, a referenceId with other than letters, digits and `_` or used
 *   twice, an `Accept`, `Authorization` or `Content-Type` subrequest header, which the guide says
 *   fails the request with 400): `400 INVALID_INPUT` for the whole request, before anything runs.
 *   (The guide says illegal referenceId characters fail the whole request from API 52.0; below
 *   52.0 they only fail the subrequests that use them, and the local org does that too.)
 * - A /composite subrequest to a resource the guide does not list: that subrequest answers
 *   `400 PROCESSING_HALTED`, or (the choice `composite-unsupported-resource=request`, registered
 *   in localorg/choices.ts) the whole request `400 INVALID_INPUT` before anything runs. In a batch, a url outside the guide's list fails the whole request
 *   with `400 INVALID_INPUT` (the guide: a malformed url fails the batch before it runs).
 * - The text of `BATCH_PROCESSING_HALTED`.
 * - Tree: over 200 records answers like sObject Collections, `400 EXCEEDED_ID_LIMIT`; deeper than
 *   five levels or more than five types, a record without a referenceId, a field the object does
 *   not have (`INVALID_FIELD` "No such column 'X' on sobject of type Y", what the sf CLI's tree
 *   import expects) and a body that is not `{ records: [...] }` answer a request-level `400` array;
 *   a root of another type than the URL's, or a child of another type than its relationship's,
 *   is a record error `INVALID_INPUT`.
 *
 * Subrequests run inside the composite request's transaction (Store.openTransaction): only the
 * resources above are dispatched, and their handlers wait for nothing but their in-memory body,
 * so no other request can run on the event loop while that transaction is open. A guard checks
 * it and fails the request loudly if that ever changes.
 */
import { z } from 'zod';
import type { SObjectDef } from '../catalog/index.ts';
import type { DmlOperation } from '../dml/engine.ts';
import { ApiError } from '../errors.ts';
import type { RecordError } from '../errors.ts';
import type { Router } from '../http/router.ts';
import { parseApiVersion } from '../http/server.ts';
import { runSubrequest, splitUrl } from '../http/subrequest.ts';
import type { HttpResponse, RequestContext } from '../http/types.ts';
import { sessionOf, versionOf } from '../http/types.ts';
import type { LocalOrg } from '../org.ts';
import { dmlOptions, objectFromPath } from './common.ts';

export const MAX_COMPOSITE_SUBREQUESTS = 25;
export const MAX_COMPOSITE_QUERIES = 5;
export const MAX_BATCH_SUBREQUESTS = 25;
export const MAX_TREE_RECORDS = 200;
export const MAX_TREE_DEPTH = 5;
export const MAX_TREE_TYPES = 5;

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
const REFERENCE_ID = /^[A-Za-z0-9][A-Za-z0-9_]*$/;
const INHERITED_HEADERS = new Set(['accept', 'authorization', 'content-type']);
/** `@{ref.a.b[0].c}`: the referenceId, then its path. */
const REFERENCE = /@\{([^}.[\]]+)((?:\.[^}.[\]]+|\[\d+\])*)\}/g;

const invalidInput = (message: string): ApiError => new ApiError(400, 'INVALID_INPUT', message);

async function parse<T>(ctx: RequestContext, schema: z.ZodType<T>): Promise<T> {
  const result = schema.safeParse(await ctx.json());
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
    throw new ApiError(
      400,
      'JSON_PARSER_ERROR',
      `Malformed request${where}: ${issue?.message ?? 'invalid body'}`,
    );
  }
  return result.data;
}

/** The resource a `/services/data/vXX.X/...` path names, or null for another path. */
function resourceOf(path: string): { version: string; resource: string } | null {
  const m = /^\/services\/data\/(v[^/]+)(?:\/(.*))?$/i.exec(path);
  if (!m) return null;
  const version = parseApiVersion(m[1]);
  return version ? { version, resource: m[2] ?? '' } : null;
}

/** `query`, `queryAll` (and their locators) and sObject Collections count against 5. */
function isQueryOrCollections(resource: string): boolean {
  return /^(query|queryAll)(\/|$)/i.test(resource) || /^composite\/sobjects(\/|$)/i.test(resource);
}

/** The resources /composite dispatches ("Composite is supported for the following resources"). */
function compositeSupports(resource: string): boolean {
  return (
    /^(sobjects|query|queryAll)(\/|$)/i.test(resource) ||
    /^composite\/sobjects(\/|$)/i.test(resource)
  );
}

/** The resources a batch dispatches (the Composite Batch page's list). */
function batchSupports(resource: string): boolean {
  return /^(limits|sobjects|query|queryAll|search|connect|chatter|actions)(\/|$)/i.test(resource);
}

function bodyOf(response: HttpResponse): unknown {
  if (response.body !== undefined) return response.body;
  if (response.text !== undefined) return response.text.toString();
  return null;
}

/** Response headers a subrequest reports (the guide: never Content-Length). */
function headersOf(
  response: HttpResponse,
  sub: { method: string; path: string },
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers ?? {})) {
    if (!/^(content-length|content-type|sforce-limit-info)$/i.test(name)) out[name] = value;
  }
  const created = /^\/services\/data\/(v[^/]+)\/sobjects\/([^/]+)$/i.exec(sub.path);
  const body = response.body as { id?: unknown } | undefined;
  if (sub.method === 'POST' && created && response.status === 201 && typeof body?.id === 'string') {
    out.Location = `/services/data/${created[1]}/sobjects/${created[2]}/${body.id}`;
  }
  return out;
}

const halted = (message: string): { errorCode: string; message: string }[] => [
  { errorCode: 'PROCESSING_HALTED', message },
];

const ROLLED_BACK =
  'The transaction was rolled back since another operation in the same transaction failed.';

// ---------------------------------------------------------------------------------------------
// /composite
// ---------------------------------------------------------------------------------------------

const compositeBody = z.object({
  allOrNone: z.boolean().optional(),
  collateSubrequests: z.boolean().optional(),
  compositeRequest: z.array(
    z.object({
      method: z.string(),
      url: z.string(),
      referenceId: z.string(),
      body: z.unknown().optional(),
      httpHeaders: z.record(z.string(), z.string()).optional(),
    }),
  ),
});

type CompositeSubrequest = z.infer<typeof compositeBody>['compositeRequest'][number];

interface CompositeResult {
  body: unknown;
  httpHeaders: Record<string, string>;
  httpStatusCode: number;
  referenceId: string;
}

/** A reference that has no value: the subrequest using it is not run. */
class MissingReference extends Error {
  readonly expression: string;
  readonly referenceId: string;
  constructor(referenceId: string, expression: string) {
    super(`no value for ${expression}`);
    this.referenceId = referenceId;
    this.expression = expression;
  }
}

function invalidReference(error: MissingReference): string {
  return (
    `Invalid reference specified. No value for ${error.expression} found in ${error.referenceId}. ` +
    `Provided referenceId ('${error.expression}') must start with a letter or a number, and it can contain only letters, numbers and underscores ('_').`
  );
}

/** The earlier answers, by referenceId, that later subrequests may reference. */
class References {
  private readonly values = new Map<string, unknown>();
  /** From API 52.0 a reference to a null value gives null; before, it fails the subrequest. */
  private readonly nullsAllowed: boolean;

  constructor(apiVersion: string) {
    this.nullsAllowed = Number(apiVersion) >= 52;
  }

  set(referenceId: string, body: unknown): void {
    this.values.set(referenceId, body);
  }

  /** The value of `@{ref.path}`; throws MissingReference when there is none. */
  value(referenceId: string, path: string): unknown {
    const expression = `${referenceId}${path}`;
    let current: unknown = this.values.has(referenceId) ? this.values.get(referenceId) : undefined;
    for (const step of path.match(/\.[^.[\]]+|\[\d+\]/g) ?? []) {
      if (current === null || current === undefined || typeof current !== 'object') {
        current = undefined;
        break;
      }
      const key = step.startsWith('.') ? step.slice(1) : Number(step.slice(1, -1));
      if (typeof key === 'number' && !Array.isArray(current)) {
        current = undefined;
        break;
      }
      current = Object.hasOwn(current, key)
        ? (current as Record<string | number, unknown>)[key]
        : undefined;
    }
    if (current === undefined || (current === null && !this.nullsAllowed)) {
      throw new MissingReference(referenceId, expression);
    }
    return current;
  }

  /** A string with every reference replaced by its value's text. */
  text(value: string): string {
    return value.replace(REFERENCE, (_all, ref: string, path: string) => {
      const v = this.value(ref, path);
      return v === null ? '' : String(v);
    });
  }

  /** A JSON value with references resolved; a string that is one reference takes its value. */
  resolve(value: unknown): unknown {
    if (typeof value === 'string') {
      const whole = new RegExp(`^${REFERENCE.source}$`).exec(value);
      if (whole) return this.value(whole[1], whole[2]);
      return this.text(value);
    }
    if (Array.isArray(value)) return value.map((v) => this.resolve(v));
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.resolve(v)]));
    }
    return value;
  }
}

/** Checks the whole request before anything runs. */
function validateComposite(
  org: LocalOrg,
  subrequests: CompositeSubrequest[],
  apiVersion: string,
): void {
  if (subrequests.length > MAX_COMPOSITE_SUBREQUESTS) {
    throw new ApiError(
      400,
      'LIMIT_EXCEEDED',
      `Limit Exceeded: you can have up to ${MAX_COMPOSITE_SUBREQUESTS} subrequests in a single call; this request has ${subrequests.length}.`,
    );
  }
  const seen = new Set<string>();
  let queries = 0;
  for (const sub of subrequests) {
    if (!METHODS.has(sub.method)) {
      throw invalidInput(
        `Invalid method '${sub.method}' in subrequest '${sub.referenceId}': use GET, POST, PUT, PATCH or DELETE.`,
      );
    }
    const target = resourceOf(splitUrl(sub.url).path);
    if (!sub.url.startsWith('/services/data/') || !target) {
      throw invalidInput(
        `Invalid url '${sub.url}' in subrequest '${sub.referenceId}': it must start with /services/data/vXX.X/.`,
      );
    }
    if (
      org.choice('composite-unsupported-resource') === 'request' &&
      !compositeSupports(target.resource)
    ) {
      throw invalidInput(
        `Resource ${splitUrl(sub.url).path} in subrequest '${sub.referenceId}' is not supported in a composite request.`,
      );
    }
    if (isQueryOrCollections(target.resource)) queries++;
    if (!REFERENCE_ID.test(sub.referenceId) && Number(apiVersion) >= 52) {
      throw invalidInput(
        `Provided referenceId ('${sub.referenceId}') must start with a letter or a number, and it can contain only letters, numbers and underscores ('_').`,
      );
    }
    if (seen.has(sub.referenceId)) {
      throw invalidInput(`Duplicate referenceId '${sub.referenceId}' provided in the request.`);
    }
    seen.add(sub.referenceId);
    for (const name of Object.keys(sub.httpHeaders ?? {})) {
      if (INHERITED_HEADERS.has(name.toLowerCase())) {
        throw invalidInput(
          `The ${name} header cannot be set on subrequest '${sub.referenceId}': subrequests inherit it from the composite request.`,
        );
      }
    }
  }
  if (queries > MAX_COMPOSITE_QUERIES) {
    throw new ApiError(
      400,
      'LIMIT_EXCEEDED',
      `Limit Exceeded: up to ${MAX_COMPOSITE_QUERIES} subrequests in a single call can be sObject Collections or query operations; this request has ${queries}.`,
    );
  }
}

/** A failed answer, for allOrNone: an error status, or an sObject Collections record that failed. */
function failed(response: CompositeResult, resource: string): boolean {
  if (response.httpStatusCode >= 400) return true;
  if (!/^composite\/sobjects\/?$/i.test(resource) || !Array.isArray(response.body)) return false;
  return response.body.some(
    (r) => r !== null && typeof r === 'object' && (r as { success?: unknown }).success === false,
  );
}

async function runComposite(
  org: LocalOrg,
  router: Router,
  ctx: RequestContext,
): Promise<HttpResponse> {
  const request = await parse(ctx, compositeBody);
  const apiVersion = versionOf(ctx);
  const subrequests = request.compositeRequest;
  validateComposite(org, subrequests, apiVersion);
  const allOrNone = request.allOrNone ?? false;
  const references = new References(apiVersion);
  const results: CompositeResult[] = [];
  let failedAt = -1;

  const transaction = allOrNone ? org.store.openTransaction() : null;
  let turned = false;
  const guard = setImmediate(() => (turned = true));
  try {
    for (const [index, sub] of subrequests.entries()) {
      const result = await runOne(org, router, ctx, sub, references);
      results.push(result);
      const resource = resourceOf(splitUrl(sub.url).path)?.resource ?? '';
      if (result.httpStatusCode < 400) references.set(sub.referenceId, result.body);
      if (failed(result, resource) && allOrNone) {
        failedAt = index;
        break;
      }
    }
  } catch (error) {
    transaction?.rollback();
    clearImmediate(guard);
    throw error;
  }
  clearImmediate(guard);
  if (turned && transaction) {
    transaction.rollback();
    throw new Error('a composite subrequest gave the event loop away inside its transaction');
  }
  if (transaction && failedAt >= 0) transaction.rollback();
  else transaction?.commit();

  if (failedAt >= 0) {
    const answered = results.map((r, i) =>
      i === failedAt
        ? r
        : {
            body: halted(ROLLED_BACK),
            httpHeaders: {},
            httpStatusCode: 400,
            referenceId: r.referenceId,
          },
    );
    for (const sub of subrequests.slice(failedAt + 1)) {
      answered.push({
        body: halted(ROLLED_BACK),
        httpHeaders: {},
        httpStatusCode: 400,
        referenceId: sub.referenceId,
      });
    }
    return { status: 200, body: { compositeResponse: answered } };
  }
  return { status: 200, body: { compositeResponse: results } };
}

async function runOne(
  org: LocalOrg,
  router: Router,
  ctx: RequestContext,
  sub: CompositeSubrequest,
  references: References,
): Promise<CompositeResult> {
  const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => ({
    body,
    httpHeaders: headers,
    httpStatusCode: status,
    referenceId: sub.referenceId,
  });
  let url: string;
  let body: unknown;
  try {
    url = references.text(sub.url);
    body =
      sub.method === 'GET' || sub.body === undefined ? undefined : references.resolve(sub.body);
  } catch (error) {
    if (!(error instanceof MissingReference)) throw error;
    return answer(400, halted(invalidReference(error)));
  }
  const { path } = splitUrl(url);
  const target = resourceOf(path);
  if (!target || !compositeSupports(target.resource)) {
    return answer(400, halted(`Resource ${path} is not supported in a composite request.`));
  }
  const response = await runSubrequest(org, router, ctx, {
    method: sub.method,
    url,
    body,
    headers: sub.httpHeaders,
  });
  return answer(
    response.status,
    bodyOf(response),
    headersOf(response, { method: sub.method, path }),
  );
}

// ---------------------------------------------------------------------------------------------
// /composite/batch
// ---------------------------------------------------------------------------------------------

const batchBody = z.object({
  haltOnError: z.boolean().optional(),
  batchRequests: z.array(
    z.object({
      method: z.string(),
      url: z.string(),
      richInput: z.unknown().optional(),
      binaryPartName: z.string().optional(),
      binaryPartNameAlias: z.string().optional(),
    }),
  ),
});

/** A batch url (`v62.0/sobjects/...`, relative to /services/data/) as a path from the host. */
function batchUrl(url: string): string {
  return url.startsWith('/services/data/') ? url : `/services/data/${url.replace(/^\/+/, '')}`;
}

async function runBatch(org: LocalOrg, router: Router, ctx: RequestContext): Promise<HttpResponse> {
  const request = await parse(ctx, batchBody);
  const subrequests = request.batchRequests;
  if (subrequests.length > MAX_BATCH_SUBREQUESTS) {
    throw new ApiError(
      400,
      'LIMIT_EXCEEDED',
      `Limit Exceeded: a batch can have up to ${MAX_BATCH_SUBREQUESTS} subrequests; this request has ${subrequests.length}.`,
    );
  }
  const batchVersion = Number(versionOf(ctx));
  for (const [index, sub] of subrequests.entries()) {
    if (!METHODS.has(sub.method.toUpperCase())) {
      throw invalidInput(`Invalid method '${sub.method}' in batch subrequest ${index}.`);
    }
    if (sub.binaryPartName !== undefined || sub.binaryPartNameAlias !== undefined) {
      throw invalidInput(
        `Batch subrequest ${index}: binary parts are not supported by the local org.`,
      );
    }
    const target = resourceOf(splitUrl(batchUrl(sub.url)).path);
    if (!target || !batchSupports(target.resource)) {
      throw invalidInput(`Invalid url '${sub.url}' in batch subrequest ${index}.`);
    }
    const version = Number(target.version);
    if (version < 34 || version > batchVersion) {
      throw invalidInput(
        `Batch subrequest ${index} uses API version ${target.version}: subrequests must use a version from 34.0 to ${batchVersion.toFixed(1)}.`,
      );
    }
  }
  const results: { statusCode: number; result: unknown }[] = [];
  let halt = false;
  for (const [index, sub] of subrequests.entries()) {
    if (halt) {
      results.push({
        statusCode: 412,
        result: [
          {
            errorCode: 'BATCH_PROCESSING_HALTED',
            message:
              'Batch processing halted: a previous subrequest failed and haltOnError is true.',
          },
        ],
      });
      continue;
    }
    // "Each subrequest counts against rate limits": the batch itself counted the first.
    if (index > 0) org.countApiRequest();
    const response = await runSubrequest(org, router, ctx, {
      method: sub.method.toUpperCase(),
      url: batchUrl(sub.url),
      body: sub.richInput,
    });
    results.push({ statusCode: response.status, result: bodyOf(response) });
    if (response.status >= 400 && request.haltOnError === true) halt = true;
  }
  const hasErrors = results.some((r) => r.statusCode >= 400 && r.statusCode < 600);
  return { status: 200, body: { hasErrors, results } };
}

// ---------------------------------------------------------------------------------------------
// /composite/tree/{sObject}
// ---------------------------------------------------------------------------------------------

interface TreeRecord {
  referenceId: string;
  /** Null when the record gave no type. */
  object: SObjectDef | null;
  values: Record<string, unknown>;
  level: number;
  parent: TreeRecord | null;
  /** The child's field that points at the parent. */
  parentField: string | null;
  /** The type the record must have (the URL's, or its relationship's), for the type check. */
  expected: string;
  id?: string;
}

interface TreeError {
  referenceId: string;
  errors: RecordError[];
}

const treeBody = z.object({ records: z.array(z.record(z.string(), z.unknown())) });

function attributesOf(record: Record<string, unknown>): { type?: unknown; referenceId?: unknown } {
  const attributes = record.attributes;
  return attributes && typeof attributes === 'object' ? attributes : {};
}

/** Flattens the trees, checking what makes the whole request malformed. */
function flattenTree(
  org: LocalOrg,
  root: SObjectDef,
  records: Record<string, unknown>[],
): TreeRecord[] {
  const out: TreeRecord[] = [];
  const walk = (
    list: unknown,
    level: number,
    parent: TreeRecord | null,
    parentField: string | null,
    expected: SObjectDef,
  ) => {
    if (level > MAX_TREE_DEPTH) {
      throw invalidInput(`sObject trees can be at most ${MAX_TREE_DEPTH} levels deep.`);
    }
    if (!Array.isArray(list))
      throw invalidInput('Each set of child records must be { "records": [...] }.');
    for (const raw of list) {
      if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
        throw invalidInput('Each record must be a JSON object.');
      }
      const record = raw as Record<string, unknown>;
      const attributes = attributesOf(record);
      if (typeof attributes.referenceId !== 'string' || attributes.referenceId === '') {
        throw invalidInput('Include a reference ID for each record in the request.');
      }
      const typeName = typeof attributes.type === 'string' ? attributes.type : null;
      const object = typeName ? (org.catalog.object(typeName) ?? null) : null;
      if (typeName && !object) {
        throw new ApiError(400, 'INVALID_TYPE', `sObject type '${typeName}' is not supported.`);
      }
      const node: TreeRecord = {
        referenceId: attributes.referenceId,
        object,
        values: {},
        level,
        parent,
        parentField,
        expected: expected.name,
      };
      out.push(node);
      const fieldsOf = object ?? expected;
      const children = org.catalog.childRelationships(fieldsOf);
      for (const [key, value] of Object.entries(record)) {
        if (key === 'attributes') continue;
        const relationship = children.find(
          (r) => r.relationshipName?.toLowerCase() === key.toLowerCase(),
        );
        if (relationship && value && typeof value === 'object' && !Array.isArray(value)) {
          const childObject = org.catalog.object(relationship.childSObject);
          if (!childObject) continue;
          walk(
            (value as { records?: unknown }).records,
            level + 1,
            node,
            relationship.field,
            childObject,
          );
          continue;
        }
        if (key.toLowerCase() !== 'id' && !org.catalog.field(fieldsOf, key)) {
          throw new ApiError(
            400,
            'INVALID_FIELD',
            `No such column '${key}' on sobject of type ${fieldsOf.name}`,
          );
        }
        node.values[key] = value;
      }
    }
  };
  walk(records, 1, null, null, root);
  if (out.length > MAX_TREE_RECORDS) {
    throw new ApiError(
      400,
      'EXCEEDED_ID_LIMIT',
      `record limit reached. cannot submit more than ${MAX_TREE_RECORDS} records into this call`,
    );
  }
  const types = new Set(out.map((r) => (r.object ?? { name: r.expected }).name));
  if (types.size > MAX_TREE_TYPES) {
    throw invalidInput(
      `An sObject tree request can have records of at most ${MAX_TREE_TYPES} types.`,
    );
  }
  return out;
}

/** Record errors found before anything is written: duplicates, types. */
function treeRecordErrors(records: TreeRecord[]): TreeError[] {
  const errors: TreeError[] = [];
  const counts = new Map<string, number>();
  for (const r of records) counts.set(r.referenceId, (counts.get(r.referenceId) ?? 0) + 1);
  const error = (r: TreeRecord, message: string) =>
    errors.push({
      referenceId: r.referenceId,
      errors: [{ statusCode: 'INVALID_INPUT', message, fields: [] }],
    });
  for (const r of records) {
    if ((counts.get(r.referenceId) ?? 0) > 1)
      error(r, 'Duplicate ReferenceId provided in the request.');
    else if (!REFERENCE_ID.test(r.referenceId)) {
      error(
        r,
        `Provided referenceId ('${r.referenceId}') must start with a letter or a number, and it can contain only letters, numbers and underscores ('_').`,
      );
    } else if (!r.object) error(r, 'Include an entity type for each record in the request.');
    else if (r.object.name !== r.expected) {
      error(
        r,
        `The record's type ${r.object.name} is not ${r.expected}, as its place in the tree requires.`,
      );
    }
  }
  return errors;
}

class TreeFailed extends Error {
  readonly errors: TreeError[];
  constructor(errors: TreeError[]) {
    super('tree rolled back');
    this.errors = errors;
  }
}

function runTree(org: LocalOrg, ctx: RequestContext, records: TreeRecord[]): HttpResponse {
  const session = sessionOf(ctx);
  const options = dmlOptions(ctx);
  const created: TreeRecord[] = [];
  try {
    org.store.transaction(() => {
      for (let level = 1; level <= MAX_TREE_DEPTH; level++) {
        const atLevel = records.filter((r) => r.level === level);
        const types = [...new Set(atLevel.map((r) => r.object!.name))];
        for (const type of types) {
          const group = atLevel.filter((r) => r.object!.name === type);
          const operations: DmlOperation[] = group.map((r) => ({
            kind: 'insert',
            type,
            values:
              r.parent && r.parentField ? { ...r.values, [r.parentField]: r.parent.id } : r.values,
          }));
          const results = org.dml.execute(session, operations, true, options);
          const errors: TreeError[] = [];
          results.forEach((result, i) => {
            if (result.success) group[i].id = result.id;
            else if (
              result.errors.some((e) => e.statusCode !== 'ALL_OR_NONE_OPERATION_ROLLED_BACK')
            ) {
              errors.push({ referenceId: group[i].referenceId, errors: result.errors });
            }
          });
          if (errors.length) throw new TreeFailed(errors);
          created.push(...group);
        }
      }
    });
  } catch (error) {
    if (!(error instanceof TreeFailed)) throw error;
    return { status: 400, body: { hasErrors: true, results: error.errors } };
  }
  return {
    status: 201,
    body: {
      hasErrors: false,
      results: created.map((r) => ({ referenceId: r.referenceId, id: r.id })),
    },
  };
}

// ---------------------------------------------------------------------------------------------

export function registerCompositeRoutes(router: Router, org: LocalOrg): void {
  router.get('/services/data/:version/composite', (ctx) => {
    const base = `/services/data/v${versionOf(ctx)}/composite`;
    return {
      status: 200,
      body: { tree: `${base}/tree`, batch: `${base}/batch`, sobjects: `${base}/sobjects` },
    };
  });

  router.post('/services/data/:version/composite', (ctx) => runComposite(org, router, ctx));

  router.post('/services/data/:version/composite/batch', (ctx) => runBatch(org, router, ctx));

  router.post('/services/data/:version/composite/tree/:type', async (ctx) => {
    const root = objectFromPath(org, ctx.params.type);
    const request = await parse(ctx, treeBody);
    const records = flattenTree(org, root, request.records);
    const errors = treeRecordErrors(records);
    if (errors.length) return { status: 400, body: { hasErrors: true, results: errors } };
    return runTree(org, ctx, records);
  });
}
