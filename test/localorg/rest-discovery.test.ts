/**
 * The version root's `identity` and jsforce's identity(); `If-Modified-Since` on sObject Describe
 * and Describe Global, before and after a deploy changes an object; `POST ...?_HttpMethod=PATCH`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Connection } from 'jsforce';
import type { RunningLocalOrg } from '../../localorg/main.ts';
import { packageXml, zip } from './fixtures/metadata/packages.ts';
import { connect, startTestOrg, userOf } from '../support/org.ts';
import { api } from '../support/query.ts';

describe('identity, conditional describes and the PATCH override', () => {
  let org: RunningLocalOrg;
  let conn: Connection;
  before(async () => {
    org = await startTestOrg({ seed: 'demo' });
    conn = connect(org);
  });
  after(() => org.close());

  describe('identity', () => {
    it('is listed by the version root as the caller identity URL', async () => {
      const root = (await api(org, '/services/data/v62.0/')).body as Record<string, string>;
      assert.equal(root.identity, `${org.url}/id/${org.orgId}/${org.admin.userId}`);
      assert.equal(root.sobjects, '/services/data/v62.0/sobjects');
      assert.equal(root.composite, '/services/data/v62.0/composite');
    });

    it("answers jsforce's identity() as Salesforce's identity service does", async () => {
      const fresh = connect(org);
      const identity = await fresh.identity();
      assert.equal(identity.id, `${org.url}/id/${org.orgId}/${org.admin.userId}`);
      assert.equal(identity.user_id, org.admin.userId);
      assert.equal(identity.organization_id, org.orgId);
      assert.equal(identity.username, org.admin.username);
      assert.equal(typeof identity.display_name, 'string');
      assert.ok(identity.display_name.length > 0);
      assert.match(identity.email, /@/);
      assert.equal(identity.user_type, 'STANDARD');
      assert.deepEqual(Object.keys(identity.photos).sort(), ['picture', 'thumbnail']);
      // Without a version parameter the service leaves the literal {version} in its URLs.
      assert.equal(identity.urls.rest, `${org.url}/services/data/v{version}/`);
      assert.equal(identity.urls.metadata, `${org.url}/services/Soap/m/{version}/${org.orgId}`);
      // jsforce remembers the identity URL and uses it the next time.
      assert.equal(fresh.userInfo?.url, identity.id);
      assert.equal((await fresh.identity()).user_id, org.admin.userId);
    });

    it('takes the token as oauth_token and the version as a parameter', async () => {
      const path = `/id/${org.orgId}/${org.admin.userId}`;
      const token = encodeURIComponent(org.admin.accessToken);
      const byParam = await fetch(
        `${org.url}${path}?format=json&oauth_token=${token}&version=latest`,
      );
      assert.equal(byParam.status, 200);
      const body = (await byParam.json()) as { urls: Record<string, string> };
      assert.equal(body.urls.rest, `${org.url}/services/data/v65.0/`);
      const v62 = (await api(org, `${path}?version=62.0`)).body as { urls: Record<string, string> };
      assert.equal(v62.urls.query, `${org.url}/services/data/v62.0/query/`);
      assert.equal((await fetch(`${org.url}${path}`)).status, 401);
      assert.equal((await fetch(`${org.url}${path}?oauth_token=nope`)).status, 401);
    });

    it("answers a partner user's own identity", async () => {
      const partner = userOf(org, 'partner');
      const identity = await connect(org, partner.accessToken ?? '').identity();
      assert.equal(identity.user_id, partner.userId);
    });
  });

  describe('If-Modified-Since on describes', () => {
    const describeAt = (path: string, since?: string) =>
      fetch(`${org.url}/services/data/v62.0/${path}`, {
        headers: {
          Authorization: `Bearer ${org.admin.accessToken}`,
          ...(since ? { 'If-Modified-Since': since } : {}),
        },
      });

    it('answers 304 with no body while the object is unchanged, and 200 once a deploy changes it', async () => {
      const first = await describeAt('sobjects/Account/describe');
      assert.equal(first.status, 200);
      const lastModified = first.headers.get('last-modified');
      assert.ok(lastModified);
      await first.text();

      const same = await describeAt('sobjects/Account/describe', lastModified);
      assert.equal(same.status, 304);
      assert.equal(await same.text(), '');
      const later = await describeAt('sobjects/Account/describe', 'Tue, 31 May 2099 18:00:00 GMT');
      assert.equal(later.status, 304);
      const earlier = await describeAt('sobjects/Account/describe', 'Wed, 3 Jul 2013 19:43:31 GMT');
      assert.equal(earlier.status, 200);
      assert.equal(((await earlier.json()) as { name: string }).name, 'Account');
      const unreadable = await describeAt('sobjects/Account/describe', 'yesterday');
      assert.equal(unreadable.status, 200);
      await unreadable.text();
      const global = await describeAt('sobjects');
      const globalModified = global.headers.get('last-modified') ?? '';
      await global.text();
      assert.equal((await describeAt('sobjects', globalModified)).status, 304);

      // A deploy adds a field to Account (in the same second: the local org's clock is pinned).
      const started = await conn.metadata.deploy(
        zip({
          'package.xml': packageXml({ CustomField: ['Account.Partner_Tier__c'] }),
          'objects/Account.object': `<?xml version="1.0" encoding="UTF-8"?>
<CustomObject xmlns="http://soap.sforce.com/2006/04/metadata">
    <fields>
        <fullName>Partner_Tier__c</fullName>
        <label>Partner Tier</label>
        <type>Text</type>
        <length>20</length>
    </fields>
</CustomObject>
`,
        }),
        { singlePackage: false },
      );
      const deadline = Date.now() + 20_000;
      for (;;) {
        const status = await conn.metadata.checkDeployStatus(started.id);
        if (status.done) {
          assert.equal(status.status, 'Succeeded');
          break;
        }
        assert.ok(Date.now() < deadline, 'deploy did not finish');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const changed = await describeAt('sobjects/Account/describe', lastModified);
      assert.equal(changed.status, 200);
      const fields = ((await changed.json()) as { fields: { name: string }[] }).fields;
      assert.ok(fields.some((f) => f.name === 'Partner_Tier__c'));
      const changedGlobal = await describeAt('sobjects', globalModified);
      assert.equal(changedGlobal.status, 200);
      await changedGlobal.text();
      // Contact did not change.
      const contact = await describeAt('sobjects/Contact/describe');
      const contactModified = contact.headers.get('last-modified') ?? '';
      await contact.text();
      assert.equal((await describeAt('sobjects/Contact/describe', contactModified)).status, 304);
    });

    it('leaves jsforce describes working', async () => {
      const described = await conn.sobject('Lead').describe();
      assert.equal(described.name, 'Lead');
    });
  });

  describe('POST with _HttpMethod=PATCH', () => {
    it('updates a record as PATCH does, as the REST guide documents', async () => {
      const created = (await conn.sobject('Account').create({ Name: 'Override Co' })) as {
        id: string;
      };
      const path = `/services/data/v62.0/sobjects/Account/${created.id}`;
      const overridden = await api(org, `${path}?_HttpMethod=PATCH`, {
        method: 'POST',
        body: JSON.stringify({ BillingCity: 'San Francisco' }),
      });
      assert.equal(overridden.status, 204);
      assert.equal(overridden.body, null);
      const account = (await conn.sobject('Account').retrieve(created.id)) as {
        BillingCity: string;
      };
      assert.equal(account.BillingCity, 'San Francisco');

      const plain = await api(org, path, { method: 'POST', body: JSON.stringify({ Name: 'X' }) });
      assert.equal(plain.status, 405);
      assert.deepEqual(plain.body, [
        {
          message: "HTTP Method 'POST' not allowed. Allowed are GET,PATCH,DELETE",
          errorCode: 'METHOD_NOT_ALLOWED',
        },
      ]);
      const failed = await api(org, `${path}?_HttpMethod=PATCH`, {
        method: 'POST',
        body: JSON.stringify({ Name: null }),
      });
      assert.equal(failed.status, 400);
      assert.equal((failed.body as { errorCode: string }[])[0].errorCode, 'REQUIRED_FIELD_MISSING');
    });
  });
});
