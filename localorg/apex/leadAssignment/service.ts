/**
 * The TypeScript twin of LeadAssignmentController: each AuraEnabled method by name, run as the
 * calling user. Made once per org; making it creates the console's custom objects in a demo org,
 * an index for the default lead order, and fails batches a stopped server left running.
 */
import type { Session } from '../../auth/session.ts';
import { metadataService } from '../../metadata/service.ts';
import type { LocalOrg } from '../../org.ts';
import { isDemoOrg } from '../../seed/index.ts';
import type { LeadAssignmentApi } from '../../../types/leadAssignment.d.ts';
import { applyAssignment } from './apply.ts';
import { getBatch, getBatchResults, getRecentBatches } from './batches.ts';
import { getOwnerCandidates } from './candidates.ts';
import { fail } from './errors.ts';
import { getFilterOptions } from './filterOptions.ts';
import { isObject } from './input.ts';
import type { JsonObject } from './input.ts';
import { BATCH_OBJECT, ensureLeadAssignmentObjects } from './objects.ts';
import { planAssignment } from './plan.ts';
import { failInterruptedBatches } from './records.ts';
import { searchLeads } from './search.ts';
import { undoBatch } from './undo.ts';

export type MethodName = keyof LeadAssignmentApi;
/** Methods that read or write Lead_Assignment_Batch__c and Lead_Assignment_Log__c. */
const NEEDS_OBJECTS = new Set<MethodName>([
  'applyAssignment',
  'getBatch',
  'getBatchResults',
  'getRecentBatches',
  'undoBatch',
]);
type Method = (session: Session, request: JsonObject) => LeadAssignmentApi[MethodName]['result'];

export class LeadAssignmentService {
  readonly org: LocalOrg;
  private readonly running = new Set<Promise<void>>();
  private readonly methods: Record<MethodName, Method>;
  private objectsProblem: string | null = null;

  constructor(org: LocalOrg) {
    this.org = org;
    metadataService(org);
    if (isDemoOrg(org.store)) {
      try {
        ensureLeadAssignmentObjects(org);
      } catch (error) {
        // The org still starts; the methods that need the objects say why they are missing.
        this.objectsProblem = error instanceof Error ? error.message : String(error);
        org.config.log(`lead-assignment console: ${this.objectsProblem}`);
      }
    }
    // The default order (newest first) walks an index; counts of the usual filters read a
    // covering index instead of every lead row. Neither holds OwnerId, so owner changes (Bulk
    // API reassignments of millions of leads) do not have to maintain them.
    org.store.db.exec(
      'CREATE INDEX IF NOT EXISTS "Lead_CreatedDate_Id" ON "Lead" ("CreatedDate", "Id")',
    );
    org.store.db.exec(
      `CREATE INDEX IF NOT EXISTS "Lead_Console" ON "Lead"
         ("IsConverted", "IsDeleted", "Status", "Country", "CreatedDate")`,
    );
    if (org.catalog.object(BATCH_OBJECT)) failInterruptedBatches(org);
    const track = (done: Promise<void>): void => {
      this.running.add(done);
      void done.finally(() => this.running.delete(done));
    };
    this.methods = {
      getFilterOptions: (session) => getFilterOptions(org, session),
      searchLeads: (session, request) => searchLeads(org, session, request),
      getOwnerCandidates: (session, request) => getOwnerCandidates(org, session, request),
      planAssignment: (session, request) => planAssignment(org, session, request),
      applyAssignment: (session, request) => applyAssignment(org, session, request, track),
      getBatch: (session, request) => getBatch(org, session, request),
      getBatchResults: (session, request) => getBatchResults(org, session, request),
      getRecentBatches: (session, request) => getRecentBatches(org, session, request),
      undoBatch: (session, request) => undoBatch(org, session, request, track),
    };
  }

  has(method: string): method is MethodName {
    return Object.hasOwn(this.methods, method);
  }

  /** Runs a method; contract errors are thrown as ContractFailure. */
  call(method: MethodName, session: Session, request: unknown): unknown {
    if (request !== undefined && request !== null && !isObject(request)) {
      fail('The request must be an object: {"request": {...}}.');
    }
    if (NEEDS_OBJECTS.has(method) && !this.org.catalog.object(BATCH_OBJECT)) {
      fail(
        this.objectsProblem
          ? `The lead-assignment objects could not be created: ${this.objectsProblem}.`
          : 'The lead-assignment objects are not in this org: deploy force-app (npx channelkit deploy) first.',
      );
    }
    return this.methods[method](session, (request ?? {}) as JsonObject);
  }

  /** Resolves when every background batch has finished (tests and benchmarks wait on it). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }
}

const services = new WeakMap<LocalOrg, LeadAssignmentService>();

export function leadAssignmentService(org: LocalOrg): LeadAssignmentService {
  let service = services.get(org);
  if (!service) {
    service = new LeadAssignmentService(org);
    services.set(org, service);
  }
  return service;
}
