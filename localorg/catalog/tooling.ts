/**
 * The Tooling API's Apex objects (Tooling API Developer Guide, "Tooling API Objects"): the
 * deployed classes and triggers (ApexClass, ApexTrigger, mirrored from the Metadata API's
 * components), test runs (ApexTestRunResult, ApexTestQueueItem per class, ApexTestResult per
 * method) and code coverage (per test method, per class, org-wide); and the deployed schema,
 * CustomObject and CustomField, which only the Tooling API serves. Only the platform writes
 * them here; clients read them and abort a run by setting its queue items to Aborted.
 */
import { KEY_PREFIX } from '../ids.ts';
import { bool, dateTime, double, int, longText, picklist, ref, sobject, text } from './fields.ts';
import type { FieldDef, SObjectDef } from './types.ts';

const readonlyObject = { createable: false, updateable: false, deletable: false };
const ro = { readonly: true };

/** `{coveredLines, uncoveredLines}`, kept as JSON text and answered as an object. */
const coverageField = (): FieldDef => ({ ...longText('Coverage', ro), json: true });

export const RUN_STATUSES = ['Queued', 'Processing', 'Aborted', 'Completed', 'Failed'];
export const QUEUE_ITEM_STATUSES = [
  'Holding',
  'Queued',
  'Preparing',
  'Processing',
  'Aborted',
  'Completed',
  'Failed',
];

export const ApexClass = sobject(
  'ApexClass',
  { keyPrefix: KEY_PREFIX.ApexClass, ...readonlyObject },
  [
    text('Name', { ...ro, nameField: true }),
    text('NamespacePrefix', ro),
    double('ApiVersion', ro),
    picklist('Status', ['Active', 'Inactive', 'Deleted'], ro),
    bool('IsValid', ro),
    longText('Body', { ...ro, length: 1_000_000 }),
    int('LengthWithoutComments', ro),
  ],
);

export const MANAGEABLE_STATES = [
  'beta',
  'deleted',
  'deprecated',
  'deprecatedEditable',
  'installed',
  'installedEditable',
  'released',
  'unmanaged',
];
const SHARING_MODELS = ['Private', 'Read', 'ReadWrite', 'ControlledByParent', 'FullAccess'];

/** A complex Metadata value (Tooling API "Metadata" fields), kept as JSON text. */
const metadataField = (): FieldDef => ({ ...longText('Metadata', ro), json: true });

/**
 * ApexTrigger ("ApexTrigger", Tooling API and Object Reference): a deployed trigger, its object
 * (TableEnumOrId) and the events it runs on (Usage*).
 */
export const ApexTrigger = sobject(
  'ApexTrigger',
  { keyPrefix: KEY_PREFIX.ApexTrigger, ...readonlyObject },
  [
    text('Name', { ...ro, nameField: true }),
    text('NamespacePrefix', ro),
    text('TableEnumOrId', ro),
    text('EntityDefinitionId', ro),
    double('ApiVersion', ro),
    picklist('Status', ['Active', 'Inactive', 'Deleted'], ro),
    bool('IsValid', ro),
    longText('Body', { ...ro, length: 1_000_000 }),
    int('LengthWithoutComments', ro),
    bool('UsageBeforeInsert', ro),
    bool('UsageAfterInsert', ro),
    bool('UsageBeforeUpdate', ro),
    bool('UsageAfterUpdate', ro),
    bool('UsageBeforeDelete', ro),
    bool('UsageAfterDelete', ro),
    bool('UsageAfterUndelete', ro),
    bool('UsageIsBulk', ro),
  ],
);

/** CustomObject (Tooling API, "CustomObject"): a deployed custom object. */
export const CustomObject = {
  ...sobject('CustomObject', { keyPrefix: KEY_PREFIX.CustomObject, ...readonlyObject }, [
    text('DeveloperName', { ...ro, length: 40 }),
    text('NamespacePrefix', ro),
    picklist('ManageableState', MANAGEABLE_STATES, ro),
    text('ExternalName', ro),
    picklist('SharingModel', SHARING_MODELS, ro),
    picklist('ExternalSharingModel', SHARING_MODELS, ro),
    longText('Description', { ...ro, length: 1000 }),
    text('FullName', ro),
    metadataField(),
  ]),
  toolingOnly: true,
};

/**
 * CustomField (Tooling API, "CustomField"): a deployed custom field, on a standard object
 * (TableEnumOrId `Account`) or a custom one (TableEnumOrId its CustomObject's 01I Id).
 */
export const CustomField = {
  ...sobject('CustomField', { keyPrefix: KEY_PREFIX.CustomField, ...readonlyObject }, [
    text('DeveloperName', { ...ro, length: 40 }),
    text('NamespacePrefix', ro),
    text('TableEnumOrId', ro),
    text('EntityDefinitionId', ro),
    picklist('ManageableState', MANAGEABLE_STATES, ro),
    longText('Description', { ...ro, length: 1000 }),
    longText('InlineHelpText', { ...ro, length: 510 }),
    int('Length', ro),
    text('RelationshipLabel', ro),
    text('FullName', ro),
    metadataField(),
  ]),
  toolingOnly: true,
};

export const ApexTestRunResult = sobject(
  'ApexTestRunResult',
  { keyPrefix: KEY_PREFIX.ApexTestRunResult, ...readonlyObject },
  [
    ref('AsyncApexJobId', ['AsyncApexJob'], 'AsyncApexJob', ro),
    picklist('Status', RUN_STATUSES, ro),
    int('ClassesEnqueued', ro),
    int('ClassesCompleted', ro),
    int('MethodsEnqueued', ro),
    int('MethodsCompleted', ro),
    int('MethodsFailed', ro),
    dateTime('StartTime', ro),
    dateTime('EndTime', ro),
    int('TestTime', ro),
    int('TestSetupTime', ro),
    ref('UserId', ['User'], 'User', ro),
    text('JobName', ro),
    bool('IsAllTests', ro),
    text('Source', ro),
  ],
);

export const ApexTestQueueItem = sobject(
  'ApexTestQueueItem',
  { keyPrefix: KEY_PREFIX.ApexTestQueueItem, ...readonlyObject },
  [
    ref('ApexClassId', ['ApexClass'], 'ApexClass', ro),
    picklist('Status', QUEUE_ITEM_STATUSES, ro),
    longText('ExtendedStatus', { ...ro, length: 255 }),
    ref('ParentJobId', ['AsyncApexJob'], 'ParentJob', ro),
    ref('TestRunResultId', ['ApexTestRunResult'], 'TestRunResult', ro),
    bool('ShouldSkipCodeCoverage', ro),
  ],
);

export const ApexTestResult = sobject(
  'ApexTestResult',
  { keyPrefix: KEY_PREFIX.ApexTestResult, ...readonlyObject },
  [
    ref('ApexClassId', ['ApexClass'], 'ApexClass', ro),
    ref('AsyncApexJobId', ['AsyncApexJob'], 'AsyncApexJob', ro),
    ref('QueueItemId', ['ApexTestQueueItem'], 'QueueItem', ro),
    ref('ApexTestRunResultId', ['ApexTestRunResult'], 'ApexTestRunResult', ro),
    text('MethodName', ro),
    picklist('Outcome', ['Pass', 'Fail', 'CompileFail', 'Skip'], ro),
    longText('Message', ro),
    longText('StackTrace', ro),
    int('RunTime', ro),
    dateTime('TestTimestamp', ro),
    text('ApexLogId', ro),
    bool('IsTestSetup', ro),
  ],
);

export const ApexCodeCoverage = sobject(
  'ApexCodeCoverage',
  { keyPrefix: KEY_PREFIX.ApexCodeCoverage, ...readonlyObject },
  [
    ref('ApexTestClassId', ['ApexClass'], 'ApexTestClass', ro),
    text('TestMethodName', ro),
    ref('ApexClassOrTriggerId', ['ApexClass'], 'ApexClassOrTrigger', ro),
    int('NumLinesCovered', ro),
    int('NumLinesUncovered', ro),
    coverageField(),
  ],
);

export const ApexCodeCoverageAggregate = sobject(
  'ApexCodeCoverageAggregate',
  { keyPrefix: KEY_PREFIX.ApexCodeCoverageAggregate, ...readonlyObject },
  [
    ref('ApexClassOrTriggerId', ['ApexClass'], 'ApexClassOrTrigger', ro),
    int('NumLinesCovered', ro),
    int('NumLinesUncovered', ro),
    coverageField(),
  ],
);

export const ApexOrgWideCoverage = sobject(
  'ApexOrgWideCoverage',
  { keyPrefix: KEY_PREFIX.ApexOrgWideCoverage, ...readonlyObject },
  [int('PercentCovered', ro)],
);

export const toolingObjects: SObjectDef[] = [
  ApexClass,
  ApexTrigger,
  CustomObject,
  CustomField,
  ApexTestRunResult,
  ApexTestQueueItem,
  ApexTestResult,
  ApexCodeCoverage,
  ApexCodeCoverageAggregate,
  ApexOrgWideCoverage,
];
