/**
 * The metadata types the local org knows, in metadata (mdapi) format: the folder each lives in,
 * its file suffix, whether it has a `-meta.xml` companion, and which types live inside a parent's
 * file (CustomField inside `objects/X__c.object`).
 */

export interface MetadataType {
  name: string;
  /** Folder under the package root, e.g. `classes`. */
  directory: string;
  /** File suffix without the dot, e.g. `cls`; null for bundles (a folder per component). */
  suffix: string | null;
  /** Content file plus `<file>-meta.xml` (Apex, static resources, pages). */
  metaFile: boolean;
  /** Components in folders (`reports/Folder/Report.report`). */
  inFolder?: boolean;
  /** The key prefix of the Ids real orgs give this type's components. */
  keyPrefix: string;
}

export interface ChildType {
  name: string;
  parent: string;
  /** The element of the parent file that holds each child. */
  element: string;
}

const t = (
  name: string,
  directory: string,
  suffix: string | null,
  keyPrefix: string,
  extra: Partial<MetadataType> = {},
): MetadataType => ({ name, directory, suffix, metaFile: false, keyPrefix, ...extra });

export const METADATA_TYPES: MetadataType[] = [
  t('ApexClass', 'classes', 'cls', '01p', { metaFile: true }),
  t('ApexTrigger', 'triggers', 'trigger', '01q', { metaFile: true }),
  t('ApexPage', 'pages', 'page', '066', { metaFile: true }),
  t('ApexComponent', 'components', 'component', '099', { metaFile: true }),
  t('StaticResource', 'staticresources', 'resource', '081', { metaFile: true }),
  t('LightningComponentBundle', 'lwc', null, '0Rb'),
  t('AuraDefinitionBundle', 'aura', null, '0Ab'),
  t('CustomObject', 'objects', 'object', '01I'),
  t('PermissionSet', 'permissionsets', 'permissionset', '0PS'),
  t('PermissionSetGroup', 'permissionsetgroups', 'permissionsetgroup', '0PG'),
  t('Profile', 'profiles', 'profile', '00e'),
  t('CustomTab', 'tabs', 'tab', '01r'),
  t('CustomApplication', 'applications', 'app', '02u'),
  t('FlexiPage', 'flexipages', 'flexipage', '0M0'),
  t('Layout', 'layouts', 'layout', '00h'),
  t('CustomLabels', 'labels', 'labels', '101'),
  t('CustomMetadata', 'customMetadata', 'md', 'm00'),
  t('CustomPermission', 'customPermissions', 'customPermission', '0CP'),
  t('Flow', 'flows', 'flow', '301'),
  t('Queue', 'queues', 'queue', '00G'),
  t('Group', 'groups', 'group', '00G'),
  t('Role', 'roles', 'role', '00E'),
  t('AssignmentRules', 'assignmentRules', 'assignmentRules', '01Q'),
  t('GlobalValueSet', 'globalValueSets', 'globalValueSet', '0Nt'),
  t('StandardValueSet', 'standardValueSets', 'standardValueSet', '0Nt'),
  t('RemoteSiteSetting', 'remoteSiteSettings', 'remoteSite', '0rp'),
  t('NamedCredential', 'namedCredentials', 'namedCredential', '0XA'),
  t('LightningMessageChannel', 'messageChannels', 'messageChannel', '0Mv'),
  t('ContentAsset', 'contentassets', 'asset', '06E', { metaFile: true }),
  t('CustomSite', 'sites', 'site', '0DM'),
  t('Network', 'networks', 'network', '0DB'),
  t('NavigationMenu', 'navigationMenus', 'navigationMenu', '0Lm'),
  t('ExperienceBundle', 'experiences', null, '0a6'),
  t('DigitalExperienceBundle', 'digitalExperiences', null, '0Dx'),
  t('DigitalExperienceConfig', 'digitalExperienceConfigs', 'digitalExperienceConfig', '0Dy'),
  t('Settings', 'settings', 'settings', '0Kb'),
  t('Workflow', 'workflows', 'workflow', '01Q'),
  t('SharingRules', 'sharingRules', 'sharingRules', '02c'),
  t('SiteDotCom', 'siteDotComSites', 'site', '0Hl', { metaFile: true }),
  t('SharingSet', 'sharingSets', 'sharingSet', '0CM'),
  t('Audience', 'audience', 'audience', '0AU'),
  t('ManagedTopics', 'managedTopics', 'managedTopics', '0TO'),
  t('Community', 'communities', 'community', '09a'),
  t('ConnectedApp', 'connectedApps', 'connectedApp', '0H4'),
  t('ExternalClientApplication', 'externalClientApps', 'eca', '0xI'),
  t('QuickAction', 'quickActions', 'quickAction', '09D'),
  t('ReportType', 'reportTypes', 'reportType', '070'),
  t('CustomObjectTranslation', 'objectTranslations', 'objectTranslation', '0Tr'),
  t('Translations', 'translations', 'translation', '0Tl'),
  t('CspTrustedSite', 'cspTrustedSites', 'cspTrustedSite', '08y'),
  t('CorsWhitelistOrigin', 'corsWhitelistOrigins', 'corsWhitelistOrigin', '0Fr'),
  t('ApexTestSuite', 'testSuites', 'testSuite', '05F'),
  t('FlowDefinition', 'flowDefinitions', 'flowDefinition', '300'),
  t('ApprovalProcess', 'approvalProcesses', 'approvalProcess', '04a'),
  t('EscalationRules', 'escalationRules', 'escalationRules', '01Q'),
  t('AutoResponseRules', 'autoResponseRules', 'autoResponseRules', '01Q'),
  t('DuplicateRule', 'duplicateRules', 'duplicateRule', '0Bm'),
  t('MatchingRules', 'matchingRules', 'matchingRule', '0JD'),
  t('PathAssistant', 'pathAssistants', 'pathAssistant', '04M'),
  t('CustomNotificationType', 'notificationtypes', 'notiftype', '0ML'),
  t('PlatformEventChannel', 'platformEventChannels', 'platformEventChannel', '0YL'),
  t('BrandingSet', 'brandingSets', 'brandingSet', '0lB'),
  t('LightningExperienceTheme', 'lightningExperienceThemes', 'lightningExperienceTheme', '0cs'),
  t('CustomPageWebLink', 'weblinks', 'weblink', '00b'),
  t('ExternalCredential', 'externalCredentials', 'externalCredential', '0pt'),
  t('ExternalDataSource', 'dataSources', 'dataSource', '0XC'),
  t('AuthProvider', 'authproviders', 'authprovider', '0SO'),
  t('Letterhead', 'letterhead', 'letter', '01B'),
  t('EmailServicesFunction', 'emailservices', 'xml', '091'),
  t('TopicsForObjects', 'topicsForObjects', 'topicsForObjects', '0De'),
  t('AppMenu', 'appMenus', 'appMenu', '0Dp'),
  t('Certificate', 'certs', 'crt', '0P1', { metaFile: true }),
  t('Report', 'reports', 'report', '00O', { inFolder: true }),
  t('Dashboard', 'dashboards', 'dashboard', '01Z', { inFolder: true }),
  t('Document', 'documents', null, '015', { inFolder: true, metaFile: true }),
  t('EmailTemplate', 'email', 'email', '00X', { inFolder: true, metaFile: true }),
];

/** Types whose components live inside their parent's file. */
export const CHILD_TYPES: ChildType[] = [
  { name: 'CustomField', parent: 'CustomObject', element: 'fields' },
  { name: 'ListView', parent: 'CustomObject', element: 'listViews' },
  { name: 'ValidationRule', parent: 'CustomObject', element: 'validationRules' },
  { name: 'RecordType', parent: 'CustomObject', element: 'recordTypes' },
  { name: 'WebLink', parent: 'CustomObject', element: 'webLinks' },
  { name: 'FieldSet', parent: 'CustomObject', element: 'fieldSets' },
  { name: 'BusinessProcess', parent: 'CustomObject', element: 'businessProcesses' },
  { name: 'SharingReason', parent: 'CustomObject', element: 'sharingReasons' },
  { name: 'Index', parent: 'CustomObject', element: 'indexes' },
  { name: 'CompactLayout', parent: 'CustomObject', element: 'compactLayouts' },
  { name: 'CustomLabel', parent: 'CustomLabels', element: 'labels' },
  { name: 'AssignmentRule', parent: 'AssignmentRules', element: 'assignmentRule' },
  // A site's pages, routes and theme (`site/X1.sfdc_cms__view/home`): files in the bundle's
  // folder, not elements of its XML, so a bundle deploys with the children package.xml names.
  { name: 'DigitalExperience', parent: 'DigitalExperienceBundle', element: '' },
];

/** Key prefixes of child components (CustomField Ids start with 00N). */
export const CHILD_KEY_PREFIX: Record<string, string> = {
  CustomField: '00N',
  ListView: '00B',
  ValidationRule: '03d',
  RecordType: '012',
  WebLink: '00b',
  FieldSet: '0IX',
  BusinessProcess: '019',
  SharingReason: '0Ha',
  Index: '0Hn',
  CompactLayout: '0AH',
  CustomLabel: '101',
  AssignmentRule: '01Q',
};

const byName = new Map(METADATA_TYPES.map((type) => [type.name.toLowerCase(), type]));
const childByName = new Map(CHILD_TYPES.map((type) => [type.name.toLowerCase(), type]));
const byDirectory = new Map(METADATA_TYPES.map((type) => [type.directory, type]));

export function metadataType(name: string): MetadataType | undefined {
  return byName.get(name.toLowerCase());
}

export function childType(name: string): ChildType | undefined {
  return childByName.get(name.toLowerCase());
}

export function typeForDirectory(directory: string): MetadataType | undefined {
  return byDirectory.get(directory);
}

export function childTypesOf(parent: string): ChildType[] {
  return CHILD_TYPES.filter((c) => c.parent === parent);
}
