/**
 * `leads undo --notify` run in this process against a local org: without the Channel Kit
 * endpoint it stops before changing anything; once the endpoint is deployed, the restored owners
 * get Salesforce's owner-change e-mail through it. (test/cli/leads-notify.test.ts runs the same
 * through the CLI binary; this is the fast one mutation testing runs.)
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RunningLocalOrg } from '../../localorg/main.ts';
import { reassign } from '../../scripts/leads/reassign.ts';
import { undo } from '../../scripts/leads/undo.ts';
import { capturedOutput, loginInProcess, refusal } from '../support/inProcessLeads.ts';
import { deployLeadOwnerResource } from '../support/leadOwnersDeploy.ts';
import { startTestOrg, userOf } from '../support/org.ts';
import { queryAll } from '../support/query.ts';

describe('leads undo --notify, in process', () => {
  const dir = mkdtempSync(join(tmpdir(), 'undo-notify-inprocess-'));
  let org: RunningLocalOrg;

  before(async () => {
    org = await startTestOrg({ seed: 'demo' });
    await loginInProcess({ local: org });
  });
  after(() => org.close());

  const owners = async (ids: string[]) =>
    new Map(
      (await queryAll(org, `SELECT Id, OwnerId FROM Lead WHERE Id IN ('${ids.join("','")}')`)).map(
        (r) => [r.Id, r.OwnerId],
      ),
    );

  it('stops before changing anything without the endpoint; once deployed, mails each restored user', async () => {
    const manager = userOf(org, 'channel-manager').userId;
    const ids = (
      await queryAll(
        org,
        `SELECT Id FROM Lead WHERE IsConverted = false AND OwnerId = '${manager}' ORDER BY Id LIMIT 4`,
      )
    ).map((r) => r.Id);
    assert.equal(ids.length, 4, 'the manager holds open leads in the demo org');
    const file = join(dir, 'ids.csv');
    writeFileSync(file, `Id\n${ids.join('\n')}\n`);
    const journal = join(dir, 'notify.jsonl');
    const ran = await reassign(
      { targetOrg: 'local', ids: file, to: 'EMEA Partner Pool', journal, yes: true },
      capturedOutput().output,
    );
    assert.equal(ran.exitCode, 0);
    const emea = ran.result.summary!.owners[0].ownerId;
    const text = readFileSync(journal, 'utf8');

    const missing = await refusal(
      undo({ targetOrg: 'local', journal, notify: true }, capturedOutput().output),
    );
    assert.equal(missing.code, 'NotifyEndpointMissing');
    assert.equal(readFileSync(journal, 'utf8'), text, 'undo wrote nothing');
    assert.ok(
      [...(await owners(ids)).values()].every((o) => o === emea),
      'nothing changed',
    );

    await deployLeadOwnerResource(org);
    const sent = org.outbox().length;
    const out = capturedOutput();
    const undone = await undo({ targetOrg: 'local', journal, notify: true }, out.output);
    assert.equal(undone.exitCode, 0, out.stderr());
    assert.equal(undone.result.restored, 4);
    assert.ok([...(await owners(ids)).values()].every((o) => o === manager));
    assert.deepEqual(
      org
        .outbox()
        .slice(sent)
        .filter((m) => m.kind === 'lead-assignment')
        .map((m) => [/\/(00Q\w+)$/.exec(m.body)![1], m.toUserId])
        .sort(),
      ids.map((id) => [id, manager]).sort(),
      'one owner-change e-mail per restored lead, to the manager',
    );
  });
});
