/**
 * @AuraEnabled methods over the local org's Lightning transport (`POST /localorg/apex/Class/method`),
 * as the preview's `@salesforce/apex` bridge calls them: parameters by name, @AuraEnabled members
 * only and no null properties in the answer, Lightning's error bodies, the cacheable marker the
 * bridge's client cache keys on, and the platform's rule that a cacheable method cannot change data.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RunningLocalOrg } from '../../localorg/main.ts';
import { connect, startTestOrg } from '../support/org.ts';

const PROBE = join(import.meta.dirname, 'fixtures', 'apex-aura', 'force-app');

describe('Aura calls of @AuraEnabled methods', () => {
  let org: RunningLocalOrg;
  before(async () => {
    org = await startTestOrg({ deploy: [PROBE] });
  });
  after(() => org.close());

  async function call(method: string, params: Record<string, unknown> = {}, token?: string) {
    const response = await fetch(`${org.url}/localorg/apex/AuraProbe/${method}`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${token ?? org.admin.accessToken}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify(params),
    });
    return {
      status: response.status,
      cacheable: response.headers.get('X-Apex-Cacheable'),
      body: (await response.json()) as Record<string, unknown>,
    };
  }

  async function accountsNamed(name: string): Promise<number> {
    const result = await connect(org).query(`SELECT Id FROM Account WHERE Name = '${name}'`);
    return result.totalSize;
  }

  it('passes parameters by name and answers only the non-null @AuraEnabled members', async () => {
    const answer = await call('greet', { who: 'Ada', times: 2 });
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.body, { text: 'Hello Ada! Hello Ada!' });
    assert.equal(answer.cacheable, 'true');
  });

  it('marks only cacheable methods cacheable', async () => {
    const answer = await call('create');
    assert.equal(answer.status, 200);
    assert.equal(answer.cacheable, null);
    assert.equal(await accountsNamed('Written from a plain method'), 1);
  });

  it('refuses DML in a cacheable method and keeps nothing of it', async () => {
    const answer = await call('createFromCacheable');
    assert.equal(answer.status, 500);
    assert.equal(answer.body.exceptionType, 'System.LimitException');
    assert.equal(answer.body.message, 'Too many DML statements: 1');
    assert.equal(await accountsNamed('Written from a cacheable method'), 0);
  });

  it('answers an AuraHandledException with its message and no stack trace', async () => {
    const answer = await call('refuse');
    assert.equal(answer.status, 500);
    assert.deepEqual(answer.body, {
      message: 'Choose at least one lead.',
      exceptionType: 'System.AuraHandledException',
      isUserDefinedException: false,
    });
  });

  it('answers any other exception with its type and Apex stack trace', async () => {
    const answer = await call('fail');
    assert.equal(answer.status, 500);
    assert.equal(answer.body.exceptionType, 'AuraProbe.ProbeException');
    assert.equal(answer.body.isUserDefinedException, true);
    assert.equal(answer.body.message, 'Something broke');
    assert.match(String(answer.body.stackTrace), /^Class\.AuraProbe\.fail: line \d+, column \d+/);
  });

  it('refuses a user without access to the class, and an unknown method', async () => {
    const partner = org.users.find((u) => u.kind === 'partner' && u.active)!.accessToken!;
    const refused = await call('greet', { who: 'Ada', times: 1 }, partner);
    assert.equal(refused.status, 500);
    assert.equal(refused.body.exceptionType, 'System.NoAccessException');
    assert.equal(
      refused.body.message,
      "You do not have access to the Apex class named 'AuraProbe'.",
    );
    const unknown = await call('nothing');
    assert.equal(unknown.status, 404);
    assert.equal(
      unknown.body.message,
      "Unable to find Apex action class referenced as 'AuraProbe.nothing'.",
    );
  });
});
