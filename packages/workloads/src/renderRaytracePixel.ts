/** Which animation a ray-traced frame belongs to: its size and the length of the loop. */
export interface RaytraceAnimation {
  /** Frame width in pixels, 1 to 4096. */
  width: number
  /** Frame height in pixels, 1 to 4096. */
  height: number
  /** Frames in the loop, 1 to 100 000. */
  frames: number
}

type Vec = readonly [number, number, number]

type Sphere = { center: Vec; radius: number; color: Vec; reflectivity: number }

/** A frame's scene: the camera and the spheres where they are at that frame. */
export interface RaytraceScene {
  readonly width: number
  readonly height: number
  readonly eye: Vec
  readonly forward: Vec
  readonly right: Vec
  readonly up: Vec
  readonly tanHalf: number
  readonly aspect: number
  readonly spheres: readonly Sphere[]
}

// Everything below mirrors raytrace/raytrace.c operation for operation, in the same order, so that
// both give the same IEEE double bits: +, -, *, /, sqrt and floor only (the sine is a polynomial).
const add = (a: Vec, b: Vec): Vec => [a[0] + b[0], a[1] + b[1], a[2] + b[2]]
const sub = (a: Vec, b: Vec): Vec => [a[0] - b[0], a[1] - b[1], a[2] - b[2]]
const scale = (a: Vec, s: number): Vec => [a[0] * s, a[1] * s, a[2] * s]
const dot = (a: Vec, b: Vec): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2]
const cross = (a: Vec, b: Vec): Vec => [
  a[1] * b[2] - a[2] * b[1],
  a[2] * b[0] - a[0] * b[2],
  a[0] * b[1] - a[1] * b[0],
]
const normalize = (a: Vec): Vec => scale(a, 1.0 / Math.sqrt(dot(a, a)))

function turnSin(p: number): number {
  let q = p - Math.floor(p + 0.5)
  if (q > 0.25) q = 0.5 - q
  else if (q < -0.25) q = -0.5 - q
  const x = q * 6.283185307179586
  const x2 = x * x
  return (
    x *
    (1.0 +
      x2 *
        (-1.0 / 6.0 +
          x2 * (1.0 / 120.0 + x2 * (-1.0 / 5040.0 + x2 * (1.0 / 362880.0 + x2 * (-1.0 / 39916800.0))))))
  )
}
const turnCos = (p: number): number => turnSin(p + 0.25)

const sphereColors: readonly Vec[] = [
  [0.9, 0.2, 0.2],
  [0.2, 0.8, 0.3],
  [0.2, 0.35, 0.9],
]

/**
 * Builds the scene of one frame of the animation (the camera, and where the spheres are).
 * @param animation Frame size and loop length.
 * @param frame The frame index, 0 to `frames - 1`.
 * @returns The scene {@link renderRaytracePixel} renders.
 */
export function raytraceScene(animation: RaytraceAnimation, frame: number): RaytraceScene {
  const { width, height, frames } = animation
  const eye: Vec = [0.0, 2.2, -7.0]
  const forward = normalize(sub([0.0, 0.9, 0.0], eye))
  const right = normalize(cross([0.0, 1.0, 0.0], forward))
  const up = cross(forward, right)
  const p = frame / frames
  const spheres: Sphere[] = [
    { center: [0.0, 1.0, 0.0], radius: 1.0, color: [0.85, 0.85, 0.9], reflectivity: 0.6 },
  ]
  for (let k = 0; k < 3; k++) {
    const angle = p + k / 3.0
    const bounce = p * 2.0 + k * 0.25
    const q = bounce - Math.floor(bounce)
    const radius = 0.45
    spheres.push({
      center: [2.3 * turnCos(angle), radius + 1.2 * (4.0 * q * (1.0 - q)), 2.3 * turnSin(angle)],
      radius,
      color: sphereColors[k] ?? [0, 0, 0],
      reflectivity: 0.0,
    })
  }
  return { width, height, eye, forward, right, up, tanHalf: 0.5, aspect: width / height, spheres }
}

function hitSphere(sphere: Sphere, origin: Vec, dir: Vec): number {
  const oc = sub(origin, sphere.center)
  const b = dot(oc, dir)
  const c = dot(oc, oc) - sphere.radius * sphere.radius
  const disc = b * b - c
  if (disc < 0.0) return -1.0
  const root = Math.sqrt(disc)
  let t = -b - root
  if (t > 1e-6) return t
  t = -b + root
  if (t > 1e-6) return t
  return -1.0
}

const light: Vec = [-4.0, 7.0, -3.0]
const maxDepth = 2

function shade(scene: RaytraceScene, origin: Vec, dir: Vec, depth: number): Vec {
  let nearest = 60.0
  let which = -2
  if (dir[1] < -1e-9) {
    const t = -origin[1] / dir[1]
    if (t > 1e-6 && t < nearest) {
      nearest = t
      which = -1
    }
  }
  for (let k = 0; k < scene.spheres.length; k++) {
    const t = hitSphere(scene.spheres[k] as Sphere, origin, dir)
    if (t > 0.0 && t < nearest) {
      nearest = t
      which = k
    }
  }
  if (which === -2) {
    const t = 0.5 * (dir[1] + 1.0)
    return [1.0 - 0.5 * t, 1.0 - 0.3 * t, 1.0]
  }
  const point = add(origin, scale(dir, nearest))
  let normal: Vec
  let base: Vec
  let reflectivity: number
  let shininess: number
  if (which === -1) {
    normal = [0.0, 1.0, 0.0]
    const cells = Math.floor(point[0]) + Math.floor(point[2])
    const odd = cells - 2.0 * Math.floor(cells * 0.5) !== 0.0
    base = odd ? [0.2, 0.25, 0.3] : [0.9, 0.9, 0.9]
    reflectivity = 0.0
    shininess = 0.0
  } else {
    const sphere = scene.spheres[which] as Sphere
    normal = scale(sub(point, sphere.center), 1.0 / sphere.radius)
    base = sphere.color
    reflectivity = sphere.reflectivity
    shininess = 0.5
  }
  const lifted = add(point, scale(normal, 1e-4))
  const toLight = sub(light, lifted)
  const lightDistance = Math.sqrt(dot(toLight, toLight))
  const lightDir = scale(toLight, 1.0 / lightDistance)
  let diffuse = dot(normal, lightDir)
  if (diffuse < 0.0) diffuse = 0.0
  let specular = 0.0
  if (diffuse > 0.0) {
    for (const sphere of scene.spheres) {
      const t = hitSphere(sphere, lifted, lightDir)
      if (t > 0.0 && t < lightDistance) {
        diffuse = 0.0
        break
      }
    }
  }
  if (diffuse > 0.0 && shininess > 0.0) {
    const half = normalize(sub(lightDir, dir))
    const h = dot(normal, half)
    if (h > 0.0) {
      const h2 = h * h
      const h4 = h2 * h2
      const h8 = h4 * h4
      const h16 = h8 * h8
      specular = shininess * (h16 * h16)
    }
  }
  const lit = 0.15 + 0.85 * diffuse
  let color = add(scale(base, lit), [specular, specular, specular])
  if (reflectivity > 0.0 && depth < maxDepth) {
    const reflected = sub(dir, scale(normal, 2.0 * dot(dir, normal)))
    const bounced = shade(scene, lifted, reflected, depth + 1)
    color = add(scale(color, 1.0 - reflectivity), scale(bounced, reflectivity))
  }
  return color
}

function toByte(c: number): number {
  const clamped = Math.min(Math.max(c, 0.0), 1.0)
  return Math.floor(Math.sqrt(clamped) * 255.0 + 0.5)
}

/**
 * Renders one pixel of a frame exactly as the `raytrace` program in the demo image does, bit for
 * bit: how a consumer re-renders samples of a provider's frames to check them.
 *
 * @param scene The frame's scene, from {@link raytraceScene}.
 * @param x Column, 0 to `width - 1`.
 * @param y Row from the top, 0 to `height - 1`.
 * @returns The pixel's red, green and blue bytes.
 */
export function renderRaytracePixel(scene: RaytraceScene, x: number, y: number): [number, number, number] {
  const u = ((2.0 * (x + 0.5)) / scene.width - 1.0) * scene.aspect * scene.tanHalf
  const w = (1.0 - (2.0 * (y + 0.5)) / scene.height) * scene.tanHalf
  const dir = normalize(add(add(scene.forward, scale(scene.right, u)), scale(scene.up, w)))
  const c = shade(scene, scene.eye, dir, 0)
  return [toByte(c[0]), toByte(c[1]), toByte(c[2])]
}
