/**
 * Records the platform keeps for every org, made when missing (new orgs, and orgs created before
 * they existed): lead statuses from the Lead Status picklist, each profile's default object access,
 * and a StaticResource row per deployed static resource.
 */
import { formatDateTime } from './dates.ts';
import { KEY_PREFIX } from './ids.ts';
import { listComponents } from './metadata/org/deployedComponents.ts';
import { ensureProfileDefaults } from './permissions.ts';
import type { Store } from './store/store.ts';
import { ensureComponentTable } from './metadata/org/deployedComponents.ts';

export function ensurePlatformData(store: Store, now: Date): void {
  ensureProfileDefaults(store);
  ensureLeadStatuses(store, now);
  syncStaticResources(store, now);
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
    const contentType = /<contentType>([^<]*)<\/contentType>/.exec(component.meta ?? '')?.[1]?.trim() ?? 'application/octet-stream';
    const existing = store.get('SELECT "Id" FROM "StaticResource" WHERE lower("Name") = lower(?)', component.fullName);
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
    else store.insertRow(object, { Id: component.id.startsWith(KEY_PREFIX.StaticResource) ? component.id : store.nextId(KEY_PREFIX.StaticResource), ...values, CreatedDate: at });
  }
}
