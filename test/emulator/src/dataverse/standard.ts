// Facts about a few standard tables that a CSDL does not carry (object type codes, display names),
// from the Dataverse table reference (learn.microsoft.com/power-apps/developer/data-platform/reference/entities).

export interface StandardTable {
  objectTypeCode: number;
  displayName?: string;
  displayCollectionName?: string;
}

export const STANDARD_TABLES: Record<string, StandardTable> = {
  account: { objectTypeCode: 1, displayName: 'Account', displayCollectionName: 'Accounts' },
  contact: { objectTypeCode: 2, displayName: 'Contact', displayCollectionName: 'Contacts' },
  opportunity: { objectTypeCode: 3 },
  lead: { objectTypeCode: 4 },
  annotation: { objectTypeCode: 5, displayName: 'Note', displayCollectionName: 'Notes' },
  systemuser: { objectTypeCode: 8, displayName: 'User', displayCollectionName: 'Users' },
  team: { objectTypeCode: 9 },
  businessunit: { objectTypeCode: 10, displayName: 'Business Unit', displayCollectionName: 'Business Units' },
  incident: { objectTypeCode: 112, displayName: 'Case', displayCollectionName: 'Cases' },
  organization: { objectTypeCode: 1019 },
  product: { objectTypeCode: 1024 },
  quote: { objectTypeCode: 1084 },
  salesorder: { objectTypeCode: 1088, displayName: 'Order', displayCollectionName: 'Orders' },
  invoice: { objectTypeCode: 1090 },
  queue: { objectTypeCode: 2020 },
  queueitem: { objectTypeCode: 2029, displayName: 'Queue Item', displayCollectionName: 'Queue Items' },
  activitypointer: { objectTypeCode: 4200, displayName: 'Activity', displayCollectionName: 'Activities' },
  appointment: { objectTypeCode: 4201 },
  email: { objectTypeCode: 4202 },
  fax: { objectTypeCode: 4204 },
  letter: { objectTypeCode: 4207 },
  phonecall: { objectTypeCode: 4210, displayName: 'Phone Call', displayCollectionName: 'Phone Calls' },
  task: { objectTypeCode: 4212 },
  transactioncurrency: { objectTypeCode: 9105, displayName: 'Currency', displayCollectionName: 'Currencies' },
};
