/**
 * The file the `raytrace` program writes a frame to: `frame-0007.ppm` (four digits at least).
 * @param frame The frame index.
 */
export function raytraceFrameName(frame: number): string {
  return `frame-${String(frame).padStart(4, '0')}.ppm`
}
