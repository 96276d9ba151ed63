import { randomUUID } from 'node:crypto';
import { queryError, xmlResult } from './protocol';
import { type RawService, formFields, queryForm } from './raw';
import { AwsError, type PublishedMessage } from './world';

const XMLNS = 'http://sns.amazonaws.com/doc/2010-03-31/';

function validate(input: Record<string, string | undefined>): void {
  const { Subject: subject, Message: message, MessageStructure: structure } = input;
  if (!message) throw new AwsError('InvalidParameter', 'Invalid parameter: Empty message');
  if (Buffer.byteLength(message) > 262_144)
    throw new AwsError('InvalidParameter', 'Invalid parameter: Message too long');
  if (
    subject !== undefined &&
    (subject.length === 0 || subject.length >= 100 || !/^[\x20-\x7e]*$/.test(subject))
  ) {
    throw new AwsError('InvalidParameter', 'Invalid parameter: Subject');
  }
  if (structure === 'json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(message);
    } catch {
      throw new AwsError(
        'InvalidParameter',
        'Invalid parameter: Message Structure - JSON message body failed to parse',
      );
    }
    if (typeof (parsed as Record<string, unknown>)?.default !== 'string') {
      throw new AwsError(
        'InvalidParameter',
        'Invalid parameter: Message Structure - No default entry in JSON message body',
      );
    }
  }
}

/** `MessageAttributes.entry.N.{Name,Value.DataType,Value.StringValue}` form fields → name → value. */
function messageAttributes(
  fields: Record<string, string | undefined>,
): PublishedMessage['messageAttributes'] {
  const attributes: PublishedMessage['messageAttributes'] = {};
  for (const [key, name] of Object.entries(fields)) {
    const entry = /^MessageAttributes\.entry\.(\d+)\.Name$/.exec(key)?.[1];
    if (!entry || name === undefined) continue;
    const prefix = `MessageAttributes.entry.${entry}.Value`;
    attributes[name] = {
      DataType: fields[`${prefix}.DataType`],
      StringValue: fields[`${prefix}.StringValue`],
    };
  }
  return attributes;
}

/** SNS (Query protocol: form-urlencoded `Action=Publish`, XML answers). */
export const sns: RawService = {
  iam: 'sns',
  operations: ['Publish'],
  decode(request) {
    const form = queryForm(request, '2010-03-31');
    if (!form) return undefined;
    const { Action, TopicArn, TargetArn, Subject, MessageStructure, Message = '' } = form;
    const attributes = Object.entries(form).filter(([k]) => /^MessageAttributes\.entry\.\d+\.Name$/.test(k));
    const input = {
      TopicArn: TopicArn ?? TargetArn,
      Subject,
      MessageStructure,
      MessageBytes: Buffer.byteLength(Message),
      MessageAttributes: attributes.length ? attributes.map(([, v]) => v) : undefined,
    };
    return { operation: Action, iamOperations: [Action], input };
  },
  run({ operation }, request, res, call) {
    if (operation !== 'Publish')
      throw new AwsError('InvalidAction', `Operation ${operation} is not supported here`);
    const fields = formFields(request);
    const topicArn = fields.TopicArn ?? fields.TargetArn ?? '';
    if (!(call.world.state.sns?.topics ?? []).includes(topicArn)) {
      throw new AwsError('NotFound', 'Topic does not exist', 404);
    }
    validate(fields);
    call.world.published.push({
      topicArn,
      subject: fields.Subject,
      message: fields.Message ?? '',
      messageStructure: fields.MessageStructure,
      messageAttributes: messageAttributes(fields),
    });
    call.note(`published: ${fields.Subject ?? (fields.Message ?? '').split('\n')[0]}`);
    xmlResult(
      res,
      200,
      `<PublishResponse xmlns="${XMLNS}"><PublishResult><MessageId>${randomUUID()}</MessageId></PublishResult>` +
        `<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></PublishResponse>`,
    );
  },
  error: (res, error) => queryError(res, XMLNS, error),
};
