// `@salesforce/apex/PartnerLeadInboxController.*`: each takes `{ request }` and resolves to the
// result named in types/partnerLeadInbox.d.ts (PartnerLeadInboxApi), except getReassignTargets,
// which takes nothing. Ambient, so no top-level import. None is cacheable: the inbox reads again
// right after each change.

declare module '@salesforce/apex/PartnerLeadInboxController.getInbox' {
  type Api = import('./partnerLeadInbox').PartnerLeadInboxApi['getInbox'];
  const getInbox: import('./apex').ApexMethod<{ request: Api['request'] }, Api['result']>;
  export default getInbox;
}

declare module '@salesforce/apex/PartnerLeadInboxController.acceptLead' {
  type Api = import('./partnerLeadInbox').PartnerLeadInboxApi['acceptLead'];
  const acceptLead: import('./apex').ApexMethod<{ request: Api['request'] }, Api['result']>;
  export default acceptLead;
}

declare module '@salesforce/apex/PartnerLeadInboxController.declineLead' {
  type Api = import('./partnerLeadInbox').PartnerLeadInboxApi['declineLead'];
  const declineLead: import('./apex').ApexMethod<{ request: Api['request'] }, Api['result']>;
  export default declineLead;
}

declare module '@salesforce/apex/PartnerLeadInboxController.markRead' {
  type Api = import('./partnerLeadInbox').PartnerLeadInboxApi['markRead'];
  const markRead: import('./apex').ApexMethod<{ request: Api['request'] }, Api['result']>;
  export default markRead;
}

declare module '@salesforce/apex/PartnerLeadInboxController.updateStatus' {
  type Api = import('./partnerLeadInbox').PartnerLeadInboxApi['updateStatus'];
  const updateStatus: import('./apex').ApexMethod<{ request: Api['request'] }, Api['result']>;
  export default updateStatus;
}

declare module '@salesforce/apex/PartnerLeadInboxController.reassignLead' {
  type Api = import('./partnerLeadInbox').PartnerLeadInboxApi['reassignLead'];
  const reassignLead: import('./apex').ApexMethod<{ request: Api['request'] }, Api['result']>;
  export default reassignLead;
}

declare module '@salesforce/apex/PartnerLeadInboxController.getReassignTargets' {
  const getReassignTargets: import('./apex').ApexMethod<
    Record<string, never>,
    import('./partnerLeadInbox').Target[]
  >;
  export default getReassignTargets;
}
