// Checks a tool's input against its schema before anything runs: models send wrong types, unknown
// properties and over-long text, and VS Code does not validate tool input. The answer is a sentence
// the model can act on ("query: expected text, got a number"), never an exception.
import type { JsonSchema } from './toolSpecs';

export type Validated =
  { readonly ok: true; readonly value: Record<string, unknown> } | { readonly ok: false; readonly message: string };

export function validateInput(schema: JsonSchema, input: unknown): Validated {
  const problems: string[] = [];
  check(schema, input, '', problems);
  if (problems.length === 0) return { ok: true, value: (input ?? {}) as Record<string, unknown> };
  // eslint-disable-next-line no-restricted-syntax -- for the language model, which reads English
  return { ok: false, message: `The input is not valid: ${problems.slice(0, 5).join('; ')}.` };
}

function check(schema: JsonSchema, value: unknown, path: string, problems: string[]): void {
  const where = path || 'input';
  switch (schema.type) {
    case 'object':
      return checkObject(schema, value ?? (path === '' ? {} : value), path, problems);
    case 'string':
      if (typeof value !== 'string') return void problems.push(`${where}: expected text, got ${kindOf(value)}`);
      if (schema.minLength !== undefined && value.trim().length < schema.minLength) {
        return void problems.push(`${where}: must not be empty`);
      }
      if (schema.maxLength !== undefined && value.length > schema.maxLength) {
        return void problems.push(`${where}: at most ${schema.maxLength} characters (got ${value.length})`);
      }
      if (schema.enum && !schema.enum.includes(value)) {
        problems.push(`${where}: must be one of ${schema.enum.join(', ')} (got "${value.slice(0, 40)}")`);
      }
      return;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) {
        return void problems.push(`${where}: expected a whole number, got ${kindOf(value)}`);
      }
      if (schema.minimum !== undefined && value < schema.minimum) problems.push(`${where}: at least ${schema.minimum}`);
      if (schema.maximum !== undefined && value > schema.maximum) problems.push(`${where}: at most ${schema.maximum}`);
      return;
    case 'boolean':
      if (typeof value !== 'boolean') problems.push(`${where}: expected true or false, got ${kindOf(value)}`);
      return;
  }
}

function checkObject(schema: JsonSchema, value: unknown, path: string, problems: string[]): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return void problems.push(`${path || 'input'}: expected an object, got ${kindOf(value)}`);
  }
  const record = value as Record<string, unknown>;
  const properties = schema.properties ?? {};
  for (const name of schema.required ?? []) {
    if (record[name] === undefined) problems.push(`${join(path, name)}: required`);
  }
  for (const [name, v] of Object.entries(record)) {
    const property = properties[name];
    if (!property) {
      if (schema.additionalProperties === false) {
        const known = Object.keys(properties);
        problems.push(
          `${join(path, name.slice(0, 40))}: unknown property${known.length ? ` (known: ${known.join(', ')})` : ''}`,
        );
      }
      continue;
    }
    if (v !== undefined) check(property, v, join(path, name), problems);
  }
}

function join(path: string, name: string): string {
  return path ? `${path}.${name}` : name;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return 'text';
  if (typeof value === 'number') return Number.isInteger(value) ? 'a whole number' : 'a number';
  if (typeof value === 'boolean') return 'true/false';
  return typeof value === 'object' ? 'an object' : typeof value;
}
