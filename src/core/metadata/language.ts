// Which language metadata labels are shown in: VS Code's display language (a BCP 47 tag such as
// "de" or "zh-cn") mapped to the Windows LCID Dataverse uses for its language packs, and the rule
// for picking a label out of a Dataverse Label (LocalizedLabels / UserLocalizedLabel).

/** Dataverse's language packs by locale tag (lower case). Region-less tags map to the main pack. */
const LCID_BY_TAG: Readonly<Record<string, number>> = {
  ar: 1025,
  'ar-sa': 1025,
  bg: 1026,
  'bg-bg': 1026,
  ca: 1027,
  'ca-es': 1027,
  'zh-tw': 1028,
  'zh-hant': 1028,
  cs: 1029,
  'cs-cz': 1029,
  da: 1030,
  'da-dk': 1030,
  de: 1031,
  'de-de': 1031,
  'de-at': 1031,
  'de-ch': 1031,
  el: 1032,
  'el-gr': 1032,
  en: 1033,
  'en-us': 1033,
  'en-gb': 1033,
  'en-au': 1033,
  'en-ca': 1033,
  fi: 1035,
  'fi-fi': 1035,
  fr: 1036,
  'fr-fr': 1036,
  'fr-be': 1036,
  'fr-ch': 1036,
  'fr-ca': 1036,
  he: 1037,
  'he-il': 1037,
  hu: 1038,
  'hu-hu': 1038,
  it: 1040,
  'it-it': 1040,
  ja: 1041,
  'ja-jp': 1041,
  ko: 1042,
  'ko-kr': 1042,
  nl: 1043,
  'nl-nl': 1043,
  'nl-be': 1043,
  nb: 1044,
  no: 1044,
  'nb-no': 1044,
  pl: 1045,
  'pl-pl': 1045,
  'pt-br': 1046,
  ro: 1048,
  'ro-ro': 1048,
  ru: 1049,
  'ru-ru': 1049,
  hr: 1050,
  'hr-hr': 1050,
  sk: 1051,
  'sk-sk': 1051,
  sv: 1053,
  'sv-se': 1053,
  th: 1054,
  'th-th': 1054,
  tr: 1055,
  'tr-tr': 1055,
  id: 1057,
  'id-id': 1057,
  uk: 1058,
  'uk-ua': 1058,
  sl: 1060,
  'sl-si': 1060,
  et: 1061,
  'et-ee': 1061,
  lv: 1062,
  'lv-lv': 1062,
  lt: 1063,
  'lt-lt': 1063,
  vi: 1066,
  'vi-vn': 1066,
  eu: 1069,
  'eu-es': 1069,
  hi: 1081,
  'hi-in': 1081,
  ms: 1086,
  'ms-my': 1086,
  kk: 1087,
  'kk-kz': 1087,
  gl: 1110,
  'gl-es': 1110,
  'zh-cn': 2052,
  'zh-hans': 2052,
  'zh-sg': 2052,
  zh: 2052,
  pt: 2070,
  'pt-pt': 2070,
  sr: 2074,
  'sr-latn': 2074,
  'sr-latn-rs': 2074,
  'zh-hk': 3076,
  es: 3082,
  'es-es': 3082,
  'es-mx': 3082,
  'sr-cyrl': 3098,
  'sr-cyrl-rs': 3098,
};

/**
 * The LCID for a VS Code display language ("de", "pt-br", "zh-Hans"), or undefined when Dataverse
 * has no pack for it; labels then come from the user's Dataverse language (UserLocalizedLabel).
 */
export function lcidForLocale(locale: unknown): number | undefined {
  if (typeof locale !== 'string') return undefined;
  const tag = locale.trim().toLowerCase().replace(/_/g, '-');
  if (!tag) return undefined;
  const exact = LCID_BY_TAG[tag];
  if (exact !== undefined) return exact;
  // "de-li" → "de"; "sr-latn-ba" → "sr-latn" → "sr".
  const parts = tag.split('-');
  for (let n = parts.length - 1; n >= 1; n--) {
    const hit = LCID_BY_TAG[parts.slice(0, n).join('-')];
    if (hit !== undefined) return hit;
  }
  return undefined;
}

interface RawLocalizedLabel {
  Label?: unknown;
  LanguageCode?: unknown;
}

/**
 * A Label's text in `lcid` where the org has it, else the user's Dataverse language
 * (UserLocalizedLabel), else undefined. Blank labels count as missing.
 */
export function labelText(label: unknown, lcid: number | undefined): string | undefined {
  if (!label || typeof label !== 'object') return undefined;
  const { LocalizedLabels: localized, UserLocalizedLabel: user } = label as {
    LocalizedLabels?: unknown;
    UserLocalizedLabel?: unknown;
  };
  if (lcid !== undefined && Array.isArray(localized)) {
    for (const item of localized as RawLocalizedLabel[]) {
      if (item && item.LanguageCode === lcid && nonBlank(item.Label)) return item.Label;
    }
  }
  if (user && typeof user === 'object' && nonBlank((user as RawLocalizedLabel).Label)) {
    return (user as { Label: string }).Label;
  }
  return undefined;
}

function nonBlank(v: unknown): v is string {
  return typeof v === 'string' && v.trim().length > 0;
}
