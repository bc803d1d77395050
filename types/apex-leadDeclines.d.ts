// `@salesforce/apex/LeadAssignmentController.getRecentDeclines`: takes `{ request }` and resolves
// to the declines of types/leadDeclines.d.ts. Ambient, so no top-level import.

declare module '@salesforce/apex/LeadAssignmentController.getRecentDeclines' {
  const getRecentDeclines: import('./apex').ApexMethod<
    { request: import('./leadDeclines').DeclinesRequest },
    import('./leadDeclines').DeclinedLead[]
  >;
  export default getRecentDeclines;
}
