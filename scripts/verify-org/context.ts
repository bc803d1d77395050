/** What every check is given: the target org, the reference local org, the sample data ledger. */
import type { Connection } from '@salesforce/core';
import type { OrgHttp } from './http.ts';
import type { Reference } from './reference.ts';
import type { SampleData } from './sample.ts';

export interface VerifyOptions {
  /** Test classes to run (default: every test class of force-app). */
  apexTests: string[] | null;
}

export interface VerifyContext {
  /** The alias or username the run was given (-o), for the channelkit commands it runs. */
  targetOrg: string;
  conn: Connection;
  target: OrgHttp;
  /** The running user of the target org. */
  me: { id: string; username: string };
  reference: Reference;
  sample: SampleData;
  runId: string;
  /** Where the run keeps its journals and plans (inside the report's folder). */
  workDir: string;
  options: VerifyOptions;
  log(line: string): void;
}
