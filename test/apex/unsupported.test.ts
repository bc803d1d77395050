/**
 * Valid Apex the runtime does not implement fails with an error that names the construct and
 * where it is, saying it is not supported here, never with a wrong answer.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runAnonymous } from './harness.ts';

const NOT_SUPPORTED = "not supported by the local org's Apex runtime";

describe("constructs the local org's Apex runtime does not support", () => {
  it('names a platform class it lacks, with the line, and runs nothing', () => {
    const outcome = runAnonymous(
      "insert new Account(Name = 'x');\nMessaging.SingleEmailMessage mail = new Messaging.SingleEmailMessage();",
    );
    assert.equal(
      outcome.error,
      `Compile error: line 2, column 1: Messaging.SingleEmailMessage is ${NOT_SUPPORTED}`,
    );
    assert.equal(outcome.statements, 0);
    for (const type of ['Http', 'HttpRequest', 'XmlStreamWriter', 'PageReference']) {
      assert.match(
        runAnonymous(`${type} x;`).error ?? '',
        new RegExp(`${type} is ${NOT_SUPPORTED}`),
      );
    }
  });

  it('says a missing system method may be one it lacks', () => {
    assert.equal(
      runAnonymous('System.enqueueJob(null);').error,
      'Compile error: line 1, column 8: Method does not exist or incorrect signature: ' +
        `System.enqueueJob(1 argument); if the platform has this method, it is ${NOT_SUPPORTED}`,
    );
  });

  it('reports SOSL at its line as not supported', () => {
    const outcome = runAnonymous(
      "Integer n = 1;\nList<List<SObject>> found = [FIND 'Acme' IN ALL FIELDS RETURNING Account];",
    );
    assert.match(outcome.error ?? '', new RegExp(`SOSL is ${NOT_SUPPORTED}`));
    assert.deepEqual(outcome.stack, ['AnonymousBlock: line 2, column 1']);
  });

  it('keeps the platform wording for a type that does not exist anywhere', () => {
    assert.equal(
      runAnonymous('Foo x;').error,
      'Compile error: line 1, column 1: Invalid type: Foo',
    );
  });
});
