/**
 * Object, field and Apex class access from profiles and permission sets, as user mode checks it
 * (Apex Developer Guide, "Enforce User Mode for Database Operations"; Salesforce Help, "Field-Level
 * Security"). Each profile's defaults and each deployed permission set's `objectPermissions`,
 * `fieldPermissions` and `classAccesses` are rows of three tables, keyed by the profile's or the
 * permission set's Id. Rules:
 * - Modify All Data (System Administrator) and View All Data give every object, never a field:
 *   a custom field is readable only where a profile or permission set grants it, as on a real org
 *   right after a Metadata API deploy; required custom fields (master-detail fields too) have no
 *   field-level security.
 * - A standard field is readable where its object is, and editable where its object is editable
 *   and the field itself can be written.
 * - Setup objects (users, groups, profiles, ...) and the platform's own objects (LeadStatus,
 *   StaticResource, AsyncApexJob) are readable by every user; writing them is the DML engine's
 *   business (external users cannot).
 * - Apex classes: Modify All Data (Author Apex) gives every class; others need a class access.
 * - System permissions (`userPermissions`): Manage External Users (`ManagePartners`) lets a user
 *   create and edit users, which the DML engine limits to partner and customer users.
 */
import type { Session } from './auth/session.ts';
import type { FieldDef, SObjectDef } from './catalog/index.ts';
import type { Store } from './store/store.ts';

export const PERMISSION_TABLES_SQL = [
  `CREATE TABLE IF NOT EXISTS _lo_object_perm (parentId TEXT NOT NULL, object TEXT NOT NULL,
     canRead INTEGER NOT NULL, canCreate INTEGER NOT NULL, canEdit INTEGER NOT NULL,
     canDelete INTEGER NOT NULL, viewAll INTEGER NOT NULL, modifyAll INTEGER NOT NULL,
     PRIMARY KEY (parentId, object))`,
  `CREATE TABLE IF NOT EXISTS _lo_field_perm (parentId TEXT NOT NULL, object TEXT NOT NULL,
     field TEXT NOT NULL, canRead INTEGER NOT NULL, canEdit INTEGER NOT NULL,
     PRIMARY KEY (parentId, object, field))`,
  `CREATE TABLE IF NOT EXISTS _lo_class_access (parentId TEXT NOT NULL, className TEXT NOT NULL,
     PRIMARY KEY (parentId, className))`,
  `CREATE TABLE IF NOT EXISTS _lo_user_perm (parentId TEXT NOT NULL, permission TEXT NOT NULL,
     PRIMARY KEY (parentId, permission))`,
];

export interface ObjectAccess {
  read: boolean;
  create: boolean;
  edit: boolean;
  delete: boolean;
  viewAll: boolean;
  modifyAll: boolean;
}

const NONE: ObjectAccess = {
  read: false,
  create: false,
  edit: false,
  delete: false,
  viewAll: false,
  modifyAll: false,
};
const ALL: ObjectAccess = {
  read: true,
  create: true,
  edit: true,
  delete: true,
  viewAll: true,
  modifyAll: true,
};
const READ_ONLY: ObjectAccess = { ...NONE, read: true };

/** What a profile grants on the standard sales objects, by the profile's user type. */
const PROFILE_DEFAULTS: Record<string, Record<string, ObjectAccess>> = {
  Standard: {
    Lead: { ...ALL, viewAll: false, modifyAll: false },
    Account: { ...ALL, viewAll: false, modifyAll: false },
    Contact: { ...ALL, viewAll: false, modifyAll: false },
  },
  PowerPartner: {
    Lead: { ...NONE, read: true, create: true, edit: true },
    Account: READ_ONLY,
    Contact: { ...NONE, read: true, create: true, edit: true },
  },
};

export function ensurePermissionTables(store: Store): void {
  for (const sql of PERMISSION_TABLES_SQL) store.db.exec(sql);
}

export function setObjectAccess(
  store: Store,
  parentId: string,
  object: string,
  access: ObjectAccess,
): void {
  store.run(
    `INSERT INTO _lo_object_perm (parentId, object, canRead, canCreate, canEdit, canDelete, viewAll, modifyAll)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(parentId, object) DO UPDATE SET canRead = excluded.canRead,
       canCreate = excluded.canCreate, canEdit = excluded.canEdit, canDelete = excluded.canDelete,
       viewAll = excluded.viewAll, modifyAll = excluded.modifyAll`,
    parentId,
    object,
    Number(access.read),
    Number(access.create),
    Number(access.edit),
    Number(access.delete),
    Number(access.viewAll),
    Number(access.modifyAll),
  );
}

/** Gives every profile without access rows the defaults of its user type (new and older orgs). */
export function ensureProfileDefaults(store: Store): void {
  ensurePermissionTables(store);
  const profiles = store.all(
    `SELECT p."Id", p."UserType" FROM "Profile" p
      WHERE NOT EXISTS (SELECT 1 FROM _lo_object_perm o WHERE o.parentId = p."Id")`,
  );
  for (const profile of profiles) {
    const defaults = PROFILE_DEFAULTS[String(profile.UserType)];
    if (!defaults) continue;
    for (const [object, access] of Object.entries(defaults))
      setObjectAccess(store, String(profile.Id), object, access);
  }
}

export interface PermissionSetContent {
  objects: { object: string; access: ObjectAccess }[];
  fields: { object: string; field: string; read: boolean; edit: boolean }[];
  classes: string[];
  /** Enabled system permissions (`ManagePartners`). */
  permissions?: string[];
}

/** Replaces what a permission set (or profile) grants with a deployed definition. */
export function savePermissionContent(
  store: Store,
  parentId: string,
  content: PermissionSetContent,
): void {
  ensurePermissionTables(store);
  store.run('DELETE FROM _lo_object_perm WHERE parentId = ?', parentId);
  store.run('DELETE FROM _lo_field_perm WHERE parentId = ?', parentId);
  store.run('DELETE FROM _lo_class_access WHERE parentId = ?', parentId);
  store.run('DELETE FROM _lo_user_perm WHERE parentId = ?', parentId);
  for (const permission of content.permissions ?? []) {
    store.run(
      'INSERT OR REPLACE INTO _lo_user_perm (parentId, permission) VALUES (?, ?)',
      parentId,
      permission,
    );
  }
  for (const o of content.objects) setObjectAccess(store, parentId, o.object, o.access);
  for (const f of content.fields) {
    store.run(
      `INSERT OR REPLACE INTO _lo_field_perm (parentId, object, field, canRead, canEdit) VALUES (?, ?, ?, ?, ?)`,
      parentId,
      f.object,
      f.field,
      Number(f.read || f.edit),
      Number(f.edit),
    );
  }
  for (const name of content.classes) {
    store.run(
      'INSERT OR REPLACE INTO _lo_class_access (parentId, className) VALUES (?, ?)',
      parentId,
      name,
    );
  }
}

/**
 * Field-level security applies to custom fields that are not required: a required custom field
 * (master-detail fields included) is always readable and editable with its object.
 */
function hasFieldSecurity(field: FieldDef): boolean {
  return field.name.endsWith('__c') && field.nillable;
}

/** Everything one user may do, loaded once per transaction. */
export class UserAccess {
  readonly modifyAllData: boolean;
  readonly viewAllData: boolean;
  private readonly objects = new Map<string, ObjectAccess>();
  private readonly fields = new Map<string, { read: boolean; edit: boolean }>();
  private readonly classes = new Set<string>();
  private readonly permissions = new Set<string>();

  constructor(store: Store, session: Session) {
    ensurePermissionTables(store);
    const profile = store.get(
      'SELECT "PermissionsModifyAllData" AS mad, "PermissionsViewAllData" AS vad FROM "Profile" WHERE "Id" = ?',
      session.profileId,
    );
    this.modifyAllData = profile?.mad === 1;
    this.viewAllData = this.modifyAllData || profile?.vad === 1;
    const parents = [
      session.profileId,
      ...store
        .all(
          'SELECT "PermissionSetId" AS id FROM "PermissionSetAssignment" WHERE "AssigneeId" = ?',
          session.userId,
        )
        .map((r) => String(r.id)),
    ];
    const marks = parents.map(() => '?').join(', ');
    for (const row of store.all(
      `SELECT * FROM _lo_object_perm WHERE parentId IN (${marks})`,
      ...parents,
    )) {
      const key = String(row.object).toLowerCase();
      const was = this.objects.get(key) ?? NONE;
      this.objects.set(key, {
        read: was.read || row.canRead === 1,
        create: was.create || row.canCreate === 1,
        edit: was.edit || row.canEdit === 1,
        delete: was.delete || row.canDelete === 1,
        viewAll: was.viewAll || row.viewAll === 1,
        modifyAll: was.modifyAll || row.modifyAll === 1,
      });
    }
    for (const row of store.all(
      `SELECT * FROM _lo_field_perm WHERE parentId IN (${marks})`,
      ...parents,
    )) {
      const key = `${String(row.object)}.${String(row.field)}`.toLowerCase();
      const was = this.fields.get(key) ?? { read: false, edit: false };
      this.fields.set(key, {
        read: was.read || row.canRead === 1,
        edit: was.edit || row.canEdit === 1,
      });
    }
    for (const row of store.all(
      `SELECT className FROM _lo_class_access WHERE parentId IN (${marks})`,
      ...parents,
    )) {
      this.classes.add(String(row.className).toLowerCase());
    }
    for (const row of store.all(
      `SELECT permission FROM _lo_user_perm WHERE parentId IN (${marks})`,
      ...parents,
    )) {
      this.permissions.add(String(row.permission).toLowerCase());
    }
  }

  object(object: SObjectDef): ObjectAccess {
    if (object.name === 'User' && !this.modifyAllData && this.hasPermission('ManagePartners')) {
      return { ...READ_ONLY, create: true, edit: true };
    }
    if (object.setup || !object.createable || object.name === 'LeadStatus') {
      return this.modifyAllData ? ALL : READ_ONLY;
    }
    if (this.modifyAllData) return ALL;
    const granted = this.objects.get(object.name.toLowerCase()) ?? NONE;
    return this.viewAllData ? { ...granted, read: true, viewAll: true } : granted;
  }

  canReadField(object: SObjectDef, field: FieldDef): boolean {
    if (!this.object(object).read) return false;
    if (field.name === 'Id' || !hasFieldSecurity(field)) return true;
    return this.fields.get(`${object.name}.${field.name}`.toLowerCase())?.read === true;
  }

  canEditField(object: SObjectDef, field: FieldDef, creating: boolean): boolean {
    const access = this.object(object);
    if (!(creating ? access.create : access.edit)) return false;
    if (!(creating ? field.createable : field.updateable)) return false;
    if (!hasFieldSecurity(field)) return true;
    return this.fields.get(`${object.name}.${field.name}`.toLowerCase())?.edit === true;
  }

  /** A system permission (`ManagePartners`); Modify All Data implies every one. */
  hasPermission(name: string): boolean {
    return this.modifyAllData || this.permissions.has(name.toLowerCase());
  }

  canAccessClass(name: string): boolean {
    return this.modifyAllData || this.classes.has(name.toLowerCase());
  }
}
