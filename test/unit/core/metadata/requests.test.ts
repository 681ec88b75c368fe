import * as assert from 'node:assert/strict';
import { CAST_PLANS } from '../../../../src/core/metadata/mapColumns';
import {
  castPath,
  changesQuery,
  checkLogicalName,
  detailsPath,
  retrieveChangesPath,
  stampOnlyQuery,
  tableListPath,
} from '../../../../src/core/metadata/requests';

const plan = (cast: string) => CAST_PLANS.find((p) => p.cast === cast)!;

/** The @-parameters of a function call path, decoded. */
function params(path: string): Map<string, string> {
  return new Map([...new URLSearchParams(path.slice(path.indexOf('?') + 1))]);
}

describe('metadata requests', () => {
  it('lists tables with one trimmed $select and nothing else', () => {
    assert.equal(
      tableListPath(),
      'EntityDefinitions?$select=LogicalName,SchemaName,EntitySetName,DisplayName,' +
        'PrimaryIdAttribute,PrimaryNameAttribute,IsCustomEntity,IsActivity,IsIntersect,OwnershipType,ObjectTypeCode,MetadataId',
    );
  });

  it("loads a table's columns, relationships and keys in one request", () => {
    const path = detailsPath('Account');
    assert.match(path, /^EntityDefinitions\(LogicalName='account'\)\?\$select=LogicalName,/);
    assert.match(
      path,
      /\$expand=Attributes\(\$select=LogicalName,SchemaName,DisplayName,Description,AttributeType,AttributeTypeName,RequiredLevel,/,
    );
    for (const nav of ['OneToManyRelationships', 'ManyToOneRelationships', 'ManyToManyRelationships', 'Keys']) {
      assert.ok(path.includes(`,${nav}($select=`), nav);
    }
    assert.ok(path.includes('ReferencingEntityNavigationPropertyName'));
    assert.ok(path.includes('Entity2NavigationPropertyName'));
    assert.ok(path.includes('KeyAttributes,EntityKeyIndexStatus'));
    assert.ok(!/MaxLength|Targets|Precision/.test(path), 'derived-type properties need casts, not the base $select');
  });

  it('casts for derived-type properties and expands option sets of enum columns', () => {
    assert.equal(
      castPath('account', plan('PicklistAttributeMetadata')),
      "EntityDefinitions(LogicalName='account')/Attributes/Microsoft.Dynamics.CRM.PicklistAttributeMetadata?$select=LogicalName&$expand=OptionSet,GlobalOptionSet",
    );
    assert.equal(
      castPath('account', plan('MoneyAttributeMetadata')),
      "EntityDefinitions(LogicalName='account')/Attributes/Microsoft.Dynamics.CRM.MoneyAttributeMetadata?$select=LogicalName,MinValue,MaxValue,Precision",
    );
    assert.equal(
      castPath('contact', plan('LookupAttributeMetadata')),
      "EntityDefinitions(LogicalName='contact')/Attributes/Microsoft.Dynamics.CRM.LookupAttributeMetadata?$select=LogicalName,Targets",
    );
  });

  it('refuses names that are not logical names instead of escaping them into a URL', () => {
    for (const bad of ["account') or (1=1", 'a b', '', 'x/y', 'ä']) {
      assert.throws(() => checkLogicalName(bad), /not a table logical name/);
    }
    assert.equal(checkLogicalName('New_Project'), 'new_project');
  });

  it('RetrieveMetadataChanges without a stamp sends only the query', () => {
    const path = retrieveChangesPath(stampOnlyQuery());
    assert.match(path, /^RetrieveMetadataChanges\(Query=@q\)\?@q=/);
    const q = JSON.parse(params(path).get('@q')!) as {
      Criteria: { Conditions: Array<{ PropertyName: string; Value: { Type: string } }> };
    };
    assert.equal(q.Criteria.Conditions[0]!.PropertyName, 'LogicalName');
    assert.equal(q.Criteria.Conditions[0]!.Value.Type, 'System.String');
  });

  it('RetrieveMetadataChanges with a stamp quotes it as an OData string and asks for deletions', () => {
    const path = retrieveChangesPath(changesQuery(), "74812162!10/09/2022 22:10:22'x");
    assert.match(path, /^RetrieveMetadataChanges\(Query=@q,ClientVersionStamp=@v,DeletedMetadataFilters=@d\)\?/);
    const p = params(path);
    assert.equal(p.get('@v'), "'74812162!10/09/2022 22:10:22''x'");
    assert.equal(p.get('@d'), "Microsoft.Dynamics.CRM.DeletedMetadataFilters'All'");
    assert.ok(!path.includes(' '), 'the path is URL-safe');
    const q = JSON.parse(p.get('@q')!) as ReturnType<typeof changesQuery>;
    assert.deepEqual(q, changesQuery());
    assert.ok(q.Properties.PropertyNames.includes('Attributes'), 'column changes mark a table changed');
    assert.ok(!q.Properties.PropertyNames.includes('MetadataId'), 'always returned, never asked for');
    assert.deepEqual(q.AttributeQuery!.Properties.PropertyNames, ['LogicalName']);
  });
});
