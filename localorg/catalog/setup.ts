/** Setup objects: the org, users and their access, queues, the partner site, assignment rules. */
import { KEY_PREFIX } from '../ids.ts';
import {
  bool,
  computedName,
  dateTime,
  email,
  int,
  longText,
  phone,
  picklist,
  ref,
  sobject,
  text,
} from './fields.ts';
import type { SObjectDef } from './types.ts';

const readonlyObject = { createable: false, updateable: false, deletable: false };

export const USER_TYPES = ['Standard', 'PowerPartner', 'CspLitePortal', 'CsnOnly', 'Guest'];
export const SHARING_MODELS = [
  'None',
  'Private',
  'Read',
  'Edit',
  'ReadWrite',
  'ReadEditTransfer',
  'ReadWriteTransfer',
  'FullAccess',
  'ControlledByParent',
];

export const Organization = sobject(
  'Organization',
  { keyPrefix: KEY_PREFIX.Organization, ...readonlyObject },
  [
    text('Name', { readonly: true, nameField: true }),
    text('InstanceName', { readonly: true }),
    bool('IsSandbox', { readonly: true }),
    dateTime('TrialExpirationDate', { readonly: true }),
    text('NamespacePrefix', { readonly: true }),
    picklist('OrganizationType', ['Developer Edition', 'Enterprise Edition', 'Unlimited Edition'], {
      readonly: true,
    }),
    text('Country', { readonly: true }),
    text('TimeZoneSidKey', { readonly: true }),
    text('LanguageLocaleKey', { readonly: true }),
    text('DefaultLocaleSidKey', { readonly: true }),
    picklist('DefaultLeadAccess', SHARING_MODELS, { readonly: true }),
    picklist('DefaultAccountAccess', SHARING_MODELS, { readonly: true }),
    picklist('DefaultContactAccess', SHARING_MODELS, { readonly: true }),
  ],
);

export const UserLicense = sobject(
  'UserLicense',
  { keyPrefix: KEY_PREFIX.UserLicense, ...readonlyObject },
  [
    text('Name', { readonly: true, nameField: true }),
    text('MasterLabel', { readonly: true }),
    text('LicenseDefinitionKey', { readonly: true }),
    picklist('Status', ['Active', 'Disabled'], { readonly: true }),
    int('TotalLicenses', { readonly: true }),
    int('UsedLicenses', { readonly: true }),
  ],
);

export const Profile = sobject(
  'Profile',
  { keyPrefix: KEY_PREFIX.Profile, ...readonlyObject, setup: true },
  [
    text('Name', { readonly: true, nameField: true }),
    ref('UserLicenseId', ['UserLicense'], 'UserLicense', { readonly: true }),
    picklist('UserType', USER_TYPES, { readonly: true }),
    longText('Description', { readonly: true, length: 255 }),
    bool('PermissionsModifyAllData', { readonly: true, label: 'Modify All Data' }),
    bool('PermissionsViewAllData', { readonly: true, label: 'View All Data' }),
    bool('PermissionsTransferAnyLead', { readonly: true, label: 'Transfer Leads' }),
    bool('PermissionsApiEnabled', { readonly: true, label: 'API Enabled' }),
  ],
);

export const UserRole = sobject(
  'UserRole',
  { keyPrefix: KEY_PREFIX.UserRole, setup: true, labelPlural: 'Roles', label: 'Role' },
  [
    text('Name', { required: true, length: 80, nameField: true }),
    text('DeveloperName', { length: 80, default: '' }),
    ref('ParentRoleId', ['UserRole'], null),
    picklist('PortalType', ['None', 'Partner', 'CustomerPortal'], {
      default: 'None',
      createOnly: true,
    }),
    ref('PortalAccountId', ['Account'], 'PortalAccount', { createOnly: true }),
    picklist('PortalRole', ['Executive', 'Manager', 'Worker', 'PersonAccount'], {
      createOnly: true,
    }),
    text('RollupDescription', { length: 80 }),
  ],
);

export const User = sobject('User', { keyPrefix: KEY_PREFIX.User, setup: true, deletable: false }, [
  text('Username', { required: true, length: 80, unique: true }),
  text('FirstName', { length: 40 }),
  text('LastName', { required: true, length: 80 }),
  computedName(),
  text('Alias', { required: true, length: 8 }),
  email('Email', { required: true, length: 128 }),
  {
    ...text('CommunityNickname', { length: 40, unique: true, label: 'Nickname' }),
    defaultedOnCreate: true,
  },
  bool('IsActive', { default: true, label: 'Active' }),
  ref('ProfileId', ['Profile'], 'Profile', { required: true }),
  ref('UserRoleId', ['UserRole'], 'UserRole', { label: 'Role ID' }),
  picklist('UserType', USER_TYPES, { readonly: true, default: 'Standard' }),
  ref('ContactId', ['Contact'], 'Contact', { createOnly: true }),
  ref('AccountId', ['Account'], 'Account', { readonly: true }),
  bool('IsPortalEnabled', { readonly: true, label: 'Is Portal Enabled' }),
  ref('ManagerId', ['User'], 'Manager'),
  text('Title', { length: 80 }),
  text('Department', { length: 80 }),
  text('CompanyName', { length: 80 }),
  phone('Phone'),
  text('Country', { length: 80 }),
  text('TimeZoneSidKey', { required: true, length: 40, label: 'Time Zone' }),
  text('LocaleSidKey', { required: true, length: 40, label: 'Locale' }),
  text('EmailEncodingKey', { required: true, length: 40, label: 'Email Encoding' }),
  text('LanguageLocaleKey', { required: true, length: 40, label: 'Language' }),
  text('FederationIdentifier', { length: 512 }),
  dateTime('LastLoginDate', { readonly: true }),
  dateTime('LastPasswordChangeDate', { readonly: true }),
]);

export const Group = sobject('Group', { keyPrefix: KEY_PREFIX.Group, setup: true }, [
  text('Name', { required: true, length: 40, nameField: true }),
  text('DeveloperName', { length: 80, default: '' }),
  picklist(
    'Type',
    ['Regular', 'Queue', 'Role', 'RoleAndSubordinates', 'Organization', 'PRMOrganization'],
    {
      default: 'Regular',
      createOnly: true,
    },
  ),
  email('Email'),
  ref('RelatedId', ['User', 'UserRole'], 'Related', { readonly: true }),
  bool('DoesSendEmailToMembers'),
  bool('DoesIncludeBosses'),
]);

export const GroupMember = sobject(
  'GroupMember',
  { keyPrefix: KEY_PREFIX.GroupMember, setup: true, updateable: false },
  [
    ref('GroupId', ['Group'], 'Group', { required: true, createOnly: true }),
    ref('UserOrGroupId', ['Group', 'User'], null, { required: true, createOnly: true }),
  ],
);

export const QueueSobject = sobject(
  'QueueSobject',
  { keyPrefix: KEY_PREFIX.QueueSobject, setup: true, updateable: false, label: 'Queue Sobject' },
  [
    ref('QueueId', ['Group'], 'Queue', { required: true, createOnly: true }),
    picklist('SobjectType', ['Lead', 'Case', 'Account', 'Contact'], {
      required: true,
      createOnly: true,
    }),
  ],
);

export const PermissionSet = sobject(
  'PermissionSet',
  { keyPrefix: KEY_PREFIX.PermissionSet, setup: true },
  [
    text('Name', { required: true, length: 80 }),
    text('Label', { required: true, length: 80, nameField: true }),
    longText('Description', { length: 255 }),
    bool('IsOwnedByProfile', { readonly: true }),
    ref('ProfileId', ['Profile'], 'Profile', { readonly: true }),
    bool('PermissionsTransferAnyLead', { label: 'Transfer Leads' }),
  ],
);

export const PermissionSetAssignment = sobject(
  'PermissionSetAssignment',
  { keyPrefix: KEY_PREFIX.PermissionSetAssignment, setup: true, updateable: false },
  [
    ref('PermissionSetId', ['PermissionSet'], 'PermissionSet', {
      required: true,
      createOnly: true,
    }),
    ref('AssigneeId', ['User'], 'Assignee', { required: true, createOnly: true }),
    bool('IsActive', { readonly: true, default: true }),
    dateTime('ExpirationDate'),
  ],
);

export const Network = sobject('Network', { keyPrefix: KEY_PREFIX.Network, ...readonlyObject }, [
  text('Name', { readonly: true, nameField: true }),
  picklist('Status', ['UnderConstruction', 'Live', 'DownForMaintenance'], { readonly: true }),
  text('UrlPathPrefix', { readonly: true }),
  longText('Description', { readonly: true, length: 255 }),
  bool('OptionsSendWelcomeEmail', { readonly: true }),
  email('EmailSenderAddress', { readonly: true }),
]);

export const NetworkMemberGroup = sobject(
  'NetworkMemberGroup',
  { keyPrefix: KEY_PREFIX.NetworkMemberGroup, setup: true, updateable: false },
  [
    ref('NetworkId', ['Network'], 'Network', { required: true, createOnly: true }),
    ref('ParentId', ['PermissionSet', 'Profile'], 'Parent', { required: true, createOnly: true }),
    picklist('AssignmentStatus', ['Added', 'Pending'], { readonly: true, default: 'Added' }),
  ],
);

export const NetworkMember = sobject(
  'NetworkMember',
  { keyPrefix: KEY_PREFIX.NetworkMember, ...readonlyObject },
  [
    ref('NetworkId', ['Network'], 'Network', { readonly: true }),
    ref('MemberId', ['User'], 'Member', { readonly: true }),
    bool('PreferencesDisableAllFeedsEmail', { readonly: true }),
  ],
);

export const AssignmentRule = sobject(
  'AssignmentRule',
  { keyPrefix: KEY_PREFIX.AssignmentRule, ...readonlyObject },
  [
    text('Name', { readonly: true, length: 120, nameField: true }),
    picklist('SobjectType', ['Lead', 'Case'], { readonly: true }),
    bool('Active', { readonly: true }),
  ],
);

export const EntityDefinition = sobject(
  'EntityDefinition',
  { keyPrefix: null, ...readonlyObject },
  [
    text('QualifiedApiName', { readonly: true }),
    text('DeveloperName', { readonly: true }),
    text('DurableId', { readonly: true }),
    text('Label', { readonly: true, nameField: true }),
    text('PluralLabel', { readonly: true }),
    text('KeyPrefix', { readonly: true }),
    picklist('InternalSharingModel', SHARING_MODELS, { readonly: true }),
    picklist('ExternalSharingModel', SHARING_MODELS, { readonly: true }),
    bool('IsCustomizable', { readonly: true }),
  ],
);

export const setupObjects: SObjectDef[] = [
  Organization,
  UserLicense,
  Profile,
  UserRole,
  User,
  Group,
  GroupMember,
  QueueSobject,
  PermissionSet,
  PermissionSetAssignment,
  Network,
  NetworkMemberGroup,
  NetworkMember,
  AssignmentRule,
  EntityDefinition,
];
