/**
 * Apex REST's RestContext, RestRequest and RestResponse (Apex Reference Guide): the request and
 * response of the current `/services/apexrest` call live in the transaction, set by the entry
 * point before the resource method runs and read back after it.
 */
import type { Frame } from '../runtime/context.ts';
import type { NativeClassSpec, NativeProperty } from '../runtime/native.ts';
import { T } from '../runtime/types.ts';
import { ApexMap, NativeObject } from '../runtime/values.ts';

function field(key: string, initial: () => unknown = () => null): NativeProperty {
  return {
    get: (_f, self) => {
      const data = (self as NativeObject).data;
      if (!(key in data)) data[key] = initial();
      return data[key];
    },
    set: (_f, self, value) => {
      (self as NativeObject).data[key] = value;
    },
  };
}

const stringMap = () => new ApexMap(T.String, T.String);

function contextSlot(name: string) {
  return {
    get: (frame: Frame) => frame.ctx.cache.get(`rest.${name}`) ?? null,
    set: (frame: Frame, value: unknown) => {
      frame.ctx.cache.set(`rest.${name}`, value);
    },
  };
}

function addHeader(_f: Frame, self: NativeObject, args: unknown[]): null {
  const headers = (self.data.headers ??= stringMap()) as ApexMap;
  headers.put(String(args[0]), args[1] === null ? null : String(args[1]));
  return null;
}

export const restClasses: NativeClassSpec[] = [
  {
    name: 'RestContext',
    staticProperties: { request: contextSlot('request'), response: contextSlot('response') },
  },
  {
    name: 'RestRequest',
    construct: () => undefined,
    properties: {
      requestURI: field('requesturi'),
      resourcePath: field('resourcepath'),
      httpMethod: field('httpmethod'),
      remoteAddress: field('remoteaddress'),
      requestBody: field('requestbody'),
      params: field('params', stringMap),
      headers: field('headers', stringMap),
    },
    methods: {
      addHeader,
      addParameter: (_f, self: NativeObject, args) => {
        const params = (self.data.params ??= stringMap()) as ApexMap;
        params.put(String(args[0]), args[1] === null ? null : String(args[1]));
        return null;
      },
    },
  },
  {
    name: 'RestResponse',
    construct: () => undefined,
    properties: {
      statusCode: field('statuscode'),
      responseBody: field('responsebody'),
      headers: field('headers', stringMap),
    },
    methods: { addHeader },
  },
];
