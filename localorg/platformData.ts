/**
 * Records the platform keeps for every org, made when missing (new orgs, and orgs created before
 * they existed): lead statuses from the Lead Status picklist, each profile's default object access,
 * a StaticResource and ApexClass row per deployed static resource and Apex class, and the
 * Tooling API's CustomObject, CustomField and ApexTrigger rows (tooling/setupRecords.ts).
 */
import { formatDateTime } from './dates.ts';
import { KEY_PREFIX } from './ids.ts';
import { listComponents } from './metadata/org/deployedComponents.ts';
import { ensureProfileDefaults } from './permissions.ts';
import type { Store } from './store/store.ts';
import { syncSetupRecords } from './tooling/setupRecords.ts';
import { ensureComponentTable } from './metadata/org/deployedComponents.ts';

export function ensurePlatformData(store: Store, now: Date): void {
  ensureProfileDefaults(store);
  ensureLeadStatuses(store, now);
  syncStaticResources(store, now);
  syncApexClasses(store, now);
  syncSetupRecords(store);
}

/** LeadStatus rows: one per Status value, in picklist order; "Closed - Converted" converts. */
function ensureLeadStatuses(store: Store, now: Date): void {
  const object = store.catalog.object('LeadStatus');
  const lead = store.catalog.object('Lead');
  const status = lead ? store.catalog.field(lead, 'Status') : undefined;
  if (!object || !status || store.get('SELECT 1 AS found FROM "LeadStatus" LIMIT 1')) return;
  const at = formatDateTime(now);
  status.picklistValues.forEach((value, i) => {
    store.insertRow(object, {
      Id: store.nextId(KEY_PREFIX.LeadStatus),
      ApiName: value,
      MasterLabel: value,
      SortOrder: i + 1,
      IsConverted: /converted/i.test(value) && !/not converted/i.test(value) ? 1 : 0,
      IsDefault: i === 0 ? 1 : 0,
      CreatedDate: at,
      LastModifiedDate: at,
      SystemModstamp: at,
    });
  });
}

/** StaticResource records mirror the deployed static resources (body as base64). */
export function syncStaticResources(store: Store, now: Date): void {
  const object = store.catalog.object('StaticResource');
  if (!object) return;
  ensureComponentTable(store);
  const at = formatDateTime(now);
  const deployed = listComponents(store, 'StaticResource');
  const names = new Set(deployed.map((c) => c.fullName.toLowerCase()));
  for (const row of store.all('SELECT "Id", "Name" FROM "StaticResource"')) {
    if (!names.has(String(row.Name).toLowerCase())) store.deleteRow(object, String(row.Id));
  }
  for (const component of deployed) {
    const body = component.body ?? new Uint8Array();
    const contentType =
      /<contentType>([^<]*)<\/contentType>/.exec(component.meta ?? '')?.[1]?.trim() ??
      'application/octet-stream';
    const existing = store.get(
      'SELECT "Id" FROM "StaticResource" WHERE lower("Name") = lower(?)',
      component.fullName,
    );
    const values = {
      Name: component.fullName,
      ContentType: contentType,
      BodyLength: body.length,
      Body: Buffer.from(body).toString('base64'),
      CacheControl: 'Private',
      LastModifiedDate: at,
      SystemModstamp: at,
    };
    if (existing) store.updateRow(object, String(existing.Id), values);
    else
      store.insertRow(object, {
        Id: component.id.startsWith(KEY_PREFIX.StaticResource)
          ? component.id
          : store.nextId(KEY_PREFIX.StaticResource),
        ...values,
        CreatedDate: at,
      });
  }
}

/** Apex source without its comments (string literals kept), for LengthWithoutComments. */
function withoutComments(source: string): string {
  return source.replace(/'(?:\\.|[^'\\\n])*'|\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, (m) =>
    m.startsWith("'") ? m : '',
  );
}

/**
 * ApexClass records mirror the deployed classes (Id: the component's). A class whose body changed
 * or that was deleted loses its code coverage, as on the platform.
 */
export function syncApexClasses(store: Store, now: Date): void {
  const object = store.catalog.object('ApexClass');
  if (!object) return;
  ensureComponentTable(store);
  const at = formatDateTime(now);
  const deployed = listComponents(store, 'ApexClass');
  const ids = new Set(deployed.map((c) => c.id));
  const stale = (id: string) => {
    store.run(
      'DELETE FROM "ApexCodeCoverage" WHERE "ApexClassOrTriggerId" = ? OR "ApexTestClassId" = ?',
      id,
      id,
    );
    store.run('DELETE FROM "ApexCodeCoverageAggregate" WHERE "ApexClassOrTriggerId" = ?', id);
  };
  for (const row of store.all('SELECT "Id" FROM "ApexClass"')) {
    const id = String(row.Id);
    if (ids.has(id)) continue;
    store.deleteRow(object, id);
    stale(id);
  }
  for (const component of deployed) {
    const body = component.body ? Buffer.from(component.body).toString('utf8') : '';
    const apiVersion = Number(/<apiVersion>([^<]*)<\/apiVersion>/.exec(component.meta ?? '')?.[1]);
    const status = /<status>([^<]*)<\/status>/.exec(component.meta ?? '')?.[1]?.trim() ?? 'Active';
    const existing = store.get('SELECT "Body" FROM "ApexClass" WHERE "Id" = ?', component.id);
    if (existing && existing.Body === body) continue;
    const values = {
      Name: component.fullName,
      NamespacePrefix: null,
      ApiVersion: Number.isFinite(apiVersion) ? apiVersion : null,
      Status: status,
      IsValid: 1,
      Body: body,
      LengthWithoutComments: withoutComments(body).length,
      LastModifiedDate: at,
      SystemModstamp: at,
    };
    if (existing) {
      store.updateRow(object, component.id, values);
      stale(component.id);
    } else {
      store.insertRow(object, { Id: component.id, ...values, CreatedDate: at });
    }
  }
}
