/**
 * The DML engine's per-object platform rules (localorg/dml/*Rules.ts), in process on an in-memory
 * demo org (no server): each call goes through DmlEngine.execute as an API or Apex call would.
 * - Lead: assignment rules (Sforce-Auto-Assign true / false / a rule Id), owners that must be
 *   active users or queues supporting Lead, PartnerAccountId following a partner owner,
 *   IsUnreadByOwner on owner change, converted leads that cannot be updated.
 * - Account: disabling a partner account disables its partner users and deletes its roles
 *   (Salesforce Help, "Disable Partner Accounts").
 * - User: unique usernames and nicknames, the default nickname, licences that run out, partner
 *   users (contact of a partner account whose owner has a role) and their partner role, sessions
 *   ended on deactivation, site membership.
 * - Setup objects: DeveloperName from Name, duplicate group members, queue sObjects, permission
 *   set assignments and site member groups; permission set assignments joining and leaving sites.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { sessionFor } from '../../localorg/auth/session.ts';
import type { Session } from '../../localorg/auth/session.ts';
import { issueToken, lookupToken } from '../../localorg/auth/tokens.ts';
import { setDefaultLeadOwner, setRuleEntries } from '../../localorg/assignment.ts';
import { standardCatalog } from '../../localorg/catalog/index.ts';
import { to18 } from '../../localorg/ids.ts';
import type { DmlOperation, DmlResult } from '../../localorg/dml/engine.ts';
import type { DmlOptions } from '../../localorg/dml/context.ts';
import { LocalOrg } from '../../localorg/org.ts';
import { ensurePlatformData } from '../../localorg/platformData.ts';
import { DEFAULT_IDENTITY } from '../../localorg/seed/base.ts';
import { seedOrg } from '../../localorg/seed/index.ts';
import { Store } from '../../localorg/store/store.ts';
import type { Row } from '../../localorg/store/store.ts';

const NOW = new Date('2026-01-10T19:31:08.000Z');
const TODAY = '2026-01-10';

function demoOrg(): LocalOrg {
  const store = new Store(':memory:', standardCatalog());
  seedOrg(store, { kind: 'demo', leads: 0 }, NOW, 'dml-rules-password-1', DEFAULT_IDENTITY);
  store.createIndexes();
  ensurePlatformData(store, NOW);
  return new LocalOrg(store, { apiLimit: 1_000_000, now: () => NOW, log: () => undefined });
}

describe('DML platform rules', () => {
  let org: LocalOrg;
  let admin: Session;
  let orgId: string;
  /** Ids by name, read from the demo org. */
  const id: Record<string, string> = {};

  const one = (sql: string, ...params: (string | number | null)[]): Row => {
    const row = org.store.get(sql, ...params);
    assert.ok(row, `no row for ${sql}`);
    return row;
  };
  const idOf = (sql: string, ...params: (string | number | null)[]): string =>
    String(one(sql, ...params).Id);
  const run = (
    ops: DmlOperation[],
    options: Partial<DmlOptions> = {},
    session: Session = admin,
  ): DmlResult[] => org.dml.execute(session, ops, false, { assignmentRule: false, ...options });
  const insert = (
    type: string,
    values: Record<string, unknown>,
    options: Partial<DmlOptions> = {},
  ): DmlResult => run([{ kind: 'insert', type, values }], options)[0];
  const update = (
    type: string,
    recordId: string,
    values: Record<string, unknown>,
    options: Partial<DmlOptions> = {},
  ): DmlResult => run([{ kind: 'update', type, id: recordId, values }], options)[0];
  const remove = (type: string, recordId: string): DmlResult =>
    run([{ kind: 'delete', type, id: recordId }])[0];
  const ok = (result: DmlResult, why?: string): string => {
    assert.deepEqual(result.errors, [], why);
    assert.equal(result.success, true);
    return result.id!;
  };
  const failure = (result: DmlResult) => {
    assert.equal(result.success, false, 'the record fails');
    assert.equal(result.errors.length, 1);
    return result.errors[0];
  };
  const row = (table: string, recordId: string): Row =>
    one(`SELECT * FROM "${table}" WHERE "Id" = ?`, recordId);
  const count = (sql: string, ...params: (string | number | null)[]): number =>
    Number(one(`SELECT COUNT(*) AS n FROM ${sql}`, ...params).n);

  let userSeq = 0;
  /** The required fields of a User, with a fresh username. */
  const userValues = (profileId: string, extra: Record<string, unknown> = {}) => {
    userSeq++;
    return {
      Username: `rules.user${userSeq}@example.com`,
      LastName: `Rules${userSeq}`,
      Alias: `ru${userSeq}`,
      Email: `rules.user${userSeq}@example.com`,
      ProfileId: profileId,
      TimeZoneSidKey: 'Europe/Berlin',
      LocaleSidKey: 'de_DE',
      EmailEncodingKey: 'UTF-8',
      LanguageLocaleKey: 'en_US',
      ...extra,
    };
  };
  const leadValues = (extra: Record<string, unknown> = {}) => ({
    LastName: 'Prospect',
    Company: 'Acme',
    ...extra,
  });

  before(() => {
    org = demoOrg();
    admin = sessionFor(
      org.store,
      idOf(`SELECT "Id" FROM "User" WHERE "Username" = 'admin@channelkit.localorg'`),
    )!;
    orgId = admin.orgId;
    id.maya = idOf(`SELECT "Id" FROM "User" WHERE "Username" LIKE 'maya.chen@%'`);
    id.lukas = idOf(`SELECT "Id" FROM "User" WHERE "Username" LIKE 'lukas.weber@%'`);
    id.salesforceProfile = idOf(`SELECT "Id" FROM "Profile" WHERE "Name" = 'Standard User'`);
    id.managerProfile = idOf(`SELECT "Id" FROM "Profile" WHERE "Name" = 'Channel Manager'`);
    id.partnerProfile = idOf(`SELECT "Id" FROM "Profile" WHERE "Name" = 'Partner Community User'`);
    id.partnerLoginProfile = idOf(
      `SELECT "Id" FROM "Profile" WHERE "Name" = 'Partner Community Login User'`,
    );
    id.emea = idOf(`SELECT "Id" FROM "Group" WHERE "DeveloperName" = 'EMEA_Partner_Pool'`);
    id.apac = idOf(`SELECT "Id" FROM "Group" WHERE "DeveloperName" = 'APAC_Partner_Pool'`);
    id.unassigned = idOf(`SELECT "Id" FROM "Group" WHERE "DeveloperName" = 'Unassigned_Leads'`);
    id.activeRule = idOf(`SELECT "Id" FROM "AssignmentRule" WHERE "Active" = 1`);
    id.inactiveRule = idOf(`SELECT "Id" FROM "AssignmentRule" WHERE "Active" = 0`);
    id.site = idOf(`SELECT "Id" FROM "Network" WHERE "Name" = 'Partner Central'`);
    id.partnerPs = idOf(`SELECT "Id" FROM "PermissionSet" WHERE "Name" = 'Channel_Kit_Partner'`);
    id.managerPs = idOf(`SELECT "Id" FROM "PermissionSet" WHERE "Name" = 'Channel_Manager'`);
  });

  describe('Lead', () => {
    it('runs the active assignment rule when asked, a named rule by Id, and none when told not to', () => {
      setRuleEntries(org.store, id.activeRule, [
        {
          criteria: [{ field: 'Country', operator: 'equals', value: 'Germany' }],
          assignedToId: id.emea,
        },
      ]);
      setRuleEntries(org.store, id.inactiveRule, [{ criteria: [], assignedToId: id.apac }]);
      setDefaultLeadOwner(org.store, id.unassigned);
      const ownerOf = (leadId: string) => row('Lead', leadId).OwnerId;

      const matched = ok(
        insert('Lead', leadValues({ Country: 'Germany' }), { assignmentRule: true }),
      );
      assert.equal(ownerOf(matched), id.emea, 'the matching entry assigns');
      const unmatched = ok(
        insert('Lead', leadValues({ Country: 'Peru' }), { assignmentRule: true }),
      );
      assert.equal(ownerOf(unmatched), id.unassigned, 'no entry matches: the default lead owner');
      const named = ok(
        insert('Lead', leadValues({ Country: 'Germany' }), { assignmentRule: id.inactiveRule }),
      );
      assert.equal(ownerOf(named), id.apac, 'the rule given by Id runs, active or not');
      const none = ok(
        insert('Lead', leadValues({ Country: 'Germany', OwnerId: id.maya }), {
          assignmentRule: false,
        }),
      );
      assert.equal(ownerOf(none), id.maya, 'Sforce-Auto-Assign: FALSE keeps the owner');
      const creator = ok(insert('Lead', leadValues({ Country: 'Germany' })));
      assert.equal(ownerOf(creator), admin.userId, 'no rule: the creating user owns the lead');

      // An update with assignment on reassigns too.
      ok(update('Lead', none, { Country: 'Germany' }, { assignmentRule: true }));
      assert.equal(ownerOf(none), id.emea);
    });

    it('keeps the owner when no rule is active, or when nothing matches and no default owner is set', () => {
      setRuleEntries(org.store, id.activeRule, [
        {
          criteria: [{ field: 'Country', operator: 'equals', value: 'Germany' }],
          assignedToId: id.emea,
        },
      ]);
      org.store.run(`DELETE FROM _lo_setting WHERE key = 'lead.defaultOwnerId'`);
      try {
        const kept = ok(
          insert('Lead', leadValues({ Country: 'Peru', OwnerId: id.maya }), {
            assignmentRule: true,
          }),
        );
        assert.equal(row('Lead', kept).OwnerId, id.maya);
        setDefaultLeadOwner(org.store, id.unassigned);
        org.store.run(`UPDATE "AssignmentRule" SET "Active" = 0 WHERE "Id" = ?`, id.activeRule);
        const noRule = ok(
          insert('Lead', leadValues({ Country: 'Peru', OwnerId: id.maya }), {
            assignmentRule: true,
          }),
        );
        assert.equal(row('Lead', noRule).OwnerId, id.maya, 'no active rule: nothing runs');
      } finally {
        setDefaultLeadOwner(org.store, id.unassigned);
        org.store.run(`UPDATE "AssignmentRule" SET "Active" = 1 WHERE "Id" = ?`, id.activeRule);
      }
    });

    it('fails the lead when the assignment rule names an owner that cannot own it', () => {
      const inactive = idOf(`SELECT "Id" FROM "User" WHERE "IsActive" = 0 LIMIT 1`);
      const missing = to18('005000000000ZZZ');
      const outcome = (assignee: string) => {
        setRuleEntries(org.store, id.inactiveRule, [{ criteria: [], assignedToId: assignee }]);
        return insert('Lead', leadValues(), { assignmentRule: id.inactiveRule });
      };
      assert.deepEqual(failure(outcome(missing)), {
        statusCode: 'INVALID_CROSS_REFERENCE_KEY',
        message: 'invalid cross reference id',
        fields: ['OwnerId'],
      });
      assert.deepEqual(failure(outcome(inactive)), {
        statusCode: 'INACTIVE_OWNER_OR_USER',
        message: `operation performed with inactive user [${inactive}] as owner of lead`,
        fields: ['OwnerId'],
      });
      assert.equal(failure(outcome(id.activeRule)).statusCode, 'INVALID_CROSS_REFERENCE_KEY');
      assert.equal(row('Lead', ok(outcome(id.maya))).OwnerId, id.maya);
    });

    it('refuses an inactive user or a queue without Lead as owner, and accepts a Lead queue', () => {
      const inactive = idOf(`SELECT "Id" FROM "User" WHERE "IsActive" = 0 LIMIT 1`);
      assert.deepEqual(failure(insert('Lead', leadValues({ OwnerId: inactive }))), {
        statusCode: 'INACTIVE_OWNER_OR_USER',
        message: `operation performed with inactive user [${inactive}] as owner of lead`,
        fields: ['OwnerId'],
      });
      const caseQueue = ok(insert('Group', { Name: 'Case Desk', Type: 'Queue' }));
      ok(
        run([
          {
            kind: 'insert',
            type: 'QueueSobject',
            values: { QueueId: caseQueue, SobjectType: 'Case' },
          },
        ])[0],
      );
      const regular = ok(insert('Group', { Name: 'Just Friends', Type: 'Regular' }));
      for (const owner of [caseQueue, regular]) {
        assert.deepEqual(failure(insert('Lead', leadValues({ OwnerId: owner }))), {
          statusCode: 'INVALID_CROSS_REFERENCE_KEY',
          message: 'invalid cross reference id: owner must be a user or a Lead queue',
          fields: ['OwnerId'],
        });
      }
      const queued = ok(insert('Lead', leadValues({ OwnerId: id.emea })));
      assert.equal(row('Lead', queued).OwnerId, id.emea);

      const lead = ok(insert('Lead', leadValues({ OwnerId: id.maya })));
      assert.equal(
        failure(update('Lead', lead, { OwnerId: inactive })).statusCode,
        'INACTIVE_OWNER_OR_USER',
      );
      assert.equal(
        failure(update('Lead', lead, { OwnerId: regular })).statusCode,
        'INVALID_CROSS_REFERENCE_KEY',
      );
      assert.equal(row('Lead', lead).OwnerId, id.maya, 'the refused update changed nothing');
    });

    it('sets PartnerAccountId from a partner owner and clears it for any other owner', () => {
      const partner = one(
        `SELECT "Id", "AccountId" FROM "User" WHERE "UserType" = 'PowerPartner' AND "IsActive" = 1 LIMIT 1`,
      );
      const lead = ok(insert('Lead', leadValues({ OwnerId: partner.Id })));
      assert.equal(row('Lead', lead).PartnerAccountId, partner.AccountId);
      ok(update('Lead', lead, { OwnerId: id.maya }));
      assert.equal(
        row('Lead', lead).PartnerAccountId,
        null,
        'an internal owner: no partner account',
      );
      ok(update('Lead', lead, { OwnerId: partner.Id }));
      assert.equal(row('Lead', lead).PartnerAccountId, partner.AccountId);
      ok(update('Lead', lead, { OwnerId: id.emea }));
      assert.equal(row('Lead', lead).PartnerAccountId, null, 'a queue owner: no partner account');
      const internal = ok(insert('Lead', leadValues({ OwnerId: id.lukas })));
      assert.equal(row('Lead', internal).PartnerAccountId, null);
    });

    it('marks the lead unread when its owner changes, not on other updates', () => {
      const lead = ok(insert('Lead', leadValues({ OwnerId: id.maya })));
      assert.equal(row('Lead', lead).IsUnreadByOwner, 1, 'a new lead is unread');
      ok(update('Lead', lead, { IsUnreadByOwner: false }));
      ok(update('Lead', lead, { Title: 'CTO' }));
      assert.equal(row('Lead', lead).IsUnreadByOwner, 0, 'same owner: still read');
      ok(update('Lead', lead, { OwnerId: id.lukas }));
      assert.equal(row('Lead', lead).IsUnreadByOwner, 1, 'new owner: unread');
    });

    it('a converted lead gets its conversion date and status and can no longer be updated', () => {
      const lead = ok(insert('Lead', leadValues({ IsConverted: true, Status: 'Working' })));
      const stored = row('Lead', lead);
      assert.equal(stored.ConvertedDate, TODAY);
      assert.equal(stored.Status, 'Closed - Converted');
      assert.deepEqual(failure(update('Lead', lead, { Title: 'CEO' })), {
        statusCode: 'CANNOT_UPDATE_CONVERTED_LEAD',
        message: 'cannot reference converted lead',
        fields: [],
      });
      assert.equal(row('Lead', lead).Title, null);
      const open = ok(insert('Lead', leadValues({ Status: 'Working' })));
      assert.equal(row('Lead', open).ConvertedDate, null);
      assert.equal(row('Lead', open).Status, 'Working');
    });
  });

  describe('User', () => {
    it('a new internal user: Standard type, nickname from the username, licence counted', () => {
      const used = () =>
        Number(
          one(`SELECT "UsedLicenses" AS n FROM "UserLicense" WHERE "LicenseDefinitionKey" = 'SFDC'`)
            .n,
        );
      const before = used();
      const first = ok(
        insert('User', userValues(id.salesforceProfile, { Username: 'Sam.Taylor@example.com' })),
      );
      const stored = row('User', first);
      assert.equal(stored.UserType, 'Standard');
      assert.equal(stored.CommunityNickname, 'Sam.Taylor');
      assert.equal(used(), before + 1, 'UsedLicenses counts the new active user');
      const second = ok(
        insert('User', userValues(id.salesforceProfile, { Username: 'sam.taylor@example.org' })),
      );
      assert.equal(
        row('User', second).CommunityNickname,
        'sam.taylor1',
        'taken (any case): a number is added',
      );
      const third = ok(
        insert('User', userValues(id.salesforceProfile, { Username: 'sam.taylor@example.net' })),
      );
      assert.equal(row('User', third).CommunityNickname, 'sam.taylor2');
      const long = `${'x'.repeat(40)}@example.com`;
      const longNick = ok(insert('User', userValues(id.salesforceProfile, { Username: long })));
      assert.equal(row('User', longNick).CommunityNickname, 'x'.repeat(32));
      const explicitNull = ok(
        insert(
          'User',
          userValues(id.salesforceProfile, {
            Username: 'null.nick@example.com',
            CommunityNickname: null,
          }),
        ),
      );
      assert.equal(
        row('User', explicitNull).CommunityNickname,
        'null.nick',
        'a null nickname is defaulted too',
      );
      const given = ok(
        insert('User', userValues(id.salesforceProfile, { CommunityNickname: 'samt' })),
      );
      assert.equal(row('User', given).CommunityNickname, 'samt', 'a given nickname is kept');
      const inactive = ok(insert('User', userValues(id.salesforceProfile, { IsActive: false })));
      assert.equal(row('User', inactive).IsActive, 0);
      assert.equal(used(), before + 6, 'an inactive user takes no licence');
    });

    it('refuses a duplicate username or nickname, in any case, on insert and update', () => {
      const taken = ok(
        insert('User', userValues(id.salesforceProfile, { CommunityNickname: 'Dup Nick' })),
      );
      const { Username } = row('User', taken);
      const duplicateUsername = {
        statusCode: 'DUPLICATE_USERNAME',
        message:
          "Duplicate Username.<br>The username already exists in this or another Salesforce organization. Usernames must be unique across all Salesforce organizations. To resolve, use a different username (it doesn't need to match the user's email address).",
        fields: ['Username'],
      };
      assert.deepEqual(
        failure(
          insert(
            'User',
            userValues(id.salesforceProfile, { Username: String(Username).toUpperCase() }),
          ),
        ),
        duplicateUsername,
      );
      assert.deepEqual(
        failure(
          insert('User', userValues(id.salesforceProfile, { CommunityNickname: 'dup nick' })),
        ),
        {
          statusCode: 'DUPLICATE_COMMUNITY_NICKNAME',
          message: 'The nickname "dup nick" is already in use. Please enter a unique nickname.',
          fields: ['CommunityNickname'],
        },
      );
      const other = ok(insert('User', userValues(id.salesforceProfile)));
      assert.deepEqual(failure(update('User', other, { Username })), duplicateUsername);
      assert.equal(
        failure(update('User', other, { CommunityNickname: 'DUP NICK' })).statusCode,
        'DUPLICATE_COMMUNITY_NICKNAME',
      );
      // A user keeps its own username and nickname: no clash with itself.
      ok(update('User', taken, { Title: 'Engineer' }));
      ok(
        update('User', taken, {
          Username: String(Username).toUpperCase(),
          CommunityNickname: 'DUP nick',
        }),
      );
      assert.equal(row('User', taken).Username, String(Username).toUpperCase());
    });

    it('refuses a contact on an internal user', () => {
      const contact = idOf(`SELECT "Id" FROM "Contact" LIMIT 1`);
      assert.deepEqual(
        failure(insert('User', userValues(id.salesforceProfile, { ContactId: contact }))),
        {
          statusCode: 'FIELD_INTEGRITY_EXCEPTION',
          message: 'Contact: only portal users can be associated with a contact',
          fields: ['ContactId'],
        },
      );
    });

    it('licences run out: inserting or activating past the total fails, moving within a licence does not', () => {
      const licence = one(
        `SELECT "Id", "TotalLicenses" FROM "UserLicense" WHERE "LicenseDefinitionKey" = 'SFDC'`,
      );
      const active = () =>
        count(
          `"User" u JOIN "Profile" p ON p."Id" = u."ProfileId" WHERE u."IsActive" = 1 AND p."UserLicenseId" = ?`,
          String(licence.Id),
        );
      org.store.run(
        `UPDATE "UserLicense" SET "TotalLicenses" = ? WHERE "Id" = ?`,
        active() + 1,
        licence.Id,
      );
      try {
        const last = ok(insert('User', userValues(id.salesforceProfile)));
        const limit = {
          statusCode: 'LICENSE_LIMIT_EXCEEDED',
          message: 'License Limit Exceeded',
          fields: [],
        };
        assert.deepEqual(failure(insert('User', userValues(id.salesforceProfile))), limit);
        const waiting = ok(insert('User', userValues(id.salesforceProfile, { IsActive: false })));
        assert.deepEqual(failure(update('User', waiting, { IsActive: true })), limit);
        assert.equal(row('User', waiting).IsActive, 0);
        ok(update('User', last, { ProfileId: id.managerProfile }));
        assert.equal(
          row('User', last).ProfileId,
          id.managerProfile,
          'same licence: no new seat needed',
        );
        ok(update('User', last, { Title: 'Still here' }));
        ok(update('User', last, { IsActive: false }));
        ok(update('User', waiting, { IsActive: true }), 'the freed seat can be taken');
        // A partner user moved onto a full Salesforce licence needs a seat of it.
        const login = one(
          `SELECT "Id" FROM "User" WHERE "ProfileId" = ? AND "IsActive" = 1 LIMIT 1`,
          id.partnerLoginProfile,
        );
        assert.deepEqual(
          failure(update('User', String(login.Id), { ProfileId: id.salesforceProfile })),
          limit,
        );
        // Activation on another profile of the licence takes the seat that is free.
        ok(update('User', waiting, { IsActive: false }));
        ok(update('User', waiting, { IsActive: true, ProfileId: id.managerProfile }));
        ok(
          update('User', last, { ProfileId: id.salesforceProfile }),
          'an inactive user moves freely',
        );
        assert.deepEqual(failure(update('User', last, { IsActive: true })), limit);
      } finally {
        org.store.run(
          `UPDATE "UserLicense" SET "TotalLicenses" = ? WHERE "Id" = ?`,
          licence.TotalLicenses,
          licence.Id,
        );
      }
    });

    it('an unknown profile is an invalid cross reference', () => {
      const missing = '00e0000000009ZZAAA';
      const result = failure(insert('User', userValues(missing)));
      assert.equal(result.statusCode, 'INVALID_CROSS_REFERENCE_KEY');
      assert.deepEqual(result.fields, ['ProfileId']);
    });

    it('deactivating a user ends its sessions; other updates keep them', () => {
      const user = ok(insert('User', userValues(id.salesforceProfile)));
      const token = issueToken(org.store, orgId, user, 'access', null);
      ok(update('User', user, { Title: 'Kept' }));
      assert.equal(lookupToken(org.store, token, 'access')?.userId, user);
      ok(update('User', user, { IsActive: false }));
      assert.equal(lookupToken(org.store, token, 'access'), undefined);
      const inactiveToken = issueToken(org.store, orgId, user, 'access', null);
      ok(update('User', user, { Title: 'Still inactive' }));
      assert.equal(
        lookupToken(org.store, inactiveToken, 'access')?.userId,
        user,
        'only the change from active to inactive ends sessions',
      );
    });
  });

  describe('partner users', () => {
    /** A new partner account owned by `owner`, with one contact. */
    const partnerAccount = (name: string, owner: string, isPartner = true) => {
      const account = ok(insert('Account', { Name: name, OwnerId: owner, IsPartner: isPartner }));
      const contact = ok(insert('Contact', { LastName: `${name} Contact`, AccountId: account }));
      return { account, contact };
    };
    const memberOfSite = (user: string) =>
      count(`"NetworkMember" WHERE "NetworkId" = ? AND "MemberId" = ?`, id.site, user);

    it('the first partner user of an account creates its partner role under the owner’s role and joins the site', () => {
      const { account, contact } = partnerAccount('Acme & Sons, Ltd.', id.maya);
      const user = ok(insert('User', userValues(id.partnerProfile, { ContactId: contact })));
      const stored = row('User', user);
      assert.equal(stored.UserType, 'PowerPartner');
      assert.equal(stored.AccountId, account);
      assert.equal(stored.IsPortalEnabled, 1);
      const role = row('UserRole', String(stored.UserRoleId));
      assert.equal(role.Name, 'Acme & Sons, Ltd. Partner User');
      assert.equal(role.DeveloperName, 'AcmeSonsLtdPartnerUser');
      assert.equal(role.ParentRoleId, row('User', id.maya).UserRoleId);
      assert.equal(role.PortalType, 'Partner');
      assert.equal(role.PortalRole, 'Worker');
      assert.equal(role.PortalAccountId, account);
      assert.equal(role.CreatedById, admin.userId);
      assert.equal(memberOfSite(user), 1, 'a live site listing the profile takes the user in');

      const second = ok(
        insert(
          'User',
          userValues(id.partnerProfile, {
            ContactId: ok(insert('Contact', { LastName: 'Second', AccountId: account })),
          }),
        ),
      );
      assert.equal(row('User', second).UserRoleId, stored.UserRoleId, 'the role is made once');
      assert.equal(count(`"UserRole" WHERE "PortalAccountId" = ?`, account), 1);
    });

    it('every partner licence makes a partner user: Partner Community, its login licence, and PRM', () => {
      const prmLicence = org.store.nextId('100');
      org.store.run(
        `INSERT INTO "UserLicense" ("Id", "Name", "MasterLabel", "LicenseDefinitionKey", "Status", "TotalLicenses", "UsedLicenses",
           "CreatedDate", "CreatedById", "LastModifiedDate", "LastModifiedById", "SystemModstamp")
         VALUES (?, 'Gold Partner', 'Gold Partner', 'PID_PRM', 'Active', 5, 0, '', ?, '', ?, '')`,
        prmLicence,
        admin.userId,
        admin.userId,
      );
      const prmProfile = org.store.nextId('00e');
      org.store.run(
        `INSERT INTO "Profile" ("Id", "Name", "UserLicenseId", "PermissionsModifyAllData", "PermissionsViewAllData",
           "PermissionsTransferAnyLead", "PermissionsApiEnabled", "CreatedDate", "CreatedById", "LastModifiedDate",
           "LastModifiedById", "SystemModstamp")
         VALUES (?, 'Gold Partner User', ?, 0, 0, 0, 1, '', ?, '', ?, '')`,
        prmProfile,
        prmLicence,
        admin.userId,
        admin.userId,
      );
      for (const profile of [id.partnerProfile, id.partnerLoginProfile, prmProfile]) {
        const { contact, account } = partnerAccount(`Licence ${profile}`, id.maya);
        const user = ok(insert('User', userValues(profile, { ContactId: contact })));
        assert.equal(row('User', user).UserType, 'PowerPartner', profile);
        assert.equal(row('User', user).AccountId, account);
        assert.equal(
          failure(insert('User', userValues(profile))).statusCode,
          'FIELD_INTEGRITY_EXCEPTION',
        );
      }
    });

    it('an inactive partner user joins no site until it is activated', () => {
      const { contact } = partnerAccount('Dormant Partner', id.lukas);
      const user = ok(
        insert('User', userValues(id.partnerProfile, { ContactId: contact, IsActive: false })),
      );
      assert.equal(memberOfSite(user), 0);
      ok(update('User', user, { IsActive: true }));
      assert.equal(memberOfSite(user), 1);
      ok(update('User', user, { Title: 'Again' }));
      assert.equal(memberOfSite(user), 1, 'no second membership');
      const internal = ok(insert('User', userValues(id.managerProfile)));
      assert.equal(memberOfSite(internal), 0, 'internal users join through permission sets only');
    });

    it('refuses partner users without a usable contact, account or account owner', () => {
      assert.deepEqual(failure(insert('User', userValues(id.partnerProfile))), {
        statusCode: 'FIELD_INTEGRITY_EXCEPTION',
        message: 'Contact: a partner user must be associated with a contact',
        fields: ['ContactId'],
      });
      const orphan = ok(insert('Contact', { LastName: 'Orphan' }));
      const orphanError = {
        statusCode: 'FIELD_INTEGRITY_EXCEPTION',
        message: 'Contact: the contact must belong to an account',
        fields: ['ContactId'],
      };
      assert.deepEqual(
        failure(insert('User', userValues(id.partnerProfile, { ContactId: orphan }))),
        orphanError,
      );
      const { contact: plain } = partnerAccount('Not A Partner', id.maya, false);
      assert.deepEqual(
        failure(insert('User', userValues(id.partnerProfile, { ContactId: plain }))),
        {
          statusCode: 'FIELD_INTEGRITY_EXCEPTION',
          message: "Account: the contact's account must be enabled as a partner account",
          fields: ['ContactId'],
        },
      );
      const roleless = ok(insert('User', userValues(id.salesforceProfile)));
      assert.equal(row('User', roleless).UserRoleId, null);
      const { contact: unowned } = partnerAccount('Roleless Owner', roleless);
      assert.deepEqual(
        failure(insert('User', userValues(id.partnerProfile, { ContactId: unowned }))),
        {
          statusCode: 'UNKNOWN_EXCEPTION',
          message: 'portal account owner must have a role',
          fields: [],
        },
      );
      const taken = String(
        one(`SELECT "ContactId" FROM "User" WHERE "UserType" = 'PowerPartner' LIMIT 1`).ContactId,
      );
      assert.deepEqual(
        failure(insert('User', userValues(id.partnerLoginProfile, { ContactId: taken }))),
        {
          statusCode: 'PORTAL_USER_ALREADY_EXISTS_FOR_CONTACT',
          message: 'portal user already exists for contact',
          fields: ['ContactId'],
        },
      );
      assert.equal(
        count(
          `"UserRole" WHERE "Name" IN ('Not A Partner Partner User', 'Roleless Owner Partner User')`,
        ),
        0,
      );
    });

    it('a deleted contact cannot take a partner user', () => {
      const { contact } = partnerAccount('Gone Partner', id.maya);
      ok(remove('Contact', contact));
      // A deleted record is no valid reference either way.
      assert.equal(
        failure(insert('User', userValues(id.partnerProfile, { ContactId: contact }))).statusCode,
        'INVALID_CROSS_REFERENCE_KEY',
      );
    });
  });

  describe('Account: disabling a partner account', () => {
    it('disables its partner users, strips their access and deletes its roles and their groups', () => {
      const account = idOf(`SELECT "Id" FROM "Account" WHERE "Name" = 'Fabrikam Inc'`);
      const other = idOf(`SELECT "Id" FROM "Account" WHERE "Name" = 'Contoso Ltd'`);
      const users = org.store
        .all(`SELECT "Id" FROM "User" WHERE "AccountId" = ? ORDER BY "Id"`, account)
        .map((u) => String(u.Id));
      const others = org.store.all(
        `SELECT "Id", "IsActive", "UserRoleId" FROM "User" WHERE "AccountId" = ? ORDER BY "Id"`,
        other,
      );
      assert.ok(users.length >= 2 && others.length >= 2);
      const role = idOf(`SELECT "Id" FROM "UserRole" WHERE "PortalAccountId" = ?`, account);
      const active = users.find((u) => row('User', u).IsActive === 1)!;
      const token = issueToken(org.store, orgId, active, 'access', null);
      const otherToken = issueToken(
        org.store,
        orgId,
        String(others.find((u) => u.IsActive === 1)!.Id),
        'access',
        null,
      );

      // The platform's groups of the role, one of them a member of a queue; an internal user
      // still on the role; a permission set the profile owns.
      const roleGroup = org.store.nextId('00G');
      org.store.run(
        `INSERT INTO "Group" ("Id", "Name", "DeveloperName", "Type", "RelatedId", "DoesSendEmailToMembers", "DoesIncludeBosses",
           "CreatedDate", "CreatedById", "LastModifiedDate", "LastModifiedById", "SystemModstamp")
         VALUES (?, '', 'FabrikamRole', 'Role', ?, 0, 0, '', ?, '', ?, '')`,
        roleGroup,
        role,
        admin.userId,
        admin.userId,
      );
      ok(insert('GroupMember', { GroupId: id.emea, UserOrGroupId: roleGroup }));
      const ownedPs = org.store.nextId('0PS');
      org.store.run(
        `INSERT INTO "PermissionSet" ("Id", "Name", "Label", "IsOwnedByProfile") VALUES (?, 'X00ProfileOwned', 'Profile', 1)`,
        ownedPs,
      );
      org.store.run(
        `INSERT INTO "PermissionSetAssignment" ("Id", "PermissionSetId", "AssigneeId") VALUES (?, ?, ?)`,
        org.store.nextId('0Pa'),
        ownedPs,
        active,
      );
      const bystander = ok(insert('User', userValues(id.salesforceProfile, { UserRoleId: role })));
      const usedBefore = Number(
        one(
          `SELECT "UsedLicenses" AS n FROM "UserLicense" WHERE "LicenseDefinitionKey" = 'PID_Partner_Community'`,
        ).n,
      );
      const activePartnerSeats = count(
        `"User" WHERE "AccountId" = ? AND "IsActive" = 1 AND "ProfileId" = ?`,
        account,
        id.partnerProfile,
      );

      ok(update('Account', account, { Name: 'Fabrikam Inc.' }));
      assert.equal(
        row('User', active).IsActive,
        1,
        'a change that keeps IsPartner disables nothing',
      );

      ok(update('Account', account, { IsPartner: false }));

      for (const user of users) {
        const stored = row('User', user);
        assert.equal(stored.IsActive, 0, `${user} inactive`);
        assert.equal(stored.IsPortalEnabled, 0);
        assert.equal(stored.UserRoleId, null);
        assert.equal(stored.LastModifiedById, admin.userId);
        assert.equal(
          count(`"GroupMember" WHERE "UserOrGroupId" = ?`, user),
          0,
          'out of every group and queue',
        );
        assert.equal(count(`"NetworkMember" WHERE "MemberId" = ?`, user), 0, 'out of every site');
      }
      assert.equal(lookupToken(org.store, token, 'access'), undefined, 'sessions end');
      assert.equal(
        count(
          `"PermissionSetAssignment" WHERE "AssigneeId" = ? AND "PermissionSetId" != ?`,
          active,
          ownedPs,
        ),
        0,
      );
      assert.equal(
        count(
          `"PermissionSetAssignment" WHERE "AssigneeId" = ? AND "PermissionSetId" = ?`,
          active,
          ownedPs,
        ),
        1,
        'the profile’s own permission set stays',
      );
      assert.equal(count(`"UserRole" WHERE "Id" = ?`, role), 0, 'the partner role is deleted');
      assert.equal(count(`"Group" WHERE "Id" = ?`, roleGroup), 0, 'so are its groups');
      assert.equal(
        count(`"GroupMember" WHERE "UserOrGroupId" = ? OR "GroupId" = ?`, roleGroup, roleGroup),
        0,
      );
      assert.equal(row('User', bystander).UserRoleId, null, 'no user is left on a deleted role');
      assert.equal(row('User', bystander).IsActive, 1, 'an internal user on the role stays active');
      assert.equal(
        Number(
          one(
            `SELECT "UsedLicenses" AS n FROM "UserLicense" WHERE "LicenseDefinitionKey" = 'PID_Partner_Community'`,
          ).n,
        ),
        usedBefore - activePartnerSeats,
        'their licences are free again',
      );

      // The account, already disabled, changed again: its former users are not touched again.
      const maya = sessionFor(org.store, id.maya)!;
      assert.deepEqual(
        run(
          [{ kind: 'update', type: 'Account', id: account, values: { Name: 'Fabrikam' } }],
          {},
          maya,
        )[0].success,
        true,
      );
      for (const user of users) assert.equal(row('User', user).LastModifiedById, admin.userId);

      // Another partner account is untouched.
      assert.deepEqual(
        org.store.all(
          `SELECT "Id", "IsActive", "UserRoleId" FROM "User" WHERE "AccountId" = ? ORDER BY "Id"`,
          other,
        ),
        others,
      );
      assert.equal(lookupToken(org.store, otherToken, 'access')?.userId !== undefined, true);
      assert.equal(count(`"UserRole" WHERE "PortalAccountId" = ?`, other), 1);
      assert.ok(
        count(
          `"NetworkMember" m JOIN "User" u ON u."Id" = m."MemberId" WHERE u."AccountId" = ?`,
          other,
        ) > 0,
      );
      assert.ok(
        count(`"GroupMember" WHERE "GroupId" = ?`, id.emea) > 0,
        'the queue keeps its other members',
      );
    });

    it('an account without partner users or roles is disabled quietly; enabling disables nothing', () => {
      const account = ok(
        insert('Account', { Name: 'Quiet Partner', OwnerId: id.maya, IsPartner: true }),
      );
      ok(update('Account', account, { IsPartner: false }));
      assert.equal(row('Account', account).IsPartner, 0);
      ok(update('Account', account, { IsPartner: true }));
      assert.equal(row('Account', account).IsPartner, 1);
      const { contact } = { contact: ok(insert('Contact', { LastName: 'Q', AccountId: account })) };
      const user = ok(insert('User', userValues(id.partnerProfile, { ContactId: contact })));
      ok(update('Account', account, { IsPartner: true }));
      assert.equal(row('User', user).IsActive, 1);
    });
  });

  describe('setup objects', () => {
    it('a group or role without a DeveloperName gets one from its Name', () => {
      const group = ok(insert('Group', { Name: '  (EMEA)  Partner--Pool 2! ', Type: 'Regular' }));
      assert.equal(row('Group', group).DeveloperName, 'EMEA_Partner_Pool_2');
      const named = ok(
        insert('Group', { Name: 'Named', DeveloperName: 'Kept_Name', Type: 'Regular' }),
      );
      assert.equal(row('Group', named).DeveloperName, 'Kept_Name');
      const role = ok(insert('UserRole', { Name: 'Sales -- West' }));
      assert.equal(row('UserRole', role).DeveloperName, 'Sales_West');
      const namedRole = ok(insert('UserRole', { Name: 'Sales East', DeveloperName: 'SalesEast' }));
      assert.equal(row('UserRole', namedRole).DeveloperName, 'SalesEast');
    });

    it('refuses duplicate group members, queue sObjects, permission set assignments and site member groups', () => {
      const group = ok(insert('Group', { Name: 'Dupes', Type: 'Queue' }));
      const member = ok(insert('GroupMember', { GroupId: group, UserOrGroupId: id.maya }));
      ok(insert('GroupMember', { GroupId: group, UserOrGroupId: id.lukas }));
      ok(insert('GroupMember', { GroupId: id.apac, UserOrGroupId: group }));
      assert.deepEqual(failure(insert('GroupMember', { GroupId: group, UserOrGroupId: id.maya })), {
        statusCode: 'DUPLICATE_VALUE',
        message: `duplicate value found: GroupId, UserOrGroupId duplicates value on record with id: ${member}`,
        fields: ['GroupId', 'UserOrGroupId'],
      });

      const queueType = ok(insert('QueueSobject', { QueueId: group, SobjectType: 'Lead' }));
      ok(insert('QueueSobject', { QueueId: group, SobjectType: 'Case' }));
      assert.deepEqual(failure(insert('QueueSobject', { QueueId: group, SobjectType: 'Lead' })), {
        statusCode: 'DUPLICATE_VALUE',
        message: `duplicate value found: QueueId, SobjectType duplicates value on record with id: ${queueType}`,
        fields: ['QueueId', 'SobjectType'],
      });
      const regular = ok(insert('Group', { Name: 'Not a queue', Type: 'Regular' }));
      assert.deepEqual(failure(insert('QueueSobject', { QueueId: regular, SobjectType: 'Lead' })), {
        statusCode: 'FIELD_INTEGRITY_EXCEPTION',
        message: 'Queue ID: the group is not a queue',
        fields: ['QueueId'],
      });

      const assignment = idOf(
        `SELECT "Id" FROM "PermissionSetAssignment" WHERE "AssigneeId" = ? AND "PermissionSetId" = ?`,
        id.maya,
        id.managerPs,
      );
      assert.deepEqual(
        failure(
          insert('PermissionSetAssignment', { AssigneeId: id.maya, PermissionSetId: id.managerPs }),
        ),
        {
          statusCode: 'DUPLICATE_VALUE',
          message: `duplicate value found: PermissionSetId, AssigneeId duplicates value on record with id: ${assignment}`,
          fields: ['PermissionSetId', 'AssigneeId'],
        },
      );
      const memberGroup = idOf(
        `SELECT "Id" FROM "NetworkMemberGroup" WHERE "NetworkId" = ? AND "ParentId" = ?`,
        id.site,
        id.partnerPs,
      );
      assert.deepEqual(
        failure(insert('NetworkMemberGroup', { NetworkId: id.site, ParentId: id.partnerPs })),
        {
          statusCode: 'DUPLICATE_VALUE',
          message: `duplicate value found: NetworkId, ParentId duplicates value on record with id: ${memberGroup}`,
          fields: ['NetworkId', 'ParentId'],
        },
      );
      ok(insert('NetworkMemberGroup', { NetworkId: id.site, ParentId: id.salesforceProfile }));
    });

    it('a permission set a live site lists makes its user a member; removing it takes the membership away', () => {
      const member = () =>
        count(`"NetworkMember" WHERE "NetworkId" = ? AND "MemberId" = ?`, id.site, id.lukas);
      assert.equal(member(), 0);
      const assignment = ok(
        insert('PermissionSetAssignment', { AssigneeId: id.lukas, PermissionSetId: id.partnerPs }),
      );
      assert.equal(member(), 1);
      const joined = one(
        `SELECT "CreatedById", "CreatedDate" FROM "NetworkMember" WHERE "NetworkId" = ? AND "MemberId" = ?`,
        id.site,
        id.lukas,
      );
      assert.deepEqual(
        { ...joined },
        { CreatedById: admin.userId, CreatedDate: '2026-01-10T19:31:08.000+0000' },
      );
      ok(remove('PermissionSetAssignment', assignment));
      assert.equal(member(), 0);
      const unrelated = ok(
        insert('PermissionSetAssignment', {
          AssigneeId: id.lukas,
          PermissionSetId: idOf(
            `SELECT "Id" FROM "PermissionSet" WHERE "Name" = 'Partner_Lead_Inbox'`,
          ),
        }),
      );
      assert.equal(member(), 0, 'a set no site lists joins nothing');
      ok(remove('PermissionSetAssignment', unrelated));
    });
  });
});
