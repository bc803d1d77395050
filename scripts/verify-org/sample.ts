/**
 * The sample leads the reassignment checks move and put back: created by this run only, marked
 * with Company = 'channelkit-verify-<runId>', owned by someone other than the running user, and
 * deleted at the end (every lead with the marker, so one created but not recorded goes too).
 * Records a probe created by accident are recorded here as well and removed with the rest.
 */
import { dataPath, jsonOf, queryRecords } from './http.ts';
import type { OrgHttp } from './http.ts';

export interface Created {
  object: string;
  id: string;
  why: string;
}

export interface SampleLeads {
  ids: string[];
  /** Who owns them between the checks: another active Salesforce user, or a Lead queue. */
  home: { id: string; name: string };
}

export interface Cleanup {
  created: Created[];
  removed: Created[];
  /** What could not be removed, with the reason. */
  left: { object: string; id: string; reason: string }[];
}

const SAMPLE_SIZE = 4;

export class SampleData {
  readonly marker: string;
  private readonly created: Created[] = [];
  private leadsPromise: Promise<SampleLeads> | null = null;
  private readonly http: OrgHttp;
  private readonly me: { id: string };

  constructor(http: OrgHttp, me: { id: string }, runId: string) {
    this.http = http;
    this.me = me;
    this.marker = `channelkit-verify-${runId}`;
  }

  /** SOQL condition that selects the sample leads and nothing else. */
  get where(): string {
    return `Company = '${this.marker}'`;
  }

  /** Everything created so far. */
  get createdSoFar(): Created[] {
    return [...this.created];
  }

  noteCreated(object: string, id: string, why: string): void {
    this.created.push({ object, id, why });
  }

  /** The sample leads, created on first use. */
  leads(): Promise<SampleLeads> {
    this.leadsPromise ??= this.createLeads();
    return this.leadsPromise;
  }

  private async homeOwner(): Promise<{ id: string; name: string }> {
    const users = await queryRecords<{ Id: string; Username: string }>(
      this.http,
      `SELECT Id, Username FROM User WHERE IsActive = true AND UserType = 'Standard' AND Profile.UserLicense.Name = 'Salesforce' AND Id != '${this.me.id}' ORDER BY CreatedDate LIMIT 1`,
    );
    if (users[0]) return { id: users[0].Id, name: users[0].Username };
    const queues = await queryRecords<{ QueueId: string; Queue: { Name: string } }>(
      this.http,
      "SELECT QueueId, Queue.Name FROM QueueSobject WHERE SobjectType = 'Lead' LIMIT 1",
    );
    if (queues[0]) return { id: queues[0].QueueId, name: `queue ${queues[0].Queue.Name}` };
    throw new Error(
      'no owner to park the sample leads with: the org has no other active user and no Lead queue',
    );
  }

  private async createLeads(): Promise<SampleLeads> {
    const home = await this.homeOwner();
    const records = Array.from({ length: SAMPLE_SIZE }, (_, i) => ({
      attributes: { type: 'Lead' },
      LastName: `Verify ${i + 1}`,
      Company: this.marker,
      OwnerId: home.id,
    }));
    // No assignment rule on insert: the leads stay with the owner given here.
    const answer = await this.http.request(`${dataPath(this.http)}/composite/sobjects`, {
      method: 'POST',
      headers: { 'Sforce-Auto-Assign': 'FALSE' },
      body: JSON.stringify({ allOrNone: true, records }),
    });
    const results = jsonOf(answer) as { id?: string; success: boolean; errors: unknown[] }[] | null;
    const ids = Array.isArray(results) ? results.filter((r) => r.success).map((r) => r.id!) : [];
    for (const id of ids) this.noteCreated('Lead', id, 'sample lead');
    if (answer.status !== 200 || ids.length !== SAMPLE_SIZE) {
      throw new Error(`could not create the sample leads (${answer.status}): ${answer.text}`);
    }
    return { ids, home };
  }

  /** OwnerId of each sample lead, by Id. */
  async owners(ids: string[]): Promise<Map<string, string>> {
    const rows = await queryRecords<{ Id: string; OwnerId: string }>(
      this.http,
      `SELECT Id, OwnerId FROM Lead WHERE Id IN ('${ids.join("','")}')`,
    );
    return new Map(rows.map((r) => [r.Id, r.OwnerId]));
  }

  /** Deletes every lead with the marker and every other record noted; says what is left. */
  async cleanup(): Promise<Cleanup> {
    const removed: Created[] = [];
    const left: Cleanup['left'] = [];
    const marked = await queryRecords<{ Id: string }>(
      this.http,
      `SELECT Id FROM Lead WHERE ${this.where}`,
    );
    for (const lead of marked) {
      if (!this.created.some((c) => c.id === lead.Id))
        this.noteCreated('Lead', lead.Id, 'lead with the run marker');
    }
    const deletable = this.created.filter((c) => c.object === 'Lead');
    for (let i = 0; i < deletable.length; i += 200) {
      const slice = deletable.slice(i, i + 200);
      const answer = await this.http.request(
        `${dataPath(this.http)}/composite/sobjects?allOrNone=false&ids=${slice.map((c) => c.id).join(',')}`,
        { method: 'DELETE' },
      );
      const results = (jsonOf(answer) ?? []) as {
        id: string;
        success: boolean;
        errors: { message: string }[];
      }[];
      for (const record of slice) {
        const result = Array.isArray(results) ? results.find((r) => r.id === record.id) : undefined;
        if (result?.success) removed.push(record);
        else
          left.push({
            object: record.object,
            id: record.id,
            reason: result?.errors.map((e) => e.message).join('; ') ?? answer.text,
          });
      }
    }
    for (const other of this.created.filter((c) => c.object !== 'Lead'))
      left.push({
        object: other.object,
        id: other.id,
        reason:
          other.object === 'User'
            ? 'users cannot be deleted: deactivate it in Setup'
            : 'not a lead: remove it by hand',
      });
    return { created: [...this.created], removed, left };
  }
}
