// Checks the running Node.js against package.json's engines.node before `npm start`/`npm test` do
// anything, so an old Node fails with one sentence saying what to install instead of a stack trace
// deep in a dependency. Also checks that every locked package accepts that Node (no EBADENGINE).
import { readFileSync } from 'node:fs';

const parse = (text) => {
  const m = /^v?(\d+|[xX*])(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?(?:-[\w.]+)?$/.exec(text.trim());
  if (!m) throw new Error(`Cannot read the version "${text}".`);
  const part = (s) => (s === undefined || /[xX*]/.test(s) ? undefined : Number(s));
  return [part(m[1]), part(m[2]), part(m[3])];
};

const compare = (a, b) => {
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
};

/** The [lower (inclusive), upper (exclusive)] bounds of one comparator such as ^20.19.0, >=22, 20, ~1.2. */
function bounds(comparator) {
  const m = /^(\^|~|>=|<=|>|<|=)?\s*(.+)$/.exec(comparator);
  const op = m[1] ?? '';
  const v = parse(m[2]);
  const given = v.filter((x) => x !== undefined).length;
  const low = v.map((x) => x ?? 0);
  const bump = (i) => low.map((x, j) => (j < i ? x : j === i ? x + 1 : 0));
  if (op === '>=') return [low, undefined];
  if (op === '>') return [given === 3 ? [low[0], low[1], low[2] + 1] : bump(given - 1), undefined];
  if (op === '<') return [[0, 0, 0], low];
  if (op === '<=') return [[0, 0, 0], given === 3 ? [low[0], low[1], low[2] + 1] : bump(given - 1)];
  if (op === '^') return [low, bump(low[0] !== 0 || given === 1 ? 0 : low[1] !== 0 || given === 2 ? 1 : 2)];
  if (op === '~') return [low, bump(given === 1 ? 0 : 1)];
  if (given === 0) return [[0, 0, 0], undefined];
  return [low, given === 3 ? [low[0], low[1], low[2] + 1] : bump(given - 1)];
}

/** Whether `version` satisfies the npm range (||, space-joined comparators, hyphen ranges, ^ ~ x). */
export function satisfies(version, range) {
  const v = parse(version);
  return range.split('||').some((alt) => {
    const text = alt.trim().replace(/(\^|~|>=|<=|>|<|=)\s+/g, '$1');
    const hyphen = /^(\S+)\s+-\s+(\S+)$/.exec(text);
    const comparators = hyphen ? [`>=${hyphen[1]}`, `<=${hyphen[2]}`] : text === '' ? ['*'] : text.split(/\s+/);
    return comparators.every((c) => {
      const [low, high] = bounds(c);
      return compare(v, low) >= 0 && (high === undefined || compare(v, high) < 0);
    });
  });
}

/** The message to show when `version` does not satisfy `required`, or undefined when it does. */
export function nodeProblem(version, required) {
  if (satisfies(version, required)) return undefined;
  return (
    `This project needs Node.js ${required}, but this is Node.js ${version}. ` +
    `Install Node.js 20.19 or newer (for example \`nvm install 20\` or from nodejs.org), then run the command again.`
  );
}

/** Locked packages whose engines.node rejects `minimum` (the oldest Node the project supports). */
export function lockEngineConflicts(lock, minimum) {
  return Object.entries(lock.packages ?? {})
    .filter(([path, entry]) => path !== '' && typeof entry.engines?.node === 'string')
    .filter(([, entry]) => !satisfies(minimum, entry.engines.node))
    .map(
      ([path, entry]) => `${path.replace(/^.*node_modules\//, '')}@${entry.version} wants Node ${entry.engines.node}`,
    );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const required = JSON.parse(readFileSync('package.json', 'utf8')).engines.node;
  const problem = nodeProblem(process.versions.node, required);
  if (problem) {
    console.error(problem);
    process.exit(1);
  }
}
