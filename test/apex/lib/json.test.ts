/**
 * System.JSON as Apex programs see it (Apex Reference Guide, "JSON Class"; Apex Developer Guide,
 * "JSON Support" and "Roundtrip Serialization and Deserialization"). Where the guides say nothing
 * about an output or a message, the case follows what orgs printed in the
 * salesforce.stackexchange.com threads named at each test.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadClasses, newHarnessRuntime, runAnonymous } from '../harness.ts';

const FIXTURES = `
public class JsonFixtures {
  public static Integer created = 0;

  /** The guide's round-trip example ("Roundtrip Serialization and Deserialization"). */
  public class InvoiceStatement {
    Long invoiceNumber;
    Datetime statementDate;
    Decimal totalPrice;
    public InvoiceStatement(Long i, Datetime dt, Decimal price) {
      invoiceNumber = i;
      statementDate = dt;
      totalPrice = price;
      created++;
    }
    public Long num() { return invoiceNumber; }
    public Datetime at() { return statementDate; }
    public Decimal price() { return totalPrice; }
  }

  /** salesforce.stackexchange.com q/265649. */
  public class Wrapper {
    public String lastName { get; set; }
    public String email { get; set; }
  }

  public virtual class Base {
    public Integer baseField;
  }

  public class Child extends Base {
    public static String shared = 'static';
    public transient String cache = 'cached';
    public String name;
    public Integer answer { get { return 42; } }
    private Date day;
    public Child() {
      name = 'from constructor';
    }
  }

  public enum Color { RED, GREEN }

  public class Typed {
    public Integer i;
    public Long l;
    public Decimal d;
    public Double x;
    public String s;
    public Boolean b;
    public Id recordId;
    public Date day;
    public Datetime at;
    public Time t;
    public Blob data;
    public Color color;
    public List<Wrapper> wrappers;
    public Set<String> tags;
    public Map<String, Integer> counts;
    public Typed inner;
    public List<String> initialized = new List<String>{ 'default' };
  }

  public class Loose {
    public Object anything;
  }
}`;

const runtime = newHarnessRuntime();
loadClasses(runtime, [{ name: 'JsonFixtures', body: FIXTURES }]);

/** Runs anonymous Apex; returns its System.debug lines (and fails on an exception). */
function apex(source: string): string[] {
  const outcome = runAnonymous(source, runtime);
  assert.equal(outcome.error, null, `unexpected exception: ${outcome.error}`);
  return outcome.debug;
}

/** Runs anonymous Apex that must throw; returns `Type: message`. */
function apexError(source: string): string {
  const outcome = runAnonymous(source, runtime);
  assert.ok(outcome.error, `expected an exception, got debug ${JSON.stringify(outcome.debug)}`);
  return outcome.error;
}

/** An Apex string literal for a text. */
const lit = (text: string): string => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

describe('JSON.serialize: values ("JSON Class", serialize; "JSON Support")', () => {
  it('writes Integer and Long digits, Decimal with its scale, Double as Java prints it', () => {
    assert.deepEqual(
      apex(`
        System.debug(JSON.serialize(42));
        System.debug(JSON.serialize(9223372036854775807L));
        System.debug(JSON.serialize(1.50));
        System.debug(JSON.serialize(Decimal.valueOf('100.000')));
        System.debug(JSON.serialize(Double.valueOf('2')));
        System.debug(JSON.serialize(Double.valueOf('1e10')));
        System.debug(JSON.serialize(-7));
      `),
      ['42', '9223372036854775807', '1.50', '100.000', '2.0', '1.0E10', '-7'],
    );
  });

  it('writes Date, Datetime (GMT, milliseconds, Z), Time, Blob (base64), Boolean, null and enums', () => {
    assert.deepEqual(
      apex(`
        System.debug(JSON.serialize(Date.newInstance(2024, 2, 29)));
        System.debug(JSON.serialize(Datetime.newInstanceGmt(2024, 2, 29, 12, 34, 56)));
        System.debug(JSON.serialize(Time.newInstance(10, 10, 10, 10)));
        System.debug(JSON.serialize(Blob.valueOf('hello')));
        System.debug(JSON.serialize(true));
        System.debug(JSON.serialize(null));
        System.debug(JSON.serialize(JsonFixtures.Color.GREEN));
        System.debug(JSON.serialize((Id) '001000000000001'));
      `),
      [
        '"2024-02-29"',
        '"2024-02-29T12:34:56.000Z"',
        '"10:10:10.010Z"',
        '"aGVsbG8="',
        'true',
        'null',
        '"GREEN"',
        '"001000000000001AAA"',
      ],
    );
  });

  it('escapes strings as Jackson does: quotes, backslashes and control characters, nothing else', () => {
    assert.deepEqual(apex(`System.debug(JSON.serialize('a"b\\\\c\\nd\\te/é'));`), [
      '"a\\"b\\\\c\\nd\\te/é"',
    ]);
  });

  it('writes Lists and Sets as arrays and Maps as objects in insertion order', () => {
    assert.deepEqual(
      apex(`
        Map<String, Object> m = new Map<String, Object>();
        m.put('zeta', 1);
        m.put('alpha', new List<Integer>{ 1, 2 });
        m.put('mid', new Set<String>{ 'x' });
        m.put('none', null);
        System.debug(JSON.serialize(m));
        System.debug(JSON.serialize(new Map<Integer, String>{ 2 => 'b', 1 => 'a' }));
      `),
      ['{"zeta":1,"alpha":[1,2],"mid":["x"],"none":null}', '{"2":"b","1":"a"}'],
    );
  });
});

describe('JSON.serialize: objects of the package\'s classes ("JSON Class", serialize)', () => {
  it('writes instance fields and properties in declaration order, superclass first; static and transient left out', () => {
    assert.deepEqual(
      apex(`
        JsonFixtures.Child c = new JsonFixtures.Child();
        c.baseField = 1;
        System.debug(JSON.serialize(c));
      `),
      ['{"baseField":1,"name":"from constructor","answer":42,"day":null}'],
    );
  });

  it('suppressApexObjectNulls leaves out null fields of objects, also nested ones (q/265649)', () => {
    assert.deepEqual(
      apex(`
        JsonFixtures.Wrapper w = new JsonFixtures.Wrapper();
        w.lastName = 'lastName';
        System.debug(JSON.serialize(w));
        System.debug(JSON.serialize(w, true));
        System.debug(JSON.serialize(new List<Object>{ w }, true));
      `),
      [
        '{"lastName":"lastName","email":null}',
        '{"lastName":"lastName"}',
        '[{"lastName":"lastName"}]',
      ],
    );
  });

  it('suppressApexObjectNulls keeps nulls in Maps (q/265649, q/257158)', () => {
    assert.deepEqual(
      apex(
        `System.debug(JSON.serialize(new Map<String, Object>{ 'x' => 'x', 'y' => null }, true));`,
      ),
      ['{"x":"x","y":null}'],
    );
  });
});

describe('JSON.serialize: sObjects ("JSON Support"; q/265649, q/357738)', () => {
  it('writes "attributes" with the type, then the fields set, null ones included even when suppressing', () => {
    assert.deepEqual(
      apex(`
        Contact m = new Contact(LastName = 'LastName', Email = null);
        System.debug(JSON.serialize(m, true));
      `),
      ['{"attributes":{"type":"Contact"},"LastName":"LastName","Email":null}'],
    );
  });

  it('adds the record url when the record has an Id; parents nest; children are {totalSize, done, records}', () => {
    const [text] = apex(`
      Account a = (Account) JSON.deserialize(
        '{"Id":"001000000000001AAA","Name":"Acme","Owner":{"attributes":{"type":"User"},"Name":"Maya"},' +
        '"Contacts":{"totalSize":1,"done":true,"records":[{"LastName":"Chen"}]}}', Account.class);
      System.debug(JSON.serialize(a));
    `);
    assert.equal(
      text,
      '{"attributes":{"type":"Account","url":"/services/data/v65.0/sobjects/Account/001000000000001AAA"},' +
        '"Id":"001000000000001AAA","Name":"Acme","Owner":{"attributes":{"type":"User"},"Name":"Maya"},' +
        '"Contacts":{"totalSize":1,"done":true,"records":[{"attributes":{"type":"Contact"},"LastName":"Chen"}]}}',
    );
  });

  it('writes Datetime fields as the REST API does (+0000) and round-trips them', () => {
    assert.deepEqual(
      apex(`
        Lead l = (Lead) JSON.deserialize('{"LastName":"X","CreatedDate":"2022-01-02T15:41:15.000+0000"}', Lead.class);
        System.debug(l.CreatedDate == Datetime.newInstanceGmt(2022, 1, 2, 15, 41, 15));
        System.debug(JSON.serialize(l));
      `),
      [
        'true',
        '{"attributes":{"type":"Lead"},"LastName":"X","CreatedDate":"2022-01-02T15:41:15.000+0000"}',
      ],
    );
  });
});

describe('JSON.serializePretty ("JSON Class", serializePretty; layout as in q/40646)', () => {
  it('indents object entries by two spaces with " : ", keeps arrays on one line, writes empty containers as { } and [ ]', () => {
    const [text] = apex(`
      JsonFixtures.Wrapper w = new JsonFixtures.Wrapper();
      w.lastName = 'Chen';
      Map<String, Object> m = new Map<String, Object>{
        'n' => null, 'list' => new List<Integer>{ 1, 2 }, 'objects' => new List<Object>{ w, w },
        'empty' => new List<Object>(), 'none' => new Map<String, Object>()
      };
      System.debug(JSON.serializePretty(m, true));
    `);
    assert.equal(
      text,
      [
        '{',
        '  "n" : null,',
        '  "list" : [ 1, 2 ],',
        '  "objects" : [ {',
        '    "lastName" : "Chen"',
        '  }, {',
        '    "lastName" : "Chen"',
        '  } ],',
        '  "empty" : [ ],',
        '  "none" : { }',
        '}',
      ].join('\n'),
    );
  });
});

describe('JSON.deserializeUntyped ("JSON Class", deserializeUntyped)', () => {
  it('gives Map<String, Object> in key order, List<Object>, String, Boolean and null', () => {
    assert.deepEqual(
      apex(`
        Map<String, Object> m = (Map<String, Object>) JSON.deserializeUntyped(
          '{"z":"last","a":[1,"two",false,{"inner":null}],"b":true,"n":null}');
        System.debug(new List<String>(m.keySet()));
        List<Object> a = (List<Object>) m.get('a');
        System.debug(a.size());
        System.debug(a[1] instanceof String);
        System.debug(((Map<String, Object>) a[3]).containsKey('inner'));
        System.debug(m.get('b') == true);
        System.debug(m.get('n') == null && m.containsKey('n'));
      `),
      ['(z, a, b, n)', '4', 'true', 'true', 'true', 'true'],
    );
  });

  it('gives Integer for whole numbers within 32 bits, Long beyond, Decimal with its scale for fractions and exponents', () => {
    assert.deepEqual(
      apex(`
        Map<String, Object> m = (Map<String, Object>) JSON.deserializeUntyped(
          '{"i":2147483647,"neg":-2147483648,"l":2147483648,"d":1.0,"e":1e3,"big":9223372036854775807}');
        System.debug(m.get('i') instanceof Integer);
        System.debug(m.get('neg') instanceof Integer);
        System.debug(m.get('l') instanceof Long);
        System.debug(m.get('l') instanceof Integer);
        System.debug(m.get('d') instanceof Decimal);
        System.debug(m.get('d'));
        System.debug(((Decimal) m.get('d')).scale());
        System.debug(m.get('e') instanceof Decimal);
        System.debug(m.get('big'));
        System.debug(JSON.serialize(m));
      `),
      [
        'true',
        'true',
        'true',
        'false',
        'true',
        '1.0',
        '1',
        'true',
        '9223372036854775807',
        '{"i":2147483647,"neg":-2147483648,"l":2147483648,"d":1.0,"e":1E+3,"big":9223372036854775807}',
      ],
    );
  });

  it("a whole number beyond 64 bits fails as the platform's Long parsing does (recorded by glade-sh/glade)", () => {
    assert.equal(
      apexError(`JSON.deserializeUntyped('{"payload":9223372036854775808}');`),
      'System.JSONException: For input string: "9223372036854775808" at [line:1, column:12]',
    );
  });

  it("a repeated key keeps its first position and its last value (Jackson's tree)", () => {
    assert.deepEqual(
      apex(`System.debug(JSON.serialize(JSON.deserializeUntyped('{"a":1,"b":2,"a":3}')));`),
      ['{"a":3,"b":2}'],
    );
  });

  it("refuses malformed JSON with a catchable JSONException in Jackson's words and Apex's position", () => {
    const cases: [string, string][] = [
      [
        '{"a" 1}',
        "Unexpected character ('1' (code 49)): was expecting a colon to separate field name and value at [line:1, column:7]",
      ],
      [
        '{"a":1,}',
        "Unexpected character ('}' (code 125)): was expecting double-quote to start field name at [line:1, column:9]",
      ],
      [
        '{"a":1 "b":2}',
        "Unexpected character ('\"' (code 34)): was expecting comma to separate OBJECT entries at [line:1, column:9]",
      ],
      [
        '[1 2]',
        "Unexpected character ('2' (code 50)): was expecting comma to separate ARRAY entries at [line:1, column:5]",
      ],
      [
        'x',
        "Unexpected character ('x' (code 120)): expected a valid value (number, String, array, object, 'true', 'false' or 'null') at [line:1, column:2]",
      ],
      [
        '{"a":1',
        'Unexpected end-of-input: expected close marker for OBJECT (from [line:1, column:1]) at [line:1, column:7]',
      ],
      [
        '[-x]',
        "Unexpected character ('x' (code 120)) in numeric value: expected digit (0-9) to follow minus sign, for valid numeric value at [line:1, column:4]",
      ],
      ['[01]', 'Invalid numeric value: Leading zeroes not allowed at [line:1, column:3]'],
      [
        '[tru]',
        "Unrecognized token 'tru': was expecting ('true', 'false' or 'null') at [line:1, column:5]",
      ],
      [
        '{\n"a":\n}',
        "Unexpected character ('}' (code 125)): expected a valid value (number, String, array, object, 'true', 'false' or 'null') at [line:3, column:2]",
      ],
    ];
    for (const [text, message] of cases) {
      assert.deepEqual(
        apex(`
          try {
            JSON.deserializeUntyped(${lit(text)});
            System.debug('no exception');
          } catch (JSONException e) {
            System.debug(e.getMessage());
          }
        `),
        [message],
        text,
      );
    }
  });
});

describe('JSON.deserialize into classes ("JSON Class", deserialize; "Roundtrip Serialization and Deserialization")', () => {
  it("round-trips the guide's list of invoices without calling the constructor", () => {
    assert.deepEqual(
      apex(`
        Datetime dt = Datetime.newInstanceGmt(2024, 5, 6, 7, 8, 9);
        List<JsonFixtures.InvoiceStatement> invoices = new List<JsonFixtures.InvoiceStatement>{
          new JsonFixtures.InvoiceStatement(1, dt, 1000),
          new JsonFixtures.InvoiceStatement(2, dt, 500.50)
        };
        String text = JSON.serialize(invoices);
        System.debug(text);
        List<JsonFixtures.InvoiceStatement> back = (List<JsonFixtures.InvoiceStatement>) JSON.deserialize(
          text, List<JsonFixtures.InvoiceStatement>.class);
        System.debug(back.size() + ' ' + back[1].num() + ' ' + (back[1].at() == dt) + ' ' + back[1].price());
        System.debug(back[0].num() instanceof Long);
        System.debug(JsonFixtures.created);
        System.debug(JSON.serialize(back) == text);
      `),
      [
        '[{"invoiceNumber":1,"statementDate":"2024-05-06T07:08:09.000Z","totalPrice":1000},' +
          '{"invoiceNumber":2,"statementDate":"2024-05-06T07:08:09.000Z","totalPrice":500.50}]',
        '2 2 true 500.50',
        'true',
        '2',
        'true',
      ],
    );
  });

  it('matches names ignoring case, ignores unknown keys, runs field initialisers but no constructor (q/337877)', () => {
    assert.deepEqual(
      apex(`
        JsonFixtures.Child c = (JsonFixtures.Child) JSON.deserialize(
          '{"NAME":"Ada","BaseField":3,"unknown":{"deep":[1]},"DAY":"2024-01-31"}', JsonFixtures.Child.class);
        System.debug(c.name + ' ' + c.baseField + ' ' + c.cache);
        System.debug(JSON.serialize(c));
      `),
      ['Ada 3 cached', '{"baseField":3,"name":"Ada","answer":42,"day":"2024-01-31"}'],
    );
  });

  it('reads numbers, strings, dates, Ids, Blobs, enums, nested objects and collections into typed fields', () => {
    const json = JSON.stringify({
      i: 7,
      l: 9007199254740993,
      d: 0,
      x: 2.5,
      s: 'text',
      b: true,
      recordId: '001000000000001',
      day: '2024-02-29',
      at: '2024-02-29T10:15:00.000Z',
      t: '10:10:10.010Z',
      data: 'aGVsbG8=',
      color: 'RED',
      wrappers: [{ lastName: 'A' }, { lastName: 'B' }],
      tags: ['x', 'x', 'y'],
      counts: { b: 2, a: null },
      inner: { s: 'nested' },
    })
      .replace('"l":9007199254740992', '"l":9007199254740993')
      .replace('"d":0', '"d":12.340');
    assert.deepEqual(
      apex(`
        JsonFixtures.Typed t = (JsonFixtures.Typed) JSON.deserialize(${lit(json)}, JsonFixtures.Typed.class);
        System.debug(t.i + ' ' + t.l + ' ' + t.d + ' ' + t.x + ' ' + t.s + ' ' + t.b);
        System.debug(t.recordId + ' ' + t.day + ' ' + (t.at == Datetime.newInstanceGmt(2024, 2, 29, 10, 15, 0)) + ' ' + t.t);
        System.debug(t.data.toString() + ' ' + t.color + ' ' + t.wrappers[1].lastName + ' ' + t.tags + ' ' + t.counts);
        System.debug(t.inner.s + ' ' + t.inner.initialized);
      `),
      [
        '7 9007199254740993 12.340 2.5 text true',
        '001000000000001AAA 2024-02-29 true 10:10:10.010Z',
        'hello RED B {x, y} {b=2, a=null}',
        'nested (default)',
      ],
    );
  });

  it('converts into Integer, Decimal, List<T>, Map<String, T>, Set<T> and primitives as the whole target', () => {
    assert.deepEqual(
      apex(`
        System.debug((Integer) JSON.deserialize('5', Integer.class));
        System.debug((Decimal) JSON.deserialize('5.10', Decimal.class));
        System.debug((String) JSON.deserialize('"s"', String.class));
        System.debug((Date) JSON.deserialize('"2024-03-01"', Date.class));
        System.debug((List<Integer>) JSON.deserialize('[1,2,null]', List<Integer>.class));
        Map<String, JsonFixtures.Wrapper> m = (Map<String, JsonFixtures.Wrapper>) JSON.deserialize(
          '{"k":{"lastName":"L"}}', Map<String, JsonFixtures.Wrapper>.class);
        System.debug(m.get('k').lastName);
        System.debug((Set<Integer>) JSON.deserialize('[3,3,4]', Set<Integer>.class));
        Map<Id, String> ids = (Map<Id, String>) JSON.deserialize('{"001000000000001":"x"}', Map<Id, String>.class);
        System.debug(JSON.serialize(ids));
        System.debug(JSON.deserialize('{"a":[1]}', Object.class) instanceof Map<String, Object>);
      `),
      [
        '5',
        '5.10',
        's',
        '2024-03-01',
        '(1, 2, null)',
        'L',
        '{3, 4}',
        '{"001000000000001AAA":"x"}',
        'true',
      ],
    );
  });

  it('refuses a value of the wrong kind with a JSONException', () => {
    assert.equal(
      apexError(`JSON.deserialize('{"wrappers":{}}', JsonFixtures.Typed.class);`),
      'System.JSONException: Expected List<JsonFixtures.Wrapper> but found { at [line:1, column:13]',
    );
    assert.equal(
      apexError(`JSON.deserialize('{"s":{"a":1}}', JsonFixtures.Typed.class);`),
      'System.JSONException: Illegal value for primitive',
    );
    assert.equal(
      apexError(`JSON.deserialize('{"i":"seven"}', JsonFixtures.Typed.class);`),
      'System.JSONException: Cannot deserialize instance of integer from VALUE_STRING value seven or request may be missing a required field',
    );
    assert.equal(
      apexError(`JSON.deserialize('{"day":"29/02/2024"}', JsonFixtures.Typed.class);`),
      'System.JSONException: Cannot deserialize instance of date from VALUE_STRING value 29/02/2024 or request may be missing a required field',
    );
    assert.equal(
      apexError(`JSON.deserialize('{"inner":[1]}', JsonFixtures.Typed.class);`),
      'System.JSONException: Expected JsonFixtures.Typed but found [ at [line:1, column:10]',
    );
  });

  it('refuses Object-typed fields inside a typed target (q/363786)', () => {
    assert.equal(
      apexError(`JSON.deserialize('{"anything":{"a":1}}', JsonFixtures.Loose.class);`),
      'System.JSONException: Apex Type unsupported in JSON: Object',
    );
  });
});

describe('JSON.deserializeStrict ("JSON Class", deserializeStrict)', () => {
  it('accepts the same JSON as deserialize when every key is known, missing ones included', () => {
    assert.deepEqual(
      apex(`
        JsonFixtures.Wrapper w = (JsonFixtures.Wrapper) JSON.deserializeStrict('{"LASTNAME":"x"}', JsonFixtures.Wrapper.class);
        System.debug(w.lastName + ' ' + w.email);
      `),
      ['x null'],
    );
  });

  it('refuses an unknown key of a class: "Unknown field: Demo.first"', () => {
    assert.equal(
      apexError(
        `JSON.deserializeStrict('{"lastName":"x","first":1}', JsonFixtures.Wrapper.class);`,
      ),
      'System.JSONException: Unknown field: JsonFixtures.Wrapper.first',
    );
  });

  it('refuses an unknown key of an sObject: "No such column \'first\' on sobject of type Account"', () => {
    assert.equal(
      apexError(`JSON.deserializeStrict('{"first":"value1","Name":"x"}', Account.class);`),
      "System.JSONException: No such column 'first' on sobject of type Account",
    );
    assert.deepEqual(
      apex(`System.debug(JSON.deserialize('{"first":"value1","Name":"x"}', Account.class));`),
      ['Account:{Name=x}'],
    );
  });
});
