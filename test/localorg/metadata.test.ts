/**
 * The local org's Metadata API driven by jsforce over real HTTP: SOAP deploy, checkDeployStatus and
 * cancelDeploy, the REST deployRequest, and what a deploy makes part of the org.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Connection } from 'jsforce';
import type { RunningLocalOrg } from '../../localorg/main.ts';
import { componentExists, findComponent } from '../../localorg/metadata/org/deployedComponents.ts';
import { metadataService } from '../../localorg/metadata/service.ts';
import {
  LOG_OBJECT,
  apexClass,
  apexTrigger,
  logObject,
  lwcBundle,
  metaXml,
  packageXml,
  permissionSet,
  staticResource,
  zip,
} from './fixtures/metadata/packages.ts';
import type { Files } from './fixtures/metadata/packages.ts';
import { connect, startTestOrg, userOf } from '../support/org.ts';
import { Lockstep, waitFor } from '../support/wait.ts';

type DeployResult = Awaited<ReturnType<Connection['metadata']['checkDeployStatus']>>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls checkDeployStatus(id, true) until done, as jsforce's and SDR's pollers do. */
async function waitForDeploy(conn: Connection, id: string): Promise<DeployResult> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const result = await conn.metadata.checkDeployStatus(id, true);
    if (result.done) return result;
    if (Date.now() > deadline) throw new Error(`deploy ${id} still ${result.status}`);
    await sleep(20);
  }
}

async function deploy(
  conn: Connection,
  files: Files,
  options: Record<string, unknown> = {},
): Promise<DeployResult> {
  const started = await conn.metadata.deploy(zip(files), { singlePackage: false, ...options });
  return waitForDeploy(conn, started.id);
}

function failures(result: DeployResult) {
  return result.details.componentFailures;
}

const BAD_CLASS = 'public class Bad {\n    public void run() {\n        Integer i = ;\n    }\n}\n';

describe('Metadata API: deploy with jsforce', () => {
  let org: RunningLocalOrg;
  let conn: Connection;
  before(async () => {
    org = await startTestOrg({ seed: 'none' });
    conn = connect(org);
  });
  after(() => org.close());

  it('deploys a class, an LWC bundle with a template, a static resource and a custom object', async () => {
    const files: Files = {
      'package.xml': packageXml({
        ApexClass: ['LeadAssignmentService'],
        LightningComponentBundle: ['assignmentBadge'],
        StaticResource: ['RoutingVectors'],
        CustomObject: [LOG_OBJECT],
        CustomField: [
          `${LOG_OBJECT}.Note__c`,
          `${LOG_OBJECT}.Lead__c`,
          `${LOG_OBJECT}.Attempts__c`,
        ],
      }),
      ...apexClass('LeadAssignmentService'),
      ...lwcBundle('assignmentBadge', { css: ':host { display: block; }\n' }),
      ...staticResource('RoutingVectors', '{"cases":[]}', 'application/json'),
      ...logObject(),
    };
    const started = await conn.metadata.deploy(zip(files), { singlePackage: false });
    assert.match(started.id, /^0Af[0-9A-Za-z]{15}$/);
    assert.equal(started.done, false);
    assert.equal(started.state, 'Queued');

    const result = await waitForDeploy(conn, started.id);
    assert.deepEqual(failures(result), []);
    assert.equal(result.status, 'Succeeded');
    assert.equal(result.success, true);
    // Class, bundle, resource, object and its three fields.
    assert.equal(result.numberComponentsTotal, 7);
    assert.equal(result.numberComponentsDeployed, 7);
    assert.equal(result.numberComponentErrors, 0);
    assert.equal(result.numberTestsTotal, 0);
    assert.equal(result.checkOnly, false);
    assert.match(result.createdBy, /^005/);
    const successes = result.details.componentSuccesses.map((m) => [
      m.componentType,
      m.fullName,
      m.fileName,
      m.created,
    ]);
    assert.deepEqual(successes, [
      ['', 'package.xml', 'unpackaged/package.xml', false],
      ['CustomObject', LOG_OBJECT, `unpackaged/objects/${LOG_OBJECT}.object`, true],
      ['CustomField', `${LOG_OBJECT}.Note__c`, `unpackaged/objects/${LOG_OBJECT}.object`, true],
      ['CustomField', `${LOG_OBJECT}.Lead__c`, `unpackaged/objects/${LOG_OBJECT}.object`, true],
      ['CustomField', `${LOG_OBJECT}.Attempts__c`, `unpackaged/objects/${LOG_OBJECT}.object`, true],
      [
        'StaticResource',
        'RoutingVectors',
        'unpackaged/staticresources/RoutingVectors.resource',
        true,
      ],
      ['ApexClass', 'LeadAssignmentService', 'unpackaged/classes/LeadAssignmentService.cls', true],
      ['LightningComponentBundle', 'assignmentBadge', 'unpackaged/lwc/assignmentBadge', true],
    ]);
    const apex = result.details.componentSuccesses.find((m) => m.componentType === 'ApexClass');
    assert.match(apex?.id ?? '', /^01p/);

    const stored = findComponent(org.org.store, 'ApexClass', 'leadassignmentservice');
    assert.equal(stored?.fullName, 'LeadAssignmentService');
    assert.match(Buffer.from(stored!.body!).toString(), /class LeadAssignmentService/);
    assert.ok(componentExists(org.org.store, 'LightningComponentBundle', 'assignmentBadge'));
    assert.ok(componentExists(org.org.store, 'StaticResource', 'RoutingVectors'));

    // Deployed again unchanged: neither created nor changed.
    const again = await deploy(conn, files);
    const rerun = again.details.componentSuccesses.find((m) => m.componentType === 'ApexClass');
    assert.equal(rerun?.created, false);
    assert.equal(rerun?.changed, false);
    assert.equal(rerun?.id, apex?.id);
  });

  it('makes a deployed custom object a table that describe, DML and SOQL see', async () => {
    const describe = await conn.sobject(LOG_OBJECT).describe();
    assert.equal(describe.label, 'Lead Assignment Log');
    assert.equal(describe.custom, true);
    assert.match(describe.keyPrefix ?? '', /^a0/);
    const field = (name: string) => describe.fields.find((f) => f.name === name);
    assert.equal(field('Note__c')?.type, 'string');
    assert.equal(field('Note__c')?.length, 255);
    assert.deepEqual(field('Lead__c')?.referenceTo, ['Lead']);
    assert.equal(field('Lead__c')?.relationshipName, 'Lead__r');
    assert.equal(field('Attempts__c')?.type, 'double');
    assert.equal(field('Name')?.label, 'Log Name');
    const global = await conn.describeGlobal();
    assert.equal(global.sobjects.filter((o) => o.name === LOG_OBJECT).length, 1);
    const entity = await conn.query<{ DeveloperName: string; KeyPrefix: string }>(
      `SELECT DeveloperName, KeyPrefix FROM EntityDefinition WHERE QualifiedApiName = '${LOG_OBJECT}'`,
    );
    assert.deepEqual(
      entity.records.map((r) => [r.DeveloperName, r.KeyPrefix]),
      [['Lead_Assignment_Log', describe.keyPrefix]],
    );

    const lead = await conn.sobject('Lead').create({ LastName: 'Okafor', Company: 'Acme' });
    assert.ok(lead.success);
    const log = await conn
      .sobject(LOG_OBJECT)
      .create({ Name: 'first', Note__c: 'routed', Lead__c: lead.id, Attempts__c: 2 });
    assert.ok(log.success);
    const rows = await conn.query<{
      Name: string;
      Note__c: string;
      Attempts__c: number;
      Lead__r: { LastName: string };
    }>(
      `SELECT Name, Note__c, Attempts__c, Lead__r.LastName FROM ${LOG_OBJECT} WHERE Note__c = 'routed'`,
    );
    assert.equal(rows.totalSize, 1);
    assert.equal(rows.records[0].Lead__r.LastName, 'Okafor');
    assert.equal(rows.records[0].Attempts__c, 2);

    // A later deploy adds a field to the existing object and a custom field to a standard object.
    const lead2 = `<?xml version="1.0" encoding="UTF-8"?>
<CustomObject xmlns="http://soap.sforce.com/2006/04/metadata">
    <fields>
        <fullName>Partner_Tier__c</fullName>
        <label>Partner Tier</label>
        <type>Picklist</type>
        <valueSet><valueSetDefinition>
            <value><fullName>Gold</fullName><default>false</default><label>Gold</label></value>
            <value><fullName>Silver</fullName><default>false</default><label>Silver</label></value>
        </valueSetDefinition></valueSet>
    </fields>
</CustomObject>
`;
    const result = await deploy(conn, {
      'package.xml': packageXml({
        CustomField: ['Lead.Partner_Tier__c', `${LOG_OBJECT}.Reason__c`],
      }),
      'objects/Lead.object': lead2,
      ...logObject(
        '\n    <fields>\n        <fullName>Reason__c</fullName>\n        <label>Reason</label>\n        <type>TextArea</type>\n    </fields>',
      ),
    });
    assert.deepEqual(failures(result), []);
    assert.equal(result.status, 'Succeeded');
    assert.deepEqual(result.details.componentSuccesses.map((m) => m.fullName).sort(), [
      'Lead.Partner_Tier__c',
      `${LOG_OBJECT}.Reason__c`,
      'package.xml',
    ]);
    const leadDescribe = await conn.sobject('Lead').describe();
    const tier = leadDescribe.fields.find((f) => f.name === 'Partner_Tier__c');
    assert.deepEqual(
      tier?.picklistValues?.map((v) => v.value),
      ['Gold', 'Silver'],
    );
    await conn.sobject('Lead').update({ Id: lead.id, Partner_Tier__c: 'Gold' });
    const tiered = await conn.query(`SELECT Id FROM Lead WHERE Partner_Tier__c = 'Gold'`);
    assert.equal(tiered.totalSize, 1);
    const withReason = await conn.query(`SELECT Reason__c, Note__c FROM ${LOG_OBJECT}`);
    assert.equal(withReason.totalSize, 1);
  });

  it('fails a broken Apex class naming classes/Bad.cls, its line and column, and saves nothing', async () => {
    const result = await deploy(conn, {
      'package.xml': packageXml({ ApexClass: ['Bad', 'GoodNeighbour'] }),
      ...apexClass('Bad', BAD_CLASS),
      ...apexClass('GoodNeighbour'),
    });
    assert.equal(result.status, 'Failed');
    assert.equal(result.success, false);
    assert.equal(result.rollbackOnError, true);
    assert.equal(result.numberComponentErrors, 1);
    assert.equal(result.numberComponentsDeployed, 1);
    assert.equal(result.numberComponentsTotal, 2);
    const [failure] = failures(result);
    assert.equal(failure.componentType, 'ApexClass');
    assert.equal(failure.fullName, 'Bad');
    assert.equal(failure.fileName, 'unpackaged/classes/Bad.cls');
    assert.equal(failure.lineNumber, 3);
    assert.equal(failure.columnNumber, 21);
    assert.equal(failure.problem, "Unexpected token ';'.");
    assert.equal(failure.problemType, 'Error');
    assert.equal(failure.success, false);
    // rollbackOnError: the good class was validated but not saved.
    assert.ok(result.details.componentSuccesses.some((m) => m.fullName === 'GoodNeighbour'));
    assert.equal(componentExists(org.org.store, 'ApexClass', 'GoodNeighbour'), false);
  });

  it('fails a broken LWC template naming the .html file and its line', async () => {
    const result = await deploy(conn, {
      'package.xml': packageXml({ LightningComponentBundle: ['badTemplate'] }),
      ...lwcBundle('badTemplate', {
        html: '<template>\n    <div>\n        <p onclick="{handleClick}">Hi</p>\n    </div>\n</template>\n',
      }),
    });
    assert.equal(result.status, 'Failed');
    const [failure] = failures(result);
    assert.equal(failure.componentType, 'LightningComponentBundle');
    assert.equal(failure.fullName, 'badTemplate');
    assert.equal(failure.fileName, 'unpackaged/lwc/badTemplate/badTemplate.html');
    assert.equal(failure.lineNumber, 3);
    assert.equal(failure.columnNumber, 12);
    assert.match(failure.problem ?? '', /^\[Line: 3, Col: 12\] LWC1034: Ambiguous attribute value/);
  });

  it('compiles LWC JavaScript and CSS and checks the references the platform resolves', async () => {
    const result = await deploy(conn, {
      'package.xml': packageXml({
        LightningComponentBundle: ['badJs', 'badCss', 'badRefs', 'noMeta'],
      }),
      ...lwcBundle('badJs', {
        js: "import { LightningElement } from 'lwc';\nexport default class BadJs extends LightningElement {\n    go( {\n}\n",
      }),
      ...lwcBundle('badCss', { css: ':host {\n    color: red;\n' }),
      ...lwcBundle('badRefs', {
        js: [
          "import { LightningElement } from 'lwc';",
          "import missing from '@salesforce/apex/NoSuchClass.run';",
          "import noMethod from '@salesforce/apex/LeadAssignmentService.nothing';",
          "import NOTE from '@salesforce/schema/Lead_Assignment_Log__c.Missing__c';",
          "import LOGO from '@salesforce/resourceUrl/NoLogo';",
          "import helper from 'c/noSuchComponent';",
          'export default class BadRefs extends LightningElement {}',
          '',
        ].join('\n'),
      }),
      [`lwc/noMeta/noMeta.js`]:
        "import { LightningElement } from 'lwc';\nexport default class NoMeta extends LightningElement {}\n",
    });
    assert.equal(result.status, 'Failed');
    const byFile = failures(result).map((f) => [f.fileName, f.lineNumber ?? null, f.problem]);
    assert.deepEqual(byFile, [
      ['unpackaged/lwc/badCss/badCss.css', 1, '[Line: 1, Col: 1] LWC1009: Unclosed block'],
      [
        'unpackaged/lwc/badJs/badJs.js',
        5,
        '[Line: 5, Col: 1] LWC1007: Unexpected token, expected ","',
      ],
      [
        'unpackaged/lwc/badRefs/badRefs.js',
        2,
        "Unable to find Apex action class referenced as 'NoSuchClass'.",
      ],
      [
        'unpackaged/lwc/badRefs/badRefs.js',
        3,
        "Unable to find Apex action method referenced as 'LeadAssignmentService.nothing'.",
      ],
      [
        'unpackaged/lwc/badRefs/badRefs.js',
        4,
        'Invalid reference Lead_Assignment_Log__c.Missing__c of type sobjectField in file badRefs.js',
      ],
      [
        'unpackaged/lwc/badRefs/badRefs.js',
        5,
        'Invalid reference NoLogo of type resourceUrl in file badRefs.js',
      ],
      [
        'unpackaged/lwc/badRefs/badRefs.js',
        6,
        'Invalid reference c/noSuchComponent of type module in file badRefs.js',
      ],
      [
        'unpackaged/lwc/noMeta/noMeta.js-meta.xml',
        null,
        'Missing file lwc/noMeta/noMeta.js-meta.xml',
      ],
    ]);
    assert.equal(result.numberComponentErrors, 4);
  });

  it('checkOnly validates everything and saves nothing', async () => {
    const result = await deploy(
      conn,
      {
        'package.xml': packageXml({
          ApexClass: ['CheckOnlyClass'],
          CustomObject: ['Check_Only__c'],
        }),
        ...apexClass('CheckOnlyClass'),
        'objects/Check_Only__c.object': metaXml(
          'CustomObject',
          '<label>Check Only</label>\n    <nameField><label>Name</label><type>Text</type></nameField>\n    <pluralLabel>Check Onlys</pluralLabel>\n    <sharingModel>ReadWrite</sharingModel>',
        ),
      },
      { checkOnly: true },
    );
    assert.equal(result.status, 'Succeeded');
    assert.equal(result.checkOnly, true);
    assert.equal(result.numberComponentsDeployed, 2);
    assert.equal(componentExists(org.org.store, 'ApexClass', 'CheckOnlyClass'), false);
    const global = await conn.describeGlobal();
    assert.equal(
      global.sobjects.some((o) => o.name === 'Check_Only__c'),
      false,
    );
    await assert.rejects(async () => conn.query('SELECT Id FROM Check_Only__c'), {
      name: 'INVALID_TYPE',
    });
  });

  it('rollbackOnError=false saves the good components and reports SucceededPartial', async () => {
    const result = await deploy(
      conn,
      {
        'package.xml': packageXml({
          ApexClass: ['Bad', 'PartialGood'],
          StaticResource: ['PartialLogo'],
        }),
        ...apexClass('Bad', BAD_CLASS),
        ...apexClass('PartialGood'),
        ...staticResource('PartialLogo', 'logo'),
      },
      { rollbackOnError: false },
    );
    assert.equal(result.status, 'SucceededPartial');
    assert.equal(result.rollbackOnError, false);
    assert.equal(result.numberComponentsDeployed, 2);
    assert.equal(result.numberComponentErrors, 1);
    assert.equal(failures(result)[0].fileName, 'unpackaged/classes/Bad.cls');
    assert.ok(componentExists(org.org.store, 'ApexClass', 'PartialGood'));
    assert.ok(componentExists(org.org.store, 'StaticResource', 'PartialLogo'));
    assert.equal(componentExists(org.org.store, 'ApexClass', 'Bad'), false);
  });

  it('checks permission set references against the org and the same deploy', async () => {
    const grant = {
      goodClass: `<classAccesses><apexClass>LeadAssignmentService</apexClass><enabled>true</enabled></classAccesses>`,
      badClass: `<classAccesses><apexClass>MissingController</apexClass><enabled>true</enabled></classAccesses>`,
      goodField: `<fieldPermissions><editable>true</editable><field>${LOG_OBJECT}.Note__c</field><readable>true</readable></fieldPermissions>`,
      badField: `<fieldPermissions><editable>true</editable><field>Lead.Missing__c</field><readable>true</readable></fieldPermissions>`,
      badObject: `<objectPermissions><allowRead>true</allowRead><object>Missing_Object__c</object></objectPermissions>`,
      sameDeploy: `<objectPermissions><allowRead>true</allowRead><object>Same_Deploy__c</object></objectPermissions>`,
    };
    const sameDeployObject = metaXml(
      'CustomObject',
      '<label>Same Deploy</label>\n    <nameField><label>Name</label><type>Text</type></nameField>\n    <pluralLabel>Same Deploys</pluralLabel>\n    <sharingModel>ReadWrite</sharingModel>',
    );
    const files = (...grants: string[]): Files => ({
      'package.xml': packageXml({
        PermissionSet: ['Channel_Manager'],
        CustomObject: ['Same_Deploy__c'],
      }),
      ...permissionSet('Channel_Manager', grants.join('\n    ')),
      'objects/Same_Deploy__c.object': sameDeployObject,
    });
    const bad = files(...Object.values(grant));
    const source = String(bad['permissionsets/Channel_Manager.permissionset']);
    const lineOf = (name: string) =>
      source.slice(0, source.indexOf(`>${name}<`)).split('\n').length;
    const result = await deploy(conn, bad);
    assert.equal(result.status, 'Failed');
    assert.deepEqual(
      failures(result).map((f) => [f.componentType, f.fullName, f.lineNumber, f.problem]),
      [
        [
          'PermissionSet',
          'Channel_Manager',
          lineOf('Missing_Object__c'),
          'In field: object - no CustomObject named Missing_Object__c found',
        ],
        [
          'PermissionSet',
          'Channel_Manager',
          lineOf('Lead.Missing__c'),
          'In field: field - no CustomField named Lead.Missing__c found',
        ],
        [
          'PermissionSet',
          'Channel_Manager',
          lineOf('MissingController'),
          'In field: apexClass - no ApexClass named MissingController found',
        ],
      ],
    );
    // The object in the same deploy resolved: only the three missing references failed.
    assert.ok(result.details.componentSuccesses.some((m) => m.fullName === 'Same_Deploy__c'));

    const good = await deploy(conn, files(grant.goodClass, grant.goodField, grant.sameDeploy));
    assert.deepEqual(failures(good), []);
    assert.equal(good.status, 'Succeeded');
    const records = await conn.query<{ Id: string; Label: string }>(
      `SELECT Id, Label FROM PermissionSet WHERE Name = 'Channel_Manager'`,
    );
    assert.equal(records.records[0].Label, 'Channel Manager');
    const success = good.details.componentSuccesses.find(
      (m) => m.componentType === 'PermissionSet',
    );
    assert.equal(success?.id, records.records[0].Id);
  });

  it('matches package.xml members to the files in the zip', async () => {
    const result = await deploy(conn, {
      'package.xml': packageXml({ ApexClass: ['*', 'Ghost'], Gadget: ['Thing'] }),
      ...apexClass('WildOne'),
      ...apexClass('WildTwo'),
    });
    assert.equal(result.status, 'Failed');
    assert.deepEqual(
      failures(result).map((f) => [f.componentType, f.fullName, f.fileName, f.problem]),
      [
        [
          'ApexClass',
          'Ghost',
          'unpackaged/package.xml',
          "An object 'Ghost' of type ApexClass was named in package.xml, but was not found in zipped directory",
        ],
        [
          'Gadget',
          'Gadget',
          'unpackaged/package.xml',
          "Unknown type name 'Gadget' specified in package.xml",
        ],
      ],
    );
    assert.deepEqual(
      result.details.componentSuccesses.map((m) => m.fullName),
      ['package.xml', 'WildOne', 'WildTwo'],
    );

    const noManifest = await deploy(conn, apexClass('Orphan'));
    assert.equal(noManifest.status, 'Failed');
    assert.equal(failures(noManifest)[0].problem, 'No package.xml found');

    const malformedMeta = await deploy(conn, {
      'package.xml': packageXml({ ApexClass: ['Malformed'] }),
      'classes/Malformed.cls': 'public class Malformed {}\n',
      'classes/Malformed.cls-meta.xml':
        '<?xml version="1.0" encoding="UTF-8"?>\n<ApexClass xmlns="http://soap.sforce.com/2006/04/metadata">\n    <apiVersion>65.0</apiVersion>\n</ApexClas>\n',
    });
    const [meta] = failures(malformedMeta);
    assert.equal(meta.fileName, 'unpackaged/classes/Malformed.cls-meta.xml');
    assert.equal(meta.lineNumber, 4);
    assert.match(meta.problem ?? '', /malformed XML/);

    const misnamed = await deploy(conn, {
      'package.xml': packageXml({ ApexClass: ['Misnamed'] }),
      ...apexClass('Misnamed', 'public class Renamed {\n}\n'),
    });
    assert.equal(
      failures(misnamed)[0].problem,
      'The class name Renamed does not match the file name Misnamed',
    );
    assert.equal(failures(misnamed)[0].lineNumber, 1);
    assert.equal(failures(misnamed)[0].columnNumber, 14);
  });

  it('checks Apex triggers: syntax, name, and the object they fire on', async () => {
    const result = await deploy(conn, {
      'package.xml': packageXml({ ApexTrigger: ['*'] }),
      ...apexTrigger('LogTrigger', `trigger LogTrigger on ${LOG_OBJECT} (before insert) {\n}\n`),
      ...apexTrigger(
        'GhostTrigger',
        'trigger GhostTrigger on No_Such_Object__c (after update) {\n}\n',
      ),
      ...apexTrigger('Renamed', 'trigger Other on Lead (before update) {\n}\n'),
      ...apexTrigger(
        'Broken',
        'trigger Broken on Lead (before update) {\n    if (true {\n    }\n}\n',
      ),
    });
    assert.equal(result.status, 'Failed');
    assert.deepEqual(
      failures(result).map((f) => [f.fullName, f.lineNumber, f.columnNumber, f.problem]),
      [
        ['Broken', 2, 14, "Missing ')' at '{'."],
        ['GhostTrigger', 1, 25, 'Invalid SObject type name: No_Such_Object__c'],
        ['Renamed', 1, 9, 'The trigger name Other does not match the file name Renamed'],
      ],
    );
    assert.deepEqual(
      result.details.componentSuccesses.map((m) => [m.componentType, m.fullName]),
      [
        ['', 'package.xml'],
        ['ApexTrigger', 'LogTrigger'],
      ],
    );
  });

  it('deletes what destructiveChanges.xml names; a component the org lacks is a warning', async () => {
    const added = await deploy(conn, {
      'package.xml': packageXml({ ApexClass: ['Doomed'], CustomField: ['Lead.Doomed__c'] }),
      ...apexClass('Doomed'),
      'objects/Lead.object': metaXml(
        'CustomObject',
        '<fields>\n        <fullName>Doomed__c</fullName>\n        <label>Doomed</label>\n        <length>20</length>\n        <type>Text</type>\n    </fields>',
      ),
    });
    assert.equal(added.status, 'Succeeded');
    const destructive = {
      'package.xml': packageXml({}),
      'destructiveChanges.xml': packageXml({
        ApexClass: ['Doomed'],
        CustomField: ['Lead.Doomed__c'],
      }),
    };
    const removed = await deploy(conn, destructive);
    assert.deepEqual(failures(removed), []);
    assert.equal(removed.status, 'Succeeded');
    assert.deepEqual(
      removed.details.componentSuccesses
        .filter((m) => m.deleted)
        .map((m) => [m.componentType, m.fullName]),
      [
        ['ApexClass', 'Doomed'],
        ['CustomField', 'Lead.Doomed__c'],
      ],
    );
    assert.equal(componentExists(org.org.store, 'ApexClass', 'Doomed'), false);
    const leadFields = (await conn.sobject('Lead').describe()).fields.map((f) => f.name);
    assert.ok(!leadFields.includes('Doomed__c'));
    assert.ok(leadFields.includes('Partner_Tier__c'));

    const again = await deploy(conn, destructive);
    assert.equal(again.status, 'Failed');
    assert.deepEqual(
      failures(again).map((f) => [f.componentType, f.fullName, f.problemType, f.problem]),
      [
        ['ApexClass', 'destructiveChanges.xml', 'Warning', 'No ApexClass named: Doomed found'],
        [
          'CustomField',
          'destructiveChanges.xml',
          'Warning',
          'No CustomField named: Lead.Doomed__c found',
        ],
      ],
    );
    const ignored = await deploy(conn, destructive, { ignoreWarnings: true });
    assert.equal(ignored.status, 'Succeeded');
  });

  it('refuses a destructive manifest with an unknown type or a wildcard, and a permission set still assigned', async () => {
    const added = await deploy(conn, {
      'package.xml': packageXml({ PermissionSet: ['Doomed_Access'] }),
      ...permissionSet('Doomed_Access', ''),
    });
    assert.equal(added.status, 'Succeeded');
    const deletion = (types: Record<string, string[]>) => ({
      'package.xml': packageXml({}),
      'destructiveChanges.xml': packageXml(types),
    });

    const bad = await deploy(conn, deletion({ No_Such_Type: ['X'], PermissionSet: ['*'] }));
    assert.equal(bad.status, 'Failed');
    assert.deepEqual(
      failures(bad).map((f) => [f.componentType, f.fullName, f.problem]),
      [
        [
          'No_Such_Type',
          'No_Such_Type',
          "Unknown type name 'No_Such_Type' specified in destructiveChanges.xml",
        ],
        ['PermissionSet', '*', 'The wildcard * cannot be used in destructiveChanges.xml'],
      ],
    );

    const [set] = (
      await conn.query<{ Id: string }>("SELECT Id FROM PermissionSet WHERE Name = 'Doomed_Access'")
    ).records;
    const assignment = await conn.sobject('PermissionSetAssignment').create({
      AssigneeId: org.admin.userId,
      PermissionSetId: set.Id,
    });
    assert.ok(assignment.success);
    const assigned = await deploy(conn, deletion({ PermissionSet: ['Doomed_Access'] }));
    assert.equal(assigned.status, 'Failed');
    assert.deepEqual(
      failures(assigned).map((f) => [f.componentType, f.fullName, f.problem]),
      [
        [
          'PermissionSet',
          'Doomed_Access',
          'The permission set Doomed_Access is assigned to users: remove the assignments first',
        ],
      ],
    );
    assert.ok(componentExists(org.org.store, 'PermissionSet', 'Doomed_Access'));

    await conn.sobject('PermissionSetAssignment').destroy(assignment.id);
    const removed = await deploy(conn, deletion({ PermissionSet: ['Doomed_Access'] }));
    assert.equal(removed.status, 'Succeeded', JSON.stringify(failures(removed)));
    assert.equal(componentExists(org.org.store, 'PermissionSet', 'Doomed_Access'), false);
    const left = await conn.query("SELECT Id FROM PermissionSet WHERE Name = 'Doomed_Access'");
    assert.equal(left.totalSize, 0, 'the PermissionSet record is gone too');
  });

  it('reports progress asynchronously and cancels a running deploy', async () => {
    const deployer = metadataService(org.org).deployer;
    const steps = new Lockstep();
    deployer.stepGate = steps.gate;
    try {
      const files: Files = { 'package.xml': packageXml({ ApexClass: ['*'] }) };
      for (const name of ['SlowOne', 'SlowTwo', 'SlowThree', 'SlowFour'])
        Object.assign(files, apexClass(name));
      const started = await conn.metadata.deploy(zip(files), { singlePackage: false });
      assert.equal(started.state, 'Queued');
      // The start and two components; the deploy then waits before the third.
      steps.release(3);
      const progress = await waitFor('two of four components deployed', async () => {
        const status = await conn.metadata.checkDeployStatus(started.id, false);
        return status.numberComponentsDeployed === 2 && status;
      });
      assert.equal(progress.status, 'InProgress');
      assert.equal(progress.done, false);
      assert.equal(progress.numberComponentsTotal, 4);

      const cancel = await conn.metadata.cancelDeploy(started.id);
      assert.equal(cancel.id, started.id);
      steps.open();
      const final = await waitForDeploy(conn, started.id);
      assert.equal(final.status, 'Canceled');
      assert.equal(final.numberComponentsDeployed, 2);
      assert.match(final.canceledBy ?? '', /^005/);
      assert.equal(componentExists(org.org.store, 'ApexClass', 'SlowOne'), false);
    } finally {
      steps.open();
      deployer.stepGate = null;
    }
  });

  it('records testLevel and runTests and runs the named test class', async () => {
    const test =
      "@IsTest\nprivate class TestedClassTest {\n    @IsTest\n    static void greets() {\n        System.assertEquals('Hello Ada', TestedClass.greet('Ada'));\n    }\n}\n";
    const files = {
      'package.xml': packageXml({ ApexClass: ['TestedClass', 'TestedClassTest'] }),
      ...apexClass('TestedClass'),
      ...apexClass('TestedClassTest', test),
    };
    const result = await deploy(conn, files, {
      testLevel: 'RunSpecifiedTests',
      runTests: ['TestedClassTest'],
      checkOnly: true,
    });
    assert.equal(result.status, 'Succeeded');
    assert.equal(result.runTestsEnabled, true);
    assert.equal(result.numberTestsTotal, 1);
    assert.equal(result.details.runTestResult?.numTestsRun, 1);
    const rest = await conn.request<{ deployOptions: { testLevel: string; runTests: string[] } }>(
      `/services/data/v62.0/metadata/deployRequest/${result.id}`,
    );
    assert.equal(rest.deployOptions.testLevel, 'RunSpecifiedTests');
    assert.deepEqual(rest.deployOptions.runTests, ['TestedClassTest']);

    const unknown = await deploy(conn, files, {
      testLevel: 'RunSpecifiedTests',
      runTests: ['NoSuchTest'],
      checkOnly: true,
    });
    assert.equal(unknown.status, 'Failed');
    assert.equal(unknown.errorStatusCode, 'INVALID_INPUT');
    assert.match(unknown.errorMessage ?? '', /This class name's value is invalid: NoSuchTest\./);
  });

  it('serves the REST deploy (deployRequest) with the same validation', async () => {
    const files: Files = {
      'package.xml': packageXml({ ApexClass: ['RestDeployed', 'Bad'] }),
      ...apexClass('RestDeployed'),
      ...apexClass('Bad', BAD_CLASS),
    };
    const locator = conn.metadata.deployRest(zip(files, ''), {
      rollbackOnError: false,
      singlePackage: true,
    });
    const started = await locator;
    assert.match(started.id, /^0Af/);
    const result = await waitFor(`deploy ${started.id} done`, async () => {
      const status = await conn.metadata.checkDeployStatus(started.id, true, true);
      return status.done && status;
    });
    assert.equal(result.status, 'SucceededPartial');
    assert.equal(result.numberComponentsDeployed, 1);
    const [failure] = result.details.componentFailures;
    assert.equal(failure.fileName, 'classes/Bad.cls');
    assert.equal(failure.lineNumber, 3);
    assert.ok(componentExists(org.org.store, 'ApexClass', 'RestDeployed'));
  });
});

describe('Metadata API: SOAP envelope, faults and sessions', () => {
  let org: RunningLocalOrg;
  before(async () => {
    // The demo org without leads: it has channel managers, who may not use the Metadata API.
    org = await startTestOrg({ seed: 'leads=0' });
  });
  after(() => org.close());

  const envelope = (session: string, body: string) =>
    '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">' +
    `<soapenv:Header xmlns="http://soap.sforce.com/2006/04/metadata"><SessionHeader><sessionId>${session}</sessionId></SessionHeader></soapenv:Header>` +
    `<soapenv:Body xmlns="http://soap.sforce.com/2006/04/metadata">${body}</soapenv:Body></soapenv:Envelope>`;
  const post = async (path: string, xml: string) => {
    const response = await fetch(org.url + path, {
      method: 'POST',
      headers: { 'Content-Type': 'text/xml', SOAPAction: '""' },
      body: xml,
    });
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      text: await response.text(),
    };
  };

  it('answers with prefixed Envelope and Body, namespaces on the Envelope', async () => {
    const body = `<deploy><ZipFile>${zip({ 'package.xml': packageXml({}) }).toString('base64')}</ZipFile><DeployOptions><singlePackage>false</singlePackage></DeployOptions></deploy>`;
    const res = await post('/services/Soap/m/65.0', envelope(org.admin.accessToken, body));
    assert.equal(res.status, 200);
    assert.equal(res.type, 'text/xml;charset=UTF-8');
    assert.match(
      res.text,
      /^<\?xml version="1\.0" encoding="UTF-8"\?><soapenv:Envelope xmlns:soapenv="http:\/\/schemas\.xmlsoap\.org\/soap\/envelope\/" xmlns="http:\/\/soap\.sforce\.com\/2006\/04\/metadata"><soapenv:Body><deployResponse><result><done>false<\/done><id>0Af[0-9A-Za-z]{15}<\/id><state>Queued<\/state><\/result><\/deployResponse><\/soapenv:Body><\/soapenv:Envelope>$/,
    );
  });

  it('faults on a bad session exactly as wire.md shows, and jsforce raises INVALID_SESSION_ID', async () => {
    const res = await post(
      '/services/Soap/m/62.0',
      envelope(
        '00D000000000001!AQbogus',
        '<checkDeployStatus><asyncProcessId>0Af000000000001AAA</asyncProcessId></checkDeployStatus>',
      ),
    );
    assert.equal(res.status, 500);
    assert.equal(res.type, 'text/xml;charset=UTF-8');
    assert.match(
      res.text,
      /<soapenv:Body><soapenv:Fault><faultcode>sf:INVALID_SESSION_ID<\/faultcode><faultstring>INVALID_SESSION_ID: Invalid Session ID found in SessionHeader: Illegal Session<\/faultstring><\/soapenv:Fault><\/soapenv:Body>/,
    );

    const bad = new Connection({
      instanceUrl: org.url,
      accessToken: '00D000000000001!AQexpired',
      version: '62.0',
    });
    await assert.rejects(
      async () => bad.metadata.deploy(zip({ 'package.xml': packageXml({}) }), {}),
      (error: Error) => {
        assert.equal(error.name, 'sf:INVALID_SESSION_ID');
        assert.match(error.message, /^INVALID_SESSION_ID: /);
        return true;
      },
    );

    // The 500 + INVALID_SESSION_ID fault makes jsforce refresh the session and retry.
    let refreshed = 0;
    const refreshing = new Connection({
      instanceUrl: org.url,
      accessToken: '00D000000000001!AQexpired',
      version: '62.0',
      refreshFn: (_conn, callback) => {
        refreshed++;
        callback(null, org.admin.accessToken);
      },
    });
    const started = await refreshing.metadata.deploy(zip({ 'package.xml': packageXml({}) }), {});
    assert.match(started.id, /^0Af/);
    assert.equal(refreshed, 1);
  });

  it('faults on unknown operations, bad Ids, unsupported versions and non-admin users', async () => {
    const token = org.admin.accessToken;
    const unknown = await post('/services/Soap/m/65.0', envelope(token, '<frobnicate/>'));
    assert.equal(unknown.status, 500);
    assert.match(
      unknown.text,
      /<faultcode>soapenv:Client<\/faultcode><faultstring>No operation available for request \{http:\/\/soap\.sforce\.com\/2006\/04\/metadata\}frobnicate<\/faultstring>/,
    );
    const unserved = await post('/services/Soap/m/65.0', envelope(token, '<describeMetadata/>'));
    assert.match(unserved.text, /<faultcode>sf:UNKNOWN_EXCEPTION<\/faultcode>/);
    assert.match(unserved.text, /does not serve the Metadata API call describeMetadata/);
    const badId = await post(
      '/services/Soap/m/65.0',
      envelope(
        token,
        '<checkDeployStatus><asyncProcessId>001000000000001AAA</asyncProcessId></checkDeployStatus>',
      ),
    );
    assert.match(badId.text, /<faultcode>sf:INVALID_ID_FIELD<\/faultcode>/);
    const version = await post('/services/Soap/m/99.0', envelope(token, '<checkDeployStatus/>'));
    assert.equal(version.status, 500);
    assert.match(version.text, /<faultcode>sf:UNSUPPORTED_API_VERSION<\/faultcode>/);
    const old = await post(
      '/services/Soap/m/31.0',
      envelope(
        token,
        '<checkDeployStatus><asyncProcessId>0Af000000000009AAA</asyncProcessId></checkDeployStatus>',
      ),
    );
    assert.match(old.text, /<faultcode>sf:INVALID_ID_FIELD<\/faultcode>/);
    const badOptions = await post(
      '/services/Soap/m/65.0',
      envelope(
        token,
        `<deploy><ZipFile>${zip({}).toString('base64')}</ZipFile><DeployOptions><testLevel>RunSpecifiedTests</testLevel></DeployOptions></deploy>`,
      ),
    );
    assert.match(badOptions.text, /RunSpecifiedTests test level requires at least one test class/);
    const manager = userOf(org, 'channel-manager');
    const denied = await post(
      '/services/Soap/m/65.0',
      envelope(manager.accessToken!, '<cancelDeploy><id>0Af000000000001AAA</id></cancelDeploy>'),
    );
    assert.equal(denied.status, 500);
    assert.match(denied.text, /<faultcode>sf:INSUFFICIENT_ACCESS<\/faultcode>/);
  });

  it('fails a deploy whose zip cannot be read', async () => {
    const conn = connect(org);
    const started = await conn.metadata.deploy(Buffer.from('not a zip at all'), {});
    const result = await waitForDeploy(conn, started.id);
    assert.equal(result.status, 'Failed');
    assert.equal(result.errorStatusCode, 'INVALID_ZIP');
  });
});

describe('Metadata API: what is deployed stays in the org', () => {
  it('keeps deployed components and custom objects across a restart', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'lo-metadata-'));
    try {
      let org = await startTestOrg({ memory: false, dataDir, seed: 'none' });
      try {
        const result = await deploy(connect(org), {
          'package.xml': packageXml({ ApexClass: ['Survivor'], CustomObject: [LOG_OBJECT] }),
          ...apexClass('Survivor'),
          ...logObject(),
        });
        assert.equal(result.status, 'Succeeded');
        await connect(org).sobject(LOG_OBJECT).create({ Name: 'kept', Note__c: 'across restarts' });
      } finally {
        await org.close();
      }
      org = await startTestOrg({ memory: false, dataDir, seed: 'none' });
      try {
        const conn = connect(org);
        assert.ok(componentExists(org.org.store, 'ApexClass', 'Survivor'));
        const rows = await conn.query<{ Note__c: string }>(`SELECT Note__c FROM ${LOG_OBJECT}`);
        assert.equal(rows.records[0].Note__c, 'across restarts');
        const describe = await conn.sobject(LOG_OBJECT).describe();
        assert.ok(describe.fields.some((f) => f.name === 'Lead__c'));
      } finally {
        await org.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
