/**
 * Apex's operators on run-time values (Apex Developer Guide, "Expression Operators"): arithmetic
 * with Integer wrap-around and numeric promotion, string concatenation, date arithmetic,
 * comparisons with Apex's null rules, equality and the bitwise operators.
 */
import { ApexDecimal } from '../values/decimal.ts';
import { ApexSystemError } from '../values/errors.ts';
import {
  ApexDouble,
  arith,
  intAnd,
  intDiv,
  intOr,
  intShl,
  intShr,
  intUshr,
  intXor,
  longAnd,
  longOr,
  longShl,
  longShr,
  longUshr,
  longXor,
  toLong,
} from '../values/numbers.ts';
import type { ApexNumber } from '../values/numbers.ts';
import { ApexDate, ApexDatetime, ApexTime } from '../values/temporal.ts';
import { normalizeId } from '../../ids.ts';
import { apexEquals, isNumber, relationalCompare, toApexString } from './values.ts';

function npe(): never {
  throw new ApexSystemError('NullPointerException', 'Attempt to de-reference a null object');
}

function numeric(value: unknown): ApexNumber {
  if (value === null || value === undefined) npe();
  if (!isNumber(value))
    throw new ApexSystemError('TypeException', `Arithmetic expressions must use numeric arguments`);
  return value;
}

/** `a + b`: numbers, String concatenation (either side a String), Date/Datetime/Time plus a number. */
export function add(a: unknown, b: unknown, concat: boolean): unknown {
  if (typeof a === 'number' && typeof b === 'number') return (a + b) | 0;
  if (concat || typeof a === 'string' || typeof b === 'string')
    return toApexString(a) + toApexString(b);
  if (a instanceof ApexDate || a instanceof ApexDatetime || a instanceof ApexTime)
    return shiftTemporal(a, b, 1);
  return arith('+', numeric(a), numeric(b));
}

export function subtract(a: unknown, b: unknown): unknown {
  if (typeof a === 'number' && typeof b === 'number') return (a - b) | 0;
  if (a instanceof ApexDate || a instanceof ApexDatetime || a instanceof ApexTime)
    return shiftTemporal(a, b, -1);
  return arith('-', numeric(a), numeric(b));
}

export function multiply(a: unknown, b: unknown): unknown {
  if (typeof a === 'number' && typeof b === 'number') return Math.imul(a, b);
  return arith('*', numeric(a), numeric(b));
}

export function divide(a: unknown, b: unknown): unknown {
  if (typeof a === 'number' && typeof b === 'number') return intDiv(a, b);
  return arith('/', numeric(a), numeric(b));
}

/** Date + Integer adds days; Datetime + n adds (fractional) days; Time + n adds milliseconds. */
function shiftTemporal(
  value: ApexDate | ApexDatetime | ApexTime,
  amount: unknown,
  sign: 1 | -1,
): unknown {
  const n = numeric(amount);
  if (value instanceof ApexDate) {
    if (typeof n !== 'number' && typeof n !== 'bigint') {
      throw new ApexSystemError(
        'TypeException',
        'Date arithmetic expressions must use Integer or Long arguments',
      );
    }
    return value.addDays(sign * Number(n));
  }
  const asNumber =
    typeof n === 'number'
      ? n
      : typeof n === 'bigint'
        ? Number(n)
        : n instanceof ApexDouble
          ? n.value
          : n.doubleValue();
  if (value instanceof ApexDatetime)
    return new ApexDatetime(value.epochMs + Math.round(sign * asNumber * 86_400_000));
  return value.addMilliseconds(sign * asNumber);
}

export function negate(a: unknown): unknown {
  if (typeof a === 'number') return -a | 0;
  const n = numeric(a);
  if (typeof n === 'bigint') return BigInt.asIntN(64, -n);
  if (n instanceof ApexDecimal) return n.negate();
  return new ApexDouble(-(n as ApexDouble).value);
}

/** `++` and `--`: one more or less of the same type. */
export function step(a: unknown, delta: 1 | -1): unknown {
  if (typeof a === 'number') return (a + delta) | 0;
  const n = numeric(a);
  if (typeof n === 'bigint') return BigInt.asIntN(64, n + BigInt(delta));
  return arith(delta === 1 ? '+' : '-', n, 1);
}

export function lessThan(a: unknown, b: unknown): boolean {
  const c = relationalCompare(a, b);
  return c !== null && c < 0;
}

export function lessOrEqual(a: unknown, b: unknown): boolean {
  const c = relationalCompare(a, b);
  return c !== null && c <= 0;
}

export function greaterThan(a: unknown, b: unknown): boolean {
  const c = relationalCompare(a, b);
  return c !== null && c > 0;
}

export function greaterOrEqual(a: unknown, b: unknown): boolean {
  const c = relationalCompare(a, b);
  return c !== null && c >= 0;
}

/** `==` where a side is an Id: a 15-character String matches its 18-character Id. */
export function idEquals(a: unknown, b: unknown): boolean {
  if (typeof a === 'string' && typeof b === 'string') {
    if (a === b) return true;
    const x = a.length === 15 ? normalizeId(a) : a;
    const y = b.length === 15 ? normalizeId(b) : b;
    return x === y;
  }
  return apexEquals(a, b);
}

/** `===`: the same object, or equal primitive values (Strings exactly). */
export function identical(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (isNumber(a) && isNumber(b)) return apexEquals(a, b);
  if (a instanceof ApexDate || a instanceof ApexDatetime || a instanceof ApexTime)
    return apexEquals(a, b);
  return false;
}

type BitOp = '&' | '|' | '^' | '<<' | '>>' | '>>>';

/** Bitwise operators on Integer and Long; `&`, `|` and `^` also on Booleans (no short circuit). */
export function bitwise(op: BitOp, a: unknown, b: unknown): unknown {
  if (a === null || b === null || a === undefined || b === undefined) npe();
  if (typeof a === 'boolean' && typeof b === 'boolean') {
    if (op === '&') return a && b;
    if (op === '|') return a || b;
    if (op === '^') return a !== b;
  }
  if (typeof a === 'number' && (op === '<<' || op === '>>' || op === '>>>')) {
    const n = b as number | bigint;
    return op === '<<' ? intShl(a, n) : op === '>>' ? intShr(a, n) : intUshr(a, n);
  }
  if (typeof a === 'bigint' && (op === '<<' || op === '>>' || op === '>>>')) {
    const n = b as number | bigint;
    return op === '<<' ? longShl(a, n) : op === '>>' ? longShr(a, n) : longUshr(a, n);
  }
  if (typeof a === 'number' && typeof b === 'number') {
    return op === '&' ? intAnd(a, b) : op === '|' ? intOr(a, b) : intXor(a, b);
  }
  if (
    (typeof a === 'number' || typeof a === 'bigint') &&
    (typeof b === 'number' || typeof b === 'bigint')
  ) {
    const x = toLong(a);
    const y = toLong(b);
    return op === '&' ? longAnd(x, y) : op === '|' ? longOr(x, y) : longXor(x, y);
  }
  throw new ApexSystemError('TypeException', `Invalid operands for ${op}`);
}

export function bitNot(a: unknown): unknown {
  if (typeof a === 'number') return ~a;
  if (typeof a === 'bigint') return ~a;
  return npe();
}
