/**
 * System.JSON (Apex Reference Guide, "JSON Class"): serialize, serializePretty, deserialize,
 * deserializeStrict and deserializeUntyped. Errors are JSONException with the platform's
 * wording where it is known (see jsonParse.ts, jsonDeserialize.ts and jsonSerialize.ts).
 * createGenerator and createParser are not implemented yet.
 */
import type { Frame } from '../runtime/context.ts';
import { nullPointer } from '../runtime/invoke.ts';
import type { NativeClassSpec } from '../runtime/native.ts';
import { arity } from '../runtime/native.ts';
import type { ApexType } from '../runtime/types.ts';
import { TypeValue } from '../runtime/values.ts';
import { Deserializer, untyped } from './jsonDeserialize.ts';
import { nodeOfPlain, parseJson } from './jsonParse.ts';
import { Serializer } from './jsonSerialize.ts';
import { writeJson } from './jsonWrite.ts';

function serialize(frame: Frame, args: unknown[], pretty: boolean): string {
  arity(args, 1, 2);
  const suppress = args.length === 2 && args[1] === true;
  return writeJson(new Serializer(frame, suppress).value(args[0]), pretty);
}

function textArg(frame: Frame, value: unknown): string {
  if (typeof value !== 'string') return nullPointer(frame);
  return value;
}

function deserialize(frame: Frame, args: unknown[], strict: boolean): unknown {
  arity(args, 2);
  const text = textArg(frame, args[0]);
  const type = args[1];
  if (!(type instanceof TypeValue)) return nullPointer(frame);
  return new Deserializer(frame, { strict, aura: false }).typed(parseJson(text), type.type, false);
}

/**
 * JSON.serialize(value, suppressApexObjectNulls) for callers outside Apex code (Apex REST
 * responses). Property getters run on `frame` when given, else on a frame of their own.
 * Throws JsonError (an ApexSystemError, JSONException) for values JSON cannot carry.
 */
export function serializeJson(
  value: unknown,
  suppressApexObjectNulls: boolean,
  frame: Frame | null = null,
): string {
  return writeJson(new Serializer(frame, suppressApexObjectNulls).value(value), false);
}

/**
 * A value already parsed from JSON (JSON.parse) as `type`, as JSON.deserialize would read it.
 * JSON.parse has already rounded numbers beyond a double's precision and dropped the scale of
 * Decimals (1.50 arrives as 1.5): to keep them, parse the text with parseJson (jsonParse.ts)
 * and call `new Deserializer(frame, { strict: false, aura: false }).typed(node, type, false)`.
 * Throws JsonError (JSONException) when the value does not fit the type.
 */
export function deserializeJsonValue(frame: Frame, json: unknown, type: ApexType): unknown {
  return new Deserializer(frame, { strict: false, aura: false }).typed(
    nodeOfPlain(json),
    type,
    false,
  );
}

export const jsonClasses: NativeClassSpec[] = [
  {
    name: 'JSON',
    statics: {
      serialize: (frame, args) => serialize(frame, args, false),
      serializePretty: (frame, args) => serialize(frame, args, true),
      deserialize: (frame, args) => deserialize(frame, args, false),
      deserializeStrict: (frame, args) => deserialize(frame, args, true),
      deserializeUntyped: (frame, args) => {
        arity(args, 1);
        return untyped(parseJson(textArg(frame, args[0])));
      },
    },
  },
];
