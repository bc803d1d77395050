/** Deploys kept in the store, so checkDeployStatus answers across requests and restarts. */
import type { Store } from '../../store/store.ts';
import { isTerminal } from './types.ts';
import type { DeployRecord } from './types.ts';

export const DEPLOY_TABLE_SQL = `CREATE TABLE IF NOT EXISTS _lo_metadata_deploy (
  id TEXT PRIMARY KEY, status TEXT NOT NULL, createdDate TEXT NOT NULL, record TEXT NOT NULL)`;

export function ensureDeployTable(store: Store): void {
  store.db.exec(DEPLOY_TABLE_SQL);
}

export function saveDeploy(store: Store, record: DeployRecord): void {
  store.run(
    `INSERT INTO _lo_metadata_deploy (id, status, createdDate, record) VALUES (?, ?, ?, ?)
     ON CONFLICT(id) DO UPDATE SET status = excluded.status, record = excluded.record`,
    record.id,
    record.status,
    record.createdDate,
    JSON.stringify(record),
  );
}

export function loadDeploy(store: Store, id: string): DeployRecord | undefined {
  const row = store.get('SELECT record FROM _lo_metadata_deploy WHERE id = ?', id);
  return row ? (JSON.parse(String(row.record)) as DeployRecord) : undefined;
}

/** Deploys a previous run of the org left unfinished fail: their zips are gone. */
export function failInterruptedDeploys(store: Store, at: string): void {
  for (const row of store.all('SELECT record FROM _lo_metadata_deploy')) {
    const record = JSON.parse(String(row.record)) as DeployRecord;
    if (isTerminal(record.status)) continue;
    saveDeploy(store, {
      ...record,
      status: 'Failed',
      completedDate: at,
      lastModifiedDate: at,
      stateDetail: null,
      errorStatusCode: 'UNKNOWN_EXCEPTION',
      errorMessage: 'The local org stopped while this deploy was running',
    });
  }
}
