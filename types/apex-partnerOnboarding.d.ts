// `@salesforce/apex/PartnerOnboardingController.*`: each takes `{ request }` and resolves to the
// result named in types/partnerOnboarding.d.ts (PartnerOnboardingApi). Ambient, so no top-level import.
// None is cacheable: every step reads the org as it stands.

declare module '@salesforce/apex/PartnerOnboardingController.getReadiness' {
  type Api = import('./partnerOnboarding').PartnerOnboardingApi['getReadiness'];
  const getReadiness: import('./apex').ApexMethod<{ request: Api['request'] }, Api['result']>;
  export default getReadiness;
}

declare module '@salesforce/apex/PartnerOnboardingController.searchAccounts' {
  type Api = import('./partnerOnboarding').PartnerOnboardingApi['searchAccounts'];
  const searchAccounts: import('./apex').ApexMethod<{ request: Api['request'] }, Api['result']>;
  export default searchAccounts;
}

declare module '@salesforce/apex/PartnerOnboardingController.planOnboarding' {
  type Api = import('./partnerOnboarding').PartnerOnboardingApi['planOnboarding'];
  const planOnboarding: import('./apex').ApexMethod<{ request: Api['request'] }, Api['result']>;
  export default planOnboarding;
}

declare module '@salesforce/apex/PartnerOnboardingController.findOrCreateAccount' {
  type Api = import('./partnerOnboarding').PartnerOnboardingApi['findOrCreateAccount'];
  const findOrCreateAccount: import('./apex').ApexMethod<
    { request: Api['request'] },
    Api['result']
  >;
  export default findOrCreateAccount;
}

declare module '@salesforce/apex/PartnerOnboardingController.saveContacts' {
  type Api = import('./partnerOnboarding').PartnerOnboardingApi['saveContacts'];
  const saveContacts: import('./apex').ApexMethod<{ request: Api['request'] }, Api['result']>;
  export default saveContacts;
}

declare module '@salesforce/apex/PartnerOnboardingController.enablePartnerUsers' {
  type Api = import('./partnerOnboarding').PartnerOnboardingApi['enablePartnerUsers'];
  const enablePartnerUsers: import('./apex').ApexMethod<{ request: Api['request'] }, Api['result']>;
  export default enablePartnerUsers;
}

declare module '@salesforce/apex/PartnerOnboardingController.sendLoginEmail' {
  type Api = import('./partnerOnboarding').PartnerOnboardingApi['sendLoginEmail'];
  const sendLoginEmail: import('./apex').ApexMethod<{ request: Api['request'] }, Api['result']>;
  export default sendLoginEmail;
}

declare module '@salesforce/apex/PartnerOnboardingController.getPartnerStatus' {
  type Api = import('./partnerOnboarding').PartnerOnboardingApi['getPartnerStatus'];
  const getPartnerStatus: import('./apex').ApexMethod<{ request: Api['request'] }, Api['result']>;
  export default getPartnerStatus;
}

declare module '@salesforce/apex/PartnerOnboardingController.planOffboarding' {
  type Api = import('./partnerOnboarding').PartnerOnboardingApi['planOffboarding'];
  const planOffboarding: import('./apex').ApexMethod<{ request: Api['request'] }, Api['result']>;
  export default planOffboarding;
}

declare module '@salesforce/apex/PartnerOnboardingController.offboardPartner' {
  type Api = import('./partnerOnboarding').PartnerOnboardingApi['offboardPartner'];
  const offboardPartner: import('./apex').ApexMethod<{ request: Api['request'] }, Api['result']>;
  export default offboardPartner;
}
