/** Every system class the runtime implements, in the order the registry declares them. */
import type { NativeClassSpec } from '../runtime/native.ts';
import { collectionClasses } from './collections.ts';
import { databaseClasses } from './database.ts';
import { exceptionClasses } from './exceptions.ts';
import { jsonClasses } from './json.ts';
import { mathClasses } from './math.ts';
import { patternsClasses } from './patterns.ts';
import { primitivesClasses } from './primitives.ts';
import { restClasses } from './rest.ts';
import { schemaClasses } from './schema.ts';
import { securityClasses } from './security.ts';
import { systemClasses } from './system.ts';
import { temporalClassesClasses } from './temporalClasses.ts';
import { testClasses } from './test.ts';

export function nativeClasses(): NativeClassSpec[] {
  return [
    ...systemClasses,
    ...exceptionClasses,
    ...collectionClasses,
    ...primitivesClasses,
    ...temporalClassesClasses,
    ...mathClasses,
    ...patternsClasses,
    ...jsonClasses,
    ...databaseClasses,
    ...schemaClasses,
    ...restClasses,
    ...testClasses,
    ...securityClasses,
  ];
}
