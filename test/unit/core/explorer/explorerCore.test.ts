import * as assert from 'node:assert/strict';
import { OrgUrl } from '../../../../src/core/org/orgUrl';
import { columnTypeLabel, requiredLabel } from '../../../../src/core/explorer/labels';
import { recordFormUrl, tableListUrl } from '../../../../src/core/explorer/orgLinks';
import { presentRecord } from '../../../../src/core/explorer/recordView';
import { parseTableFilter } from '../../../../src/core/explorer/tableFilter';
import { groupOf, type TableInfo } from '../../../../src/core/metadata/model';

function table(logicalName: string, extra: Partial<TableInfo> = {}): TableInfo {
  return {
    logicalName,
    schemaName: logicalName.replace(/^./, (c) => c.toUpperCase()),
    entitySetName: `${logicalName}s`,
    displayName: logicalName,
    isCustom: false,
    isActivity: false,
    isIntersect: false,
    metadataId: '0',
    ...extra,
  };
}

describe('explorer: table filter', () => {
  const tables = [
    table('account', { displayName: 'Account' }),
    table('new_project', { schemaName: 'new_Project', displayName: 'Project', isCustom: true }),
    table('new_projecttask', { displayName: 'Project Task', isCustom: true }),
    table('contact', { displayName: 'Contact' }),
    table('msdyn_workorder', { displayName: 'Work Order', entitySetName: 'msdyn_workorders' }),
  ];
  const names = (text: string) => tables.filter((t) => parseTableFilter(text).matches(t)).map((t) => t.logicalName);

  const cases: [string, string[]][] = [
    ['', ['account', 'new_project', 'new_projecttask', 'contact', 'msdyn_workorder']],
    ['   ', ['account', 'new_project', 'new_projecttask', 'contact', 'msdyn_workorder']],
    ['*', ['account', 'new_project', 'new_projecttask', 'contact', 'msdyn_workorder']],
    ['acc', ['account']],
    ['ACC', ['account']],
    ['new_*', ['new_project', 'new_projecttask']],
    ['new_project', ['new_project', 'new_projecttask']],
    ['*task', ['new_projecttask']],
    ['account, contact', ['account', 'contact']],
    ['  account   contact ', ['account', 'contact']],
    ['work order', ['msdyn_workorder']],
    ['Work', ['msdyn_workorder']],
    ['(', []],
    ['a.c', []],
  ];
  for (const [text, expected] of cases) {
    it(`"${text}" → ${expected.join(', ') || 'nothing'}`, () => assert.deepEqual(names(text), expected));
  }

  it('keeps the text as typed, trimmed and with single spaces', () => {
    assert.equal(parseTableFilter('  new_*   acc ').text, 'new_* acc');
    assert.equal(parseTableFilter('').text, '');
  });
});

describe('explorer: groups', () => {
  it('intersect wins over activity, activity over custom', () => {
    assert.equal(groupOf(table('a', { isIntersect: true, isActivity: true, isCustom: true })), 'intersect');
    assert.equal(groupOf(table('a', { isActivity: true, isCustom: true })), 'activity');
    assert.equal(groupOf(table('a', { isCustom: true })), 'custom');
    assert.equal(groupOf(table('a')), 'standard');
  });
});

describe('explorer: links to the web client', () => {
  const org = OrgUrl.from('https://contoso.crm4.dynamics.com');
  it('builds table and record URLs', () => {
    assert.equal(
      tableListUrl(org, 'Account'),
      'https://contoso.crm4.dynamics.com/main.aspx?pagetype=entitylist&etn=account',
    );
    assert.equal(
      recordFormUrl(org, 'account', 'A1B2C3D4-0000-0000-0000-000000000001'),
      'https://contoso.crm4.dynamics.com/main.aspx?pagetype=entityrecord&etn=account&id=a1b2c3d4-0000-0000-0000-000000000001',
    );
  });
  it('refuses names and ids that could change the link', () => {
    assert.equal(tableListUrl(org, 'account&pagetype=x'), undefined);
    assert.equal(tableListUrl(org, '../evil'), undefined);
    assert.equal(recordFormUrl(org, 'account', 'not-a-guid'), undefined);
    assert.equal(recordFormUrl(org, 'account', '00000000-0000-0000-0000-000000000001#x'), undefined);
  });
});

describe('explorer: record view', () => {
  it('puts formatted values and lookup tables beside the raw values, columns in name order', () => {
    const view = presentRecord({
      '@odata.context': 'ctx',
      '@odata.etag': 'W/"1"',
      'statecode@OData.Community.Display.V1.FormattedValue': 'Active',
      statecode: 0,
      name: 'Contoso',
      '_primarycontactid_value@Microsoft.Dynamics.CRM.lookuplogicalname': 'contact',
      '_primarycontactid_value@OData.Community.Display.V1.FormattedValue': 'Yvonne McKay',
      _primarycontactid_value: '00000000-0000-0000-0000-000000000002',
      accountid: '00000000-0000-0000-0000-000000000001',
    });
    assert.deepEqual(Object.keys(view), [
      '@odata.context',
      '@odata.etag',
      '_primarycontactid_value',
      '_primarycontactid_value@table',
      '_primarycontactid_value@formatted',
      'accountid',
      'name',
      'statecode',
      'statecode@formatted',
    ]);
    assert.equal(view['statecode'], 0);
    assert.equal(view['statecode@formatted'], 'Active');
    assert.equal(view['_primarycontactid_value@table'], 'contact');
  });
  it('keeps annotations whose column is missing', () => {
    assert.deepEqual(presentRecord({ 'x@OData.Community.Display.V1.FormattedValue': 'X' }), { 'x@formatted': 'X' });
  });
});

describe('explorer: labels', () => {
  it('says a column type the way developers do', () => {
    assert.equal(columnTypeLabel({ kind: 'string', maxLength: 100, attributeTypeName: 'StringType' }), 'Text(100)');
    assert.equal(
      columnTypeLabel({ kind: 'lookup', targets: ['account', 'contact'], attributeTypeName: 'LookupType' }),
      'Lookup → account, contact',
    );
    assert.equal(columnTypeLabel({ kind: 'multiChoice', attributeTypeName: 'MultiSelectPicklistType' }), 'Choices');
    assert.equal(columnTypeLabel({ kind: 'bigInt', attributeTypeName: 'BigIntType' }), 'Big integer');
  });
  it('marks required and recommended columns', () => {
    assert.equal(requiredLabel('SystemRequired'), 'required');
    assert.equal(requiredLabel('ApplicationRequired'), 'required');
    assert.equal(requiredLabel('Recommended'), 'recommended');
    assert.equal(requiredLabel('None'), '');
  });
});
