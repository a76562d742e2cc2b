/**
 * `Authorization: Basic` for client_secret_basic (RFC 6749 §2.3.1): id and secret are each
 * form-urlencoded before they are joined and base64-encoded, so a ':' in either survives.
 */
export function clientSecretBasic(clientId: string, clientSecret: string): string {
  const credentials = `${formUrlEncode(clientId)}:${formUrlEncode(clientSecret)}`;
  return `Basic ${Buffer.from(credentials, 'utf8').toString('base64')}`;
}

// URLSearchParams serialises with the WHATWG application/x-www-form-urlencoded algorithm.
function formUrlEncode(value: string): string {
  return new URLSearchParams([['v', value]]).toString().slice('v='.length);
}
