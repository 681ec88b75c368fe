// ESLint rule `layers/no-upward-import`: the folders under src/ are layers, and a module imports
// only from its own layer or lower ones (STYLE.md): core ← platform adapters ← auth ← connections
// ← features (explorer, scratchpad; never each other) ← commands ← extension.ts. Relative imports
// are resolved against the importing file, so `../auth/x` from src/core/explorer/ (core/auth) and
// from src/core/ (src/auth) are told apart.
import path from 'node:path';

const LAYERS = [
  { name: 'core', rank: 0, match: (p) => p.startsWith('core/') },
  { name: 'platform', rank: 1, match: (p) => p.startsWith('platform/') },
  { name: 'auth', rank: 2, match: (p) => p.startsWith('auth/') },
  { name: 'connections', rank: 3, match: (p) => p.startsWith('connections/') },
  { name: 'explorer', rank: 4, match: (p) => p.startsWith('explorer/') },
  { name: 'scratchpad', rank: 4, match: (p) => p.startsWith('scratchpad/') },
  { name: 'commands', rank: 5, match: (p) => p.startsWith('commands/') },
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
      meta: { type: 'problem', schema: [], messages: { upward: 'src/{{from}} must not import from src/{{to}} ({{toLayer}} sits above {{fromLayer}}).' } },
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
          context.report({ node, messageId: 'upward', data: { from: fromRel, to: toRel, fromLayer: from.name, toLayer: to.name } });
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
