// The ports core depends on are defined once, in src/core/ports.ts: a second definition elsewhere
// would let an implementation and its fakes drift apart unseen.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const PORTS = ['HttpSender', 'WebApiSender', 'TokenSource', 'SessionSource', 'SecretStore', 'Clock'];
const SRC = path.resolve(__dirname, '../../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('core ports', () => {
  it('defines every port in src/core/ports.ts and nowhere else', () => {
    const where = new Map<string, string[]>(PORTS.map((p) => [p, []]));
    for (const file of sourceFiles(SRC)) {
      const text = readFileSync(file, 'utf8');
      for (const port of PORTS) {
        if (new RegExp(`export (interface|type) ${port}\\b(?! \\} from)`).test(text)) {
          where.get(port)!.push(path.relative(SRC, file).split(path.sep).join('/'));
        }
      }
    }
    for (const port of PORTS) assert.deepEqual(where.get(port), ['core/ports.ts'], port);
  });
});
