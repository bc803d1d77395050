/** The key prefixes and deterministic counter-based Ids the local org issues. */
import { to18 } from '../lib/salesforce-id.ts';

export { checksum, isId, keyPrefixOf, normalizeId, to18 } from '../lib/salesforce-id.ts';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Key prefixes of the objects the local org knows, and of non-record Ids it issues. */
export const KEY_PREFIX = {
  Organization: '00D',
  User: '005',
  Profile: '00e',
  UserLicense: '100',
  UserRole: '00E',
  Group: '00G',
  GroupMember: '011',
  QueueSobject: '03g',
  Account: '001',
  Contact: '003',
  Lead: '00Q',
  Network: '0DB',
  NetworkMemberGroup: '0DZ',
  NetworkMember: '0DL',
  PermissionSet: '0PS',
  PermissionSetAssignment: '0Pa',
  AssignmentRule: '01Q',
  QueryLocator: '0r8',
  BulkJob: '750',
  DeployRequest: '0Af',
  EmailMessage: '02s',
  ApexClass: '01p',
  ApexTrigger: '01q',
  CustomObject: '01I',
  CustomField: '00N',
  StaticResource: '081',
  LeadStatus: '01J',
  AsyncApexJob: '707',
  ApexTestRunResult: '05m',
  ApexTestQueueItem: '709',
  ApexTestResult: '07M',
  ApexCodeCoverage: '714',
  ApexCodeCoverageAggregate: '715',
  ApexOrgWideCoverage: '716',
} as const;

/** Base-62 digits of a non-negative integer, in an order that sorts like the number. */
export function base62(n: number, width: number): string {
  let out = '';
  let rest = Math.floor(n);
  while (rest > 0) {
    out = BASE62[rest % 62] + out;
    rest = Math.floor(rest / 62);
  }
  return out.padStart(width, '0');
}

/** The n-th Id with a key prefix, e.g. `makeId('00Q', 2)` is `00Q000000000002AAA`. */
export function makeId(prefix: string, n: number): string {
  return to18(prefix + base62(n, 12));
}
