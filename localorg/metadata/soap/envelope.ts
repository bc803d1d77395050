/**
 * SOAP envelopes as jsforce reads them (wire.md §3.7): prefixed `soapenv:Envelope` and
 * `soapenv:Body`, namespaces declared on the Envelope, no attributes on the Body, and faults with
 * HTTP 500. Requests are parsed with fast-xml-parser, namespace prefixes dropped.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { HttpResponse } from '../../http/types.ts';
import { element, escapeXml } from './xml.ts';
import type { SoapObject } from './xml.ts';

export const SOAP_CONTENT_TYPE = 'text/xml;charset=UTF-8';
const SOAPENV = 'http://schemas.xmlsoap.org/soap/envelope/';
const METADATA_NS = 'http://soap.sforce.com/2006/04/metadata';

/** A SOAP fault: `sf:CODE` and the fault string. */
export class SoapFault extends Error {
  readonly faultcode: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'SoapFault';
    this.faultcode = code.includes(':') ? code : `sf:${code}`;
  }
}

export const invalidSessionFault = (): SoapFault =>
  new SoapFault(
    'INVALID_SESSION_ID',
    'INVALID_SESSION_ID: Invalid Session ID found in SessionHeader: Illegal Session',
  );

/** `<{operation}Response>` with one `<result>`, or one per item of a list (listMetadata). */
export function soapResponse(
  operation: string,
  result: SoapObject | SoapObject[] | null,
): HttpResponse {
  const body = element(`${operation}Response`, result === null ? {} : { result });
  return {
    status: 200,
    contentType: SOAP_CONTENT_TYPE,
    text:
      '<?xml version="1.0" encoding="UTF-8"?>' +
      `<soapenv:Envelope xmlns:soapenv="${SOAPENV}" xmlns="${METADATA_NS}">` +
      `<soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`,
  };
}

export function faultResponse(fault: SoapFault): HttpResponse {
  return {
    status: 500,
    contentType: SOAP_CONTENT_TYPE,
    text:
      '<?xml version="1.0" encoding="UTF-8"?>' +
      `<soapenv:Envelope xmlns:soapenv="${SOAPENV}" xmlns:sf="${METADATA_NS}">` +
      '<soapenv:Body><soapenv:Fault>' +
      `<faultcode>${escapeXml(fault.faultcode)}</faultcode>` +
      `<faultstring>${escapeXml(fault.message)}</faultstring>` +
      '</soapenv:Fault></soapenv:Body></soapenv:Envelope>',
  };
}

export interface SoapRequest {
  sessionId: string | null;
  /** The Body's first child, e.g. `deploy`. */
  operation: string;
  args: Record<string, unknown>;
  /** The base64 text of a `<ZipFile>` element, taken out before parsing (it can be 50 MB). */
  zipFile: string | null;
}

/** Cuts the `<ZipFile>` text out of a request; base64 holds no markup, so a scan finds its end. */
function extractZipFile(xml: string): { xml: string; zipFile: string | null } {
  const open = /<(\w+:)?ZipFile>/.exec(xml);
  if (!open) return { xml, zipFile: null };
  const start = open.index + open[0].length;
  const end = xml.indexOf(`</${open[1] ?? ''}ZipFile>`, start);
  if (end < 0) return { xml, zipFile: null };
  return { xml: xml.slice(0, start) + xml.slice(end), zipFile: xml.slice(start, end) };
}

const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  ignoreDeclaration: true,
  trimValues: true,
  isArray: (name) => name === 'runTests',
});

/** Parses a SOAP request; a malformed one is a client fault. */
export function parseSoapRequest(request: string): SoapRequest {
  const { xml, zipFile } = extractZipFile(request);
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw new SoapFault(
      'soapenv:Client',
      `Unable to parse the request: ${valid.err.msg} at line ${valid.err.line}, column ${valid.err.col}`,
    );
  }
  const doc = parser.parse(xml) as Record<string, unknown>;
  const envelope = doc.Envelope as Record<string, unknown> | undefined;
  const body = envelope?.Body;
  if (!envelope || !body || typeof body !== 'object') {
    throw new SoapFault('soapenv:Client', 'Unable to find a SOAP Envelope with a Body');
  }
  const [operation] = Object.keys(body);
  if (!operation) throw new SoapFault('soapenv:Client', 'The SOAP Body is empty');
  const header = envelope.Header as Record<string, unknown> | undefined;
  const sessionHeader = header?.SessionHeader as Record<string, unknown> | undefined;
  const sessionId = sessionHeader?.sessionId;
  const args = (body as Record<string, unknown>)[operation];
  return {
    sessionId: typeof sessionId === 'string' && sessionId ? sessionId : null,
    operation,
    args: args && typeof args === 'object' ? (args as Record<string, unknown>) : {},
    zipFile: zipFile?.replace(/\s+/g, '') ?? null,
  };
}
