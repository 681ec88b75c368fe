// Which tables the metadata tools work on: a typed filter, or a solution's components.
import * as assert from 'node:assert/strict';
import {
  matchTables,
  nameMatcher,
  solutionTablesPath,
  tablesOfComponents,
} from '../../../../src/core/metadata/typegen/selection';
import type { TableInfo } from '../../../../src/core/metadata/model';

const t = (logicalName: string, metadataId = logicalName): TableInfo => ({
  logicalName,
  schemaName: logicalName,
  displayName: logicalName,
  isCustom: false,
  isActivity: false,
  isIntersect: false,
  metadataId,
});

describe('metadata tools: choosing tables', () => {
  const tables = [t('contoso_vehicle'), t('account'), t('contact'), t('contoso_inspection'), t('new_x.y')];

  it('matches names and * wildcards, separated by commas or spaces, case-insensitively, sorted', () => {
    assert.deepEqual(
      matchTables(tables, 'Account, contoso_*').map((x) => x.logicalName),
      ['account', 'contoso_inspection', 'contoso_vehicle'],
    );
    assert.deepEqual(
      matchTables(tables, 'cont*  ACCOUNT').map((x) => x.logicalName),
      ['account', 'contact', 'contoso_inspection', 'contoso_vehicle'],
    );
    // Regex characters are literal: "." matches only a dot, never any character.
    assert.equal(nameMatcher('new_x.y')('new_xzy'), false);
    assert.equal(nameMatcher('new_x.y')('new_x.y'), true);
    assert.deepEqual(matchTables(tables, ' , '), []);
  });

  it("builds a solution's table query only for a GUID, and maps components to tables by MetadataId", () => {
    assert.equal(
      solutionTablesPath('FD140AAF-4DF4-11DD-BD17-0019B9312238'),
      'solutioncomponents?$select=objectid&$filter=_solutionid_value eq fd140aaf-4df4-11dd-bd17-0019b9312238 and componenttype eq 1',
    );
    assert.throws(() => solutionTablesPath("x' or 1 eq 1"), /is not a solution id/);
    const withIds = [t('b', 'ID-2'), t('a', 'id-1'), t('c', 'id-3')];
    assert.deepEqual(
      tablesOfComponents(withIds, ['ID-1', 'id-2']).map((x) => x.logicalName),
      ['a', 'b'],
    );
  });
});
