/**
 * Math, Crypto and EncodingUtil (lib/math.ts), run as anonymous Apex on the harness's local org.
 * Each case cites the Apex Reference Guide section it follows ("Math Class", "Crypto Class",
 * "EncodingUtil Class"); digests and MACs are checked against published test vectors.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newHarness, runAnonymous } from '../harness.ts';

const harness = newHarness();

function debug(source: string): string[] {
  const outcome = runAnonymous(source, harness.runtime);
  assert.equal(outcome.error, null, `unexpected ${outcome.error}`);
  return outcome.debug;
}

function error(source: string): string | null {
  return runAnonymous(source, harness.runtime).error;
}

describe('Math', () => {
  // Math Class, mod(integerValue1, integerValue2) and mod(longValue1, longValue2): the remainder
  // keeps the dividend's sign, as Java's % does (Math.mod(-7, 3) is -1, not 2).
  it('mod with negative numbers keeps the sign of the dividend', () => {
    assert.deepEqual(
      debug(`
        System.debug(Math.mod(-7, 3) + ' ' + Math.mod(7, -3) + ' ' + Math.mod(-7, -3) + ' ' + Math.mod(7, 3));
        Object l = Math.mod(-7L, 3);
        System.debug(l + ' ' + (l instanceof Long));
        System.debug(Math.mod(-6, 3));`),
      ['-1 1 -1 1', '-1 true', '0'],
    );
  });

  // Math Class, mod: by zero, MathException 'Divide by 0' (as Integer division); there is no
  // Decimal overload.
  it('mod by zero and mod of Decimals fail', () => {
    assert.equal(error(`Math.mod(5, 0);`), 'System.MathException: Divide by 0');
    assert.equal(
      error(`Math.mod(5.5, 2);`),
      'System.TypeException: Method does not exist or incorrect signature: void mod(Decimal, Integer) from the type Math',
    );
  });

  // Math Class, abs(integerValue) returns an Integer, abs(decimalValue) a Decimal (scale kept),
  // abs(longValue) a Long, abs(doubleValue) a Double.
  it('abs keeps the argument type', () => {
    assert.deepEqual(
      debug(`
        Object i = Math.abs(-5);
        Object d = Math.abs(Decimal.valueOf('-5.50'));
        Object l = Math.abs(-5L);
        Double x = 0 - 2.5;
        Object db = Math.abs(x);
        System.debug(i + ' ' + (i instanceof Integer) + ' ' + d + ' ' + (d instanceof Decimal));
        System.debug(l + ' ' + (l instanceof Long) + ' ' + db + ' ' + (db instanceof Double));`),
      ['5 true 5.50 true', '5 true 2.5 true'],
    );
  });

  // Math Class, max and min for Decimal, Double, Integer and Long: mixed arguments widen to the
  // wider type (Integer < Long < Double < Decimal).
  it('max and min across numeric types', () => {
    assert.deepEqual(
      debug(`
        Object a = Math.max(1, 2L);
        Object b = Math.max(1.5, 2);
        Double half = 0.5;
        Object c = Math.min(half, 1);
        System.debug(a + ' ' + (a instanceof Long));
        System.debug(b + ' ' + (b instanceof Decimal));
        System.debug(c + ' ' + (c instanceof Double));
        System.debug(Math.max(3, 7) + ' ' + Math.min(3, 7) + ' ' + Math.min(2.50, 2.5));`),
      ['2 true', '2 true', '0.5 true', '7 3 2.50'],
    );
  });

  // Math Class, round(decimalValue): "rounded to zero decimal places using half-even rounding
  // mode" (2.5 gives 2); round(doubleValue): the closest Integer, halves up like
  // java.lang.Math.round (2.5 gives 3, -2.5 gives -2); roundToLong returns a Long.
  it('round: Decimal half-even, Double half-up', () => {
    assert.deepEqual(
      debug(`
        System.debug(Math.round(2.5) + ' ' + Math.round(3.5) + ' ' + Math.round(Decimal.valueOf('-2.5')));
        Double a = 2.5;
        Double b = 0 - 2.5;
        System.debug(Math.round(a) + ' ' + Math.round(b));
        Object l = Math.roundToLong(2.5);
        System.debug(l + ' ' + (l instanceof Long) + ' ' + Math.roundToLong(a));`),
      ['2 4 -2', '3 -2', '2 true 3'],
    );
  });

  // Math Class, sqrt(doubleValue) / sqrt(decimalValue), pow(doubleValue, exponent), ceil, floor,
  // rint, signum, the trigonometric functions, and the fields E and PI (Doubles). An Integer
  // argument takes the Double overload.
  it('functions on Doubles and Decimals; E and PI', () => {
    assert.deepEqual(
      debug(`
        System.debug(Math.sqrt(4) + ' ' + Math.sqrt(2.25) + ' ' + Math.pow(2, 10));
        System.debug(Math.ceil(1.2) + ' ' + Math.floor(Decimal.valueOf('-1.2')) + ' ' + Math.rint(2.5) + ' ' + Math.signum(Decimal.valueOf('-3.2')));
        Double x = 1.2;
        System.debug(Math.ceil(x) + ' ' + Math.floor(x) + ' ' + Math.signum(x));
        System.debug(Math.PI + ' ' + Math.E);
        System.debug(Math.cos(0) + ' ' + Math.log10(1000) + ' ' + Math.cbrt(27));`),
      [
        '2.0 1.5 1024.0',
        '2 -2 2 -1',
        '2.0 1.0 1.0',
        '3.141592653589793 2.718281828459045',
        '1.0 3.0 3.0',
      ],
    );
  });

  // Math Class, random(): a Double from 0.0 up to (not including) 1.0.
  it('random() is a Double in [0, 1)', () => {
    assert.deepEqual(
      debug(`
        Boolean ok = true;
        for (Integer i = 0; i < 50; i++) {
          Double r = Math.random();
          if (r < 0 || r >= 1) ok = false;
        }
        Object o = Math.random();
        System.debug(ok + ' ' + (o instanceof Double));`),
      ['true true'],
    );
  });
});

describe('Crypto', () => {
  // Crypto Class, generateDigest(algorithmName, input): MD5, SHA1, SHA-256 and SHA-512; checked
  // against the FIPS 180 'abc' vectors and MD5('') from RFC 1321.
  it('generateDigest matches the published vectors', () => {
    assert.deepEqual(
      debug(`
        Blob abc = Blob.valueOf('abc');
        System.debug(EncodingUtil.convertToHex(Crypto.generateDigest('MD5', Blob.valueOf(''))));
        System.debug(EncodingUtil.convertToHex(Crypto.generateDigest('SHA1', abc)));
        System.debug(EncodingUtil.convertToHex(Crypto.generateDigest('SHA-256', abc)));
        System.debug(EncodingUtil.convertToHex(Crypto.generateDigest('SHA-512', abc)));`),
      [
        'd41d8cd98f00b204e9800998ecf8427e',
        'a9993e364706816aba3e25717850c26c9cd0d89d',
        'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
        'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f',
      ],
    );
  });

  // Crypto Class: an algorithm name it does not know is an InvalidParameterValueException (the
  // message is this runtime's).
  it('an unknown algorithm raises InvalidParameterValueException', () => {
    assert.equal(
      error(`Crypto.generateDigest('SHA256', Blob.valueOf('x'));`),
      'System.InvalidParameterValueException: Invalid algorithm: SHA256',
    );
  });

  // Crypto Class, generateMac(algorithmName, input, privateKey): HMAC; RFC 4231 test case 2
  // (key 'Jefe'); verifyHMac checks a MAC.
  it('generateMac and verifyHMac (RFC 4231)', () => {
    assert.deepEqual(
      debug(`
        Blob data = Blob.valueOf('what do ya want for nothing?');
        Blob key = Blob.valueOf('Jefe');
        Blob mac = Crypto.generateMac('hmacSHA256', data, key);
        System.debug(EncodingUtil.convertToHex(mac));
        System.debug(Crypto.verifyHMac('hmacSHA256', data, key, mac) + ' ' + Crypto.verifyHMac('hmacSHA256', data, Blob.valueOf('x'), mac));`),
      ['5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843', 'true false'],
    );
  });

  // Crypto Class, getRandomInteger() and getRandomLong(): an Integer and a Long.
  it('getRandomInteger and getRandomLong', () => {
    assert.deepEqual(
      debug(`
        Object i = Crypto.getRandomInteger();
        Object l = Crypto.getRandomLong();
        System.debug((i instanceof Integer) + ' ' + (l instanceof Long));`),
      ['true true'],
    );
  });

  // Crypto Class, encrypt(algorithmName, privateKey, initializationVector, clearText): AES in CBC
  // mode with PKCS5 padding (RFC 3602 case 1 gives the first block); decrypt reverses it; the
  // managed-IV pair round-trips; a key of the wrong size is InvalidParameterValueException.
  it('AES encrypt and decrypt', () => {
    assert.deepEqual(
      debug(`
        Blob key = EncodingUtil.convertFromHex('06a9214036b8a15b512e03d534120006');
        Blob iv = EncodingUtil.convertFromHex('3dafba429d9eb430b422da802c9fac41');
        Blob cipher = Crypto.encrypt('AES128', key, iv, Blob.valueOf('Single block msg'));
        System.debug(EncodingUtil.convertToHex(cipher).left(32) + ' ' + cipher.size());
        System.debug(Crypto.decrypt('AES128', key, iv, cipher).toString());
        Blob key256 = Crypto.generateAesKey(256);
        System.debug(key256.size());
        System.debug(Crypto.decryptWithManagedIV('AES256', key256, Crypto.encryptWithManagedIV('AES256', key256, Blob.valueOf('secret'))).toString());`),
      ['e353779c1079aeb82708942dbe77181a 32', 'Single block msg', '32', 'secret'],
    );
    assert.equal(
      error(`Crypto.encryptWithManagedIV('AES256', Blob.valueOf('short'), Blob.valueOf('x'));`),
      'System.InvalidParameterValueException: Invalid private key. Must be 32 bytes.',
    );
  });
});

describe('EncodingUtil', () => {
  // EncodingUtil Class: base64Encode(inputBlob) / base64Decode(inputString), convertToHex
  // (lower-case) / convertFromHex (either case, an even number of hex digits).
  it('Base64 and hex', () => {
    assert.deepEqual(
      debug(`
        System.debug(EncodingUtil.base64Encode(Blob.valueOf('hello')));
        System.debug(EncodingUtil.base64Decode('aGVsbG8=').toString());
        System.debug(EncodingUtil.convertToHex(Blob.valueOf('Hi!')));
        System.debug(EncodingUtil.convertFromHex('48692E').toString());`),
      ['aGVsbG8=', 'hello', '486921', 'Hi.'],
    );
    assert.equal(
      error(`EncodingUtil.convertFromHex('abc');`),
      'System.InvalidParameterValueException: Invalid hexadecimal string: abc',
    );
  });

  // EncodingUtil Class, urlEncode(inputString, encodingScheme) / urlDecode: the
  // application/x-www-form-urlencoded format of java.net.URLEncoder (space as '+', '*' '-' '.'
  // '_' kept, other bytes %XX in upper case).
  it('urlEncode and urlDecode', () => {
    assert.deepEqual(
      debug(`
        System.debug(EncodingUtil.urlEncode('Hello World! a*b-c.d_e~ü', 'UTF-8'));
        System.debug(EncodingUtil.urlDecode('Hello+World%21+%C3%BC%2f', 'UTF-8'));
        System.debug(EncodingUtil.urlEncode('ü', 'ISO-8859-1'));`),
      ['Hello+World%21+a*b-c.d_e%7E%C3%BC', 'Hello World! ü/', '%FC'],
    );
    assert.equal(
      error(`EncodingUtil.urlDecode('100%', 'UTF-8');`),
      'System.StringException: URLDecoder: Incomplete trailing escape (%) pattern',
    );
  });
});
