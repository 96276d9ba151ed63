/* global process */
/**
 * Example function deployed gradually. It answers API Gateway HTTP API (payload 2.0) requests, and the
 * pipewright deploy hook's smoke test ({ "source": "pipewright.smoke-test", ... }) without side effects.
 */
export const handler = async (event) => {
  if (event?.source === 'pipewright.smoke-test') {
    return {
      statusCode: 200,
      body: JSON.stringify({ smokeTest: 'ok', version: process.env.AWS_LAMBDA_FUNCTION_VERSION }),
    };
  }
  const path = event?.rawPath ?? '/';
  if (path === '/health') {
    return json(200, { status: 'ok', version: process.env.AWS_LAMBDA_FUNCTION_VERSION });
  }
  return json(200, { message: 'orders example', path });
};

function json(statusCode, body) {
  return { statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}
