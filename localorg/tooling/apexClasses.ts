/** The deployed Apex classes' Ids (the ApexClass records' and the Metadata API components'). */
import { ensureComponentTable } from '../metadata/org/deployedComponents.ts';
import type { Store } from '../store/store.ts';

/** Lower-case class name to its 01p Id. */
export function apexClassIds(store: Store): Map<string, string> {
  ensureComponentTable(store);
  const ids = new Map<string, string>();
  for (const row of store.all(
    "SELECT fullName, id FROM _lo_metadata_component WHERE type = 'ApexClass'",
  )) {
    ids.set(String(row.fullName).toLowerCase(), String(row.id));
  }
  return ids;
}

/** The class name behind a 15- or 18-character 01p Id. */
export function apexClassName(store: Store, id: string): string | undefined {
  ensureComponentTable(store);
  const row = store.get(
    "SELECT fullName FROM _lo_metadata_component WHERE type = 'ApexClass' AND (id = ? OR substr(id, 1, 15) = ?)",
    id,
    id.slice(0, 15),
  );
  return row ? String(row.fullName) : undefined;
}
