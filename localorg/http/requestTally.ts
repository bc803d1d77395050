/**
 * Where a client's API calls went: the local org logs every request as `METHOD /path status Nms`
 * (server.ts); a RequestTally reads those lines and counts them by endpoint (identity and OAuth
 * requests too, though the org's API count leaves them out), Ids and the API
 * version replaced by placeholders (`GET /services/data/vXX/jobs/ingest/{id}`). Status polls are
 * told apart from the other calls, since a call budget counts them separately.
 */

/** A request line as server.ts logs it; other log lines are not requests. */
const REQUEST_LINE = /^(GET|POST|PUT|PATCH|DELETE|HEAD) (\/\S*) (\d{3}) \d+ms$/;
/** Salesforce record and job Ids: 15 or 18 letters and digits, some digits among them. */
const ID_SEGMENT = /^(?=[a-zA-Z]*\d)[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;

/** `GET /services/data/vXX/jobs/ingest/{id}` for `GET /services/data/v62.0/jobs/ingest/750…`. */
export function endpointOf(method: string, path: string): string {
  const segments = path
    .split('/')
    .map((segment) =>
      /^v\d+\.\d+$/.test(segment) ? 'vXX' : ID_SEGMENT.test(segment) ? '{id}' : segment,
    );
  return `${method} ${segments.join('/')}`;
}

/** Polls of a Bulk job's state: a budget of calls is "N + polls". */
export function isPoll(endpoint: string): boolean {
  return /^GET \/services\/data\/vXX\/jobs\/(ingest|query)\/\{id\}$/.test(endpoint);
}

export class RequestTally {
  private readonly counts = new Map<string, number>();

  /** Takes one log line; counts it when it is a request. */
  readonly log = (line: string): void => {
    const match = REQUEST_LINE.exec(line.replace(/^\[localorg\] /, ''));
    if (!match) return;
    const endpoint = endpointOf(match[1], match[2]);
    this.counts.set(endpoint, (this.counts.get(endpoint) ?? 0) + 1);
  };

  /** Starts counting afresh. */
  reset(): void {
    this.counts.clear();
  }

  /** Calls per endpoint, polls left out, sorted by endpoint. */
  calls(): Record<string, number> {
    return this.pick((endpoint) => !isPoll(endpoint));
  }

  /** Status polls per endpoint. */
  polls(): Record<string, number> {
    return this.pick(isPoll);
  }

  total(filter: (endpoint: string) => boolean = () => true): number {
    let sum = 0;
    for (const [endpoint, n] of this.counts) if (filter(endpoint)) sum += n;
    return sum;
  }

  private pick(keep: (endpoint: string) => boolean): Record<string, number> {
    return Object.fromEntries(
      [...this.counts]
        .filter(([endpoint]) => keep(endpoint))
        .sort(([a], [b]) => a.localeCompare(b)),
    );
  }
}
