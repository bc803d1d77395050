/**
 * The Metadata API's `retrieve` and `checkRetrieveStatus` (SOAP), for what the local org holds:
 * the components deploys left (deployedComponents.ts) and the standard objects of the catalogue.
 *
 * What the Metadata API Developer Guide says, and what this follows:
 * - retrieve() takes a RetrieveRequest (meta_retrieve_request.htm): `apiVersion` (required; since
 *   API 31 the package.xml's `<version>` overrides it), `unpackaged` (a Package of types and
 *   members), `singlePackage`, `packageNames`, and `specificFiles` ("packageNames must be set to
 *   null and singlePackage must be set to true"). It answers an AsyncResult (`id`, `done`,
 *   `state`); the work goes on in the background.
 * - checkRetrieveStatus(id, includeZip) (meta_checkretrievestatus.htm): since API 31 the only
 *   call to poll with. `includeZip` (API 34 and later) defaults to true; "by default,
 *   checkRetrieveStatus() returns the zip file on the last call to this operation … and deletes
 *   the zip file from the server. Subsequent calls to checkRetrieveStatus() for the same retrieve
 *   operation can't retrieve the zip file": later calls answer the result without it.
 * - RetrieveResult (meta_retrieveresult.htm): done, errorMessage, errorStatusCode, fileProperties,
 *   id, messages, status (Pending, InProgress, Succeeded, Failed), success, zipFile, in the WSDL's
 *   order. FileProperties: one per component in the zip and one for package.xml, none for the
 *   `-meta.xml` companions.
 * - Members: the wildcard `*` for CustomObject does not retrieve standard objects, and custom
 *   fields of standard objects must be named with their object (Ant Migration Guide, "Specifying
 *   all Components of a Type" and "Specifying Standard Objects"). A standard object comes with its
 *   custom fields and its customizable standard fields, not system fields such as CreatedById
 *   (manifest_samples.htm, "Standard Objects").
 * - Limits (meta_rest_deploy.htm): up to 10,000 files and a 39 MB zip per deploy or retrieve.
 *   Not enforced here: a local org holds far less.
 * - There is no REST retrieve: the REST resource is deployRequest only, and source-deploy-retrieve
 *   (client/metadataApiRetrieve.js) retrieves through SOAP `retrieve` and `checkRetrieveStatus`.
 *
 * Where the docs are silent, what this does and where it comes from:
 * - A member the org lacks is a RetrieveMessage on package.xml, "Entity of type 'ApexClass' named
 *   'FooBar' cannot be found", and an unknown type "Entity type: 'X' is unknown"; the retrieve
 *   still Succeeds. (The choice `retrieve-missing=fail`, registered in localorg/choices.ts, fails
 *   the retrieve instead, for packageNames too.) The wording is the platform's as users report it (forcedotcom/cli#7,
 *   solenopsis/Solenopsis#266); SDR's RetrieveResult parses type and name out of the quotes.
 *   A type is unknown when source-deploy-retrieve's registry of the platform's types lacks it
 *   too; a type Salesforce has that the local org does not model (Bot, ReportFolder) holds
 *   nothing here, so `*` finds nothing and a named member cannot be found.
 * - Zip layout: the package under `unpackaged/` (SDR extracts only that folder), or at the root
 *   with singlePackage; `package.xml` echoes the request's types and version. Its FileProperties
 *   has type `Package`, fullName and fileName `unpackaged/package.xml`, an empty id, and the
 *   retrieving user and time (as captured `sf project retrieve start --json` output shows).
 * - `manageableState` is `unmanaged`. A bundle's fileName is its folder (`unpackaged/lwc/x`).
 *   Standard objects and fields have an empty id and no creator (1970 dates).
 * - A retrieve with specificFiles and no `unpackaged` retrieves the components those files
 *   belong to; only the named files go in the zip.
 * - packageNames: the local org installs no packages, so each name is a message,
 *   "No package named 'X' found".
 * - A request that breaks the RetrieveRequest rules above, or a bad Id, is a SOAP fault.
 * - Retrieves live in memory (the last 50); a restarted org has forgotten them.
 * - In-folder types (Report, Document, …) take `*` like any other type here.
 */
import { zipSync } from 'fflate';
import type { Session } from '../../auth/session.ts';
import type { LocalOrg } from '../../org.ts';
import type { SoapObject } from '../soap/xml.ts';
import { collectRetrieve } from './contents.ts';
import type { FileProperties, RetrieveMessage } from './contents.ts';
import type { RetrieveRequest } from './request.ts';

/** Key prefix of retrieve request Ids (09S…), as real orgs answer them. */
export const RETRIEVE_PREFIX = '09S';
/** Retrieves kept for checkRetrieveStatus. */
const KEPT = 50;

export type RetrieveStatus = 'Pending' | 'InProgress' | 'Succeeded' | 'Failed';

export interface RetrieveRecord {
  id: string;
  status: RetrieveStatus;
  request: RetrieveRequest;
  userId: string;
  createdDate: string;
  fileProperties: FileProperties[];
  messages: RetrieveMessage[];
  /** The zip until a checkRetrieveStatus with includeZip has returned it. */
  zip: Uint8Array | null;
  errorMessage: string | null;
  errorStatusCode: string | null;
}

export const noPackage = (name: string): string => `No package named '${name}' found`;

export class Retriever {
  private readonly org: LocalOrg;
  private readonly records = new Map<string, RetrieveRecord>();
  /** Awaited before a retrieve runs when set; lets tests watch it Pending for as long as they need. */
  startGate: Promise<void> | null = null;

  constructor(org: LocalOrg) {
    this.org = org;
  }

  /** The Name of a user Id, for FileProperties. */
  readonly userName = (id: string): string => {
    const row = this.org.store.get('SELECT "Name" FROM "User" WHERE "Id" = ?', id);
    return String(row?.Name ?? '');
  };

  /** Queues a retrieve; it runs once the current request has been answered. */
  start(session: Session, request: RetrieveRequest): RetrieveRecord {
    const record: RetrieveRecord = {
      id: this.org.store.nextId(RETRIEVE_PREFIX),
      status: 'Pending',
      request,
      userId: session.userId,
      createdDate: this.org.now().toISOString(),
      fileProperties: [],
      messages: [],
      zip: null,
      errorMessage: null,
      errorStatusCode: null,
    };
    this.records.set(record.id, record);
    for (const id of this.records.keys()) {
      if (this.records.size <= KEPT) break;
      this.records.delete(id);
    }
    const run = () => setTimeout(() => this.run(record), 0);
    if (this.startGate) void this.startGate.then(run);
    else run();
    return record;
  }

  private run(record: RetrieveRecord): void {
    if (!this.org.store.db.isOpen) return;
    record.status = 'InProgress';
    try {
      const retrieved = collectRetrieve(this.org, record.request, {
        userId: record.userId,
        at: this.org.now().toISOString(),
        userName: this.userName,
      });
      const entries: Record<string, Uint8Array> = {};
      for (const [path, content] of retrieved.files) entries[path] = content;
      record.zip = zipSync(entries, { level: 6 });
      record.fileProperties = retrieved.fileProperties;
      record.messages = [
        ...retrieved.messages,
        ...record.request.packageNames.map((name) => ({
          fileName: `${name}/package.xml`,
          problem: noPackage(name),
        })),
      ];
      if (record.messages.length && this.org.choice('retrieve-missing') === 'fail') {
        record.zip = null;
        record.fileProperties = [];
        record.status = 'Failed';
        record.errorStatusCode = 'INVALID_CROSS_REFERENCE_KEY';
        record.errorMessage = record.messages.map((m) => m.problem).join('; ');
        return;
      }
      record.status = 'Succeeded';
    } catch (error) {
      this.org.config.log(
        `retrieve ${record.id} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      record.status = 'Failed';
      record.errorStatusCode = 'UNKNOWN_EXCEPTION';
      record.errorMessage = `An unexpected error occurred: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  status(id: string): RetrieveRecord | undefined {
    return this.records.get(id);
  }

  /** The RetrieveResult; with includeZip a finished retrieve hands its zip over once. */
  result(record: RetrieveRecord, includeZip: boolean): SoapObject {
    const done = record.status === 'Succeeded' || record.status === 'Failed';
    let zipFile: string | null = null;
    if (done && includeZip && record.zip) {
      zipFile = Buffer.from(record.zip).toString('base64');
      record.zip = null;
    }
    return {
      done,
      errorMessage: record.errorMessage,
      errorStatusCode: record.errorStatusCode,
      fileProperties: record.fileProperties.map((p) => ({ ...p })),
      id: record.id,
      messages: record.messages.map((m) => ({ ...m })),
      status: record.status,
      success: record.status === 'Succeeded',
      zipFile,
    };
  }
}

/** The AsyncResult retrieve() answers. */
export function retrieveAsyncResult(record: RetrieveRecord): SoapObject {
  return { done: false, id: record.id, state: 'Queued' };
}
