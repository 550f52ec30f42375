import { type Hex, hexToBytes, stringToHex } from 'viem'

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
 * Decodes a right-padded bytes32 string; all zero bytes decode to the empty string.
 * @param value The bytes32 hex.
 */
export function fromBytes32String(value: Hex): string {
  // Trim whole zero bytes, not zero nibbles: "rtx-4090" ends in the byte 0x30.
  const bytes = hexToBytes(value)
  let end = bytes.length
  while (end > 0 && bytes[end - 1] === 0) end--
  return new TextDecoder().decode(bytes.subarray(0, end))
}
