// The grid's theme, shared by the results view and the notebook renderer: AG Grid's Quartz theme
// following the editor's colours and fonts through VS Code's CSS variables.
import { themeQuartz } from 'ag-grid-community';

/** The grid follows the editor's theme through VS Code's CSS variables. */
export const theme = themeQuartz.withParams({
  backgroundColor: 'var(--vscode-editor-background)',
  foregroundColor: 'var(--vscode-editor-foreground)',
  headerBackgroundColor: 'var(--vscode-editorGroupHeader-tabsBackground, var(--vscode-editor-background))',
  headerTextColor: 'var(--vscode-foreground)',
  borderColor: 'var(--vscode-contrastBorder, var(--vscode-panel-border, var(--vscode-editorWidget-border)))',
  accentColor: 'var(--vscode-focusBorder)',
  rowHoverColor: 'var(--vscode-list-hoverBackground)',
  selectedRowBackgroundColor: 'var(--vscode-list-activeSelectionBackground)',
  oddRowBackgroundColor: 'var(--vscode-editor-background)',
  fontFamily: 'var(--vscode-editor-font-family)',
  fontSize: 'var(--vscode-editor-font-size)',
  headerFontFamily: 'var(--vscode-font-family)',
  spacing: 4,
  wrapperBorderRadius: 0,
});
