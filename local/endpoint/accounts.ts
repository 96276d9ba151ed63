/**
 * The access key id of the credentials the endpoint's STS hands out for a role of `account`: it names
 * the account, so that a call signed with them is answered from that account's state and its record
 * shows which account it was made as.
 *
 * @example
 * ```ts
 * assumedAccessKeyId('210987654321'); // 'ASIA210987654321ROLE'
 * ```
 */
export const assumedAccessKeyId = (account: string) => `ASIA${account}ROLE`;

/**
 * The account whose assumed-role credentials signed a call (read from their access key id), if they are such.
 *
 * @example
 * ```ts
 * assumedAccount('ASIA210987654321ROLE'); // '210987654321'
 * assumedAccount('ASIALOCALRUNNER00000'); // undefined
 * ```
 */
export function assumedAccount(accessKeyId: string | undefined): string | undefined {
  return /^ASIA(\d{12})ROLE$/.exec(accessKeyId ?? '')?.[1];
}
