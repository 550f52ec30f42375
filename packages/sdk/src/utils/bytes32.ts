import { type Hex, hexToString, stringToHex, trim } from 'viem'

/**
 * Encodes a short string as a right-padded bytes32, as the contracts store names (`"rtx-4090"`,
 * `"eu-west"`).
 * @param value At most 32 bytes of UTF-8.
 * @returns The bytes32 hex.
 */
export function toBytes32String(value: string): Hex {
  return stringToHex(value, { size: 32 })
}

/**
 * Decodes a right-padded bytes32 string; zero bytes decode to the empty string.
 * @param value The bytes32 hex.
 */
export function fromBytes32String(value: Hex): string {
  const trimmed = trim(value, { dir: 'right' })
  return trimmed === '0x00' ? '' : hexToString(trimmed)
}
