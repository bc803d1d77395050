/**
 * Records the real answers of PartnerOnboardingController's planOffboarding and offboardPartner
 * that the offboarding panel's Jest tests answer with
 * (force-app/main/default/lwc/partnerOffboardingPanel/__tests__/data/partnerOffboarding.json):
 * a fresh in-memory demo local org, as Maya Chen, offboarding Fabrikam Inc. Run it again after
 * the Apex changes: `npx node test/support/recordOffboarding.ts`.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Connection } from 'jsforce';
import { format, resolveConfig } from 'prettier';
import { FORCE_APP, connect, queueId, startTestOrg } from './org.ts';

const OUT = join(
  FORCE_APP,
  'main/default/lwc/partnerOffboardingPanel/__tests__/data/partnerOffboarding.json',
);
const ACCOUNT = 'Fabrikam Inc';

const COMMENT =
  "Real answers of PartnerOnboardingController's planOffboarding and offboardPartner, recorded " +
  'by test/support/recordOffboarding.ts on a fresh in-memory demo local org as Maya Chen, ' +
  'offboarding Fabrikam Inc (3 partner users, 2 active, 134 open leads, 3 memberships of its ' +
  'queue), in the order listed: planToQueue with the Americas Partner Pool as new owner; ' +
  'planInactiveOwner with an inactive partner user as new owner; planWaiting and stepWaiting ' +
  "while another lead reassignment of Maya's was still Processing; usersWithoutPermission after " +
  "Maya's Partner_Onboarding permission set was removed (given back right after). Lightning " +
  'drops null properties, and so do these answers.';

async function firstId(conn: Connection, soql: string): Promise<string> {
  const record = (await conn.query<{ Id: string }>(soql)).records[0];
  if (!record) throw new Error(`nothing for ${soql}`);
  return record.Id;
}

const org = await startTestOrg({ deploy: [FORCE_APP] });
try {
  const admin = connect(org);
  const maya = org.users.find((u) => u.username.startsWith('maya.chen@'));
  if (!maya) throw new Error('no Maya Chen in the demo org');
  const token = org.tokenFor(maya.userId);

  const post = async (controller: string, method: string, request: unknown) => {
    const response = await fetch(`${org.url}/localorg/apex/${controller}/${method}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ request }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const examples: Record<string, { method: string; request: unknown; result: unknown }> = {};
  const errors: Record<string, { method: string; request: unknown; message: unknown }> = {};
  const example = async (name: string, method: string, request: unknown) => {
    const reply = await post('PartnerOnboardingController', method, request);
    if (reply.status !== 200) throw new Error(`${name}: ${JSON.stringify(reply.body)}`);
    examples[name] = { method, request, result: reply.body };
  };
  const error = async (name: string, method: string, request: unknown) => {
    const reply = await post('PartnerOnboardingController', method, request);
    if (reply.status === 200) throw new Error(`${name} succeeded`);
    errors[name] = { method, request, message: reply.body.message };
  };

  const accountId = await firstId(admin, `SELECT Id FROM Account WHERE Name = '${ACCOUNT}'`);
  const inactive = org.users.find(
    (u) => u.kind === 'partner' && !u.active && u.accountId !== accountId,
  );
  if (!inactive) throw new Error('no inactive partner user of another account');
  await example('plan', 'planOffboarding', { accountId });
  await example('planToQueue', 'planOffboarding', {
    accountId,
    newOwnerId: await queueId(admin, 'Americas Partner Pool'),
  });
  await example('planInactiveOwner', 'planOffboarding', { accountId, newOwnerId: inactive.userId });
  await error('wrongConfirmation', 'offboardPartner', { accountId, confirmation: 'Fabrikam' });
  await error('badAccount', 'planOffboarding', { accountId: 'nope' });
  const confirmed = { accountId, confirmation: ACCOUNT };

  // Another lead reassignment of Maya's still running in the background: the leads step waits.
  const otherLead = await firstId(
    admin,
    "SELECT Id FROM Lead WHERE Owner.Name = 'Unassigned Leads' AND IsConverted = false LIMIT 1",
  );
  const applied = await post('LeadAssignmentController', 'applyAssignment', {
    method: 'owner',
    selection: { leadIds: [otherLead] },
    pool: [{ ownerId: maya.userId }],
  });
  if (applied.status !== 200) throw new Error(JSON.stringify(applied.body));
  const batchId = (applied.body.batch as { batchId: string }).batchId;
  await admin.sobject('Lead_Assignment_Batch__c').update({ Id: batchId, Status__c: 'Processing' });
  await example('planWaiting', 'planOffboarding', { accountId });
  await example('stepWaiting', 'offboardPartner', confirmed);
  await admin.sobject('Lead_Assignment_Batch__c').update({ Id: batchId, Status__c: 'Completed' });

  await example('stepLeads', 'offboardPartner', confirmed);
  // Maya loses the permission set mid-way: the users step is refused and nothing changes.
  const assignment = await firstId(
    admin,
    `SELECT Id FROM PermissionSetAssignment WHERE AssigneeId = '${maya.userId}' AND PermissionSet.Name = 'Partner_Onboarding'`,
  );
  await admin.sobject('PermissionSetAssignment').destroy(assignment);
  await error('usersWithoutPermission', 'offboardPartner', confirmed);
  await admin.sobject('PermissionSetAssignment').create({
    PermissionSetId: await firstId(
      admin,
      "SELECT Id FROM PermissionSet WHERE Name = 'Partner_Onboarding'",
    ),
    AssigneeId: maya.userId,
  });
  await example('planAfterLeads', 'planOffboarding', { accountId });
  await example('stepUsers', 'offboardPartner', confirmed);
  await example('stepMemberships', 'offboardPartner', confirmed);
  await example('stepAccount', 'offboardPartner', confirmed);
  await example('stepDone', 'offboardPartner', confirmed);
  await example('planDone', 'planOffboarding', { accountId });
  const json = JSON.stringify({ $comment: COMMENT, examples, errors });
  writeFileSync(OUT, await format(json, { ...(await resolveConfig(OUT)), filepath: OUT }));
  process.stdout.write(
    `Recorded ${Object.keys(examples).length} answers and ${Object.keys(errors).length} errors in ${OUT}\n`,
  );
} finally {
  await org.close();
}
