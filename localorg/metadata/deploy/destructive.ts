/**
 * Deletions: `destructiveChanges.xml` (and its Pre and Post forms) name components to remove from
 * the org. A component the org does not have is a warning (`No ApexClass named: X found`), which
 * fails the deploy unless ignoreWarnings is set, as on the platform.
 */
import type { LocalOrg } from '../../org.ts';
import { ident } from '../../store/schema.ts';
import { dropCustomField } from '../org/customSchema.ts';
import { findComponent } from '../org/deployedComponents.ts';
import { parseManifest } from '../package/manifest.ts';
import { childType, metadataType } from '../package/registry.ts';
import type { PackageRoot } from '../package/zip.ts';
import { decodeText } from '../package/zip.ts';

export const DESTRUCTIVE_FILES = {
  pre: 'destructiveChangesPre.xml',
  main: 'destructiveChanges.xml',
  post: 'destructiveChangesPost.xml',
} as const;

export interface Deletion {
  typeName: string;
  fullName: string;
  /** The destructive manifest naming it (zip path). */
  manifestFile: string;
  /** Pre deletions run before the package's components are saved, others after. */
  before: boolean;
}

export interface DestructiveProblem {
  componentType: string;
  fullName: string;
  fileName: string;
  problem: string;
  line?: number;
  column?: number;
}

export function readDeletions(root: PackageRoot): {
  deletions: Deletion[];
  problems: DestructiveProblem[];
} {
  const deletions: Deletion[] = [];
  const problems: DestructiveProblem[] = [];
  for (const [when, file] of Object.entries(DESTRUCTIVE_FILES)) {
    const content = root.files.get(file);
    if (!content) continue;
    const manifestFile = `${root.prefix}${file}`;
    const parsed = parseManifest(decodeText(content));
    if (!parsed.ok) {
      problems.push({
        componentType: '',
        fullName: file,
        fileName: manifestFile,
        problem: parsed.problem,
        line: parsed.line,
        column: parsed.column,
      });
      continue;
    }
    for (const entry of parsed.manifest.types) {
      if (!metadataType(entry.name) && !childType(entry.name)) {
        problems.push({
          componentType: entry.name,
          fullName: entry.name,
          fileName: manifestFile,
          problem: `Unknown type name '${entry.name}' specified in ${file}`,
        });
        continue;
      }
      for (const member of entry.members) {
        if (member === '*') {
          problems.push({
            componentType: entry.name,
            fullName: member,
            fileName: manifestFile,
            problem: `The wildcard * cannot be used in ${file}`,
          });
          continue;
        }
        deletions.push({
          typeName: entry.name,
          fullName: member,
          manifestFile,
          before: when === 'pre',
        });
      }
    }
  }
  return { deletions, problems };
}

export type DeletionCheck =
  | { kind: 'delete'; id: string }
  | { kind: 'warning'; problem: string }
  | { kind: 'error'; problem: string };

/** Whether the org has the component and can let it go. */
export function checkDeletion(org: LocalOrg, deletion: Deletion): DeletionCheck {
  const { typeName, fullName } = deletion;
  const existing = findComponent(org.store, typeName, fullName);
  if (!existing) return { kind: 'warning', problem: `No ${typeName} named: ${fullName} found` };
  if (typeName === 'CustomObject') {
    return {
      kind: 'error',
      problem: `The local org cannot delete the custom object ${fullName}: delete its fields instead`,
    };
  }
  if (typeName === 'PermissionSet') {
    const assigned = org.store.get(
      `SELECT 1 AS ok FROM "PermissionSetAssignment" a JOIN "PermissionSet" p ON p."Id" = a."PermissionSetId"
        WHERE p."Name" = ? LIMIT 1`,
      fullName,
    );
    if (assigned) {
      return {
        kind: 'error',
        problem: `The permission set ${fullName} is assigned to users: remove the assignments first`,
      };
    }
  }
  return { kind: 'delete', id: existing.id };
}

/** Removes the component (inside the deploy's transaction); returns the catalogue update to run after commit. */
export function applyDeletion(org: LocalOrg, deletion: Deletion): (() => void) | null {
  const { typeName, fullName } = deletion;
  org.store.run(
    'DELETE FROM _lo_metadata_component WHERE type = ? AND fullNameKey = ?',
    typeName,
    fullName.toLowerCase(),
  );
  if (typeName === 'PermissionSet') {
    org.store.run(`DELETE FROM ${ident('PermissionSet')} WHERE "Name" = ?`, fullName);
  }
  if (typeName === 'CustomField') {
    const dot = fullName.indexOf('.');
    return dropCustomField(org, fullName.slice(0, dot), fullName.slice(dot + 1));
  }
  return null;
}
