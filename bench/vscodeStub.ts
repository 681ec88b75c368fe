// The smallest `vscode` module that lets the bundle's activate() run outside VS Code: only what
// activation touches. Namespaces are wrapped in a Proxy (the top level has a recording prototype)
// that records any property the stub lacks,
// so a new activation dependency shows up as "stub missing: window.foo" instead of a silent undefined.
// authentication.getSession calls the registered provider's getSessions, as VS Code does, so the
// "announce configured connections" path of activation really runs.
// installVscodeStub makes `require('vscode')` return the stub in this process (the explorer bench
// loads src/explorer under tsx with it).
import { readFileSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

type Listener<T> = (e: T) => unknown;

class EventEmitter<T> {
  private listeners = new Set<Listener<T>>();
  readonly event = (listener: Listener<T>): Disposable => {
    this.listeners.add(listener);
    return new Disposable(() => this.listeners.delete(listener));
  };
  fire(e: T): void {
    for (const l of [...this.listeners]) l(e);
  }
  dispose(): void {
    this.listeners.clear();
  }
}

class Disposable {
  static from(...items: { dispose(): unknown }[]): Disposable {
    return new Disposable(() => {
      for (const i of items) i.dispose();
    });
  }
  constructor(private readonly onDispose: () => unknown) {}
  dispose(): void {
    this.onDispose();
  }
}

class CancellationError extends Error {}
class TreeItem {
  constructor(
    public label: unknown,
    public collapsibleState?: number,
  ) {}
}
class ThemeIcon {
  constructor(public id: string) {}
}
class MarkdownString {
  constructor(public value = '') {}
}

const noEvent = (): Disposable => new Disposable(() => undefined);
const disposable = (): Disposable => new Disposable(() => undefined);

export interface StubRecord {
  missing: Set<string>;
  commands: string[];
  executed: string[];
  /** showInformationMessage & co.: activation should not prompt anyone. */
  prompts: string[];
  sessionLookups: Promise<unknown>[];
}

interface Provider {
  getSessions(scopes: readonly string[], options: object): Promise<unknown[]>;
}

// __esModule: esbuild's interop asks every external module; then/toJSON: promise and JSON probes.
function watch<T extends object>(target: T, path: string, record: StubRecord): T {
  return new Proxy(target, {
    get(t, key, receiver) {
      if (typeof key === 'string' && !(key in t) && key !== 'then' && key !== 'toJSON' && key !== '__esModule') {
        record.missing.add(`${path}${key}`);
      }
      return Reflect.get(t, key, receiver);
    },
  });
}

export function createVscodeStub(
  settings: Record<string, Record<string, unknown>>,
  version: string,
): { api: object; record: StubRecord } {
  const record: StubRecord = { missing: new Set(), commands: [], executed: [], prompts: [], sessionLookups: [] };
  const providers = new Map<string, Provider>();
  const prompt =
    (kind: string) =>
    (message: string): Promise<undefined> => {
      record.prompts.push(`${kind}: ${message}`);
      return Promise.resolve(undefined);
    };
  const uri = (s: string) => ({ toString: () => s, scheme: s.split(':')[0], with: () => uri(s) });

  const api = {
    version,
    EventEmitter,
    Disposable,
    CancellationError,
    TreeItem,
    ThemeIcon,
    MarkdownString,
    TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
    ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
    ConfigurationTarget: { Global: 1, Workspace: 2, WorkspaceFolder: 3 },
    UIKind: { Desktop: 1, Web: 2 },
    LogLevel: { Off: 0, Trace: 1, Debug: 2, Info: 3, Warning: 4, Error: 5 },
    Uri: watch({ parse: uri, file: (p: string) => uri(`file://${p}`) }, 'Uri.', record),
    window: watch(
      {
        createOutputChannel: () =>
          watch(
            {
              name: 'Dynamics 365',
              logLevel: 3,
              onDidChangeLogLevel: noEvent,
              trace: () => undefined,
              debug: () => undefined,
              info: () => undefined,
              warn: () => undefined,
              error: () => undefined,
              append: () => undefined,
              appendLine: () => undefined,
              replace: () => undefined,
              clear: () => undefined,
              show: () => undefined,
              hide: () => undefined,
              dispose: () => undefined,
            },
            'OutputChannel.',
            record,
          ),
        createTreeView: () =>
          watch(
            { dispose: () => undefined, onDidChangeVisibility: noEvent, onDidChangeSelection: noEvent, visible: false },
            'TreeView.',
            record,
          ),
        registerUriHandler: disposable,
        registerWebviewPanelSerializer: disposable,
        onDidChangeWindowState: noEvent,
        onDidChangeActiveTextEditor: noEvent,
        activeTextEditor: undefined,
        visibleTextEditors: [],
        createStatusBarItem: () => ({
          name: '',
          text: '',
          tooltip: '',
          command: undefined,
          show: () => undefined,
          hide: () => undefined,
          dispose: () => undefined,
        }),
        showInformationMessage: prompt('info'),
        showWarningMessage: prompt('warning'),
        showErrorMessage: prompt('error'),
        showQuickPick: prompt('quickPick'),
        showInputBox: prompt('inputBox'),
      },
      'window.',
      record,
    ),
    workspace: watch(
      {
        getConfiguration: (section?: string) => {
          const values = settings[section ?? ''] ?? {};
          // The stub's settings are user settings (some, like connections, are read from that scope only).
          return {
            get: (key: string, fallback?: unknown) => values[key] ?? fallback,
            has: (key: string) => key in values,
            inspect: (key: string) => (key in values ? { key, globalValue: values[key] } : undefined),
            update: () => Promise.resolve(),
          };
        },
        onDidChangeConfiguration: noEvent,
        onDidOpenTextDocument: noEvent,
        onDidChangeTextDocument: noEvent,
        onDidCloseTextDocument: noEvent,
        textDocuments: [],
        registerTextDocumentContentProvider: disposable,
      },
      'workspace.',
      record,
    ),
    languages: watch(
      {
        registerCodeLensProvider: disposable,
        registerCompletionItemProvider: disposable,
        registerHoverProvider: disposable,
        registerCodeActionsProvider: disposable,
        createDiagnosticCollection: () => ({
          set: () => undefined,
          delete: () => undefined,
          clear: () => undefined,
          dispose: () => undefined,
        }),
      },
      'languages.',
      record,
    ),
    CodeActionKind: { QuickFix: 'quickfix' },
    // Enums read at module load (completion kinds, severities): any member name will do.
    CompletionItemKind: new Proxy({}, { get: (_t, key) => String(key) }),
    DiagnosticSeverity: { Error: 0, Warning: 1, Information: 2, Hint: 3 },
    ViewColumn: { Active: -1, Beside: -2, One: 1 },
    StatusBarAlignment: { Left: 1, Right: 2 },
    commands: watch(
      {
        registerCommand: (id: string) => {
          record.commands.push(id);
          return disposable();
        },
        executeCommand: (id: string) => {
          record.executed.push(id);
          return Promise.resolve(undefined);
        },
      },
      'commands.',
      record,
    ),
    authentication: watch(
      {
        registerAuthenticationProvider: (id: string, _label: string, provider: Provider) => {
          providers.set(id, provider);
          return disposable();
        },
        getSession: (id: string, scopes: readonly string[]) => {
          const lookup =
            providers
              .get(id)
              ?.getSessions(scopes, {})
              .then((s) => s[0]) ?? Promise.resolve(undefined);
          record.sessionLookups.push(lookup);
          return lookup;
        },
        onDidChangeSessions: noEvent,
      },
      'authentication.',
      record,
    ),
    // The agent tools register at activation where VS Code has these (1.101+).
    lm: watch(
      {
        registerTool: () => new Disposable(() => undefined),
        registerMcpServerDefinitionProvider: () => new Disposable(() => undefined),
      },
      'lm.',
      record,
    ),
    McpHttpServerDefinition: class {},
    env: watch(
      {
        appName: 'Visual Studio Code',
        appHost: 'desktop',
        uriScheme: 'vscode',
        uiKind: 1,
        remoteName: undefined,
        isTelemetryEnabled: false,
        onDidChangeTelemetryEnabled: noEvent,
        machineId: 'bench',
        sessionId: 'bench',
        language: 'en',
        openExternal: () => Promise.resolve(false),
        asExternalUri: (u: unknown) => Promise.resolve(u),
        clipboard: { readText: () => Promise.resolve(''), writeText: () => Promise.resolve() },
      },
      'env.',
      record,
    ),
  };
  // The top level is not a Proxy: bundled code reads it through esbuild's __toESM copy, whose
  // getters would turn every `new vscode.TreeItem` into a trap call (measurable in the explorer
  // benchmark), and whose misses never reach the module object. They reach its prototype, though:
  // that is where a missing name is recorded.
  Object.setPrototypeOf(api, missingRecorder('', record));
  // The real module object has every name of the API as its own property (~200), and esbuild's
  // __toESM copies all of them, per importing module, at load: the stub must be as wide or the
  // benchmark misses that cost. A name the stub does not implement records itself when read.
  for (const name of API_NAMES) {
    if (!(name in api)) {
      Object.defineProperty(api, name, { enumerable: true, get: () => void record.missing.add(name) });
    }
  }
  return { api, record };
}

/** The top-level names of the `vscode` module, from the API's own declaration file. */
const API_NAMES: readonly string[] = (() => {
  const dts = readFileSync(join(__dirname, '..', 'node_modules', '@types', 'vscode', 'index.d.ts'), 'utf8');
  return [
    ...new Set([...dts.matchAll(/^\texport (?:namespace|class|enum|const|function|let) (\w+)/gm)].map((m) => m[1]!)),
  ];
})();

/** A prototype that records the names looked up on it (Object.prototype's own still work). */
function missingRecorder(path: string, record: StubRecord): object {
  return new Proxy(Object.create(Object.prototype) as object, {
    get(t, key, receiver) {
      if (typeof key === 'string' && !(key in t) && key !== 'then' && key !== 'toJSON' && key !== '__esModule') {
        record.missing.add(`${path}${key}`);
      }
      return Reflect.get(t, key, receiver);
    },
  });
}

/** The ExtensionContext fields activation reads: subscriptions, secrets, extension id/packageJSON, global storage. */
export function createContext(
  packageJSON: { publisher: string; name: string; version: string },
  record: StubRecord,
): object {
  const secrets = new Map<string, string>();
  const changed = new EventEmitter<{ key: string }>();
  const storage = join(tmpdir(), 'd365-bench-global-storage');
  return watch(
    {
      subscriptions: [] as { dispose(): unknown }[],
      secrets: watch(
        {
          get: (k: string) => Promise.resolve(secrets.get(k)),
          store: (k: string, v: string) => {
            secrets.set(k, v);
            changed.fire({ key: k });
            return Promise.resolve();
          },
          delete: (k: string) => {
            secrets.delete(k);
            changed.fire({ key: k });
            return Promise.resolve();
          },
          onDidChange: changed.event,
        },
        'context.secrets.',
        record,
      ),
      extension: { id: `${packageJSON.publisher}.${packageJSON.name}`, packageJSON },
      extensionUri: { scheme: 'file', path: '/bench/extension', fsPath: '/bench/extension' },
      // The metadata disk cache lives under it; activation only records the path.
      globalStorageUri: { scheme: 'file', fsPath: storage, toString: () => `file://${storage}` },
      globalState: { get: () => undefined, update: () => Promise.resolve(), keys: () => [] },
      workspaceState: { get: () => undefined, update: () => Promise.resolve(), keys: () => [] },
      extensionMode: 1,
    },
    'context.',
    record,
  );
}

interface ModuleInternals {
  _resolveFilename(request: string, ...rest: unknown[]): string;
  _cache: Record<string, unknown>;
}

/**
 * Makes `vscode` resolve to `api` for every later require in this process, as activationChild.ts
 * does for the bundle: a resolver hook plus a require-cache entry. Returns the undo; modules
 * already loaded keep the stub.
 */
export function installVscodeStub(api: object): () => void {
  const internals = Module as unknown as ModuleInternals;
  const stub = new (Module as unknown as new (id: string) => { exports: unknown; loaded: boolean })('vscode');
  stub.exports = api;
  stub.loaded = true;
  internals._cache['vscode'] = stub;
  const resolve = internals._resolveFilename;
  internals._resolveFilename = function (request: string, ...rest: unknown[]) {
    return request === 'vscode' ? 'vscode' : resolve.call(this, request, ...rest);
  };
  return () => {
    internals._resolveFilename = resolve;
    delete internals._cache['vscode'];
  };
}
