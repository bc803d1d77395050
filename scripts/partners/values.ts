/** Reading single CSV values: e-mail addresses, websites, yes/no flags and queue lists. */

const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN_LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const TOP_LEVEL = /^([A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})$/;

/** Why a value is not an e-mail address Salesforce accepts, or null when it is one. */
export function emailError(value: string): string | null {
  if (/\s/.test(value)) return 'contains a space';
  const at = value.split('@');
  if (at.length === 1) return 'has no @';
  if (at.length > 2) return 'has more than one @';
  const [local, domain] = at;
  if (!local || !LOCAL_PART.test(local)) return 'the part before @ is not valid';
  const labels = domain.split('.');
  if (labels.length < 2) return 'the domain after @ has no dot';
  if (!labels.every((l) => DOMAIN_LABEL.test(l)) || !TOP_LEVEL.test(labels.at(-1)!)) {
    return 'the domain after @ is not valid';
  }
  return null;
}

export type Website = { key: string } | { error: string };

/** A label of a website's host: letters (any script) and digits, inner hyphens, 63 at most. */
const HOST_LABEL = /^[\p{L}\p{N}]([\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?$/u;
const HOST_TOP_LEVEL = /^(\p{L}{2,63}|xn--[A-Za-z0-9-]{1,59})$/u;

/**
 * A website reduced to the form accounts are matched on: lower case, no scheme, no `www.`, no
 * query or fragment, no trailing `/` (`https://www.Acme.com/` and `acme.com` are the same site).
 * Written with plain string rules (no URL parser) so that the Apex onboarding rules
 * (PartnerOnboardingRules.cls) apply exactly the same ones; the vectors in
 * staticresources/PartnerOnboardingVectors.json hold the two equal. A host in another script
 * keeps its letters (`bücher.example.de`), it is not converted to its `xn--` form.
 */
export function normalizeWebsite(value: string): Website {
  if (/\s/.test(value)) return { error: 'contains a space' };
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(value);
  if (scheme && !/^https?$/i.test(scheme[1])) {
    return { error: `starts with ${scheme[1]}:// (only http:// or https:// is allowed)` };
  }
  const rest = scheme ? value.slice(scheme[0].length) : value;
  const cut = rest.search(/[?#]/);
  const address = cut === -1 ? rest : rest.slice(0, cut);
  const slash = address.indexOf('/');
  const host = slash === -1 ? address : address.slice(0, slash);
  const path = slash === -1 ? '' : address.slice(slash);
  if (host === '') return { error: 'is not a web address' };
  if (host.includes('@') || host.includes(':')) return { error: 'is not a plain web address' };
  const labels = host
    .toLowerCase()
    .replace(/^www\./, '')
    .split('.');
  if (
    labels.length < 2 ||
    !labels.every((l) => HOST_LABEL.test(l)) ||
    !HOST_TOP_LEVEL.test(labels.at(-1)!)
  ) {
    return { error: 'has no valid domain name' };
  }
  return { key: `${labels.join('.')}${path.replace(/\/+$/, '')}`.toLowerCase() };
}

const YES = new Set(['yes', 'true']);
const NO = new Set(['no', 'false', '']);

/** yes/true, no/false/blank (any case); null for anything else. */
export function parseYesNo(value: string): boolean | null {
  const v = value.trim().toLowerCase();
  if (YES.has(v)) return true;
  if (NO.has(v)) return false;
  return null;
}

/** Queue names separated by `;`, trimmed, blanks and repeats (ignoring case) dropped. */
export function splitQueues(value: string): string[] {
  const seen = new Set<string>();
  const names: string[] = [];
  for (const raw of value.split(';')) {
    const name = raw.trim();
    if (name && !seen.has(name.toLowerCase())) {
      seen.add(name.toLowerCase());
      names.push(name);
    }
  }
  return names;
}

/** An account name in the form it is compared on (case and runs of spaces ignored). */
export function accountNameKey(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}
