/**
 * POSTs a JSON body to an incoming webhook (Slack-compatible); a non-2xx
 * answer or no answer within `timeoutMs` is an error. The URL is a secret
 * (it is the credential): errors name its host only.
 */
export async function postWebhook(url: string, body: unknown, timeoutMs = 10_000): Promise<void> {
  let host = 'the webhook';
  try {
    host = new URL(url).host;
  } catch {}
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
  } catch (err) {
    throw new Error(`webhook ${host} unreachable: ${(err as Error).message}`);
  }
  await response.body?.cancel();
  if (!response.ok) throw new Error(`webhook ${host} answered ${response.status}`);
}
