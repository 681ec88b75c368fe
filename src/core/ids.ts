// Every id package.json and the code share: commands, the view, context keys, tree items' context
// values, the results webview, the settings section and the keys of what is kept in global state.
// One place, so a rename is one edit here and one in the manifest, and scripts/check-commands.mjs
// compares the manifest with this file.

export const COMMAND = {
  signIn: 'dynamics365.signIn',
  signOut: 'dynamics365.signOut',
  addConnection: 'dynamics365.addConnection',
  removeConnection: 'dynamics365.removeConnection',
  pickEnvironment: 'dynamics365.pickEnvironment',
  showRedirectUri: 'dynamics365.showRedirectUri',
  importTokens: 'dynamics365.importTokens',
  showLog: 'dynamics365.showLog',
  showTelemetryEvents: 'dynamics365.showTelemetryEvents',
  showStoredSecrets: 'dynamics365.showStoredSecrets',
  refreshExplorer: 'dynamics365.explorer.refresh',
  newScratchpad: 'dynamics365.newScratchpad',
  runQuery: 'dynamics365.runQuery',
  filterTables: 'dynamics365.explorer.filterTables',
  clearFilter: 'dynamics365.explorer.clearFilter',
  copyLogicalName: 'dynamics365.explorer.copyLogicalName',
  copySchemaName: 'dynamics365.explorer.copySchemaName',
  copyEntitySetName: 'dynamics365.explorer.copyEntitySetName',
  openInBrowser: 'dynamics365.explorer.openInBrowser',
  openRecord: 'dynamics365.explorer.openRecord',
  loadMore: 'dynamics365.explorer.loadMore',
  retry: 'dynamics365.explorer.retry',
  newQuery: 'dynamics365.explorer.newQuery',
  pickScratchpadOrg: 'dynamics365.pickScratchpadOrg',
  setConnectionSafety: 'dynamics365.setConnectionSafety',
  openQueryHistory: 'dynamics365.openQueryHistory',
  convertToFetchXml: 'dynamics365.scratchpad.convertToFetchXml',
  convertToSql: 'dynamics365.scratchpad.convertToSql',
  showMcpServerAddress: 'dynamics365.agents.showMcpServerAddress',
  copyMcpServerConfig: 'dynamics365.agents.copyMcpServerConfig',
  convertFetchXmlToOData: 'dynamics365.convertFetchXmlToOData',
  convertODataToFetchXml: 'dynamics365.convertODataToFetchXml',
  generateTypes: 'dynamics365.generateTypes',
  compareEnvironments: 'dynamics365.compareEnvironments',
  saveMetadataSnapshot: 'dynamics365.saveMetadataSnapshot',
  saveDiffReport: 'dynamics365.metadataDiff.saveReport',
  openTableDiff: 'dynamics365.metadataDiff.openTable',
  newNotebook: 'dynamics365.newNotebook',
  openInNotebook: 'dynamics365.openInNotebook',
  convertToNotebook: 'dynamics365.convertScratchpadToNotebook',
  convertToScratchpad: 'dynamics365.convertNotebookToScratchpad',
  exportNotebookMarkdown: 'dynamics365.exportNotebookAsMarkdown',
  pickNotebookOrg: 'dynamics365.pickNotebookOrg',
  openCellInResults: 'dynamics365.openCellInResults',
} as const;

export type CommandId = (typeof COMMAND)[keyof typeof COMMAND];

/** The authentication provider's id, and the settings section. */
export const PROVIDER_ID = 'dynamics365';
export const SETTINGS_SECTION = 'dynamics365';
export const SETTING = {
  globalDiscoveryUrl: 'dynamics365.globalDiscoveryUrl',
  mcpServer: 'dynamics365.agents.mcpServer',
} as const;

/** The agent tools' MCP server definition provider (package.json `mcpServerDefinitionProviders`). */
export const MCP_PROVIDER_ID = 'dynamics365.dataverse';

export const VIEW = {
  explorer: 'dynamics365.explorer',
  metadataDiff: 'dynamics365.metadataDiff',
} as const;

/** Keys for `setContext`, read by `when` clauses. */
export const CONTEXT_KEY = {
  hasConnections: 'dynamics365.hasConnections',
  /** Some organization has a session in this window (the walkthrough's first step). */
  signedIn: 'dynamics365.signedIn',
  /** A table was expanded in the explorer in this window (the walkthrough's second step). */
  tableOpened: 'dynamics365.walkthrough.tableOpened',
  /** A scratchpad was saved to a file in this window (the walkthrough's last step). */
  scratchpadSaved: 'dynamics365.walkthrough.scratchpadSaved',
} as const;

/** The Get Started walkthrough (contributes.walkthroughs), opened as `<extension id>#<id>`. */
export const WALKTHROUGH = {
  getStarted: 'dynamics365.getStarted',
} as const;

/** Tree items' contextValue, matched by the menus' `viewItem` clauses. */
export const CONTEXT_VALUE = {
  /** A configured organization; `.signedIn` is appended when it has a session. */
  connection: 'dynamics365.connection',
  /** An organization known only from a session. */
  session: 'dynamics365.session',
  signedInSuffix: '.signedIn',
  tables: 'dynamics365.tables',
  tablesFiltered: 'dynamics365.tables.filtered',
  table: 'dynamics365.table',
  tableNoEntitySet: 'dynamics365.table.noEntitySet',
  column: 'dynamics365.column',
  relationship: 'dynamics365.relationship',
  records: 'dynamics365.records',
  record: 'dynamics365.record',
  error: 'dynamics365.error',
  diffTable: 'dynamics365.diffTable',
  diffItem: 'dynamics365.diffItem',
} as const;

export const WEBVIEW = {
  results: 'dynamics365.results',
} as const;

export const STATUS_BAR = {
  scratchpadOrg: 'dynamics365.scratchpadOrg',
  reloadForSignIn: 'dynamics365.reloadForSignIn',
  notebookOrg: 'dynamics365.notebookOrg',
} as const;

/** Query notebooks: the notebook type (package.json `notebooks`), its renderer and output mime. */
export const NOTEBOOK = {
  type: 'dynamics365-notebook',
  renderer: 'dynamics365.rows-renderer',
  /** Controller ids are this prefix and the org's host. */
  controllerPrefix: 'dynamics365-notebook-',
} as const;

export const NOTEBOOK_MIME = {
  rows: 'application/vnd.dynamics365.rows+json',
} as const;

export const DIAGNOSTICS_OWNER = 'dynamics365';

/** Keys in globalState (nothing secret is kept there). */
export const STATE_KEY = {
  queryHistory: 'dynamics365.scratchpad.history',
  tableFilters: 'dynamics365.explorer.tableFilters',
  /** Set once the walkthrough was opened (or its opening declined by the user's setting). */
  walkthroughOffered: 'dynamics365.walkthrough.offered',
} as const;
