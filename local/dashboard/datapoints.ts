/** One metric value, as CloudWatch would store it from an EMF line. */
export interface Datapoint {
  namespace: string;
  name: string;
  value: number;
  /** Its dimension set (name → value), Powertools' `service` included. */
  dimensions: Record<string, string>;
  /** When it counts, epoch ms. */
  time: number;
}

/** An event's time (its `time` field), epoch ms. */
export const eventTime = (event: unknown) => Date.parse(String((event as { time?: unknown }).time));

interface EmfDirective {
  Namespace: string;
  Dimensions: string[][];
  Metrics: { Name: string }[];
}

/**
 * The datapoints of the Embedded Metric Format lines among a function's log lines (other lines are
 * skipped), each at `time` — the demo replays one event per invocation, so its metrics count at the
 * event's time, as they would in CloudWatch when the event is handled as it happens.
 *
 * @example
 * ```ts
 * emfDatapoints(outcome.logs, Date.parse(event.time)); // [{ namespace: 'Pipewright', name: 'Deployment', value: 1, … }]
 * ```
 */
export function emfDatapoints(lines: readonly string[], time: number): Datapoint[] {
  return lines.flatMap((line) => {
    if (!line.startsWith('{') || !line.includes('"_aws"')) return [];
    let emf: Record<string, unknown> & { _aws?: { CloudWatchMetrics?: EmfDirective[] } };
    try {
      emf = JSON.parse(line) as typeof emf;
    } catch {
      return [];
    }
    return (emf._aws?.CloudWatchMetrics ?? []).flatMap((directive) =>
      directive.Metrics.flatMap(({ Name }) =>
        directive.Dimensions.map((names) => ({
          namespace: directive.Namespace,
          name: Name,
          value: Number(emf[Name]),
          dimensions: Object.fromEntries(names.map((dimension) => [dimension, String(emf[dimension])])),
          time,
        })),
      ),
    );
  });
}
