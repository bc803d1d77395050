/**
 * The local org's doc-silent choices: behaviour a client can observe where Salesforce's
 * documentation says nothing, and where another answer is a plausible platform behaviour. Each is
 * registered here with the pages it is silent in, its default (what the local org did before the
 * switch existed) with the evidence for it, and its alternatives, and each is a switch:
 * `startLocalOrg({ choices: { name: value } })`, `channelkit org local --choice name=value`
 * (repeatable), or `LOCALORG_CHOICES` (`name=value` pairs separated by `;` or spaces; the flags
 * win over the variable). The modules read the value from the org (`org.choice(name)`).
 *
 * Left out on purpose: choices of error wording nobody parses (the composite limits' texts, the
 * SOQL refusals' messages), which the module headers still record (rest/composite.ts,
 * soql/compile.ts, metadata/retrieve/retriever.ts).
 *
 * The README's local org section lists every choice with its values; test/localorg/choices.test.ts
 * checks that the two agree.
 */

const REST = 'https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/';
const META = 'https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/';
const SOQL = 'https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/';

export interface ChoiceDef<V extends string = string> {
  /** One line: what the choice decides. */
  summary: string;
  /** The documentation pages that are silent on it. */
  silentIn: readonly string[];
  /** What the local org does unless told otherwise. */
  default: NoInfer<V>;
  /** Why the default is the default. */
  evidence: string;
  /** Every value, the default included, and what it does. */
  values: Readonly<Record<V, string>>;
}

function choice<const V extends string>(def: ChoiceDef<V>): ChoiceDef<V> {
  return def;
}

export const CHOICES = {
  'describe-last-modified': choice({
    summary:
      'whether sObject Describe and Describe Global answer with a Last-Modified header (their 304 too)',
    silentIn: [
      `${REST}sobject_describe_with_ifmodified_header.htm`,
      `${REST}describe_global_with_ifmodified_header.htm`,
    ],
    default: 'send',
    evidence:
      "RFC 9110 section 8.8.2: an origin server should send Last-Modified for a representation it can date; the guides show the request's If-Modified-Since only, neither showing nor ruling out the header",
    values: {
      send: 'Last-Modified: the time of the last change the org knows of, in the format of If-Modified-Since',
      omit: 'no Last-Modified: a client must keep its own date to send in If-Modified-Since',
    },
  }),
  'describe-bad-if-modified-since': choice({
    summary: 'what a describe does with an If-Modified-Since it cannot parse as a date',
    silentIn: [
      `${REST}sobject_describe_with_ifmodified_header.htm`,
      `${REST}describe_global_with_ifmodified_header.htm`,
    ],
    default: 'ignore',
    evidence:
      'RFC 9110 section 13.1.3: a recipient must ignore If-Modified-Since when the value is not a valid HTTP-date; the guides give the format (EEE, dd MMM yyyy HH:mm:ss z) but not what another value does',
    values: {
      ignore: 'the header is ignored: the describe is answered in full (200)',
      reject:
        'the request is refused: 400 [{ errorCode: "INVALID_HEADER_TYPE" }] naming the header and the format',
    },
  }),
  'http-method-override': choice({
    summary: 'which `POST ...?_HttpMethod=X` requests under /services/data are served as verb X',
    silentIn: [`${REST}dome_update_fields.htm`],
    default: 'patch',
    evidence:
      'the guide documents POST with _HttpMethod=PATCH (in capitals) only, for clients that cannot send PATCH; nothing says other values work',
    values: {
      patch:
        'only _HttpMethod=PATCH on a POST; any other value, or the parameter on another verb, is ignored (the request keeps its own verb)',
      any: 'on a POST, _HttpMethod=GET, PUT, PATCH or DELETE (any case) is served as that verb; other verbs still keep their own',
    },
  }),
  'composite-unsupported-resource': choice({
    summary:
      "what /composite does with a subrequest to a resource outside the guide's list (sObject resources, query, queryAll, sObject Collections)",
    silentIn: [`${REST}resources_composite_composite_post.htm`, `${REST}requests_composite.htm`],
    default: 'subrequest',
    evidence:
      'the guide lists the resources composite supports but not what another one answers; failing only that subrequest matches how the guide treats other per-subrequest problems (an unresolved reference)',
    values: {
      subrequest:
        'that subrequest answers 400 PROCESSING_HALTED; the others run (with allOrNone, the request rolls back as for any failure)',
      request:
        'the whole request answers 400 INVALID_INPUT before any subrequest runs, as the guide says of a malformed subrequest url',
    },
  }),
  'typeof-unmatched': choice({
    summary:
      'the JSON of a polymorphic relationship under TYPEOF when no WHEN branch names its type and there is no ELSE',
    silentIn: [`${SOQL}sforce_api_calls_soql_select_typeof.htm`],
    default: 'attributes',
    evidence:
      'the reference shows TYPEOF queries, not their JSON; a related record REST returns always carries its attributes (type, url), and with no branch there are no fields to add',
    values: {
      attributes: 'the relationship is an object with its attributes (type, url) only',
      null: 'the relationship is null, as for a record with no related record',
    },
  }),
  'retrieve-missing': choice({
    summary:
      'what a Metadata API retrieve does with a member, a type or a package (packageNames) the org does not have',
    silentIn: [
      `${META}meta_retrieve.htm`,
      `${META}meta_retrieve_request.htm`,
      `${META}meta_retrieveresult.htm`,
    ],
    default: 'warning',
    evidence:
      "real orgs answer a RetrieveMessage on package.xml (\"Entity of type 'ApexClass' named 'FooBar' cannot be found\") and the retrieve succeeds, as users report (forcedotcom/cli#7, solenopsis/Solenopsis#266)",
    values: {
      warning:
        'each is a message (warning) on package.xml; the retrieve Succeeds with what was found',
      fail: 'the retrieve ends Failed (errorStatusCode INVALID_CROSS_REFERENCE_KEY, errorMessage the messages, no zip)',
    },
  }),
  'list-metadata-unknown-type': choice({
    summary:
      "what listMetadata answers for a type that is not a Metadata API type (not in source-deploy-retrieve's registry)",
    silentIn: [`${META}meta_listmetadata.htm`],
    default: 'empty',
    evidence:
      'the guide says every type is supported and an empty answer means none exist; it names no error for an unknown type, so the local org lists nothing, as it does for a type it does not model',
    values: {
      empty: 'the query lists nothing (and the other queries of the call are answered)',
      fault:
        'the call is a SOAP fault, sf:INVALID_TYPE "Unknown type name \'X\' specified in ListMetadataQuery"',
    },
  }),
} as const;

export type ChoiceName = keyof typeof CHOICES;
export type ChoiceValue<N extends ChoiceName> = keyof (typeof CHOICES)[N]['values'] & string;
export type Choices = { readonly [N in ChoiceName]: ChoiceValue<N> };
export type ChoiceSettings = { [N in ChoiceName]?: ChoiceValue<N> };

export const CHOICE_NAMES = Object.keys(CHOICES) as ChoiceName[];

export const valuesOf = (name: ChoiceName): string[] => Object.keys(CHOICES[name].values);

/** `name=a|b` for each choice, for help texts and errors. */
export const CHOICE_SYNTAX = CHOICE_NAMES.map((n) => `${n}=${valuesOf(n).join('|')}`).join(', ');

export class ChoiceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChoiceError';
  }
}

const isName = (name: string): name is ChoiceName => Object.hasOwn(CHOICES, name);

/** Checks one name and value; throws naming the valid ones. */
export function checkChoice(name: string, value: string): void {
  if (!isName(name)) {
    throw new ChoiceError(`unknown choice '${name}' (choices: ${CHOICE_SYNTAX})`);
  }
  if (!valuesOf(name).includes(value)) {
    throw new ChoiceError(
      `invalid value '${value}' for choice '${name}': use ${valuesOf(name).join(' or ')}`,
    );
  }
}

/** `name=value` as given to `--choice`. */
export function parseChoice(spec: string): [ChoiceName, string] {
  const eq = spec.indexOf('=');
  if (eq <= 0) {
    throw new ChoiceError(`invalid choice '${spec}': write NAME=VALUE (choices: ${CHOICE_SYNTAX})`);
  }
  const name = spec.slice(0, eq).trim();
  const value = spec.slice(eq + 1).trim();
  checkChoice(name, value);
  return [name as ChoiceName, value];
}

/** The `name=value` pairs of `LOCALORG_CHOICES` (separated by `;` or whitespace). */
export function choiceSpecsFromEnv(text: string | undefined): string[] {
  return (text ?? '').split(/[;\s]+/).filter((s) => s !== '');
}

/** Every choice's value: the given ones (checked), the defaults for the rest. */
export function resolveChoices(given: Readonly<Record<string, string | undefined>> = {}): Choices {
  const out: Record<string, string> = {};
  for (const name of CHOICE_NAMES) out[name] = CHOICES[name].default;
  for (const [name, value] of Object.entries(given)) {
    if (value === undefined) continue;
    checkChoice(name, value);
    out[name] = value;
  }
  return out as Choices;
}
