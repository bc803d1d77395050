/**
 * The reference: a fresh local org in memory with its defaults (no seed data, no switches), which
 * is what the local org promises. Checks send it the same requests as the target org, so the
 * report compares against what the local org really answers today, not against a copy of it.
 */
import { startLocalOrg } from '../../localorg/main.ts';
import type { RunningLocalOrg } from '../../localorg/main.ts';
import { tokenHttp } from './http.ts';
import type { OrgHttp } from './http.ts';

export interface ReferenceOrg {
  http: OrgHttp;
  userId: string;
  username: string;
}

export class Reference {
  private running: Promise<RunningLocalOrg> | null = null;
  private readonly version: string;

  constructor(version: string) {
    this.version = version;
  }

  async get(): Promise<ReferenceOrg> {
    this.running ??= startLocalOrg({ memory: true, seed: 'none' });
    const org = await this.running;
    return {
      http: tokenHttp(org.url, org.admin.accessToken, this.version),
      userId: org.admin.userId,
      username: org.admin.username,
    };
  }

  async close(): Promise<void> {
    if (this.running) await (await this.running).close();
  }
}
