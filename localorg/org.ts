/** One local org: its store and the services every route uses. */
import { sessionFor } from './auth/session.ts';
import type { Session } from './auth/session.ts';
import { lookupToken } from './auth/tokens.ts';
import type { Catalog } from './catalog/index.ts';
import { resolveChoices } from './choices.ts';
import type { ChoiceName, ChoiceSettings, ChoiceValue, Choices } from './choices.ts';
import { formatDate } from './dates.ts';
import { DmlEngine } from './dml/engine.ts';
import { QueryService } from './soql/execute.ts';
import type { Store } from './store/store.ts';

export const DEFAULT_API_LIMIT = 15000;

export interface OrgConfig {
  /** Daily API request allowance (Developer Edition: 15,000). */
  apiLimit: number;
  now: () => Date;
  /** One line of log output (stderr in the command). Never given tokens or passwords. */
  log: (line: string) => void;
  /** The doc-silent choices (choices.ts) that differ from their defaults. */
  choices?: ChoiceSettings;
  /**
   * Batch Apex: milliseconds between a background job's phases (start, each chunk, finish);
   * 0 or absent runs them back to back. A real org queues each chunk as its own asynchronous
   * transaction, seconds apart, so progress can be watched: `npm start` paces jobs like that.
   */
  batchPhaseMs?: number;
}

export class LocalOrg {
  readonly store: Store;
  readonly catalog: Catalog;
  readonly queries: QueryService;
  readonly dml: DmlEngine;
  readonly config: OrgConfig;
  /** Every doc-silent choice's value (choices.ts). */
  readonly choices: Choices;
  /** `http://127.0.0.1:PORT` once listening. */
  baseUrl = '';

  constructor(store: Store, config: OrgConfig) {
    this.store = store;
    this.catalog = store.catalog;
    this.config = config;
    this.choices = resolveChoices(config.choices);
    this.queries = new QueryService(store, config.now, this.choices['typeof-unmatched']);
    this.dml = new DmlEngine(store, config.now);
  }

  /** The value of one doc-silent choice (choices.ts). */
  choice<N extends ChoiceName>(name: N): ChoiceValue<N> {
    return this.choices[name];
  }

  now(): Date {
    return this.config.now();
  }

  orgId(): string {
    const row = this.store.get('SELECT "Id" FROM "Organization" LIMIT 1');
    if (!row) throw new Error('the org has not been seeded');
    return String(row.Id);
  }

  /** The session behind an access token, if the token is valid and its user active. */
  sessionForToken(token: string): Session | undefined {
    const info = lookupToken(this.store, token, 'access');
    return info ? sessionFor(this.store, info.userId) : undefined;
  }

  sessionForUser(userId: string): Session | undefined {
    return sessionFor(this.store, userId);
  }

  apiUsage(): number {
    const row = this.store.get(
      'SELECT count FROM _lo_api_usage WHERE day = ?',
      formatDate(this.now()),
    );
    return Number(row?.count ?? 0);
  }

  /** Counts one API request and returns today's total. */
  countApiRequest(): number {
    const day = formatDate(this.now());
    this.store.run(
      'INSERT INTO _lo_api_usage (day, count) VALUES (?, 1) ON CONFLICT(day) DO UPDATE SET count = count + 1',
      day,
    );
    return this.apiUsage();
  }
}
