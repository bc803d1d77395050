/**
 * The reassignment paths of `channelkit leads reassign`, each followed by `channelkit leads undo`,
 * on the run's own sample leads only (--where on the run's marker): the owners after the change
 * are the ones asked for, and after undo every lead has exactly the owner it had before.
 */
import { join } from 'node:path';
import { judged, skipped } from '../check.ts';
import type { CheckDef, Difference } from '../check.ts';
import type { VerifyContext } from '../context.ts';
import { queryRecords } from '../http.ts';
import { failureOf, runChannelkit } from './../channelkit.ts';

interface ReassignPath {
  id: string;
  title: string;
  /** The flags that choose the path (besides -o, --where, --journal, --yes). */
  flags: (ctx: VerifyContext) => string[];
  /** Whom the leads should have after the change: the running user, or whoever the rule picks. */
  expect: 'me' | 'rule';
  /** Why the path cannot run on this org, or null. */
  unavailable?: (ctx: VerifyContext) => Promise<string | null>;
  change: string;
}

const toMe = (ctx: VerifyContext) => ['--to', ctx.me.id];

async function notifyEndpointMissing(ctx: VerifyContext): Promise<string | null> {
  const found = await queryRecords(
    ctx.target,
    "SELECT Id FROM ApexClass WHERE NamespacePrefix = null AND Name = 'ChannelKitLeadOwnerResource'",
    true,
  );
  return found.length
    ? null
    : `the Channel Kit Apex endpoint (ChannelKitLeadOwnerResource) is not deployed: run \`channelkit deploy -o ${ctx.targetOrg}\` first.`;
}

async function noActiveRule(ctx: VerifyContext): Promise<string | null> {
  const rules = await queryRecords(
    ctx.target,
    "SELECT Id FROM AssignmentRule WHERE SobjectType = 'Lead' AND Active = true",
  );
  return rules.length ? null : 'the org has no active lead assignment rule.';
}

export const REASSIGN_PATHS: ReassignPath[] = [
  {
    id: 'reassign-collections',
    title: 'Reassign through sObject Collections, then undo',
    flags: (ctx) => [...toMe(ctx), '--api', 'collections'],
    expect: 'me',
    change: 'localorg/rest/collections.ts and localorg/dml/leadRules.ts',
  },
  {
    id: 'reassign-bulk',
    title: 'Reassign through Bulk API 2.0, then undo',
    flags: (ctx) => [...toMe(ctx), '--api', 'bulk'],
    expect: 'me',
    change: 'localorg/bulk/ingest/ (processor.ts, results.ts)',
  },
  {
    id: 'reassign-notify',
    title: 'Reassign with --notify (Channel Kit Apex endpoint), then undo',
    // The owner-change e-mail goes to the running user, nobody else.
    flags: (ctx) => [...toMe(ctx), '--notify'],
    expect: 'me',
    unavailable: notifyEndpointMissing,
    change:
      'localorg/apex/org/apexRest.ts (the Apex REST endpoint) and localorg/leadAssignmentEmail.ts',
  },
  {
    id: 'reassign-assignment-rule',
    title: "Reassign by the org's assignment rule, then undo",
    flags: () => ['--assignment-rule', 'default'],
    expect: 'rule',
    unavailable: noActiveRule,
    change: 'localorg/assignment.ts and localorg/dml/leadRules.ts',
  },
];

const describeOwners = (ids: string[], owners: Map<string, string>) =>
  ids.map((id) => owners.get(id) ?? 'missing').join(', ');

async function runPath(ctx: VerifyContext, path: ReassignPath) {
  const reason = path.unavailable ? await path.unavailable(ctx) : null;
  if (reason) return skipped(`Not run: ${reason}`);
  const leads = await ctx.sample.leads();
  const before = await ctx.sample.owners(leads.ids);
  const journal = join(ctx.workDir, `${path.id}.jsonl`);
  const differences: Difference[] = [];
  const reassign = await runChannelkit(
    [
      'leads',
      'reassign',
      '-o',
      ctx.targetOrg,
      '--where',
      ctx.sample.where,
      ...path.flags(ctx),
      '--journal',
      journal,
      '--yes',
    ],
    ctx.workDir,
  );
  if (reassign.code !== 0) {
    differences.push({
      what: 'channelkit leads reassign',
      localOrg: 'exit 0',
      targetOrg: failureOf(reassign),
      change: path.change,
    });
  }
  const after = await ctx.sample.owners(leads.ids);
  const moved = leads.ids.filter((id) => after.get(id) !== before.get(id)).length;
  if (path.expect === 'me' && leads.ids.some((id) => after.get(id) !== ctx.me.id)) {
    differences.push({
      what: 'owners after the change',
      localOrg: `all ${leads.ids.length} owned by the running user ${ctx.me.id}`,
      targetOrg: describeOwners(leads.ids, after),
      change: path.change,
    });
  }
  let undoMs = 0;
  if (moved > 0) {
    const undo = await runChannelkit(
      ['leads', 'undo', '-o', ctx.targetOrg, '--journal', journal],
      ctx.workDir,
    );
    undoMs = undo.ms;
    if (undo.code !== 0)
      differences.push({
        what: 'channelkit leads undo',
        localOrg: 'exit 0',
        targetOrg: failureOf(undo),
        change: path.change,
      });
  }
  const restored = await ctx.sample.owners(leads.ids);
  if (leads.ids.some((id) => restored.get(id) !== before.get(id))) {
    differences.push({
      what: 'owners after undo',
      localOrg: `as before: ${describeOwners(leads.ids, before)}`,
      targetOrg: describeOwners(leads.ids, restored),
      change: path.change,
    });
  }
  const detail =
    path.expect === 'rule'
      ? `The rule gave ${moved} of ${leads.ids.length} sample leads a new owner${moved ? '; undo put every one back' : ' (nothing to undo)'}.`
      : `${moved} of ${leads.ids.length} sample leads moved to the running user; undo put every one back.`;
  return judged(
    differences,
    { same: detail, differs: `${differences.length} difference(s) on this path.` },
    {
      leads: leads.ids,
      parkedWith: leads.home,
      moved,
      reassignMs: reassign.ms,
      undoMs,
      journal,
    },
  );
}

export function reassignChecks(paths: ReassignPath[] = REASSIGN_PATHS): CheckDef[] {
  return paths.map((path) => ({
    id: path.id,
    title: path.title,
    promise:
      'channelkit leads reassign moves exactly the selected leads to the owners asked for, and channelkit leads undo puts back exactly the owners they had.',
    references: [
      'README.md: The channelkit command (leads reassign, leads undo)',
      'scripts/leads/reassign.ts',
      'scripts/leads/undo.ts',
      path.change,
    ],
    measure: `channelkit leads reassign --where "<the run's marker>" ${path.id === 'reassign-assignment-rule' ? '--assignment-rule default' : `--to <running user> ${path.id === 'reassign-notify' ? '--notify' : `--api ${path.id.replace('reassign-', '')}`}`} on the run's sample leads, then channelkit leads undo; owners read before, after and after undo.`,
    writes: true,
    run: (ctx) => runPath(ctx, path),
  }));
}
