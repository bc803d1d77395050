/**
 * The Metadata API's retrieve, checkRetrieveStatus and listMetadata driven by jsforce (and raw
 * SOAP where jsforce hides a shape): what deploys left comes back byte for byte, objects are
 * composed from their deployed children and the catalogue's standard objects, and members the org
 * lacks are messages, as localorg/metadata/retrieve/retriever.ts documents.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { strFromU8, unzipSync } from 'fflate';
import type { Connection } from 'jsforce';
import type { RunningLocalOrg } from '../../localorg/main.ts';
import { metadataService } from '../../localorg/metadata/service.ts';
import {
  LOG_OBJECT,
  apexClass,
  logObject,
  lwcBundle,
  metaXml,
  packageXml,
  staticResource,
  zip,
} from './fixtures/metadata/packages.ts';
import type { Files } from './fixtures/metadata/packages.ts';
import { connect, startTestOrg } from '../support/org.ts';
import { waitFor } from '../support/wait.ts';

type RetrieveResult = Awaited<ReturnType<Connection['metadata']['checkRetrieveStatus']>>;
interface Retrieved {
  result: RetrieveResult;
  files: Record<string, Uint8Array>;
}

const NS = 'http://soap.sforce.com/2006/04/metadata';
const list = <T>(value: T | T[] | undefined | null): T[] =>
  value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];

async function deploy(conn: Connection, files: Files): Promise<void> {
  const started = await conn.metadata.deploy(zip(files), { singlePackage: false });
  const result = await waitFor(`deploy ${started.id} done`, async () => {
    const status = await conn.metadata.checkDeployStatus(started.id, true);
    return status.done && status;
  });
  assert.equal(result.status, 'Succeeded', JSON.stringify(result.details));
}

/** retrieve() then checkRetrieveStatus() until done, as SDR polls; the zip unpacked. */
async function retrieve(conn: Connection, request: Record<string, unknown>): Promise<Retrieved> {
  const started = await conn.metadata.retrieve({ apiVersion: 65, ...request } as never);
  const result = await waitFor(`retrieve ${started.id} done`, async () => {
    const status = await conn.metadata.checkRetrieveStatus(started.id);
    return String(status.done) === 'true' && status;
  });
  const files = result.zipFile ? unzipSync(Buffer.from(result.zipFile, 'base64')) : {};
  return { result, files };
}

const unpackaged = (types: Record<string, string[]>) => ({
  unpackaged: { types: Object.entries(types).map(([name, members]) => ({ members, name })) },
});

const text = (files: Record<string, Uint8Array>, path: string): string => {
  assert.ok(files[path], `${path} is in the zip (it has ${Object.keys(files).join(', ')})`);
  return strFromU8(files[path]);
};

const fieldNames = (xml: string): string[] =>
  [...xml.matchAll(/<fields>\s*<fullName>([^<]+)<\/fullName>/g)].map((m) => m[1]);

describe('Metadata API: retrieve with jsforce', () => {
  let org: RunningLocalOrg;
  let conn: Connection;
  /** Deployed files by path within the package. */
  const deployed: Files = {
    ...apexClass('Greeter'),
    ...apexClass('Farewell'),
    ...lwcBundle('greeting', { css: '.greeting {\n    color: red;\n}\n' }),
    'staticresources/Logo.resource': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 255]),
    'staticresources/Logo.resource-meta.xml': staticResource('Logo', '', 'image/png')[
      'staticresources/Logo.resource-meta.xml'
    ],
    ...logObject(),
  };

  before(async () => {
    org = await startTestOrg({ seed: 'none' });
    conn = connect(org, org.admin.accessToken, '65.0');
    await deploy(conn, {
      'package.xml': packageXml({
        ApexClass: ['Greeter', 'Farewell'],
        LightningComponentBundle: ['greeting'],
        StaticResource: ['Logo'],
        CustomObject: [LOG_OBJECT],
      }),
      ...deployed,
    });
  });
  after(() => org.close());

  const soap = async (body: string) => {
    const response = await fetch(`${org.url}/services/Soap/m/65.0`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/xml', SOAPAction: '""' },
      body:
        '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">' +
        `<soapenv:Header xmlns="${NS}"><SessionHeader><sessionId>${org.admin.accessToken}</sessionId></SessionHeader></soapenv:Header>` +
        `<soapenv:Body xmlns="${NS}">${body}</soapenv:Body></soapenv:Envelope>`,
    });
    return { status: response.status, text: await response.text() };
  };

  it('answers an AsyncResult, then Pending, then the zip once (includeZip defaults to true)', async () => {
    const retriever = metadataService(org.org).retriever;
    let release = (): void => undefined;
    retriever.startGate = new Promise((resolve) => (release = resolve));
    try {
      const started = await soap(
        '<retrieve><request><apiVersion>65.0</apiVersion><unpackaged><types><members>Greeter</members><name>ApexClass</name></types></unpackaged></request></retrieve>',
      );
      assert.equal(started.status, 200);
      const id = /<id>(09S\w{15})<\/id>/.exec(started.text)?.[1];
      assert.ok(id, started.text);
      assert.match(
        started.text,
        /<soapenv:Body><retrieveResponse><result><done>false<\/done><id>09S\w{15}<\/id><state>Queued<\/state><\/result><\/retrieveResponse><\/soapenv:Body>/,
      );
      const pending = await conn.metadata.checkRetrieveStatus(id);
      assert.equal(String(pending.done), 'false');
      assert.equal(pending.status, 'Pending');
      release();
      // includeZip=false reports the result and keeps the zip for a later call.
      const check = (includeZip?: boolean) =>
        soap(
          `<checkRetrieveStatus><asyncProcessId>${id}</asyncProcessId>${
            includeZip === undefined ? '' : `<includeZip>${includeZip}</includeZip>`
          }</checkRetrieveStatus>`,
        );
      const withoutZip = await waitFor('the retrieve to finish', async () => {
        const status = await check(false);
        return status.text.includes('<done>true</done>') && status;
      });
      assert.match(withoutZip.text, /<status>Succeeded<\/status><success>true<\/success>/);
      assert.doesNotMatch(withoutZip.text, /<zipFile>/);
      const first = await check();
      assert.match(
        first.text,
        /<checkRetrieveStatusResponse><result><done>true<\/done><fileProperties>.*<\/fileProperties><id>09S\w{15}<\/id><status>Succeeded<\/status><success>true<\/success><zipFile>[A-Za-z0-9+/=]+<\/zipFile><\/result>/,
      );
      // The zip was deleted from the server once returned (meta_checkretrievestatus.htm).
      const second = await check();
      assert.match(second.text, /<status>Succeeded<\/status><success>true<\/success><\/result>/);
      assert.doesNotMatch(second.text, /<zipFile>/);
    } finally {
      release();
      retriever.startGate = null;
    }
  });

  it('returns what was deployed byte for byte, with FileProperties for each component and package.xml', async () => {
    const { result, files } = await retrieve(
      conn,
      unpackaged({
        ApexClass: ['*'],
        LightningComponentBundle: ['greeting'],
        StaticResource: ['Logo'],
      }),
    );
    assert.equal(result.status, 'Succeeded');
    assert.equal(String(result.success), 'true');
    assert.deepEqual(list(result.messages), []);
    const expected = Object.entries(deployed).filter(([path]) => !path.startsWith('objects/'));
    assert.deepEqual(
      Object.keys(files).sort(),
      [...expected.map(([path]) => `unpackaged/${path}`), 'unpackaged/package.xml'].sort(),
    );
    for (const [path, content] of expected) {
      const bytes = typeof content === 'string' ? Buffer.from(content) : Buffer.from(content);
      assert.deepEqual(Buffer.from(files[`unpackaged/${path}`]), bytes, path);
    }
    assert.equal(
      text(files, 'unpackaged/package.xml'),
      `<?xml version="1.0" encoding="UTF-8"?>\n<Package xmlns="${NS}">\n    <types>\n        <members>*</members>\n        <name>ApexClass</name>\n    </types>\n    <types>\n        <members>greeting</members>\n        <name>LightningComponentBundle</name>\n    </types>\n    <types>\n        <members>Logo</members>\n        <name>StaticResource</name>\n    </types>\n    <version>65.0</version>\n</Package>\n`,
    );
    const properties = list(result.fileProperties);
    assert.deepEqual(
      properties.map((p) => [p.type, p.fullName, p.fileName]),
      [
        ['ApexClass', 'Farewell', 'unpackaged/classes/Farewell.cls'],
        ['ApexClass', 'Greeter', 'unpackaged/classes/Greeter.cls'],
        ['LightningComponentBundle', 'greeting', 'unpackaged/lwc/greeting'],
        ['StaticResource', 'Logo', 'unpackaged/staticresources/Logo.resource'],
        ['Package', 'unpackaged/package.xml', 'unpackaged/package.xml'],
      ],
    );
    const greeter = properties.find((p) => p.fullName === 'Greeter')!;
    assert.match(greeter.id, /^01p\w{15}$/);
    assert.equal(greeter.createdById, org.admin.userId);
    assert.equal(greeter.createdByName, 'Alex Admin');
    assert.equal(greeter.manageableState, 'unmanaged');
    const manifest = properties.find((p) => p.type === 'Package')!;
    assert.equal(manifest.id, '');
    assert.equal(manifest.lastModifiedById, org.admin.userId);
  });

  it('reports members and types the org lacks as messages on package.xml and still succeeds', async () => {
    const { result, files } = await retrieve(
      conn,
      unpackaged({
        ApexClass: ['Greeter', 'Missing'],
        CustomObject: ['Nope__c'],
        FrobnicatorType: ['X'],
        // Types Salesforce has but the local org does not model: it holds none of them.
        Bot: ['*'],
        ReportFolder: ['Partner_Reports'],
      }),
    );
    assert.equal(result.status, 'Succeeded');
    assert.deepEqual(list(result.messages), [
      {
        fileName: 'unpackaged/package.xml',
        problem: "Entity of type 'ApexClass' named 'Missing' cannot be found",
      },
      {
        fileName: 'unpackaged/package.xml',
        problem: "Entity of type 'CustomObject' named 'Nope__c' cannot be found",
      },
      { fileName: 'unpackaged/package.xml', problem: "Entity type: 'FrobnicatorType' is unknown" },
      {
        fileName: 'unpackaged/package.xml',
        problem: "Entity of type 'ReportFolder' named 'Partner_Reports' cannot be found",
      },
    ]);
    assert.deepEqual(Object.keys(files).sort(), [
      'unpackaged/classes/Greeter.cls',
      'unpackaged/classes/Greeter.cls-meta.xml',
      'unpackaged/package.xml',
    ]);
  });

  it('singlePackage puts the package at the root; specificFiles keeps the named files; packageNames are messages', async () => {
    const single = await retrieve(conn, {
      singlePackage: true,
      ...unpackaged({ ApexClass: ['Greeter'] }),
    });
    assert.deepEqual(Object.keys(single.files).sort(), [
      'classes/Greeter.cls',
      'classes/Greeter.cls-meta.xml',
      'package.xml',
    ]);
    assert.equal(list(single.result.fileProperties)[0].fileName, 'classes/Greeter.cls');

    const specific = await retrieve(conn, {
      singlePackage: true,
      specificFiles: ['classes/Farewell.cls', 'lwc/greeting/greeting.css'],
    });
    assert.deepEqual(Object.keys(specific.files).sort(), [
      'classes/Farewell.cls',
      'lwc/greeting/greeting.css',
      'package.xml',
    ]);
    assert.deepEqual(
      list(specific.result.fileProperties).map((p) => p.fullName),
      ['Farewell', 'greeting', 'package.xml'],
    );

    const packaged = await retrieve(conn, {
      packageNames: ['Partner Kit'],
      ...unpackaged({ ApexClass: ['Greeter'] }),
    });
    assert.deepEqual(list(packaged.result.messages), [
      { fileName: 'Partner Kit/package.xml', problem: "No package named 'Partner Kit' found" },
    ]);
  });

  it('returns a custom object file as deployed, and composes it again once a field is deployed on its own', async () => {
    const whole = await retrieve(conn, unpackaged({ CustomObject: [LOG_OBJECT] }));
    const path = `unpackaged/objects/${LOG_OBJECT}.object`;
    assert.equal(text(whole.files, path), deployed[`objects/${LOG_OBJECT}.object`]);

    // A field deployed by itself (package.xml names only the CustomField) joins the object.
    await deploy(conn, {
      'package.xml': packageXml({ CustomField: [`${LOG_OBJECT}.Outcome__c`] }),
      [`objects/${LOG_OBJECT}.object`]: metaXml(
        'CustomObject',
        '<fields>\n        <fullName>Outcome__c</fullName>\n        <label>Outcome &amp; notes</label>\n        <length>80</length>\n        <type>Text</type>\n    </fields>',
      ),
    });
    const composed = text(
      (await retrieve(conn, unpackaged({ CustomObject: [LOG_OBJECT] }))).files,
      path,
    );
    assert.deepEqual(fieldNames(composed), ['Attempts__c', 'Lead__c', 'Note__c', 'Outcome__c']);
    assert.match(
      composed,
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<CustomObject xmlns="http:\/\/soap.sforce.com\/2006\/04\/metadata">\n    <deploymentStatus>Deployed<\/deploymentStatus>\n    <fields>\n        <fullName>Attempts__c<\/fullName>/,
    );
    assert.match(composed, /<label>Outcome &amp; notes<\/label>/);
    assert.match(
      composed,
      /<nameField>\n        <label>Log Name<\/label>\n        <type>Text<\/type>\n    <\/nameField>/,
    );
    assert.match(composed, /<sharingModel>ReadWrite<\/sharingModel>\n<\/CustomObject>\n$/);

    // Only the named children: a file holding just them, a FileProperties per child.
    const field = await retrieve(conn, unpackaged({ CustomField: [`${LOG_OBJECT}.Note__c`] }));
    const partial = text(field.files, path);
    assert.deepEqual(fieldNames(partial), ['Note__c']);
    assert.doesNotMatch(partial, /<label>Lead Assignment Log<\/label>/);
    assert.deepEqual(
      list(field.result.fileProperties).map((p) => [p.type, p.fullName, p.fileName]),
      [
        ['CustomField', `${LOG_OBJECT}.Note__c`, path],
        ['Package', 'unpackaged/package.xml', 'unpackaged/package.xml'],
      ],
    );
  });

  it('serves a standard object with its customizable fields and the custom fields deployed to it', async () => {
    await deploy(conn, {
      'package.xml': packageXml({ CustomField: ['Account.Tier__c'] }),
      'objects/Account.object': metaXml(
        'CustomObject',
        '<fields>\n        <fullName>Tier__c</fullName>\n        <label>Tier</label>\n        <length>40</length>\n        <type>Text</type>\n    </fields>',
      ),
    });
    const { result, files } = await retrieve(conn, unpackaged({ CustomObject: ['Account'] }));
    const account = text(files, 'unpackaged/objects/Account.object');
    const names = fieldNames(account);
    for (const name of ['Name', 'Industry', 'OwnerId', 'ParentId', 'Tier__c']) {
      assert.ok(names.includes(name), `${name} in ${names.join(', ')}`);
    }
    // System fields are not customizable and not in the file (manifest_samples.htm).
    for (const name of ['Id', 'CreatedById', 'LastModifiedDate', 'SystemModstamp', 'IsDeleted']) {
      assert.ok(!names.includes(name), `${name} is not in the file`);
    }
    assert.deepEqual(names, [...names].sort());
    assert.match(
      account,
      /<fields>\n        <fullName>Industry<\/fullName>\n        <type>Picklist<\/type>\n    <\/fields>/,
    );
    assert.match(
      account,
      /<fullName>Tier__c<\/fullName>\n        <label>Tier<\/label>\n        <length>40<\/length>/,
    );
    assert.match(account, /<externalSharingModel>Private<\/externalSharingModel>/);
    assert.match(account, /<sharingModel>ReadWrite<\/sharingModel>/);
    const property = list(result.fileProperties)[0];
    assert.deepEqual(
      [property.type, property.fullName, property.id],
      ['CustomObject', 'Account', ''],
    );

    // `*` leaves standard objects, and the custom fields of standard objects, out (docs).
    const all = await retrieve(conn, unpackaged({ CustomObject: ['*'], CustomField: ['*'] }));
    assert.deepEqual(Object.keys(all.files).sort(), [
      `unpackaged/objects/${LOG_OBJECT}.object`,
      'unpackaged/package.xml',
    ]);
    assert.ok(
      !list(all.result.fileProperties).some((p) => p.fullName.startsWith('Account')),
      'no Account component',
    );
    const named = await retrieve(
      conn,
      unpackaged({ CustomField: ['Account.Tier__c', 'Account.Industry', 'Account.Nope__c'] }),
    );
    assert.deepEqual(fieldNames(text(named.files, 'unpackaged/objects/Account.object')), [
      'Industry',
      'Tier__c',
    ]);
    assert.deepEqual(
      list(named.result.messages).map((m) => m.problem),
      ["Entity of type 'CustomField' named 'Account.Nope__c' cannot be found"],
    );
  });

  it('gives back an Aura bundle file for file', async () => {
    const aura: Files = {
      'aura/partnerBadge/partnerBadge.cmp':
        '<aura:component implements="flexipage:availableForAllPageTypes">\n    <p>{!v.name}</p>\n</aura:component>\n',
      'aura/partnerBadge/partnerBadge.cmp-meta.xml': metaXml(
        'AuraDefinitionBundle',
        '<apiVersion>65.0</apiVersion>\n    <description>Badge</description>',
      ),
      'aura/partnerBadge/partnerBadgeController.js':
        '({\n    init: function (component) {\n        component.set("v.name", "Partner");\n    }\n});\n',
      'aura/partnerBadge/partnerBadge.css': '.THIS {\n    color: #0070d2;\n}\n',
    };
    await deploy(conn, {
      'package.xml': packageXml({ AuraDefinitionBundle: ['partnerBadge'] }),
      ...aura,
    });
    const { files } = await retrieve(conn, unpackaged({ AuraDefinitionBundle: ['partnerBadge'] }));
    assert.deepEqual(
      Object.keys(files).sort(),
      [...Object.keys(aura).map((p) => `unpackaged/${p}`), 'unpackaged/package.xml'].sort(),
    );
    for (const [path, content] of Object.entries(aura)) {
      assert.equal(text(files, `unpackaged/${path}`), content, path);
    }
  });

  it('retrieves CustomLabels whole or label by label', async () => {
    const label = (name: string, value: string) =>
      `<labels>\n        <fullName>${name}</fullName>\n        <language>en_US</language>\n        <protected>false</protected>\n        <shortDescription>${name}</shortDescription>\n        <value>${value}</value>\n    </labels>`;
    const labels = metaXml(
      'CustomLabels',
      `${label('Welcome', 'Welcome, partner')}\n    ${label('Goodbye', 'See you')}`,
    );
    await deploy(conn, {
      'package.xml': packageXml({ CustomLabels: ['CustomLabels'] }),
      'labels/CustomLabels.labels': labels,
    });
    const whole = await retrieve(conn, unpackaged({ CustomLabels: ['CustomLabels'] }));
    assert.equal(text(whole.files, 'unpackaged/labels/CustomLabels.labels'), labels);
    const one = await retrieve(conn, unpackaged({ CustomLabel: ['Goodbye', 'Nope'] }));
    const file = text(one.files, 'unpackaged/labels/CustomLabels.labels');
    assert.match(file, /<fullName>Goodbye<\/fullName>/);
    assert.doesNotMatch(file, /Welcome/);
    assert.deepEqual(
      list(one.result.fileProperties).map((p) => [p.type, p.fullName]),
      [
        ['CustomLabel', 'Goodbye'],
        ['Package', 'unpackaged/package.xml'],
      ],
    );
    assert.deepEqual(
      list(one.result.messages).map((m) => m.problem),
      ["Entity of type 'CustomLabel' named 'Nope' cannot be found"],
    );
  });

  it('lists components with listMetadata: top-level types, object children and standard objects', async () => {
    const classes = await conn.metadata.list({ type: 'ApexClass' });
    assert.deepEqual(
      list(classes)
        .map((p) => [p.fullName, p.fileName])
        .sort(),
      [
        ['Farewell', 'classes/Farewell.cls'],
        ['Greeter', 'classes/Greeter.cls'],
      ],
    );
    const objects = list(await conn.metadata.list({ type: 'CustomObject' })).map((p) => p.fullName);
    for (const name of [LOG_OBJECT, 'Account', 'Lead', 'Contact'])
      assert.ok(objects.includes(name), name);
    const fields = list(
      await conn.metadata.list([{ type: 'CustomField' }, { type: 'CustomLabel' }]),
    );
    const names = fields.map((p) => p.fullName);
    for (const name of [
      `${LOG_OBJECT}.Note__c`,
      'Account.Tier__c',
      'Account.Industry',
      'Welcome',
    ]) {
      assert.ok(names.includes(name), name);
    }
    assert.equal(
      fields.find((p) => p.fullName === 'Account.Tier__c')?.fileName,
      'objects/Account.object',
    );
    assert.deepEqual(list(await conn.metadata.list({ type: 'Report' })), []);
    const tooMany = await soap(
      `<listMetadata>${'<queries><type>ApexClass</type></queries>'.repeat(4)}<asOfVersion>65.0</asOfVersion></listMetadata>`,
    );
    assert.equal(tooMany.status, 500);
    assert.match(tooMany.text, /<faultcode>soapenv:Client<\/faultcode>/);
  });

  it('faults on a request it cannot take and on bad or unknown Ids', async () => {
    const empty = await soap('<retrieve/>');
    assert.equal(empty.status, 500);
    assert.match(
      empty.text,
      /<faultcode>soapenv:Client<\/faultcode><faultstring>The retrieve call needs a request/,
    );
    const specific = await soap(
      '<retrieve><request><apiVersion>65.0</apiVersion><specificFiles>classes/Greeter.cls</specificFiles></request></retrieve>',
    );
    assert.match(
      specific.text,
      /specificFiles requires packageNames to be null and singlePackage to be true/,
    );
    const noVersion = await soap('<retrieve><request><unpackaged/></request></retrieve>');
    assert.match(noVersion.text, /The RetrieveRequest field apiVersion is required/);
    const badId = await soap(
      '<checkRetrieveStatus><asyncProcessId>0Af000000000001AAA</asyncProcessId></checkRetrieveStatus>',
    );
    assert.match(
      badId.text,
      /<faultcode>sf:INVALID_ID_FIELD<\/faultcode><faultstring>INVALID_ID_FIELD: Invalid retrieve Id: 0Af000000000001AAA/,
    );
    const unknown = await soap(
      '<checkRetrieveStatus><asyncProcessId>09S000000000999AAA</asyncProcessId></checkRetrieveStatus>',
    );
    assert.match(unknown.text, /<faultcode>sf:INVALID_ID_FIELD<\/faultcode>/);
  });
});
