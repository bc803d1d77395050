/**
 * Math, Crypto and EncodingUtil (Apex Reference Guide: "Math Class", "Crypto Class",
 * "EncodingUtil Class"). All their methods are static.
 *
 * Math overloads are told apart by the arguments' run-time types the way Apex's compiler picks
 * them from static types: an exact overload first (Math.abs(Integer) is an Integer), otherwise the
 * narrowest widening along Integer < Long < Double < Decimal (Apex Developer Guide, "Rules of
 * Conversion"), so Math.sqrt(4) takes the Double overload and Math.max(1, 2L) the Long one.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';
import type { Frame } from '../runtime/context.ts';
import { nullPointer, raise } from '../runtime/invoke.ts';
import type { NativeClassSpec, NativeStatic } from '../runtime/native.ts';
import { arity } from '../runtime/native.ts';
import { ApexBlob } from '../runtime/values.ts';
import { ApexDecimal } from '../values/decimal.ts';
import {
  ApexDouble,
  INTEGER_MAX_VALUE,
  INTEGER_MIN_VALUE,
  doubleToLong,
  intMod,
  longMod,
  numericType,
  promote,
  toDouble,
} from '../values/numbers.ts';
import type { ApexNumber } from '../values/numbers.ts';
import { integerArg, isApexNumber, javaRound, noSuchSignature, stringArg } from './primitives.ts';

// ---------------------------------------------------------------------------------------------
// Math
// ---------------------------------------------------------------------------------------------

/** A Decimal or Double argument: Integer and Long take the Double overload. */
type Real = { kind: 'Double'; value: number } | { kind: 'Decimal'; value: ApexDecimal };

function realArg(frame: Frame, value: unknown, method: string, args: unknown[]): Real {
  if (value instanceof ApexDecimal) return { kind: 'Decimal', value };
  if (value instanceof ApexDouble) return { kind: 'Double', value: value.value };
  if (typeof value === 'number' || typeof value === 'bigint') {
    return { kind: 'Double', value: Number(value) };
  }
  if (value === null || value === undefined) return nullPointer(frame);
  return noSuchSignature(frame, 'Math', method, args);
}

function numberArg(frame: Frame, value: unknown, method: string, args: unknown[]): ApexNumber {
  if (isApexNumber(value)) return value;
  if (value === null || value === undefined) return nullPointer(frame);
  return noSuchSignature(frame, 'Math', method, args);
}

/**
 * The trigonometric, exponential and root functions: the Double overload is java.lang.Math's; the
 * Decimal overload returns a Decimal, computed in double precision and converted as
 * Decimal.valueOf(Double) does (unconfirmed: the platform's digits may differ), so a result
 * without a Decimal (NaN, infinity) raises TypeException 'Invalid decimal: NaN'.
 */
function unary(name: string, fn: (x: number) => number): NativeStatic {
  return (frame, args) => {
    arity(args, 1);
    const x = realArg(frame, args[0], name, args);
    return x.kind === 'Double'
      ? new ApexDouble(fn(x.value))
      : ApexDecimal.fromDouble(fn(x.value.doubleValue()));
  };
}

/** Java's Math.cbrt: a real cube root (negative for negative x). */
const cbrt = (x: number): number => Math.cbrt(x);

/** Java's Math.rint: the nearest integer value, ties to even. */
function rint(x: number): number {
  if (!Number.isFinite(x)) return x;
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff < 0.5) return floor === 0 && x < 0 ? -0 : floor;
  if (diff > 0.5) return floor + 1;
  return floor % 2 === 0 ? floor : floor + 1;
}

/**
 * Math.round(Double) and Math.round(Decimal) return an Integer. The Apex Reference Guide says a
 * result outside the Integer range "generates an error"; the exception type and message here are
 * unconfirmed.
 */
function toIntegerResult(frame: Frame, n: number | bigint): number {
  if (n < INTEGER_MIN_VALUE || n > INTEGER_MAX_VALUE) {
    return raise(frame, 'MathException', `Integer overflow: ${String(n)}`);
  }
  return Number(n);
}

/** Math.max / Math.min: both arguments promoted to the wider type; a NaN Double wins (Java). */
function extreme(name: 'max' | 'min'): NativeStatic {
  return (frame, args) => {
    arity(args, 2);
    const a = numberArg(frame, args[0], name, args);
    const b = numberArg(frame, args[1], name, args);
    const p = promote(a, b);
    const pickFirst = (c: number) => (name === 'max' ? c >= 0 : c <= 0);
    switch (p.type) {
      case 'Integer':
        return name === 'max' ? Math.max(p.a, p.b) : Math.min(p.a, p.b);
      case 'Long':
        return pickFirst(p.a < p.b ? -1 : p.a > p.b ? 1 : 0) ? p.a : p.b;
      case 'Double':
        return new ApexDouble(
          name === 'max' ? Math.max(p.a.value, p.b.value) : Math.min(p.a.value, p.b.value),
        );
      case 'Decimal':
        return pickFirst(p.a.compareTo(p.b)) ? p.a : p.b;
    }
  };
}

const mathClass: NativeClassSpec = {
  name: 'Math',
  staticProperties: {
    /** Math.E and Math.PI: Doubles (Apex Reference Guide, Math Class fields). */
    E: { get: () => new ApexDouble(Math.E) },
    PI: { get: () => new ApexDouble(Math.PI) },
  },
  statics: {
    /** abs: Integer, Long, Double or Decimal; Math.abs(Integer.MIN_VALUE) wraps as in Java. */
    abs: (frame, args) => {
      arity(args, 1);
      const x = numberArg(frame, args[0], 'abs', args);
      if (typeof x === 'number') return Math.abs(x) | 0;
      if (typeof x === 'bigint') return BigInt.asIntN(64, x < 0n ? -x : x);
      if (x instanceof ApexDouble) return new ApexDouble(Math.abs(x.value));
      return x.abs();
    },
    acos: unary('acos', Math.acos),
    asin: unary('asin', Math.asin),
    atan: unary('atan', Math.atan),
    /** atan2(y, x): both Decimal gives a Decimal, otherwise a Double. */
    atan2: (frame, args) => {
      arity(args, 2);
      const y = realArg(frame, args[0], 'atan2', args);
      const x = realArg(frame, args[1], 'atan2', args);
      const yv = y.kind === 'Double' ? y.value : y.value.doubleValue();
      const xv = x.kind === 'Double' ? x.value : x.value.doubleValue();
      const r = Math.atan2(yv, xv);
      return y.kind === 'Decimal' && x.kind === 'Decimal'
        ? ApexDecimal.fromDouble(r)
        : new ApexDouble(r);
    },
    cbrt: unary('cbrt', cbrt),
    /** ceil and floor: a Decimal gives a Decimal of scale 0, a Double a Double. */
    ceil: (frame, args) => {
      arity(args, 1);
      const x = realArg(frame, args[0], 'ceil', args);
      return x.kind === 'Double'
        ? new ApexDouble(Math.ceil(x.value))
        : x.value.setScale(0, 'CEILING');
    },
    cos: unary('cos', Math.cos),
    cosh: unary('cosh', Math.cosh),
    exp: unary('exp', Math.exp),
    floor: (frame, args) => {
      arity(args, 1);
      const x = realArg(frame, args[0], 'floor', args);
      return x.kind === 'Double'
        ? new ApexDouble(Math.floor(x.value))
        : x.value.setScale(0, 'FLOOR');
    },
    log: unary('log', Math.log),
    log10: unary('log10', Math.log10),
    max: extreme('max'),
    min: extreme('min'),
    /**
     * mod(Integer, Integer) and mod(Long, Long): the remainder with the dividend's sign, like
     * Java's % (Math.mod(-7, 3) is -1, Math.mod(7, -3) is 1); by zero MathException 'Divide by
     * 0'. There is no Double or Decimal overload.
     */
    mod: (frame, args) => {
      arity(args, 2);
      const a = numberArg(frame, args[0], 'mod', args);
      const b = numberArg(frame, args[1], 'mod', args);
      const integral = (n: ApexNumber) => numericType(n) === 'Integer' || numericType(n) === 'Long';
      if (!integral(a) || !integral(b)) return noSuchSignature(frame, 'Math', 'mod', args);
      if (typeof a === 'number' && typeof b === 'number') return intMod(a, b);
      return longMod(BigInt(a as number | bigint), BigInt(b as number | bigint));
    },
    /** pow(Double, Double): only a Double overload. */
    pow: (frame, args) => {
      arity(args, 2);
      const base = numberArg(frame, args[0], 'pow', args);
      const exponent = numberArg(frame, args[1], 'pow', args);
      return new ApexDouble(Math.pow(toDouble(base).value, toDouble(exponent).value));
    },
    /** random(): a Double in [0.0, 1.0). */
    random: (_frame, args) => {
      arity(args, 0);
      return new ApexDouble(Math.random());
    },
    /** rint: the nearest integer value, ties to the even one (Decimal: HALF_EVEN, scale 0). */
    rint: (frame, args) => {
      arity(args, 1);
      const x = realArg(frame, args[0], 'rint', args);
      return x.kind === 'Double' ? new ApexDouble(rint(x.value)) : x.value.setScale(0, 'HALF_EVEN');
    },
    /**
     * round(Decimal): an Integer, "rounded to zero decimal places using half-even rounding mode"
     * (2.5 gives 2); round(Double): the closest Integer, ties up like java.lang.Math.round (2.5
     * gives 3, -2.5 gives -2).
     */
    round: (frame, args) => {
      arity(args, 1);
      const x = realArg(frame, args[0], 'round', args);
      return x.kind === 'Double'
        ? toIntegerResult(frame, javaRound(x.value))
        : toIntegerResult(frame, x.value.round('HALF_EVEN'));
    },
    /** roundToLong: as round, giving a Long (Decimal half-even, Double java.lang.Math.round). */
    roundToLong: (frame, args) => {
      arity(args, 1);
      const x = realArg(frame, args[0], 'roundToLong', args);
      return x.kind === 'Double' ? doubleToLong(javaRound(x.value)) : x.value.round('HALF_EVEN');
    },
    /** signum: -1, 0 or 1 as a Decimal (scale 0) or a Double (NaN and -0.0 as Java keeps them). */
    signum: (frame, args) => {
      arity(args, 1);
      const x = realArg(frame, args[0], 'signum', args);
      return x.kind === 'Double'
        ? new ApexDouble(Math.sign(x.value))
        : ApexDecimal.fromInteger(x.value.signum());
    },
    sin: unary('sin', Math.sin),
    sinh: unary('sinh', Math.sinh),
    sqrt: unary('sqrt', Math.sqrt),
    tan: unary('tan', Math.tan),
    tanh: unary('tanh', Math.tanh),
  },
};

// ---------------------------------------------------------------------------------------------
// Crypto
// ---------------------------------------------------------------------------------------------

function blobArg(frame: Frame, value: unknown, owner: string, method: string): Uint8Array {
  if (value instanceof ApexBlob) return value.bytes;
  if (value === null || value === undefined) return nullPointer(frame);
  return noSuchSignature(frame, owner, method, [value]);
}

const blob = (bytes: Uint8Array | Buffer): ApexBlob => new ApexBlob(new Uint8Array(bytes));

/**
 * generateDigest's algorithms ("Valid values for algorithmName are: MD5, SHA1, SHA3-256,
 * SHA3-384, SHA3-512, SHA-256, SHA-512"), matched ignoring case like Java's MessageDigest.
 */
const DIGESTS: Record<string, string> = {
  md5: 'md5',
  sha1: 'sha1',
  'sha-256': 'sha256',
  'sha-512': 'sha512',
  'sha3-256': 'sha3-256',
  'sha3-384': 'sha3-384',
  'sha3-512': 'sha3-512',
};

/** generateMac's algorithms: hmacMD5, hmacSHA1, hmacSHA256, hmacSHA512 (ignoring case). */
const MACS: Record<string, string> = {
  hmacmd5: 'md5',
  hmacsha1: 'sha1',
  hmacsha256: 'sha256',
  hmacsha512: 'sha512',
};

/** An algorithm name Crypto does not know: InvalidParameterValueException (message unconfirmed). */
function invalidAlgorithm(frame: Frame, name: string): never {
  return raise(frame, 'InvalidParameterValueException', `Invalid algorithm: ${name}`);
}

function algorithm(
  frame: Frame,
  table: Record<string, string>,
  value: unknown,
  method: string,
): string {
  const name = stringArg(frame, value, 'Crypto', method);
  return table[name.toLowerCase()] ?? invalidAlgorithm(frame, name);
}

function mac(frame: Frame, args: unknown[], method: string): Buffer {
  const hash = algorithm(frame, MACS, args[0], method);
  const input = blobArg(frame, args[1], 'Crypto', method);
  const key = blobArg(frame, args[2], 'Crypto', method);
  return createHmac(hash, key).update(input).digest();
}

/**
 * AES in CBC mode with PKCS5 padding (Crypto Class, encrypt: "uses ... AES ... CBC mode and
 * PKCS5 padding"). The exceptions are the ones the class lists: InvalidParameterValueException
 * for a bad algorithm, key or initialization vector; SecurityException when the padding is bad.
 */
const AES_KEY_BYTES: Record<string, number> = { aes128: 16, aes192: 24, aes256: 32 };

function aesCipher(frame: Frame, algorithmName: unknown, key: Uint8Array, method: string): string {
  const name = stringArg(frame, algorithmName, 'Crypto', method);
  const size = AES_KEY_BYTES[name.toLowerCase()];
  if (size === undefined) {
    return raise(
      frame,
      'InvalidParameterValueException',
      `Invalid algorithm ${name}. Must be AES128, AES192, or AES256.`,
    );
  }
  if (key.length !== size) {
    return raise(
      frame,
      'InvalidParameterValueException',
      `Invalid private key. Must be ${size} bytes.`,
    );
  }
  return `aes-${size * 8}-cbc`;
}

function checkIv(frame: Frame, iv: Uint8Array): void {
  if (iv.length !== 16) {
    raise(
      frame,
      'InvalidParameterValueException',
      'Invalid initialization vector. Must be 16 bytes.',
    );
  }
}

function aesEncrypt(cipher: string, key: Uint8Array, iv: Uint8Array, data: Uint8Array): Buffer {
  const c = createCipheriv(cipher, key, iv);
  return Buffer.concat([c.update(data), c.final()]);
}

function aesDecrypt(
  frame: Frame,
  cipher: string,
  key: Uint8Array,
  iv: Uint8Array,
  data: Uint8Array,
): Buffer {
  try {
    const d = createDecipheriv(cipher, key, iv);
    return Buffer.concat([d.update(data), d.final()]);
  } catch {
    return raise(frame, 'SecurityException', 'Given final block not properly padded');
  }
}

const cryptoClass: NativeClassSpec = {
  name: 'Crypto',
  statics: {
    /** decrypt(algorithmName, privateKey, initializationVector, cipherText). */
    decrypt: (frame, args) => {
      arity(args, 4);
      const key = blobArg(frame, args[1], 'Crypto', 'decrypt');
      const cipher = aesCipher(frame, args[0], key, 'decrypt');
      const iv = blobArg(frame, args[2], 'Crypto', 'decrypt');
      checkIv(frame, iv);
      return blob(aesDecrypt(frame, cipher, key, iv, blobArg(frame, args[3], 'Crypto', 'decrypt')));
    },
    /** decryptWithManagedIV(algorithmName, privateKey, IVAndCipherText): the IV is the first 16 bytes. */
    decryptWithManagedIV: (frame, args) => {
      arity(args, 3);
      const key = blobArg(frame, args[1], 'Crypto', 'decryptWithManagedIV');
      const cipher = aesCipher(frame, args[0], key, 'decryptWithManagedIV');
      const data = blobArg(frame, args[2], 'Crypto', 'decryptWithManagedIV');
      if (data.length < 16) {
        return raise(
          frame,
          'InvalidParameterValueException',
          'Unable to parse initialization vector from encrypted data.',
        );
      }
      return blob(aesDecrypt(frame, cipher, key, data.subarray(0, 16), data.subarray(16)));
    },
    encrypt: (frame, args) => {
      arity(args, 4);
      const key = blobArg(frame, args[1], 'Crypto', 'encrypt');
      const cipher = aesCipher(frame, args[0], key, 'encrypt');
      const iv = blobArg(frame, args[2], 'Crypto', 'encrypt');
      checkIv(frame, iv);
      return blob(aesEncrypt(cipher, key, iv, blobArg(frame, args[3], 'Crypto', 'encrypt')));
    },
    /** encryptWithManagedIV: a random IV, written before the cipher text. */
    encryptWithManagedIV: (frame, args) => {
      arity(args, 3);
      const key = blobArg(frame, args[1], 'Crypto', 'encryptWithManagedIV');
      const cipher = aesCipher(frame, args[0], key, 'encryptWithManagedIV');
      const iv = randomBytes(16);
      const data = blobArg(frame, args[2], 'Crypto', 'encryptWithManagedIV');
      return blob(Buffer.concat([iv, aesEncrypt(cipher, key, iv, data)]));
    },
    /** generateAesKey(size): 128, 192 or 256 random bits. */
    generateAesKey: (frame, args) => {
      arity(args, 1);
      const bits = integerArg(frame, args[0], 'Crypto', 'generateAesKey');
      if (bits !== 128 && bits !== 192 && bits !== 256) {
        return raise(
          frame,
          'InvalidParameterValueException',
          `Invalid key size ${bits}. Must be 128, 192, or 256.`,
        );
      }
      return blob(randomBytes(bits / 8));
    },
    /** generateDigest(algorithmName, input): a one-way hash of the Blob. */
    generateDigest: (frame, args) => {
      arity(args, 2);
      const hash = algorithm(frame, DIGESTS, args[0], 'generateDigest');
      return blob(
        createHash(hash)
          .update(blobArg(frame, args[1], 'Crypto', 'generateDigest'))
          .digest(),
      );
    },
    /** generateMac(algorithmName, input, privateKey): an HMAC. */
    generateMac: (frame, args) => {
      arity(args, 3);
      return blob(mac(frame, args, 'generateMac'));
    },
    /** getRandomInteger(): any Integer, from a cryptographically strong source. */
    getRandomInteger: (_frame, args) => {
      arity(args, 0);
      return randomBytes(4).readInt32BE(0);
    },
    getRandomLong: (_frame, args) => {
      arity(args, 0);
      return randomBytes(8).readBigInt64BE(0);
    },
    /** verifyHMac(algorithmName, data, privateKey, hmacToVerify). */
    verifyHMac: (frame, args) => {
      arity(args, 4);
      const expected = mac(frame, args, 'verifyHMac');
      const given = blobArg(frame, args[3], 'Crypto', 'verifyHMac');
      return given.length === expected.length && timingSafeEqual(expected, given);
    },
  },
};

// ---------------------------------------------------------------------------------------------
// EncodingUtil
// ---------------------------------------------------------------------------------------------

/** The charsets urlEncode and urlDecode accept (Java names, ignoring case). */
const CHARSETS: Record<string, 'utf8' | 'latin1' | 'ascii'> = {
  'utf-8': 'utf8',
  utf8: 'utf8',
  'iso-8859-1': 'latin1',
  'us-ascii': 'ascii',
};

/** An encoding Java does not know: UnsupportedEncodingException (Apex type and message unconfirmed). */
function charset(frame: Frame, value: unknown, method: string): 'utf8' | 'latin1' | 'ascii' {
  const name = stringArg(frame, value, 'EncodingUtil', method);
  return (
    CHARSETS[name.toLowerCase()] ??
    raise(frame, 'InvalidParameterValueException', `Unsupported encoding: ${name}`)
  );
}

/** A string's bytes in a charset; characters it cannot encode become '?' as in Java. */
function encodeText(text: string, cs: 'utf8' | 'latin1' | 'ascii'): Buffer {
  if (cs === 'utf8') return Buffer.from(text, 'utf8');
  const max = cs === 'latin1' ? 0xff : 0x7f;
  return Buffer.from(
    Array.from(text, (ch) => ((ch.codePointAt(0) ?? 0) > max ? 63 : ch.charCodeAt(0))),
  );
}

/**
 * urlEncode(inputString, encodingScheme): java.net.URLEncoder (application/x-www-form-urlencoded):
 * letters, digits and '.', '-', '*', '_' stay; a space becomes '+'; everything else is %XX of its
 * bytes in the charset, in upper-case hex.
 */
function urlEncode(text: string, cs: 'utf8' | 'latin1' | 'ascii'): string {
  let out = '';
  for (const ch of text) {
    if (/^[A-Za-z0-9.\-*_]$/.test(ch)) out += ch;
    else if (ch === ' ') out += '+';
    else {
      for (const byte of encodeText(ch, cs))
        out += '%' + byte.toString(16).toUpperCase().padStart(2, '0');
    }
  }
  return out;
}

/**
 * urlDecode(inputString, encodingScheme): java.net.URLDecoder: '+' is a space, runs of %XX are
 * bytes in the charset. A bad escape raises URLDecoder's IllegalArgumentException message as a
 * StringException (the Apex exception type is unconfirmed).
 */
function urlDecode(frame: Frame, text: string, cs: 'utf8' | 'latin1' | 'ascii'): string {
  let out = '';
  for (let i = 0; i < text.length;) {
    const c = text[i];
    if (c === '+') {
      out += ' ';
      i++;
    } else if (c === '%') {
      const bytes: number[] = [];
      while (i < text.length && text[i] === '%') {
        if (i + 2 >= text.length) {
          return raise(
            frame,
            'StringException',
            'URLDecoder: Incomplete trailing escape (%) pattern',
          );
        }
        const hex = text.slice(i + 1, i + 3);
        const bad = hex.search(/[^0-9A-Fa-f]/);
        if (bad >= 0) {
          return raise(
            frame,
            'StringException',
            `URLDecoder: Illegal hex characters in escape (%) pattern - Error at index ${bad} in: "${hex}"`,
          );
        }
        bytes.push(parseInt(hex, 16));
        i += 3;
      }
      out += Buffer.from(bytes).toString(cs);
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

const encodingUtilClass: NativeClassSpec = {
  name: 'EncodingUtil',
  statics: {
    /**
     * base64Decode(inputString): the bytes of a Base64 text (standard alphabet; padding and
     * characters outside the alphabet are skipped, as Node reads it: the platform's handling of
     * malformed input is unconfirmed).
     */
    base64Decode: (frame, args) => {
      arity(args, 1);
      return blob(Buffer.from(stringArg(frame, args[0], 'EncodingUtil', 'base64Decode'), 'base64'));
    },
    /** base64Encode(inputBlob): standard Base64 with padding, no line breaks. */
    base64Encode: (frame, args) => {
      arity(args, 1);
      return Buffer.from(blobArg(frame, args[0], 'EncodingUtil', 'base64Encode')).toString(
        'base64',
      );
    },
    /**
     * convertFromHex(inputString): "The string can contain only valid hexadecimal characters
     * (0-9, a-f, A-F) and must have an even number of characters"; otherwise
     * InvalidParameterValueException (message unconfirmed).
     */
    convertFromHex: (frame, args) => {
      arity(args, 1);
      const text = stringArg(frame, args[0], 'EncodingUtil', 'convertFromHex');
      if (!/^(?:[0-9A-Fa-f]{2})*$/.test(text)) {
        return raise(
          frame,
          'InvalidParameterValueException',
          `Invalid hexadecimal string: ${text}`,
        );
      }
      return blob(Buffer.from(text, 'hex'));
    },
    /** convertToHex(inputBlob): two lower-case hex digits per byte. */
    convertToHex: (frame, args) => {
      arity(args, 1);
      return Buffer.from(blobArg(frame, args[0], 'EncodingUtil', 'convertToHex')).toString('hex');
    },
    urlDecode: (frame, args) => {
      arity(args, 2);
      const text = stringArg(frame, args[0], 'EncodingUtil', 'urlDecode');
      return urlDecode(frame, text, charset(frame, args[1], 'urlDecode'));
    },
    urlEncode: (frame, args) => {
      arity(args, 2);
      const text = stringArg(frame, args[0], 'EncodingUtil', 'urlEncode');
      return urlEncode(text, charset(frame, args[1], 'urlEncode'));
    },
  },
};

export const mathClasses: NativeClassSpec[] = [mathClass, cryptoClass, encodingUtilClass];
