// Word lists for the generated tables (--extra-tables): names that read like a real customer's
// solution (contoso_vehicleinspection, "Vehicle Inspection"), not table001.

/** Publisher prefixes: most custom tables of an org share one, a few come from other solutions. */
const PREFIX_BY_DIGIT = [
  'contoso',
  'contoso',
  'contoso',
  'contoso',
  'contoso',
  'contoso',
  'contoso',
  'cr8a3',
  'cr8a3',
  'fab',
];

const NOUNS: [string, string][] = [
  ['vehicle', 'Vehicle'],
  ['inspection', 'Inspection'],
  ['warehouse', 'Warehouse'],
  ['shipment', 'Shipment'],
  ['delivery', 'Delivery'],
  ['project', 'Project'],
  ['asset', 'Asset'],
  ['equipment', 'Equipment'],
  ['maintenance', 'Maintenance'],
  ['certificate', 'Certificate'],
  ['claim', 'Claim'],
  ['policy', 'Policy'],
  ['booking', 'Booking'],
  ['reservation', 'Reservation'],
  ['course', 'Course'],
  ['enrollment', 'Enrollment'],
  ['student', 'Student'],
  ['patient', 'Patient'],
  ['visit', 'Visit'],
  ['prescription', 'Prescription'],
  ['donation', 'Donation'],
  ['grant', 'Grant'],
  ['member', 'Member'],
  ['membership', 'Membership'],
  ['event', 'Event'],
  ['venue', 'Venue'],
  ['ticket', 'Ticket'],
  ['sponsor', 'Sponsor'],
  ['survey', 'Survey'],
  ['feedback', 'Feedback'],
  ['permit', 'Permit'],
  ['site', 'Site'],
  ['building', 'Building'],
  ['room', 'Room'],
  ['tenant', 'Tenant'],
  ['lease', 'Lease'],
  ['invoice', 'Invoice'],
  ['payment', 'Payment'],
  ['expense', 'Expense'],
  ['timesheet', 'Timesheet'],
  ['resource', 'Resource'],
  ['skill', 'Skill'],
  ['training', 'Training'],
  ['supplier', 'Supplier'],
  ['purchase', 'Purchase'],
  ['stockitem', 'Stock Item'],
  ['route', 'Route'],
  ['driver', 'Driver'],
  ['incidentreport', 'Incident Report'],
  ['workorder', 'Work Order'],
];

const QUALIFIERS: [string, string][] = [
  ['', ''],
  ['line', 'Line'],
  ['request', 'Request'],
  ['assignment', 'Assignment'],
  ['log', 'Log'],
  ['template', 'Template'],
  ['type', 'Type'],
  ['category', 'Category'],
  ['history', 'History'],
  ['review', 'Review'],
  ['schedule', 'Schedule'],
  ['approval', 'Approval'],
  ['document', 'Document'],
  ['note', 'Note'],
  ['status', 'Status'],
  ['item', 'Item'],
  ['plan', 'Plan'],
  ['rate', 'Rate'],
  ['zone', 'Zone'],
  ['group', 'Group'],
];

export interface TableName {
  prefix: string;
  logicalName: string;
  displayName: string;
  displayCollectionName: string;
  entitySetName: string;
}

/** English plural as Dataverse forms collection names (category → categories, class → classes). */
export function plural(word: string): string {
  if (/[^aeiou]y$/i.test(word)) return `${word.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/i.test(word)) return `${word}es`;
  return `${word}s`;
}

/** Name of generated table n (1-based); unique for every n. */
export function tableName(n: number): TableName {
  const i = n - 1;
  const prefix = PREFIX_BY_DIGIT[n % PREFIX_BY_DIGIT.length]!;
  const [noun, nounLabel] = NOUNS[i % NOUNS.length]!;
  const [qual, qualLabel] = QUALIFIERS[Math.floor(i / NOUNS.length) % QUALIFIERS.length]!;
  const round = Math.floor(i / (NOUNS.length * QUALIFIERS.length));
  const suffix = round > 0 ? String(round + 1) : '';
  const logicalName = `${prefix}_${noun}${qual}${suffix}`;
  const displayName = [nounLabel, qualLabel, suffix].filter(Boolean).join(' ');
  return {
    prefix,
    logicalName,
    displayName,
    displayCollectionName: plural(displayName),
    entitySetName: plural(logicalName),
  };
}

/** Column words by kind; a table's n-th column of a kind takes the n-th word (then word2, word3…). */
export const COLUMN_WORDS: Record<string, [string, string][]> = {
  string: [
    ['reference', 'Reference'],
    ['code', 'Code'],
    ['serialnumber', 'Serial Number'],
    ['location', 'Location'],
    ['contactemail', 'Contact Email'],
    ['phone', 'Phone'],
    ['externalid', 'External ID'],
    ['title', 'Title'],
    ['make', 'Make'],
    ['model', 'Model'],
    ['color', 'Colour'],
    ['postcode', 'Postcode'],
  ],
  memo: [
    ['notes', 'Notes'],
    ['instructions', 'Instructions'],
    ['summary', 'Summary'],
    ['comments', 'Comments'],
  ],
  integer: [
    ['quantity', 'Quantity'],
    ['capacity', 'Capacity'],
    ['durationminutes', 'Duration (Minutes)'],
    ['attempts', 'Attempts'],
  ],
  bigint: [
    ['sequencenumber', 'Sequence Number'],
    ['meterreading', 'Meter Reading'],
  ],
  decimal: [
    ['weight', 'Weight'],
    ['percentcomplete', 'Percent Complete'],
    ['score', 'Score'],
  ],
  double: [
    ['latitude', 'Latitude'],
    ['longitude', 'Longitude'],
    ['temperature', 'Temperature'],
  ],
  money: [
    ['amount', 'Amount'],
    ['cost', 'Cost'],
    ['price', 'Price'],
    ['deposit', 'Deposit'],
  ],
  datetime: [
    ['duedate', 'Due Date'],
    ['startdate', 'Start Date'],
    ['enddate', 'End Date'],
    ['completedon', 'Completed On'],
    ['nextreview', 'Next Review'],
  ],
  boolean: [
    ['isactive', 'Is Active'],
    ['approved', 'Approved'],
    ['billable', 'Billable'],
    ['urgent', 'Urgent'],
  ],
  picklist: [
    ['category', 'Category'],
    ['priority', 'Priority'],
    ['region', 'Region'],
    ['stage', 'Stage'],
    ['channel', 'Channel'],
  ],
  multiselect: [
    ['tags', 'Tags'],
    ['features', 'Features'],
    ['languages', 'Languages'],
  ],
  lookup: [
    ['parentid', 'Parent'],
    ['relatedid', 'Related'],
    ['sourceid', 'Source'],
    ['primaryid', 'Primary'],
  ],
  customer: [
    ['customerid', 'Customer'],
    ['billtoid', 'Bill To'],
  ],
  file: [
    ['attachment', 'Attachment'],
    ['document', 'Document'],
    ['report', 'Report'],
  ],
  image: [['photo', 'Photo']],
};

/** Choices shared across generated tables (global option sets), by column word. */
export const GLOBAL_CHOICES: Record<string, string[]> = {
  priority: ['Low', 'Normal', 'High', 'Critical'],
  region: ['North', 'South', 'East', 'West', 'Central'],
  stage: ['Draft', 'Submitted', 'In Review', 'Approved', 'Closed'],
};

/** Labels for local choices. */
export const LOCAL_CHOICES: Record<string, string[]> = {
  category: ['Standard', 'Premium', 'Internal', 'External'],
  channel: ['Email', 'Phone', 'Web', 'In Person'],
  tags: ['New', 'Returning', 'VIP', 'Follow Up', 'On Hold'],
  features: ['Wi-Fi', 'Parking', 'Accessible', 'Catering'],
  languages: ['English', 'German', 'French', 'Spanish', 'Japanese'],
};
