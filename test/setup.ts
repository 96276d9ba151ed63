import 'aws-sdk-client-mock-jest';

// Tests run outside Lambda: keep metrics off stdout and logs quiet unless a test turns them on.
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
process.env.AWS_REGION ??= 'eu-west-1';
process.env.AWS_ACCESS_KEY_ID ??= 'test';
process.env.AWS_SECRET_ACCESS_KEY ??= 'test';

// Every test starts from this environment: whatever a test sets in process.env is undone after it.
const baseline = { ...process.env };
afterEach(() => {
  for (const key of Object.keys(process.env)) if (!(key in baseline)) delete process.env[key];
  Object.assign(process.env, baseline);
});
