import * as assert from 'node:assert/strict';
import { labelText, lcidForLocale } from '../../../../src/core/metadata/language';

describe('metadata language: VS Code locale → LCID', () => {
  const cases: Array<[unknown, number | undefined]> = [
    ['en', 1033],
    ['en-us', 1033],
    ['en-GB', 1033],
    ['de', 1031],
    ['de-CH', 1031],
    ['de-li', 1031],
    ['fr', 1036],
    ['fr-ca', 1036],
    ['es', 3082],
    ['es-419', 3082],
    ['ja', 1041],
    ['ko', 1042],
    ['ru', 1049],
    ['tr', 1055],
    ['pl', 1045],
    ['cs', 1029],
    ['hu', 1038],
    ['bg', 1026],
    ['it', 1040],
    ['pt-br', 1046],
    ['pt-BR', 1046],
    ['pt', 2070],
    ['pt-pt', 2070],
    ['zh-cn', 2052],
    ['zh-hans', 2052],
    ['zh-tw', 1028],
    ['zh-Hant', 1028],
    ['zh-hk', 3076],
    ['zh_CN', 2052],
    ['sr-Latn-RS', 2074],
    ['sr-cyrl', 3098],
    [' nl ', 1043],
    ['qps-ploc', undefined],
    ['xx', undefined],
    ['', undefined],
    [undefined, undefined],
    [42, undefined],
  ];
  for (const [locale, lcid] of cases) {
    it(`${JSON.stringify(locale)} → ${lcid ?? 'none'}`, () => assert.equal(lcidForLocale(locale), lcid));
  }
});

describe('metadata language: picking a label', () => {
  const label = {
    LocalizedLabels: [
      { Label: 'Account', LanguageCode: 1033 },
      { Label: 'Firma', LanguageCode: 1031 },
      { Label: ' ', LanguageCode: 1036 },
    ],
    UserLocalizedLabel: { Label: 'Account', LanguageCode: 1033 },
  };
  const cases: Array<[string, unknown, number | undefined, string | undefined]> = [
    ['the user language where the org has it', label, 1031, 'Firma'],
    ["the user's Dataverse language when the org lacks it", label, 1041, 'Account'],
    ['a blank label counts as missing', label, 1036, 'Account'],
    ['no language asked for', label, undefined, 'Account'],
    ['nothing at all', { LocalizedLabels: [], UserLocalizedLabel: null }, 1033, undefined],
    [
      'only localized labels, none in the language',
      { LocalizedLabels: [{ Label: 'X', LanguageCode: 1033 }], UserLocalizedLabel: null },
      1031,
      undefined,
    ],
    ['null', null, 1033, undefined],
    ['a string instead of a Label', 'Account', 1033, undefined],
    [
      'malformed entries',
      { LocalizedLabels: [null, { Label: 7, LanguageCode: 1033 }], UserLocalizedLabel: { Label: 3 } },
      1033,
      undefined,
    ],
  ];
  for (const [name, input, lcid, expected] of cases) {
    it(name, () => assert.equal(labelText(input, lcid), expected));
  }
});
