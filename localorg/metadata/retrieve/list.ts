/**
 * listMetadata (meta_listmetadata.htm): FileProperties of the components of up to three
 * ListMetadataQuery (`type`, and `folder` for the types that live in folders), synchronously.
 * "This call supports every metadata type: both top-level, such as CustomObject and ApexClass,
 * and child types, such as CustomField and RecordType." SDR calls it to resolve a pattern such as
 * `sf project retrieve start --metadata 'ApexClass:Greet*'`.
 *
 * Where the docs are silent: fileName is the path within a package (`classes/A.cls`, a child's
 * object file); CustomObject lists the standard objects a retrieve serves besides the deployed
 * ones, with their customizable standard fields under CustomField; a type the local org does not
 * model, or a folder type without its folder, lists nothing; more than three queries is a SOAP
 * client fault. A type that is no Metadata API type at all (not in source-deploy-retrieve's
 * registry) lists nothing too, or is a SOAP fault `sf:INVALID_TYPE`: the choice
 * `list-metadata-unknown-type` (localorg/choices.ts).
 */
import type { LocalOrg } from '../../org.ts';
import { findComponent, listComponents } from '../org/deployedComponents.ts';
import { childType, metadataType } from '../package/registry.ts';
import { nodes, textOf } from '../xml/parse.ts';
import { SoapFault } from '../soap/envelope.ts';
import { STANDARD_STAMP, fileProperties, isSalesforceType, mainPath } from './contents.ts';
import type { FileProperties } from './contents.ts';
import { objectChildren, readMetadataXml, standardObjectNames } from './objects.ts';

export interface ListMetadataQuery {
  type: string;
  folder: string | null;
}

/** Queries per call (docs). */
export const MAX_LIST_QUERIES = 3;

const list = (value: unknown): unknown[] =>
  value === undefined || value === null || value === ''
    ? []
    : Array.isArray(value)
      ? value
      : [value];
const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');

/** The queries of a listMetadata call as the SOAP envelope parsed them. */
export function listQueries(args: Record<string, unknown>): ListMetadataQuery[] {
  return list(args.queries)
    .filter((q): q is Record<string, unknown> => !!q && typeof q === 'object')
    .map((q) => ({ type: text(q.type), folder: text(q.folder) || null }))
    .filter((q) => q.type);
}

/** Every object a child listing looks into: deployed ones and the standard ones served. */
function objectNames(org: LocalOrg): string[] {
  const names = new Map<string, string>();
  for (const c of listComponents(org.store, 'CustomObject'))
    names.set(c.fullName.toLowerCase(), c.fullName);
  for (const name of standardObjectNames(org)) names.set(name.toLowerCase(), name);
  return [...names.values()];
}

function listOne(
  org: LocalOrg,
  query: ListMetadataQuery,
  userName: (id: string) => string,
): FileProperties[] {
  const type = metadataType(query.type);
  if (type) {
    if (type.name === 'CustomObject') {
      return objectNames(org).map((name) => {
        const stored = findComponent(org.store, 'CustomObject', name);
        return fileProperties(
          'CustomObject',
          name,
          `objects/${name}.object`,
          stored ?? STANDARD_STAMP,
          userName,
        );
      });
    }
    if (type.inFolder && !query.folder) return [];
    return listComponents(org.store, type.name)
      .filter((c) => !type.inFolder || c.fullName.startsWith(`${query.folder}/`))
      .map((c) => fileProperties(type.name, c.fullName, mainPath(type, c.fullName), c, userName));
  }
  const child = childType(query.type);
  if (!child) return [];
  if (child.parent === 'CustomObject') {
    return objectNames(org).flatMap((name) =>
      objectChildren(org, name)
        .filter((c) => c.type === child.name)
        .map((c) =>
          fileProperties(
            c.type,
            c.fullName,
            `objects/${name}.object`,
            c.component ?? STANDARD_STAMP,
            userName,
          ),
        ),
    );
  }
  const parentType = metadataType(child.parent)!;
  return listComponents(org.store, parentType.name).flatMap((parent) => {
    const source = parent.body ? Buffer.from(parent.body).toString('utf8') : '';
    return nodes(readMetadataXml(source)?.[child.element]).map((n) => {
      const name = textOf(n.fullName)?.trim() ?? '';
      const fullName = child.parent === 'CustomLabels' ? name : `${parent.fullName}.${name}`;
      return fileProperties(
        child.name,
        fullName,
        mainPath(parentType, parent.fullName),
        { ...parent, id: '' },
        userName,
      );
    });
  });
}

export function listMetadata(
  org: LocalOrg,
  queries: ListMetadataQuery[],
  userName: (id: string) => string,
): FileProperties[] {
  if (org.choice('list-metadata-unknown-type') === 'fault') {
    const unknown = queries.find((q) => !isSalesforceType(q.type));
    if (unknown) {
      throw new SoapFault(
        'INVALID_TYPE',
        `INVALID_TYPE: Unknown type name '${unknown.type}' specified in ListMetadataQuery`,
      );
    }
  }
  return queries.flatMap((q) => listOne(org, q, userName));
}
