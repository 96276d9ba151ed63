import { paginateGetParametersByPath, SSMClient } from '@aws-sdk/client-ssm';
import { BaseProvider } from '@aws-lambda-powertools/parameters/base';
import { awsClient } from './clients';

/**
 * Caps on what one configuration section may hold: a section with more parameters, or a value larger
 * than Parameter Store's own maximum (advanced tier), is rejected with a `ConfigurationError` instead
 * of being read without bound.
 */
export const configLimits = {
  /** Parameters one section may hold (20 `GetParametersByPath` pages of 10). */
  maxParameters: 200,
  /** Bytes one parameter value may hold (Parameter Store's advanced-tier maximum, 8 KB). */
  maxValueBytes: 8192,
} as const;

/** One parameter as read: its value and whether it is a SecureString (whose value is never shown). */
export interface StoredParameter {
  value: string;
  secure: boolean;
}

/**
 * The Powertools Parameters provider under the config loader: the base class caches (`maxAge`,
 * `forceFetch`), this class only fills in the fetch. Unlike `SSMProvider.getMultiple`, it keeps each
 * parameter's type (so a SecureString value never reaches a message), keys results by full name in a
 * null-prototype record (a parameter named `__proto__` is kept, not swallowed), and stops paging past
 * {@link configLimits}.maxParameters.
 */
class ConfigParameterProvider extends BaseProvider {
  constructor() {
    super({ awsSdkV3Client: awsClient(SSMClient) });
  }

  protected override _get(): Promise<never> {
    return Promise.reject(new Error('ConfigParameterProvider reads paths only (getMultiple)'));
  }

  protected override async _getMultiple(
    path: string,
    options?: { sdkOptions?: { Recursive?: boolean } },
  ): Promise<Record<string, StoredParameter>> {
    const parameters: Record<string, StoredParameter> = Object.create(null);
    let count = 0;
    const pages = paginateGetParametersByPath(
      { client: this.client as SSMClient },
      { Path: path, Recursive: options?.sdkOptions?.Recursive ?? true, WithDecryption: true },
    );
    for await (const page of pages) {
      for (const p of page.Parameters ?? []) {
        if (p.Name === undefined) continue;
        parameters[p.Name] = { value: p.Value ?? '', secure: p.Type === 'SecureString' };
        count += 1;
      }
      if (count > configLimits.maxParameters) break; // the loader rejects the section
    }
    return parameters;
  }
}

let provider: ConfigParameterProvider | undefined;

/**
 * Every parameter under `path` (SecureString decrypted; below it at any depth, or with `recursive`
 * false only those directly under it), by full name, cached for `maxAgeSeconds` — by path: one process
 * reads a path one way. At most {@link configLimits}.maxParameters + 1 are read.
 *
 * @example
 * ```ts
 * await readParameters('/pipewright/dev/notifier', 300, false); // { '/pipewright/dev/notifier/notify-recovery': { value: 'false', secure: false } }
 * ```
 */
export async function readParameters(
  path: string,
  maxAgeSeconds: number,
  forceFetch: boolean,
  recursive = true,
): Promise<Readonly<Record<string, StoredParameter>>> {
  provider ??= new ConfigParameterProvider();
  const values = await provider.getMultiple(path, {
    maxAge: maxAgeSeconds,
    forceFetch,
    sdkOptions: { Recursive: recursive },
  });
  return (values ?? Object.create(null)) as Record<string, StoredParameter>;
}

/** Forgets every cached read (tests, or after a known change). */
export function clearParameterCache(): void {
  provider?.clearCache();
}
