// ESLint rule `layers/no-upward-import`: the folders under src/ are layers, and a module imports
// only from its own layer or lower ones (STYLE.md): core ← platform adapters ← auth ← connections
// ← results (the results view any feature shows runs in) ← features (explorer, scratchpad, notebook,
// agents, metadataTools; never each other) ← commands, walkthrough ← extension.ts. Inside core the
// folders are layers too, with no exception: the files at its root, log and telemetry ← org (org
// URLs, tenants, clouds) ← config, http, metadata ← auth, webapi, query, explorer ← results ← agents,
// notebook.
// Folders of one rank never import each other. Relative imports are resolved against the
// importing file, so `../auth/x` from src/core/explorer/ (core/auth) and from src/core/ (src/auth)
// are told apart.
import path from 'node:path';

/** core's own layers, ranked below everything outside core (ranks 0 to 0.4). */
const CORE_LAYERS = [
  { name: 'core (root, log, telemetry)', rank: 0, folders: ['', 'log', 'telemetry'] },
  { name: 'core/org', rank: 0.1, folders: ['org'] },
  ...['config', 'http', 'metadata'].map((f) => ({ name: `core/${f}`, rank: 0.2, folders: [f] })),
  ...['auth', 'webapi', 'query', 'explorer'].map((f) => ({ name: `core/${f}`, rank: 0.3, folders: [f] })),
  { name: 'core/results', rank: 0.4, folders: ['results'] },
  // The agent tools run queries the way the scratchpad does (core/results/execute).
  { name: 'core/agents', rank: 0.5, folders: ['agents'] },
  { name: 'core/notebook', rank: 0.5, folders: ['notebook'] },
];

/** The folder right under core/ ('' for a file at core's root). */
function coreFolder(p) {
  const rest = p.slice('core/'.length);
  return rest.includes('/') ? rest.slice(0, rest.indexOf('/')) : '';
}

const LAYERS = [
  ...CORE_LAYERS.map((l) => ({
    name: l.name,
    rank: l.rank,
    match: (p) => p.startsWith('core/') && l.folders.includes(coreFolder(p)),
  })),
  // A new folder under core must be given its place above; until then it counts as the top of core.
  { name: 'core (unranked folder)', rank: 0.9, match: (p) => p.startsWith('core/') },
  { name: 'platform', rank: 1, match: (p) => p.startsWith('platform/') },
  { name: 'auth', rank: 2, match: (p) => p.startsWith('auth/') },
  { name: 'connections', rank: 3, match: (p) => p.startsWith('connections/') },
  { name: 'results', rank: 3.5, match: (p) => p.startsWith('results/') },
  { name: 'explorer', rank: 4, match: (p) => p.startsWith('explorer/') },
  { name: 'scratchpad', rank: 4, match: (p) => p.startsWith('scratchpad/') },
  { name: 'agents', rank: 4, match: (p) => p.startsWith('agents/') },
  { name: 'metadataTools', rank: 4, match: (p) => p.startsWith('metadataTools/') },
  { name: 'notebook', rank: 4, match: (p) => p.startsWith('notebook/') },
  { name: 'commands', rank: 5, match: (p) => p.startsWith('commands/') },
  // The walkthrough watches both features (explorer, scratchpad) to complete its steps.
  { name: 'walkthrough', rank: 5, match: (p) => p.startsWith('walkthrough/') },
  { name: 'extension', rank: 6, match: (p) => p === 'extension.ts' || p === 'extension' },
];

/** The layer of a path relative to src/ (posix separators), or undefined outside src/. */
export function layerOf(relativeToSrc) {
  return LAYERS.find((l) => l.match(relativeToSrc));
}

function srcRelative(file, srcDir) {
  const rel = path.relative(srcDir, file).split(path.sep).join('/');
  return rel.startsWith('..') ? undefined : rel;
}

export const layersPlugin = {
  rules: {
    'no-upward-import': {
      meta: {
        type: 'problem',
        schema: [],
        messages: { upward: 'src/{{from}} must not import from src/{{to}} ({{toLayer}} sits above {{fromLayer}}).' },
      },
      create(context) {
        const filename = context.filename ?? context.getFilename();
        const srcDir = path.join(context.cwd ?? process.cwd(), 'src');
        const fromRel = srcRelative(filename, srcDir);
        const from = fromRel && layerOf(fromRel);
        if (!from) return {};
        const check = (node, spec) => {
          if (typeof spec !== 'string' || !spec.startsWith('.')) return;
          const toRel = srcRelative(path.resolve(path.dirname(filename), spec), srcDir);
          const to = toRel && layerOf(toRel);
          if (!to || to.name === from.name) return;
          if (to.rank < from.rank) return;
          context.report({
            node,
            messageId: 'upward',
            data: { from: fromRel, to: toRel, fromLayer: from.name, toLayer: to.name },
          });
        };
        return {
          ImportDeclaration: (node) => check(node.source, node.source.value),
          ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
          ExportAllDeclaration: (node) => check(node.source, node.source.value),
          ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
        };
      },
    },
  },
};
