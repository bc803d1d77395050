// Leads partners declined in the partner lead inbox, as the lead-assignment console lists them:
// LeadAssignmentController.getRecentDeclines (Apex: LeadDeclineLog.DeclinesRequest and
// LeadDeclineLog.Decline, same field names). Null properties are absent from answers.

export interface DeclinesRequest {
  /** 1 to 200; 20 when absent. */
  maxRows?: number | null;
}

export interface DeclinedLead {
  logId: string;
  leadId?: string;
  /** Absent when the user cannot see the lead (any more). */
  leadName?: string;
  company?: string;
  declinedBy?: string;
  partnerAccount?: string;
  /** Decline_Reason__c's value and its label. */
  reason?: string;
  reasonLabel?: string;
  comment?: string;
  sentToId?: string;
  sentToName?: string;
  /** ISO 8601. */
  declinedAt: string;
}
