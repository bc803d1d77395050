/**
 * Lightning's transport for @AuraEnabled methods (runtime/auraJson.ts): what a component
 * receives (Aura guide, "Returning Data from an Apex Server-Side Controller", "Custom Apex Class
 * Types"; salesforce.stackexchange.com q/357738 for sObjects) and how request parameters become
 * arguments (LWC guide, "Call Apex Methods", "Expose Apex Methods to Lightning Web Components";
 * Aura guide, "Passing Data to an Apex Controller").
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { auraParameter, auraResult } from '../../localorg/apex/runtime/auraJson.ts';
import { ApexThrow } from '../../localorg/apex/runtime/context.ts';
import type { Frame } from '../../localorg/apex/runtime/context.ts';
import { staticsOf } from '../../localorg/apex/runtime/invoke.ts';
import type { ApexType } from '../../localorg/apex/runtime/types.ts';
import { T, listOf, mapOf } from '../../localorg/apex/runtime/types.ts';
import { loadClasses, newHarness } from './harness.ts';

const FIXTURES = `
public class AuraFixtures {
  public static Object held;

  public enum Color { RED, GREEN }

  public class Result {
    @AuraEnabled public String label { get; set; }
    @AuraEnabled public String missing { get; set; }
    public String hidden { get; set; }
    @AuraEnabled public Integer computed { get { return 6 * 7; } }
    @AuraEnabled public Decimal amount;
    @AuraEnabled public Long big { get; set; }
    @AuraEnabled public Double ratio { get; set; }
    @AuraEnabled public Date day { get; set; }
    @AuraEnabled public Datetime at { get; set; }
    @AuraEnabled public Color color { get; set; }
    @AuraEnabled public List<Object> items { get; set; }
    @AuraEnabled public Set<String> tags { get; set; }
    @AuraEnabled public Map<String, Object> extra { get; set; }
    @AuraEnabled public Result child { get; set; }
  }

  public class Request {
    @AuraEnabled public String name { get; set; }
    @AuraEnabled public Integer count { get; set; }
    @AuraEnabled public Decimal amount { get; set; }
    @AuraEnabled public Date day { get; set; }
    @AuraEnabled public Datetime at { get; set; }
    @AuraEnabled public Id ownerId { get; set; }
    @AuraEnabled public List<String> tags { get; set; }
    @AuraEnabled public Inner inner { get; set; }
    @AuraEnabled public Color color { get; set; }
    @AuraEnabled public Map<String, Object> extra { get; set; }
    @AuraEnabled public String readOnly { get; private set; }
    @AuraEnabled public String plainField;
    public String notEnabled { get; set; }
    public String seen() {
      return name + '|' + count + '|' + amount + '|' + day + '|' + at + '|' + ownerId + '|' + tags + '|' +
        inner.big + '|' + color + '|' + readOnly + '|' + plainField + '|' + notEnabled;
    }
  }

  public class Inner {
    @AuraEnabled public Long big { get; set; }
  }
}`;

const harness = newHarness();
loadClasses(harness.runtime, [{ name: 'AuraFixtures', body: FIXTURES }]);

/** Runs `fn` in one transaction of the harness's org, as its admin. */
function inTransaction<R>(fn: (frame: Frame) => R): R {
  return harness.service.transaction(harness.service.newContext(harness.admin), fn);
}

/** Runs anonymous Apex on the frame's transaction (its statics included); returns its debug lines. */
function apexOn(frame: Frame, source: string): string[] {
  const before = frame.ctx.debug.length;
  harness.runtime.compileAnonymous(source)(frame.ctx);
  return frame.ctx.debug.slice(before).map((d) => d.message);
}

function heldSlot(frame: Frame): { get: () => unknown; set: (v: unknown) => void } {
  const cls = harness.runtime.classNamed('AuraFixtures');
  assert.ok(cls);
  const field = cls.fields.get('held');
  assert.ok(field);
  const slots = staticsOf(frame, cls);
  return { get: () => slots[field.slot], set: (v) => (slots[field.slot] = v) };
}

/** The value anonymous Apex leaves in AuraFixtures.held. */
function built(frame: Frame, source: string): unknown {
  apexOn(frame, source);
  return heldSlot(frame).get();
}

function classType(path: string): ApexType {
  const [top, ...inner] = path.split('.');
  let cls = harness.runtime.classNamed(top);
  for (const name of inner) cls = cls?.inner.get(name.toLowerCase());
  assert.ok(cls, path);
  return { kind: 'class', cls };
}

function invalidParameter(fn: () => unknown, message: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof ApexThrow, `expected an Apex exception, got ${String(e)}`);
    assert.equal(e.exception.cls.typeName, 'System.TypeException');
    assert.equal(e.exception.native?.message, message);
    return true;
  });
}

describe('auraResult: objects of the package\'s classes ("Custom Apex Class Types")', () => {
  it('sends only @AuraEnabled fields and properties, leaves null ones out, reads getters', () => {
    inTransaction((frame) => {
      const value = built(
        frame,
        `AuraFixtures.Result r = new AuraFixtures.Result();
         r.label = 'L';
         r.hidden = 'not sent';
         r.amount = 1.50;
         AuraFixtures.held = r;`,
      );
      assert.deepEqual(auraResult(value, frame), { label: 'L', computed: 42, amount: 1.5 });
      // Without the method's frame, getters run on a frame of their own.
      assert.deepEqual(auraResult(value), { label: 'L', computed: 42, amount: 1.5 });
    });
  });

  it('sends numbers as numbers, Date and Datetime as ISO strings, enums by name, collections as arrays and objects', () => {
    inTransaction((frame) => {
      const value = built(
        frame,
        `AuraFixtures.Result r = new AuraFixtures.Result();
         r.big = 9007199254740991L;
         r.ratio = 0.25;
         r.day = Date.newInstance(2024, 2, 29);
         r.at = Datetime.newInstanceGmt(2024, 2, 29, 10, 15, 30);
         r.color = AuraFixtures.Color.GREEN;
         r.items = new List<Object>{ 1, null, 'two', new Map<String, Object>{ 'k' => null } };
         r.tags = new Set<String>{ 'a', 'b' };
         r.extra = new Map<String, Object>{ 'z' => 1, 'a' => 2 };
         r.child = new AuraFixtures.Result();
         AuraFixtures.held = new List<Object>{ r };`,
      );
      assert.deepEqual(auraResult(value, frame), [
        {
          computed: 42,
          big: 9007199254740991,
          ratio: 0.25,
          day: '2024-02-29',
          at: '2024-02-29T10:15:30.000Z',
          color: 'GREEN',
          items: [1, null, 'two', { k: null }],
          tags: ['a', 'b'],
          extra: { z: 1, a: 2 },
          child: { computed: 42 },
        },
      ]);
      const extra = (auraResult(value, frame) as { extra: object }[])[0].extra;
      assert.deepEqual(Object.keys(extra), ['z', 'a']);
    });
  });
});

describe('auraResult: sObjects (q/357738: no "attributes", children as arrays)', () => {
  it('sends queried records with their fields and parents nested, without "attributes", null fields left out', () => {
    inTransaction((frame) => {
      const value = built(
        frame,
        `Account a = new Account(Name = 'Acme');
         insert a;
         AuraFixtures.held = [SELECT Id, Name, Description, Owner.Name FROM Account WHERE Id = :a.Id];`,
      );
      const [account] = auraResult(value, frame) as Record<string, unknown>[];
      assert.equal(account.Name, 'Acme');
      assert.match(String(account.Id), /^001\w{15}$/);
      assert.equal('attributes' in account, false);
      assert.equal('Description' in account, false, 'null fields are left out');
      assert.equal(typeof (account.Owner as Record<string, unknown>).Name, 'string');
    });
  });

  it('sends a child relationship as a plain array of records', () => {
    inTransaction((frame) => {
      const value = built(
        frame,
        `AuraFixtures.held = JSON.deserialize('{"Name":"Acme","Contacts":{"totalSize":2,"done":true,"records":' +
           '[{"LastName":"Chen"},{"LastName":"Ng","Email":null}]}}', Account.class);`,
      );
      assert.deepEqual(auraResult(value, frame), {
        Name: 'Acme',
        Contacts: [{ LastName: 'Chen' }, { LastName: 'Ng' }],
      });
    });
  });

  it('sends records made in Apex with the fields that were set, names as the catalogue writes them', () => {
    inTransaction((frame) => {
      const value = built(
        frame,
        `AuraFixtures.held = new Lead(lastname = 'X', COMPANY = 'Y', Email = null, AnnualRevenue = 12.50);`,
      );
      assert.deepEqual(auraResult(value, frame), {
        LastName: 'X',
        Company: 'Y',
        AnnualRevenue: 12.5,
      });
    });
  });
});

describe('auraParameter: request parameters ("Call Apex Methods"; "Passing Data to an Apex Controller")', () => {
  it("sets a class's @AuraEnabled properties with a setter and ignores everything else", () => {
    inTransaction((frame) => {
      const request = auraParameter(
        frame,
        {
          name: 'Maya',
          // lwc-recipes' apexImperativeMethodWithComplexParams sends an input's value, a string.
          count: '50',
          amount: 12.5,
          day: '2024-02-29',
          at: '2024-02-29T10:15:30.000Z',
          ownerId: '005000000000001',
          tags: ['a', 'b'],
          inner: { big: 9007199254740991 },
          color: 'RED',
          readOnly: 'ignored',
          plainField: 'ignored',
          notEnabled: 'ignored',
          unknownKey: { deep: true },
        },
        classType('AuraFixtures.Request'),
        'request',
      );
      heldSlot(frame).set(request);
      assert.deepEqual(
        apexOn(
          frame,
          `AuraFixtures.Request r = (AuraFixtures.Request) AuraFixtures.held;
           System.debug(r.seen());
           System.debug(r.count instanceof Integer);
           System.debug(r.amount instanceof Decimal);`,
        ),
        [
          'Maya|50|12.5|2024-02-29|2024-02-29 10:15:30|005000000000001AAA|(a, b)|9007199254740991|RED|null|null|null',
          'true',
          'true',
        ],
      );
    });
  });

  it('gives Object-typed members untyped values: Integer, Long or Decimal by the number', () => {
    inTransaction((frame) => {
      heldSlot(frame).set(
        auraParameter(
          frame,
          { extra: { i: 1, l: 3000000000, d: 1.5, list: [true] } },
          classType('AuraFixtures.Request'),
          'request',
        ),
      );
      assert.deepEqual(
        apexOn(
          frame,
          `Map<String, Object> extra = ((AuraFixtures.Request) AuraFixtures.held).extra;
           System.debug((extra.get('i') instanceof Integer) + ' ' + (extra.get('l') instanceof Long) + ' ' +
             (extra.get('d') instanceof Decimal) + ' ' + extra.get('list'));`,
        ),
        ['true true true (true)'],
      );
    });
  });

  it('converts primitives, lists, maps and sObjects ("sobjectType" is skipped)', () => {
    inTransaction((frame) => {
      assert.equal(auraParameter(frame, 'x', T.String, 's'), 'x');
      assert.equal(auraParameter(frame, 7, T.Integer, 'i'), 7);
      assert.equal(auraParameter(frame, '001000000000001', T.Id, 'recordId'), '001000000000001AAA');
      assert.equal(auraParameter(frame, null, T.Integer, 'i'), null);
      assert.equal(auraParameter(frame, undefined, T.String, 's'), null);
      heldSlot(frame).set(auraParameter(frame, [1, 2], listOf(T.Integer), 'ids'));
      assert.deepEqual(apexOn(frame, `System.debug(AuraFixtures.held);`), ['(1, 2)']);
      heldSlot(frame).set(auraParameter(frame, { b: 2, a: 1 }, mapOf(T.String, T.Decimal), 'm'));
      assert.deepEqual(apexOn(frame, `System.debug(AuraFixtures.held);`), ['{b=2, a=1}']);
      const lead = harness.org.catalog.object('Lead');
      assert.ok(lead);
      heldSlot(frame).set(
        auraParameter(
          frame,
          { sobjectType: 'Lead', LastName: 'X', AnnualRevenue: 10.5 },
          { kind: 'sobject', def: lead },
          'lead',
        ),
      );
      assert.deepEqual(apexOn(frame, `System.debug(AuraFixtures.held);`), [
        'Lead:{LastName=X, AnnualRevenue=10.5}',
      ]);
    });
  });

  it("refuses a value of the wrong kind: \"Value provided is invalid for action parameter 'configId' of type 'Id'\"", () => {
    inTransaction((frame) => {
      invalidParameter(
        () => auraParameter(frame, 'None', T.Id, 'configId'),
        "Value provided is invalid for action parameter 'configId' of type 'Id'",
      );
      invalidParameter(
        () => auraParameter(frame, [[]], T.String, 'recordId'),
        "Value provided is invalid for action parameter 'recordId' of type 'String'",
      );
      invalidParameter(
        () => auraParameter(frame, { row: 1 }, listOf(T.Id), 'oppToDelete'),
        "Value provided is invalid for action parameter 'oppToDelete' of type 'List'",
      );
      invalidParameter(
        () => auraParameter(frame, 'text', classType('AuraFixtures.Request'), 'request'),
        "Value provided is invalid for action parameter 'request' of type 'AuraFixtures.Request'",
      );
      invalidParameter(
        () => auraParameter(frame, { count: 1.5 }, classType('AuraFixtures.Request'), 'request'),
        "Value provided is invalid for action parameter 'request' of type 'AuraFixtures.Request'",
      );
      const lead = harness.org.catalog.object('Lead');
      assert.ok(lead);
      invalidParameter(
        () => auraParameter(frame, { NoSuchField__c: 1 }, { kind: 'sobject', def: lead }, 'lead'),
        "Value provided is invalid for action parameter 'lead' of type 'Lead'",
      );
    });
  });
});
