/**
 * What has been deployed to the local org: one row per component (type, fullName, body), so later
 * features can ask whether an Apex class or LWC bundle exists and read its source.
 */
import { createHash } from 'node:crypto';
import type { Store } from '../../store/store.ts';

export const COMPONENT_TABLE_SQL = `CREATE TABLE IF NOT EXISTS _lo_metadata_component (
  type TEXT NOT NULL, fullNameKey TEXT NOT NULL, fullName TEXT NOT NULL, id TEXT NOT NULL,
  fileName TEXT NOT NULL, body BLOB, meta TEXT, bundle TEXT, checksum TEXT NOT NULL,
  deployId TEXT NOT NULL, createdDate TEXT NOT NULL, createdById TEXT NOT NULL,
  lastModifiedDate TEXT NOT NULL, lastModifiedById TEXT NOT NULL,
  PRIMARY KEY (type, fullNameKey))`;

/** The stored form of a component: its main file, its `-meta.xml`, and a bundle's other files. */
export interface ComponentBody {
  /** Main content (Apex source, object XML, resource bytes). */
  body: Uint8Array | string | null;
  meta?: string | null;
  /** Bundle files (LWC) by path within the bundle, as text. */
  bundle?: Record<string, string> | null;
}

export interface DeployedComponent {
  type: string;
  fullName: string;
  id: string;
  fileName: string;
  body: Uint8Array | null;
  meta: string | null;
  bundle: Record<string, string> | null;
  checksum: string;
  deployId: string;
  createdDate: string;
  createdById: string;
  lastModifiedDate: string;
  lastModifiedById: string;
}

export function ensureComponentTable(store: Store): void {
  store.db.exec(COMPONENT_TABLE_SQL);
}

/** A stable digest of a component's stored form, to tell changed from unchanged. */
export function checksumOf(content: ComponentBody): string {
  const hash = createHash('sha1');
  if (content.body !== null) hash.update(content.body);
  hash.update('\0');
  hash.update(content.meta ?? '');
  hash.update('\0');
  if (content.bundle) {
    for (const key of Object.keys(content.bundle).sort()) {
      hash.update(key);
      hash.update('\0');
      hash.update(content.bundle[key]);
      hash.update('\0');
    }
  }
  return hash.digest('hex');
}

function fromRow(row: Record<string, unknown>): DeployedComponent {
  const body = row.body;
  return {
    type: String(row.type),
    fullName: String(row.fullName),
    id: String(row.id),
    fileName: String(row.fileName),
    body:
      body instanceof Uint8Array
        ? body
        : typeof body === 'string'
          ? Buffer.from(body, 'utf8')
          : null,
    meta: row.meta === null ? null : String(row.meta),
    bundle: row.bundle === null ? null : (JSON.parse(String(row.bundle)) as Record<string, string>),
    checksum: String(row.checksum),
    deployId: String(row.deployId),
    createdDate: String(row.createdDate),
    createdById: String(row.createdById),
    lastModifiedDate: String(row.lastModifiedDate),
    lastModifiedById: String(row.lastModifiedById),
  };
}

/** A deployed component by type and name (names compare case-insensitively, as Apex's do). */
export function findComponent(
  store: Store,
  type: string,
  fullName: string,
): DeployedComponent | undefined {
  const row = store.get(
    'SELECT * FROM _lo_metadata_component WHERE type = ? AND fullNameKey = ?',
    type,
    fullName.toLowerCase(),
  );
  return row ? fromRow(row) : undefined;
}

export function componentExists(store: Store, type: string, fullName: string): boolean {
  return (
    store.get(
      'SELECT 1 AS ok FROM _lo_metadata_component WHERE type = ? AND fullNameKey = ?',
      type,
      fullName.toLowerCase(),
    ) !== undefined
  );
}

/** Deployed components, of one type or all, in deploy order. */
export function listComponents(store: Store, type?: string): DeployedComponent[] {
  const rows =
    type === undefined
      ? store.all('SELECT * FROM _lo_metadata_component ORDER BY createdDate, rowid')
      : store.all(
          'SELECT * FROM _lo_metadata_component WHERE type = ? ORDER BY createdDate, rowid',
          type,
        );
  return rows.map(fromRow);
}

/** The source of a deployed Apex class, or undefined when the org has no such class. */
export function apexClassSource(store: Store, name: string): string | undefined {
  const found = findComponent(store, 'ApexClass', name);
  return found?.body ? Buffer.from(found.body).toString('utf8') : undefined;
}

export interface SaveComponent extends ComponentBody {
  type: string;
  fullName: string;
  id: string;
  fileName: string;
  deployId: string;
  userId: string;
  at: string;
}

/** Inserts or replaces a component, keeping its creation date and Id. */
export function saveComponent(store: Store, component: SaveComponent): void {
  const existing = findComponent(store, component.type, component.fullName);
  const body =
    typeof component.body === 'string' ? Buffer.from(component.body, 'utf8') : component.body;
  store.run(
    `INSERT INTO _lo_metadata_component (type, fullNameKey, fullName, id, fileName, body, meta, bundle,
       checksum, deployId, createdDate, createdById, lastModifiedDate, lastModifiedById)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(type, fullNameKey) DO UPDATE SET fullName = excluded.fullName,
       fileName = excluded.fileName, body = excluded.body, meta = excluded.meta,
       bundle = excluded.bundle, checksum = excluded.checksum, deployId = excluded.deployId,
       lastModifiedDate = excluded.lastModifiedDate, lastModifiedById = excluded.lastModifiedById`,
    component.type,
    component.fullName.toLowerCase(),
    component.fullName,
    existing?.id ?? component.id,
    component.fileName,
    body,
    component.meta ?? null,
    component.bundle ? JSON.stringify(component.bundle) : null,
    checksumOf(component),
    component.deployId,
    component.at,
    component.userId,
    component.at,
    component.userId,
  );
}
