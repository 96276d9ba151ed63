import type { EndpointState } from './endpoint/state';
import { Redactor } from './endpoint/redact';

const SECRET_NAME = /pass|secret|token|key|credential|auth/i;

/**
 * PLAINTEXT CodeBuild environment values: those whose name looks secret, and any of 8+ characters
 * (shorter ones like `dev` would blank out unrelated words; PARAMETER_STORE values are only names).
 */
function plaintextValues(variables: { name?: string; type?: string; value?: unknown }[]): string[] {
  return variables
    .filter((v) => (v.type ?? 'PLAINTEXT') === 'PLAINTEXT' && typeof v.value === 'string')
    .filter((v) => SECRET_NAME.test(v.name ?? '') || String(v.value).length >= 8)
    .map((v) => String(v.value));
}

/** Strings under keys that hold credentials, at any depth of an event. */
function credentialValues(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((item) => credentialValues(item, out));
  else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (/secretAccessKey|sessionToken|accessKeyId/i.test(key) && typeof inner === 'string') out.push(inner);
      else if (key === 'environment-variables' && Array.isArray(inner)) out.push(...plaintextValues(inner));
      else credentialValues(inner, out);
    }
  }
  return out;
}

/**
 * A redactor for everything the runner prints about one invocation: SecureString values of the
 * state, the job's artifact credentials and CodeBuild environment-variable values of the event.
 *
 * @example
 * ```ts
 * const redactor = redactorFor(event, state);
 * console.log(redactor.redact(logLine));
 * ```
 */
export function redactorFor(event: unknown, state: EndpointState): Redactor {
  const secureValues = (state.ssm?.parameters ?? [])
    .filter((p) => p.type === 'SecureString')
    .map((p) => p.value);
  return new Redactor().add(...secureValues, ...credentialValues(event));
}
