/** Requests the console benchmarks send, built from the seeded demo org. */
import type { RunningLocalOrg } from '../localorg/main.ts';
import type { AssignmentRequest } from '../types/leadAssignment.d.ts';

/** Round robin of 10,000 open leads (by Id) over up to four partner queues. */
export function roundRobinTenThousand(org: RunningLocalOrg): AssignmentRequest {
  const store = org.org.store;
  const leadIds = store
    .all(
      `SELECT "Id" FROM "Lead" WHERE "IsConverted" = 0 AND "Status" NOT LIKE 'Closed%'
        ORDER BY "Id" LIMIT 10000`,
    )
    .map((row) => String(row.Id));
  const pool = store
    .all(`SELECT "Id" FROM "Group" WHERE "Type" = 'Queue' AND "Name" LIKE '% Leads' LIMIT 4`)
    .map((row) => ({ ownerId: String(row.Id) }));
  return { selection: { leadIds }, method: 'roundRobin', pool };
}
