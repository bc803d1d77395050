/**
 * Experience Cloud sites (Metadata API "Network"): the file must name existing profiles and
 * permission sets in its member groups and a known status. A deployed Network is the org's
 * Network record of that name (Status, UrlPathPrefix, Description, OptionsSendWelcomeEmail,
 * EmailSenderAddress), its NetworkMemberGroup rows are exactly the file's member groups, and its
 * NetworkMember rows follow (sites/members.ts).
 */
import { formatDateTime } from '../../dates.ts';
import type { Session } from '../../auth/session.ts';
import type { LocalOrg } from '../../org.ts';
import { syncSiteMembers } from '../../sites/members.ts';
import type { PackageComponent } from '../package/components.ts';
import { decodeText } from '../package/zip.ts';
import { lineOf, nodes, textOf } from '../xml/parse.ts';
import type { XmlNode } from '../xml/parse.ts';
import type { DeployContext } from './context.ts';
import { checkMetadataXml } from './meta.ts';
import { part } from './types.ts';
import type { ComponentValidation, PartProblem } from './types.ts';

export const NETWORK_STATUSES = ['UnderConstruction', 'Live', 'DownForMaintenance'] as const;

interface MemberGroup {
  kind: 'profile' | 'permissionSet';
  name: string;
}

function memberGroupsOf(value: XmlNode): MemberGroup[] {
  const groups: MemberGroup[] = [];
  for (const node of nodes(value.networkMemberGroups)) {
    for (const kind of ['profile', 'permissionSet'] as const) {
      const raw = node[kind];
      for (const item of Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]) {
        const name = textOf(item)?.trim();
        if (name) groups.push({ kind, name });
      }
    }
  }
  return groups;
}

/** The Profile or PermissionSet record a member group names, if the org (or this deploy) has it. */
function parentIdOf(org: LocalOrg, group: MemberGroup): string | null {
  const row =
    group.kind === 'profile'
      ? org.store.get('SELECT "Id" FROM "Profile" WHERE lower("Name") = lower(?)', group.name)
      : org.store.get('SELECT "Id" FROM "PermissionSet" WHERE "Name" = ?', group.name);
  return row ? String(row.Id) : null;
}

function referenceProblems(
  source: string,
  groups: MemberGroup[],
  ctx: DeployContext,
  deployedPermissionSets: Set<string>,
): PartProblem[] {
  const problems: PartProblem[] = [];
  for (const group of groups) {
    const known =
      group.kind === 'profile'
        ? parentIdOf(ctx.org, group) !== null
        : deployedPermissionSets.has(group.name.toLowerCase()) ||
          parentIdOf(ctx.org, group) !== null;
    if (known) continue;
    const type = group.kind === 'profile' ? 'Profile' : 'PermissionSet';
    problems.push({
      line: lineOf(source, `<${group.kind}>${group.name}</${group.kind}>`),
      column: 1,
      problem: `In field: ${group.kind} - no ${type} named ${group.name} found`,
    });
  }
  return problems;
}

/**
 * Inserts or updates the Network record and its member groups; returns the Network's Id (a new
 * one takes the Id the deploy reported for the component).
 */
function saveNetwork(
  org: LocalOrg,
  session: Session,
  name: string,
  value: XmlNode,
  reportedId: string | undefined,
): string {
  const store = org.store;
  const network = org.catalog.object('Network')!;
  const memberGroup = org.catalog.object('NetworkMemberGroup')!;
  const at = formatDateTime(org.now());
  const audit = [at, session.userId, at, session.userId, at] as [
    string,
    string,
    string,
    string,
    string,
  ];
  const text = (key: string) => textOf(value[key])?.trim() || null;
  const fields = {
    Status: text('status') ?? 'UnderConstruction',
    UrlPathPrefix: text('urlPathPrefix'),
    Description: text('description'),
    OptionsSendWelcomeEmail: text('sendWelcomeEmail') === 'true' ? 1 : 0,
    EmailSenderAddress: text('emailSenderAddress'),
    LastModifiedDate: at,
    LastModifiedById: session.userId,
    SystemModstamp: at,
  };
  const existing = store.get('SELECT "Id" FROM "Network" WHERE "Name" = ?', name);
  let id: string;
  if (existing) {
    id = String(existing.Id);
    store.updateRow(network, id, fields);
  } else {
    id = reportedId ?? store.nextId(network.keyPrefix!);
    store.insertRow(network, {
      Id: id,
      Name: name,
      ...fields,
      CreatedDate: at,
      CreatedById: session.userId,
    });
  }
  const wanted = new Set(
    memberGroupsOf(value)
      .map((g) => parentIdOf(org, g))
      .filter((p): p is string => p !== null),
  );
  const current = store.all(
    'SELECT "Id", "ParentId" FROM "NetworkMemberGroup" WHERE "NetworkId" = ?',
    id,
  );
  for (const row of current) {
    if (!wanted.delete(String(row.ParentId))) store.deleteRow(memberGroup, String(row.Id));
  }
  for (const parentId of wanted) {
    store.insertRow(memberGroup, {
      Id: store.nextId(memberGroup.keyPrefix!),
      NetworkId: id,
      ParentId: parentId,
      AssignmentStatus: 'Added',
      CreatedDate: at,
      CreatedById: session.userId,
      LastModifiedDate: at,
      LastModifiedById: session.userId,
      SystemModstamp: at,
    });
  }
  syncSiteMembers(store, id, audit);
  return id;
}

/** `deployedPermissionSets`: the permission sets of the same deploy (lower-case names). */
export function validateNetwork(
  component: PackageComponent,
  ctx: DeployContext,
  session: Session,
  deployedPermissionSets: Set<string>,
): ComponentValidation {
  const source = decodeText(component.files.get(component.path) ?? new Uint8Array());
  const problems: PartProblem[] = [];
  const parsed = checkMetadataXml(source, 'Network', component.fileName);
  let value: XmlNode | null = null;
  if (!parsed.ok) {
    problems.push(parsed.problem);
  } else {
    value = parsed.value;
    const status = textOf(value.status)?.trim();
    if (status && !(NETWORK_STATUSES as readonly string[]).includes(status)) {
      problems.push({
        line: lineOf(source, '<status>'),
        column: 1,
        problem: `'${status}' is not a valid value for the enum 'NetworkStatus'`,
      });
    }
    problems.push(...referenceProblems(source, memberGroupsOf(value), ctx, deployedPermissionSets));
  }
  if (problems.length === 0) ctx.defineComponent('Network', component.fullName);
  const networkPart = part(
    'Network',
    component.fullName,
    component.fileName,
    { body: source },
    problems,
  );
  const record = ctx.org.store.get(
    'SELECT "Id" FROM "Network" WHERE "Name" = ?',
    component.fullName,
  );
  if (record) networkPart.id = String(record.Id);
  return {
    parts: [networkPart],
    save: (good) => {
      if (value && good.includes(networkPart)) {
        networkPart.id = saveNetwork(ctx.org, session, component.fullName, value, networkPart.id);
      }
    },
  };
}
