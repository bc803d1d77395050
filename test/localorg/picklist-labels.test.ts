/**
 * Deployed picklist values keep their labels, as in an org: REST describe and Apex's
 * Schema.PicklistEntry.getLabel() give each value the <label> of the field's file, while the
 * value stays its API name. Checked on the package's Lead_Assignment_Log__c.Decline_Reason__c,
 * through describe and through the partner lead inbox's decline reasons (read in Apex).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { XMLParser } from 'fast-xml-parser';
import type { RunningLocalOrg } from '../../localorg/main.ts';
import type { InboxPage } from '../../types/partnerLeadInbox.d.ts';
import { FORCE_APP, connect, startTestOrg, userOf } from '../support/org.ts';

const FIELD_FILE = join(
  FORCE_APP,
  'main/default/objects/Lead_Assignment_Log__c/fields/Decline_Reason__c.field-meta.xml',
);

/** [value, label] of each value in the field's file. */
function labelsInFile(): [string, string][] {
  const xml = new XMLParser({ isArray: (name) => name === 'value' }).parse(
    readFileSync(FIELD_FILE, 'utf8'),
  ) as {
    CustomField: {
      valueSet: { valueSetDefinition: { value: { fullName: string; label: string }[] } };
    };
  };
  return xml.CustomField.valueSet.valueSetDefinition.value.map((v) => [v.fullName, v.label]);
}

let org: RunningLocalOrg;

before(async () => {
  org = await startTestOrg({ deploy: [FORCE_APP] });
});

after(async () => {
  await org?.close();
});

test('describe gives each deployed picklist value its label', async () => {
  const expected = labelsInFile();
  assert.ok(
    expected.some(([value, label]) => value !== label),
    'the file labels its values',
  );
  const describe = await connect(org).sobject('Lead_Assignment_Log__c').describe();
  const field = describe.fields.find((f) => f.name === 'Decline_Reason__c');
  assert.deepEqual(
    field?.picklistValues?.map((v) => [v.value, v.label]),
    expected,
  );
});

test("Apex's PicklistEntry.getLabel() gives the same labels (the inbox's decline reasons)", async () => {
  const partner = userOf(org, 'partner');
  const response = await fetch(`${org.url}/localorg/apex/PartnerLeadInboxController/getInbox`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${org.tokenFor(partner.username)}`,
      'Content-Type': 'application/json',
    },
    body: JSON.stringify({ request: { pageSize: 1 } }),
  });
  const page = (await response.json()) as InboxPage;
  assert.equal(response.status, 200, JSON.stringify(page));
  assert.deepEqual(
    page.declineReasons.map((o) => [o.value, o.label]),
    labelsInFile(),
  );
});
