/** equals, hashCode and toString of the package's objects that do not define them (Object's). */
import type { Frame } from '../runtime/context.ts';
import { toApexString } from '../runtime/values.ts';
import type { ApexObject } from '../runtime/values.ts';

export function defaultObjectMethod(
  _frame: Frame,
  self: ApexObject,
  lower: string,
  args: unknown[],
): { found: boolean; value: unknown } {
  switch (lower) {
    case 'equals':
      return { found: true, value: self === args[0] };
    case 'hashcode':
      return { found: true, value: 0 };
    case 'tostring':
      return { found: true, value: toApexString(self) };
    default:
      return { found: false, value: null };
  }
}
