import { utf8Bytes } from '../../../lib/text';

/** CodePipeline's rules for the output variables of a final success (PutJobSuccessResult). */
const outputVariableLimits = {
  /** Keys plus values, UTF-8 bytes, all variables together. */
  totalBytes: 122_880,
  /** Allowed key characters. */
  key: /^[A-Za-z0-9@\-_]+$/,
} as const;

/** Size of output variables as CodePipeline counts it: the UTF-8 bytes of every key and value. */
function outputVariablesBytes(variables: Record<string, string>): number {
  return Object.entries(variables).reduce((sum, [key, value]) => sum + utf8Bytes(key) + utf8Bytes(value), 0);
}

/**
 * Turns any text into a valid output variable key (`db.host/name` → `db_host_name`).
 *
 * @example
 * ```ts
 * sanitiseKey('db.host/name'); // 'db_host_name'
 * ```
 */
export function sanitiseKey(text: string): string {
  const key = text.replace(/[^A-Za-z0-9@\-_]+/g, '_').replace(/^_+/, '');
  // Trailing underscores by index: `_+$` would retry every run of them (quadratic on a hostile key).
  let end = key.length;
  while (end > 0 && key[end - 1] === '_') end--;
  return key.slice(0, end) || '_';
}

/**
 * Checks output variables against CodePipeline's rules and returns the problems (empty when valid):
 * keys must match `[A-Za-z0-9@\-_]+` and keys plus values must total at most 122,880 bytes.
 *
 * @example
 * ```ts
 * outputVariableProblems({ 'bad key': 'x' }); // ['output variable key "bad key" is not allowed: …']
 * ```
 */
export function outputVariableProblems(variables: Record<string, string>): string[] {
  const problems = Object.keys(variables)
    .filter((key) => !outputVariableLimits.key.test(key))
    .map((key) => `output variable key "${key}" is not allowed: keys may only contain A-Z a-z 0-9 @ - _`);
  const size = outputVariablesBytes(variables);
  if (size > outputVariableLimits.totalBytes) {
    const largest = Object.entries(variables)
      .map(([key, value]) => ({ key, bytes: utf8Bytes(key) + utf8Bytes(value) }))
      .sort((a, b) => b.bytes - a.bytes)
      .slice(0, 5)
      .map((v) => `${v.key} (${v.bytes} bytes)`);
    problems.push(
      `output variables total ${size} bytes, over CodePipeline's limit of ${outputVariableLimits.totalBytes} bytes (largest: ${largest.join(', ')})`,
    );
  }
  return problems;
}
