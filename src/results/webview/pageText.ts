// The results page's words in the display language: the string bundle the extension put in the page,
// and the texts AG Grid shows or has read out itself, given to it as its localeText.
import * as l10n from '@vscode/l10n';

type Bundle = Record<string, string | { message: string; comment: string[] }>;

/** The bundle from the page's `l10n-bundle` meta tag; an empty one (English) when there is none. */
export function readBundle(doc: Document): Bundle {
  const raw = doc.querySelector<HTMLMetaElement>('meta[name="l10n-bundle"]')?.content;
  if (!raw) return {};
  try {
    const parsed: unknown = JSON.parse(raw);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Bundle) : {};
  } catch {
    return {};
  }
}

/**
 * AG Grid's own texts, by its locale keys, for the parts of it this page uses: the overlays and the
 * hint a screen reader reads on a sortable column header. Called after l10n.config.
 */
export function gridLocaleText(): Record<string, string> {
  return {
    // Shown and announced for an answer without rows.
    noRowsToShow: l10n.t('No rows'),
    // Shown when the filter box hides every row.
    noMatchingRows: l10n.t('No rows match the filter'),
    loadingOoo: l10n.t('Loading…'),
    ariaSortableColumn: l10n.t('Press Enter to sort'),
    ariaSortableColumnWithCellSelection: l10n.t('Press Alt+Enter to sort'),
  };
}
