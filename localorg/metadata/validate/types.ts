/** What a validator reports for a component: its parts (itself and any children), each with problems. */
import type { ComponentBody } from '../org/deployedComponents.ts';

export interface PartProblem {
  problem: string;
  /** Zip path of the file at fault; the part's own fileName when absent. */
  fileName?: string;
  line?: number;
  column?: number;
}

/** One reported component: an Apex class, or an object and each of its fields. */
export interface DeployPart {
  componentType: string;
  fullName: string;
  fileName: string;
  problems: PartProblem[];
  /** What the org keeps when this part is saved. */
  stored: ComponentBody;
  /** The component's Id: preset for components backed by a record, else set by the deployer. */
  id?: string;
}

export interface ComponentValidation {
  parts: DeployPart[];
  /**
   * Makes the good parts part of the org (tables and columns, records). Runs inside the deploy's
   * transaction, before the parts are recorded as deployed components.
   */
  save?: (good: DeployPart[]) => void;
  /** Runs after the transaction commits (in-memory catalogue changes). */
  afterCommit?: (good: DeployPart[]) => void;
}

export function part(
  componentType: string,
  fullName: string,
  fileName: string,
  stored: ComponentBody,
  problems: PartProblem[] = [],
): DeployPart {
  return { componentType, fullName, fileName, problems, stored };
}
