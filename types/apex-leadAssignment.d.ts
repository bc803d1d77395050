// `@salesforce/apex/LeadAssignmentController.*`: each takes `{ request }` and resolves to the
// result named in types/leadAssignment.d.ts (LeadAssignmentApi). Ambient, so no top-level import.

declare module '@salesforce/apex/LeadAssignmentController.getFilterOptions' {
  type Api = import('./leadAssignment').LeadAssignmentApi['getFilterOptions'];
  const getFilterOptions: import('./apex').ApexMethod<{ request: Api['request'] }, Api['result']>;
  export default getFilterOptions;
}

declare module '@salesforce/apex/LeadAssignmentController.searchLeads' {
  type Api = import('./leadAssignment').LeadAssignmentApi['searchLeads'];
  const searchLeads: import('./apex').ApexMethod<{ request: Api['request'] }, Api['result']>;
  export default searchLeads;
}

declare module '@salesforce/apex/LeadAssignmentController.getOwnerCandidates' {
  type Api = import('./leadAssignment').LeadAssignmentApi['getOwnerCandidates'];
  const getOwnerCandidates: import('./apex').ApexMethod<{ request: Api['request'] }, Api['result']>;
  export default getOwnerCandidates;
}

declare module '@salesforce/apex/LeadAssignmentController.planAssignment' {
  type Api = import('./leadAssignment').LeadAssignmentApi['planAssignment'];
  const planAssignment: import('./apex').ApexMethod<{ request: Api['request'] }, Api['result']>;
  export default planAssignment;
}

declare module '@salesforce/apex/LeadAssignmentController.applyAssignment' {
  type Api = import('./leadAssignment').LeadAssignmentApi['applyAssignment'];
  const applyAssignment: import('./apex').ApexMethod<{ request: Api['request'] }, Api['result']>;
  export default applyAssignment;
}

declare module '@salesforce/apex/LeadAssignmentController.getBatch' {
  type Api = import('./leadAssignment').LeadAssignmentApi['getBatch'];
  const getBatch: import('./apex').ApexMethod<{ request: Api['request'] }, Api['result']>;
  export default getBatch;
}

declare module '@salesforce/apex/LeadAssignmentController.getBatchResults' {
  type Api = import('./leadAssignment').LeadAssignmentApi['getBatchResults'];
  const getBatchResults: import('./apex').ApexMethod<{ request: Api['request'] }, Api['result']>;
  export default getBatchResults;
}

declare module '@salesforce/apex/LeadAssignmentController.getRecentBatches' {
  type Api = import('./leadAssignment').LeadAssignmentApi['getRecentBatches'];
  const getRecentBatches: import('./apex').ApexMethod<{ request: Api['request'] }, Api['result']>;
  export default getRecentBatches;
}

declare module '@salesforce/apex/LeadAssignmentController.undoBatch' {
  type Api = import('./leadAssignment').LeadAssignmentApi['undoBatch'];
  const undoBatch: import('./apex').ApexMethod<{ request: Api['request'] }, Api['result']>;
  export default undoBatch;
}

declare module '@salesforce/apex/LeadAssignmentController.getBatchHistory' {
  type Api = import('./leadAssignment').LeadAssignmentApi['getBatchHistory'];
  const getBatchHistory: import('./apex').ApexMethod<{ request: Api['request'] }, Api['result']>;
  export default getBatchHistory;
}

declare module '@salesforce/apex/LeadAssignmentController.getUndoCheck' {
  type Api = import('./leadAssignment').LeadAssignmentApi['getUndoCheck'];
  const getUndoCheck: import('./apex').ApexMethod<{ request: Api['request'] }, Api['result']>;
  export default getUndoCheck;
}

declare module '@salesforce/apex/LeadAssignmentController.getAssignmentRules' {
  type Api = import('./leadAssignment').LeadAssignmentApi['getAssignmentRules'];
  const getAssignmentRules: import('./apex').ApexMethod<{ request: Api['request'] }, Api['result']>;
  export default getAssignmentRules;
}
