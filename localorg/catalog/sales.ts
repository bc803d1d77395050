/** Sales objects: partner accounts, their contacts, and leads. */
import { KEY_PREFIX } from '../ids.ts';
import {
  bool,
  computedName,
  currency,
  date,
  email,
  int,
  longText,
  phone,
  picklist,
  ref,
  sobject,
  text,
  url,
} from './fields.ts';
import type { SObjectDef } from './types.ts';

export const LEAD_STATUSES = [
  'Open - Not Contacted',
  'Working - Contacted',
  'Closed - Converted',
  'Closed - Not Converted',
];
export const LEAD_SOURCES = ['Web', 'Phone Inquiry', 'Partner Referral', 'Purchased List', 'Other'];
export const INDUSTRIES = [
  'Agriculture',
  'Banking',
  'Communications',
  'Education',
  'Energy',
  'Healthcare',
  'Manufacturing',
  'Retail',
  'Technology',
  'Transportation',
];

export const Account = sobject(
  'Account',
  { keyPrefix: KEY_PREFIX.Account, softDelete: true, ownerTo: ['User'] },
  [
    text('Name', { required: true, nameField: true, label: 'Account Name' }),
    picklist('Type', [
      'Prospect',
      'Customer - Direct',
      'Channel Partner / Reseller',
      'Installation Partner',
      'Other',
    ]),
    picklist('Industry', INDUSTRIES),
    ref('ParentId', ['Account'], 'Parent'),
    text('AccountNumber', { length: 40 }),
    phone('Phone'),
    url('Website'),
    text('BillingCity', { length: 40 }),
    text('BillingState', { length: 80 }),
    text('BillingCountry', { length: 80 }),
    currency('AnnualRevenue'),
    int('NumberOfEmployees'),
    longText('Description'),
    bool('IsPartner', { label: 'Partner Account' }),
  ],
);

export const Contact = sobject(
  'Contact',
  { keyPrefix: KEY_PREFIX.Contact, softDelete: true, ownerTo: ['User'] },
  [
    ref('AccountId', ['Account'], 'Account'),
    text('Salutation', { length: 40 }),
    text('FirstName', { length: 40 }),
    text('LastName', { required: true, length: 80 }),
    computedName(),
    text('Title', { length: 128 }),
    email('Email'),
    phone('Phone'),
    text('MailingCity', { length: 40 }),
    text('MailingCountry', { length: 80 }),
  ],
);

export const Lead = sobject(
  'Lead',
  { keyPrefix: KEY_PREFIX.Lead, softDelete: true, ownerTo: ['Group', 'User'] },
  [
    text('Salutation', { length: 40 }),
    text('FirstName', { length: 40 }),
    text('LastName', { required: true, length: 80 }),
    computedName(),
    text('Title', { length: 128 }),
    text('Company', { required: true }),
    email('Email'),
    phone('Phone'),
    phone('MobilePhone'),
    url('Website'),
    text('Street', { length: 255 }),
    text('City', { length: 40 }),
    text('State', { length: 80 }),
    text('PostalCode', { length: 20 }),
    text('Country', { length: 80 }),
    picklist('Status', LEAD_STATUSES, { default: LEAD_STATUSES[0], label: 'Lead Status' }),
    picklist('LeadSource', LEAD_SOURCES),
    picklist('Industry', INDUSTRIES),
    picklist('Rating', ['Hot', 'Warm', 'Cold']),
    currency('AnnualRevenue'),
    int('NumberOfEmployees'),
    longText('Description'),
    ref('PartnerAccountId', ['Account'], 'PartnerAccount', { readonly: true }),
    bool('IsUnreadByOwner', { default: true, label: 'Unread By Owner' }),
    bool('IsConverted', { createOnly: true, label: 'Converted' }),
    date('ConvertedDate', { readonly: true }),
    ref('ConvertedAccountId', ['Account'], 'ConvertedAccount', { readonly: true }),
    ref('ConvertedContactId', ['Contact'], 'ConvertedContact', { readonly: true }),
    email('EmailBouncedReason', { readonly: true, length: 255 }),
  ],
);

export const salesObjects: SObjectDef[] = [Account, Contact, Lead];
