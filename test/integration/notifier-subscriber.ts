import * as z from 'zod';
import type { PublishedMessage } from '../../local/endpoint/world';
import { readState } from '../support/samples';
import type { EndpointState } from './harness';
import { type Invocation, invokeBundle, readEvent } from './harness';

/**
 * What a subscriber of the topic gets from one accepted `Publish`, as the loopback SNS endpoint
 * recorded it from the request it received on the wire (form fields of the Query protocol), not from
 * the function's own objects.
 */
export interface Delivery {
  subject: string;
  messageStructure?: string;
  /** The whole `Message` form field (the MessageStructure JSON), as sent. */
  raw: string;
  /** `MessageStructure: json` body: protocol → text. */
  body: Record<string, string>;
  /** `MessageAttributes.entry.N.*` → name → { DataType, StringValue }. */
  attributes: Record<string, { DataType?: string; StringValue?: string }>;
}

/**
 * An Amazon Q Developer in chat applications (AWS Chatbot) custom notification, as its documentation
 * defines it: https://docs.aws.amazon.com/chatbot/latest/adminguide/custom-notifs.html
 */
const chatNotification = z.object({
  version: z.literal('1.0'),
  source: z.literal('custom'),
  id: z.string().optional(),
  content: z.object({
    textType: z.literal('client-markdown'),
    title: z.string().min(1),
    description: z.string().min(1),
    nextSteps: z.array(z.string().min(1)),
    keywords: z.array(z.string()).optional(),
  }),
  metadata: z.object({
    threadId: z.string().min(1),
    summary: z.string().min(1),
    eventType: z.string().optional(),
    relatedResources: z.array(z.string()).optional(),
  }),
});

/** A parsed chat notification. */
export type ChatNotification = z.output<typeof chatNotification>;

/** The `https` part of a delivery, validated as a Chatbot custom notification (throws if it is not one). */
export const chatOf = (delivery: Delivery): ChatNotification =>
  chatNotification.parse(JSON.parse(delivery.body.https ?? 'null'));

function toDelivery(published: PublishedMessage): Delivery {
  const raw = published.message;
  return {
    subject: published.subject ?? '',
    messageStructure: published.messageStructure,
    raw,
    body:
      published.messageStructure === 'json' ? (JSON.parse(raw) as Record<string, string>) : { default: raw },
    attributes: published.messageAttributes,
  };
}

/** An invocation plus what subscribers received from it. */
export interface Notified extends Invocation {
  deliveries: Delivery[];
}

/**
 * Invokes NotifierFunction's bundle (see {@link invokeBundle}): every Publish the loopback SNS
 * endpoint accepted during the invocation becomes a {@link Delivery}.
 */
export async function notifyThroughBundle(
  event: unknown,
  options: Parameters<typeof invokeBundle>[2] = {},
): Promise<Notified> {
  const run = await invokeBundle('NotifierFunction', event, options);
  return { ...run, deliveries: run.published.map(toDelivery) };
}

/** An EventBridge event as the samples have it. */
export interface SampleEvent {
  'detail-type': string;
  source: string;
  detail: Record<string, unknown>;
  [key: string]: unknown;
}

/** A sample event of events/notifier/ (`sample('pipeline-failed')`). */
export const sample = (name: string) => readEvent(`notifier/${name}.json`) as SampleEvent;

/** A sample event with its `detail` fields changed. */
export const withDetail = (name: string, detail: Record<string, unknown>) => {
  const event = sample(name);
  return { ...event, detail: { ...event.detail, ...detail } };
};

/** Parameter Store state of notifier settings (`{ 'include-stage-and-action-events': 'true' }`). */
export const notifierSettings = (values: Record<string, string>): EndpointState => ({
  ssm: {
    parameters: Object.entries(values).map(([key, value]) => ({
      name: `/pipewright/dev/notifier/${key}`,
      type: value.includes(',') ? ('StringList' as const) : ('String' as const),
      value,
    })),
  },
});

/** The seeded history of pipewright-prod (local/state/notifier.json), to copy under another name. */
export function prodHistory() {
  const seeded = readState<EndpointState>('notifier');
  return seeded.codepipeline!.pipelines!['pipewright-prod']!;
}

/** Powertools JSON log lines of a run (other lines skipped). */
export const logEntries = (run: Invocation) =>
  run.logs.flatMap((line) => {
    try {
      const entry = JSON.parse(line) as Record<string, unknown>;
      return typeof entry.level === 'string' ? [entry] : [];
    } catch {
      return [];
    }
  });

/** The SNS Subject rules: printable ASCII, one line, fewer than 100 characters. */
export const SNS_SUBJECT = /^[\x20-\x7e]{1,99}$/;
