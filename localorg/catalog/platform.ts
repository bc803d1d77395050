/**
 * Objects the platform keeps for the package's code: lead statuses (LeadStatus), static resources
 * (StaticResource, written when one is deployed) and Apex jobs (AsyncApexJob, for Batch Apex).
 * All are read-only to DML, as on the platform.
 */
import { KEY_PREFIX } from '../ids.ts';
import { base64, bool, dateTime, int, longText, picklist, ref, sobject, text } from './fields.ts';
import type { SObjectDef } from './types.ts';

const readonlyObject = { createable: false, updateable: false, deletable: false };

export const LeadStatus = sobject(
  'LeadStatus',
  { keyPrefix: KEY_PREFIX.LeadStatus, ...readonlyObject },
  [
    text('ApiName', { readonly: true }),
    text('MasterLabel', { readonly: true, nameField: true }),
    int('SortOrder', { readonly: true }),
    bool('IsConverted', { readonly: true }),
    bool('IsDefault', { readonly: true }),
  ],
);

export const StaticResource = sobject(
  'StaticResource',
  { keyPrefix: KEY_PREFIX.StaticResource, ...readonlyObject },
  [
    text('Name', { readonly: true, nameField: true }),
    text('NamespacePrefix', { readonly: true }),
    text('ContentType', { readonly: true }),
    int('BodyLength', { readonly: true }),
    base64('Body', { readonly: true }),
    text('CacheControl', { readonly: true }),
    longText('Description', { readonly: true, length: 255 }),
  ],
);

export const ASYNC_JOB_STATUSES = [
  'Holding',
  'Queued',
  'Preparing',
  'Processing',
  'Completed',
  'Aborted',
  'Failed',
];

export const AsyncApexJob = sobject(
  'AsyncApexJob',
  { keyPrefix: KEY_PREFIX.AsyncApexJob, ...readonlyObject },
  [
    picklist(
      'JobType',
      [
        'BatchApex',
        'BatchApexWorker',
        'Queueable',
        'Future',
        'ScheduledApex',
        'TestRequest',
        'TestWorker',
      ],
      {
        readonly: true,
      },
    ),
    text('ApexClassName', { readonly: true, label: 'Apex Class' }),
    picklist('Status', ASYNC_JOB_STATUSES, { readonly: true }),
    int('JobItemsProcessed', { readonly: true }),
    int('TotalJobItems', { readonly: true }),
    int('NumberOfErrors', { readonly: true }),
    text('MethodName', { readonly: true }),
    longText('ExtendedStatus', { readonly: true, length: 255 }),
    dateTime('CompletedDate', { readonly: true }),
    ref('ParentJobId', ['AsyncApexJob'], 'ParentJob', { readonly: true }),
  ],
);

export const platformObjects: SObjectDef[] = [LeadStatus, StaticResource, AsyncApexJob];
