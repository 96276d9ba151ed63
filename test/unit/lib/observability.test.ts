import type { Context } from 'aws-lambda';
import { correlate, correlated, instrument, logger, tracer } from '../../../functions/lib/observability';

const context = {
  awsRequestId: 'req-1',
  functionName: 'pipewright-test',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:pipewright-test',
  memoryLimitInMB: '256',
  getRemainingTimeInMillis: () => 30_000,
} as unknown as Context;

describe('instrument', () => {
  it('returns what the handler returns, outside Lambda, without tracing or metrics set up', async () => {
    const handler = instrument(async (event: { n: number }) => event.n * 2);
    await expect(handler({ n: 21 }, context)).resolves.toBe(42);
  });

  it('rethrows the handler error so Lambda records the failure', async () => {
    const handler = instrument(async () => {
      throw new Error('reporting failed');
    });
    await expect(handler({}, context)).rejects.toThrow('reporting failed');
  });

  it('logs with the Lambda context and drops the correlation keys of one invocation before the next', async () => {
    const lines: string[] = [];
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    logger.setLogLevel('INFO');
    try {
      const handler = instrument(async (event: { jobId?: string }) => {
        if (event.jobId) logger.appendKeys({ jobId: event.jobId });
        logger.info('working');
      });
      await handler({ jobId: 'job-1' }, context);
      await handler({}, context);
    } finally {
      logger.setLogLevel('SILENT');
    }
    const logged = lines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((l) => l.message === 'working');
    expect(logged).toHaveLength(2);
    expect(logged[0]).toMatchObject({
      jobId: 'job-1',
      function_request_id: 'req-1',
      function_name: 'pipewright-test',
    });
    expect(logged[1]).not.toHaveProperty('jobId');
  });
});

describe('correlate', () => {
  it('adds the defined keys to the logs and as X-Ray annotations', () => {
    const annotate = jest.spyOn(tracer, 'putAnnotation');
    const appendKeys = jest.spyOn(logger, 'appendKeys');
    correlate({ jobId: 'job-1', pipelineName: undefined, attempt: 2 });
    expect(appendKeys).toHaveBeenCalledWith({ jobId: 'job-1', attempt: 2 });
    expect(annotate.mock.calls).toEqual([
      ['jobId', 'job-1'],
      ['attempt', 2],
    ]);
    logger.resetKeys();
  });
});

describe('correlated', () => {
  it('keeps the correlation keys of work running concurrently apart, on its log lines and its subsegment', async () => {
    const lines: string[] = [];
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    const annotations: Array<[string, string, unknown]> = [];
    jest.spyOn(tracer, 'getSegment').mockReturnValue({
      addNewSubsegment: (name: string) => ({
        addAnnotation: (key: string, value: unknown) => annotations.push([name, key, value]),
        close: () => undefined,
      }),
    } as never);
    const putAnnotation = jest.spyOn(tracer, 'putAnnotation');
    logger.setLogLevel('INFO');
    const job = (jobId: string, pause: number) =>
      correlated(`## ${jobId}`, async () => {
        correlate({ jobId });
        await new Promise((resolve) => setTimeout(resolve, pause));
        logger.info('reported');
      });
    try {
      await Promise.all([job('job-1', 20), job('job-2', 5)]);
      logger.info('done');
    } finally {
      logger.setLogLevel('SILENT');
    }
    const logged = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(logged.map((l) => [l.message, l.jobId])).toEqual([
      ['reported', 'job-2'],
      ['reported', 'job-1'],
      ['done', undefined], // the invocation's own lines carry neither
    ]);
    expect(annotations.sort()).toEqual([
      ['## job-1', 'jobId', 'job-1'],
      ['## job-2', 'jobId', 'job-2'],
    ]);
    expect(putAnnotation).not.toHaveBeenCalled();
  });
});
