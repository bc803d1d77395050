/**
 * The Metadata API service of one local org: its tables, the deployer, the retriever, and what
 * earlier deploys left (custom objects back in the catalogue, unfinished deploys failed) when the
 * org starts.
 */
import { MAX_API_VERSION } from '../http/server.ts';
import type { LocalOrg } from '../org.ts';
import { ensureDeployTable, failInterruptedDeploys } from './deploy/records.ts';
import { Deployer } from './deploy/runner.ts';
import { ensureSchemaTable, restoreCustomSchema } from './org/customSchema.ts';
import { ensureComponentTable } from './org/deployedComponents.ts';
import { Retriever } from './retrieve/retriever.ts';

export class MetadataService {
  readonly org: LocalOrg;
  readonly deployer: Deployer;
  readonly retriever: Retriever;

  constructor(org: LocalOrg) {
    this.org = org;
    ensureDeployTable(org.store);
    ensureComponentTable(org.store);
    ensureSchemaTable(org.store);
    failInterruptedDeploys(org.store, org.now().toISOString());
    restoreCustomSchema(org);
    this.deployer = new Deployer(org, { maxApiVersion: MAX_API_VERSION });
    this.retriever = new Retriever(org);
  }
}

const services = new WeakMap<LocalOrg, MetadataService>();

/** The org's Metadata API service, created on first use. */
export function metadataService(org: LocalOrg): MetadataService {
  let service = services.get(org);
  if (!service) {
    service = new MetadataService(org);
    services.set(org, service);
  }
  return service;
}
