/** Which stream a frame of Docker's multiplexed output came from. */
export type DockerStreamName = 'stdin' | 'stdout' | 'stderr'

const streamNames: Record<number, DockerStreamName> = { 0: 'stdin', 1: 'stdout', 2: 'stderr' }

/**
 * Returns a push parser for Docker's multiplexed stream (attach and logs of a container without a
 * TTY): frames of an 8-byte header — stream type, three zero bytes, payload size as a big-endian
 * uint32 — followed by the payload. Frames may arrive split across chunks, or several per chunk;
 * `onFrame` is called once per whole frame, in order.
 */
export function demuxDockerStream(
  onFrame: (stream: DockerStreamName, payload: Buffer) => void,
): (chunk: Buffer) => void {
  let pending: Buffer = Buffer.alloc(0)
  return (chunk) => {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk])
    while (pending.length >= 8) {
      const size = pending.readUInt32BE(4)
      if (pending.length < 8 + size) break
      onFrame(streamNames[pending[0] ?? 1] ?? 'stdout', pending.subarray(8, 8 + size))
      pending = pending.subarray(8 + size)
    }
  }
}
