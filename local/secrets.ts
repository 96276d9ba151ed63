import { codebuildSecretValues } from '../functions/notifier/redact';
import type { EndpointState } from './endpoint/state';
import { LOCAL_ARTIFACT_CREDENTIALS } from './endpoint/codepipeline-jobs';
import { Redactor } from './endpoint/redact';

/**
 * Strings under keys that hold credentials, at any depth of an event. CodeBuild environment values
 * follow the notifier's rule, keeping those the project name (`shown`) shows anyway.
 */
function credentialValues(value: unknown, shown: string, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((item) => credentialValues(item, shown, out));
  else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (/secretAccessKey|sessionToken|accessKeyId/i.test(key) && typeof inner === 'string') out.push(inner);
      else if (key === 'environment-variables' && Array.isArray(inner))
        out.push(
          ...codebuildSecretValues(
            inner.filter((v) => v && typeof v === 'object'),
            shown,
          ),
        );
      else credentialValues(inner, shown, out);
    }
  }
  return out;
}

/** The CodeBuild project name of an event (`detail.project-name`), if it has one. */
function projectName(event: unknown): string {
  const name = (event as { detail?: Record<string, unknown> } | null)?.detail?.['project-name'];
  return typeof name === 'string' ? name : '';
}

/**
 * A redactor for everything the runner prints about one invocation: SecureString values of the
 * state (webhook URLs included), the job's artifact credentials and CodeBuild environment-variable
 * values of the event.
 *
 * @example
 * ```ts
 * const redactor = redactorFor(event, state);
 * console.log(redactor.redact(logLine));
 * ```
 */
export function redactorFor(event: unknown, state: EndpointState): Redactor {
  // A value pointing at the loopback endpoint (`{{endpoint}}/webhooks/…`) is printed with the endpoint's
  // address in its place: its other parts are the secret.
  const secureValues = (state.ssm?.parameters ?? [])
    .filter((p) => p.type === 'SecureString')
    .flatMap((p) => p.value.split('{{endpoint}}'));
  // A custom action job's artifact credentials come from the state (PollForJobs), not the event.
  const jobCredentials = [
    ...credentialValues(state.codepipeline?.jobs ?? [], ''),
    ...Object.values(LOCAL_ARTIFACT_CREDENTIALS),
  ];
  return new Redactor().add(
    ...secureValues,
    ...credentialValues(event, projectName(event)),
    ...jobCredentials,
  );
}
