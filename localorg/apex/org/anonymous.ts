/**
 * Anonymous Apex (Apex Developer Guide, "Anonymous Blocks"; SOAP API, executeAnonymous): the
 * Apex API's SOAP endpoint `POST /services/Soap/s/{version}/{orgId}` as `sf apex run` calls it.
 * The block runs as the caller in one transaction (rolled back on an uncaught exception); the
 * answer has the compile problem or the exception, and the debug log in the DebuggingInfo
 * header. Compile problems and exceptions are results, not faults.
 */
import type { Session } from '../../auth/session.ts';
import { ApiError } from '../../errors.ts';
import { MAX_API_VERSION } from '../../http/server.ts';
import { sessionOf } from '../../http/types.ts';
import type { Handler, HttpResponse, RequestContext } from '../../http/types.ts';
import type { Router } from '../../http/router.ts';
import { escapeXml } from '../../metadata/soap/xml.ts';
import { SoapFault, parseSoapRequest } from '../../metadata/soap/envelope.ts';
import type { LocalOrg } from '../../org.ts';
import { ApexSyntaxError } from '../parse/build.ts';
import { ApexThrow } from '../runtime/context.ts';
import type { ExecContext } from '../runtime/context.ts';
import { ApexCompileError } from '../runtime/scope.ts';
import { apexService } from './service.ts';

export interface AnonymousResult {
  compiled: boolean;
  compileProblem: string | null;
  success: boolean;
  line: number;
  column: number;
  exceptionMessage: string | null;
  exceptionStackTrace: string | null;
  log: string;
}

function clock(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3).slice(0, 1)}`;
}

/** The debug log: the header, the source, the USER_DEBUG lines and the limits used. */
function debugLog(source: string, ctx: ExecContext | null, failure: string | null): string {
  const started = ctx?.startedAt ?? Date.now();
  const at = (offset: number) => `${clock(started + offset)} (${offset * 1_000_000})`;
  const lines = [`${MAX_API_VERSION}.0 APEX_CODE,DEBUG;APEX_PROFILING,INFO`];
  for (const line of source.split('\n')) lines.push(`Execute Anonymous: ${line}`);
  lines.push(`${at(0)}|EXECUTION_STARTED`);
  for (const d of ctx?.debug ?? [])
    lines.push(`${at(1)}|USER_DEBUG|[${d.line}]|${d.level}|${d.message}`);
  if (failure) lines.push(`${at(2)}|FATAL_ERROR|${failure}`);
  if (ctx) {
    const l = ctx.limits;
    lines.push(
      `${at(2)}|LIMIT_USAGE_FOR_NS|(default)|`,
      `  Number of SOQL queries: ${l.soqlQueries} out of ${ctx.maximums.soqlQueries}`,
      `  Number of query rows: ${l.queryRows} out of ${ctx.maximums.queryRows}`,
      `  Number of DML statements: ${l.dmlStatements} out of ${ctx.maximums.dmlStatements}`,
      `  Number of DML rows: ${l.dmlRows} out of ${ctx.maximums.dmlRows}`,
      `  Statements executed (the local org's stand-in for CPU time): ${l.statements}`,
      `  Maximum heap size: ${l.heapPeak} out of ${ctx.maximums.heap}`,
    );
  }
  lines.push(`${at(3)}|EXECUTION_FINISHED`);
  return `${lines.join('\n')}\n`;
}

export function runAnonymousApex(org: LocalOrg, session: Session, source: string): AnonymousResult {
  const service = apexService(org);
  service.ensureLoaded();
  let run: (ctx: ExecContext) => void;
  try {
    run = service.runtime.compileAnonymous(source);
  } catch (error) {
    const problem =
      error instanceof ApexSyntaxError
        ? {
            line: error.problems[0].line,
            column: error.problems[0].column,
            text: error.problems[0].message,
          }
        : error instanceof ApexCompileError
          ? { line: error.line, column: error.column, text: error.problem }
          : null;
    if (!problem) throw error;
    return {
      compiled: false,
      compileProblem: problem.text,
      success: false,
      line: problem.line,
      column: problem.column,
      exceptionMessage: null,
      exceptionStackTrace: null,
      log: debugLog(source, null, null),
    };
  }
  const ctx = service.newContext(session);
  try {
    service.transaction(ctx, () => run(ctx));
    return {
      compiled: true,
      compileProblem: null,
      success: true,
      line: -1,
      column: -1,
      exceptionMessage: null,
      exceptionStackTrace: null,
      log: debugLog(source, ctx, null),
    };
  } catch (error) {
    if (!(error instanceof ApexThrow)) throw error;
    const e = error.exception;
    const message = `${e.cls.typeName}: ${e.native?.message ?? ''}`;
    const trace = e.native?.stackTrace ?? [];
    const where = /line (\d+), column (\d+)/.exec(trace[trace.length - 1] ?? '');
    return {
      compiled: true,
      compileProblem: null,
      success: false,
      line: where ? Number(where[1]) : -1,
      column: where ? Number(where[2]) : -1,
      exceptionMessage: message,
      exceptionStackTrace: trace.join('\n'),
      log: debugLog(source, ctx, message),
    };
  }
}

const APEX_NS = 'http://soap.sforce.com/2006/08/apex';
const SOAPENV = 'http://schemas.xmlsoap.org/soap/envelope/';
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

function leaf(name: string, value: string | number | boolean | null): string {
  return value === null
    ? `<${name} xsi:nil="true"/>`
    : `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** The response exactly as apex-node parses it (research notes: unprefixed fields, no attributes). */
function soapResult(result: AnonymousResult): HttpResponse {
  const fields =
    leaf('column', result.column) +
    leaf('compileProblem', result.compileProblem) +
    leaf('compiled', result.compiled) +
    leaf('exceptionMessage', result.exceptionMessage) +
    leaf('exceptionStackTrace', result.exceptionStackTrace) +
    leaf('line', result.line) +
    leaf('success', result.success);
  return {
    status: 200,
    contentType: 'text/xml;charset=UTF-8',
    text:
      '<?xml version="1.0" encoding="UTF-8"?>' +
      `<soapenv:Envelope xmlns:soapenv="${SOAPENV}" xmlns="${APEX_NS}" xmlns:xsi="${XSI}">` +
      `<soapenv:Header><DebuggingInfo><debugLog>${escapeXml(result.log)}</debugLog></DebuggingInfo></soapenv:Header>` +
      `<soapenv:Body><executeAnonymousResponse><result>${fields}</result></executeAnonymousResponse></soapenv:Body>` +
      '</soapenv:Envelope>',
  };
}

function fault(code: string, message: string): HttpResponse {
  return {
    status: 500,
    contentType: 'text/xml;charset=UTF-8',
    text:
      '<?xml version="1.0" encoding="UTF-8"?>' +
      `<soapenv:Envelope xmlns:soapenv="${SOAPENV}" xmlns:sf="${APEX_NS}">` +
      `<soapenv:Body><soapenv:Fault><faultcode>sf:${escapeXml(code)}</faultcode><faultstring>${escapeXml(message)}</faultstring></soapenv:Fault></soapenv:Body>` +
      '</soapenv:Envelope>',
  };
}

function apexSoapHandler(org: LocalOrg): Handler {
  return async (ctx) => {
    try {
      const request = parseSoapRequest((await ctx.body()).toString('utf8'));
      const session = request.sessionId ? org.sessionForToken(request.sessionId) : undefined;
      if (!session)
        return fault(
          'INVALID_SESSION_ID',
          'INVALID_SESSION_ID: Invalid Session ID found in SessionHeader: Illegal Session',
        );
      org.countApiRequest();
      if (request.operation !== 'executeAnonymous') {
        return fault(
          'UNKNOWN_EXCEPTION',
          `UNKNOWN_EXCEPTION: The local org's Apex API serves executeAnonymous only, not ${request.operation}`,
        );
      }
      const source = typeof request.args.apexcode === 'string' ? request.args.apexcode : '';
      return soapResult(runAnonymousApex(org, session, source));
    } catch (error) {
      if (error instanceof SoapFault)
        return fault(error.faultcode.replace(/^sf:/, ''), error.message);
      throw error;
    }
  };
}

/**
 * Tooling API REST, "executeAnonymous": `GET .../tooling/executeAnonymous/?anonymousBody=...`
 * answers the result's fields as JSON (no debug log: that is the SOAP call's header).
 */
function toolingResult(result: AnonymousResult): Omit<AnonymousResult, 'log'> {
  return {
    compiled: result.compiled,
    compileProblem: result.compileProblem,
    success: result.success,
    line: result.line,
    column: result.column,
    exceptionMessage: result.exceptionMessage,
    exceptionStackTrace: result.exceptionStackTrace,
  };
}

export function registerAnonymousApexRoutes(router: Router, org: LocalOrg): void {
  const rest = (ctx: RequestContext) => {
    const body = ctx.query.get('anonymousBody');
    if (body === null)
      throw new ApiError(400, 'MALFORMED_QUERY', 'Missing required parameter: anonymousBody');
    return { status: 200, body: toolingResult(runAnonymousApex(org, sessionOf(ctx), body)) };
  };
  router.get('/services/data/:version/tooling/executeAnonymous', rest);
  router.get('/services/data/:version/tooling/executeAnonymous/', rest);
  const handler = apexSoapHandler(org);
  // Not `:version`: that name is parsed as a REST version (`v62.0`); SOAP paths say `62.0`.
  router.post('/services/Soap/s/:soapVersion/:orgId', handler, { auth: false });
  router.post('/services/Soap/s/:soapVersion', handler, { auth: false });
}
