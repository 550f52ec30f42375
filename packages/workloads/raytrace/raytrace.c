// Hearth's demo workload: a small ray tracer rendering frames of a looping animation (a mirror
// sphere with three coloured spheres orbiting and bouncing around it over a checkered floor).
//
//   raytrace <width> <height> <frames> <first> <count> <output dir>
//
// Renders frames first … first+count-1 of a <frames>-frame loop into <output dir>/frame-NNNN.ppm
// (binary PPM, 8-bit RGB) and prints one line per frame. Exits 2 on bad arguments, 1 on any other
// failure, with one line on stderr.
//
// Every pixel is a pure function of (width, height, frames, frame, x, y) computed with IEEE double
// +, -, *, /, sqrt and floor only, in a fixed order (no libm transcendental functions: sine and
// cosine are a polynomial written out here). Built without FMA contraction, the bits are the same as
// the TypeScript reference in @hearth/workloads (renderRaytracePixel), so a consumer can re-render
// any pixel to check a provider's frame. Keep the two in step: change one, change both.
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SIDE 4096
#define MAX_FRAMES 100000
#define MAX_DEPTH 2
#define SPHERES 4

typedef struct {
  double x, y, z;
} vec;

typedef struct {
  vec center;
  double radius;
  vec color;
  double reflectivity;
} sphere;

typedef struct {
  int width, height;
  vec eye, forward, right, up;
  double tan_half, aspect;
  sphere spheres[SPHERES];
} scene;

static vec v(double x, double y, double z) {
  vec r = {x, y, z};
  return r;
}
static vec add(vec a, vec b) { return v(a.x + b.x, a.y + b.y, a.z + b.z); }
static vec sub(vec a, vec b) { return v(a.x - b.x, a.y - b.y, a.z - b.z); }
static vec scale(vec a, double s) { return v(a.x * s, a.y * s, a.z * s); }
static double dot(vec a, vec b) { return a.x * b.x + a.y * b.y + a.z * b.z; }
static vec cross(vec a, vec b) {
  return v(a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x);
}
static vec normalize(vec a) { return scale(a, 1.0 / sqrt(dot(a, a))); }

// sin(2π·p), from a Taylor polynomial on [-π/2, π/2] (error below 1e-7: plenty for an animation).
static double turn_sin(double p) {
  double q = p - floor(p + 0.5);
  if (q > 0.25)
    q = 0.5 - q;
  else if (q < -0.25)
    q = -0.5 - q;
  double x = q * 6.283185307179586;
  double x2 = x * x;
  return x * (1.0 + x2 * (-1.0 / 6.0 +
                          x2 * (1.0 / 120.0 +
                                x2 * (-1.0 / 5040.0 + x2 * (1.0 / 362880.0 + x2 * (-1.0 / 39916800.0))))));
}
static double turn_cos(double p) { return turn_sin(p + 0.25); }

static void build_scene(scene *s, int width, int height, int frames, int frame) {
  s->width = width;
  s->height = height;
  s->eye = v(0.0, 2.2, -7.0);
  vec target = v(0.0, 0.9, 0.0);
  s->forward = normalize(sub(target, s->eye));
  s->right = normalize(cross(v(0.0, 1.0, 0.0), s->forward));
  s->up = cross(s->forward, s->right);
  s->tan_half = 0.5;
  s->aspect = (double)width / (double)height;

  double p = (double)frame / (double)frames;
  s->spheres[0].center = v(0.0, 1.0, 0.0);
  s->spheres[0].radius = 1.0;
  s->spheres[0].color = v(0.85, 0.85, 0.9);
  s->spheres[0].reflectivity = 0.6;
  static const double colors[3][3] = {{0.9, 0.2, 0.2}, {0.2, 0.8, 0.3}, {0.2, 0.35, 0.9}};
  for (int k = 0; k < 3; k++) {
    double angle = p + (double)k / 3.0;
    double bounce = p * 2.0 + (double)k * 0.25;
    double q = bounce - floor(bounce);
    double radius = 0.45;
    s->spheres[k + 1].center =
        v(2.3 * turn_cos(angle), radius + 1.2 * (4.0 * q * (1.0 - q)), 2.3 * turn_sin(angle));
    s->spheres[k + 1].radius = radius;
    s->spheres[k + 1].color = v(colors[k][0], colors[k][1], colors[k][2]);
    s->spheres[k + 1].reflectivity = 0.0;
  }
}

// Distance along the ray to the sphere, or -1 when it misses.
static double hit_sphere(const sphere *sp, vec origin, vec dir) {
  vec oc = sub(origin, sp->center);
  double b = dot(oc, dir);
  double c = dot(oc, oc) - sp->radius * sp->radius;
  double disc = b * b - c;
  if (disc < 0.0) return -1.0;
  double root = sqrt(disc);
  double t = -b - root;
  if (t > 1e-6) return t;
  t = -b + root;
  if (t > 1e-6) return t;
  return -1.0;
}

static const vec light = {-4.0, 7.0, -3.0};

static vec shade(const scene *s, vec origin, vec dir, int depth) {
  double nearest = 60.0;
  int which = -2;  // -2: nothing, -1: the floor, k: sphere k
  if (dir.y < -1e-9) {
    double t = -origin.y / dir.y;
    if (t > 1e-6 && t < nearest) {
      nearest = t;
      which = -1;
    }
  }
  for (int k = 0; k < SPHERES; k++) {
    double t = hit_sphere(&s->spheres[k], origin, dir);
    if (t > 0.0 && t < nearest) {
      nearest = t;
      which = k;
    }
  }
  if (which == -2) {
    double t = 0.5 * (dir.y + 1.0);
    return v(1.0 - 0.5 * t, 1.0 - 0.3 * t, 1.0);
  }
  vec point = add(origin, scale(dir, nearest));
  vec normal, base;
  double reflectivity, shininess;
  if (which == -1) {
    normal = v(0.0, 1.0, 0.0);
    double cells = floor(point.x) + floor(point.z);
    int odd = cells - 2.0 * floor(cells * 0.5) != 0.0;
    base = odd ? v(0.2, 0.25, 0.3) : v(0.9, 0.9, 0.9);
    reflectivity = 0.0;
    shininess = 0.0;
  } else {
    const sphere *sp = &s->spheres[which];
    normal = scale(sub(point, sp->center), 1.0 / sp->radius);
    base = sp->color;
    reflectivity = sp->reflectivity;
    shininess = 0.5;
  }
  vec lifted = add(point, scale(normal, 1e-4));
  vec to_light = sub(light, lifted);
  double light_distance = sqrt(dot(to_light, to_light));
  vec light_dir = scale(to_light, 1.0 / light_distance);
  double diffuse = dot(normal, light_dir);
  if (diffuse < 0.0) diffuse = 0.0;
  double specular = 0.0;
  if (diffuse > 0.0) {
    for (int k = 0; k < SPHERES; k++) {
      double t = hit_sphere(&s->spheres[k], lifted, light_dir);
      if (t > 0.0 && t < light_distance) {
        diffuse = 0.0;
        break;
      }
    }
  }
  if (diffuse > 0.0 && shininess > 0.0) {
    vec half = normalize(sub(light_dir, dir));
    double h = dot(normal, half);
    if (h > 0.0) {
      double h2 = h * h, h4 = h2 * h2, h8 = h4 * h4, h16 = h8 * h8;
      specular = shininess * (h16 * h16);
    }
  }
  double lit = 0.15 + 0.85 * diffuse;
  vec color = add(scale(base, lit), v(specular, specular, specular));
  if (reflectivity > 0.0 && depth < MAX_DEPTH) {
    vec reflected = sub(dir, scale(normal, 2.0 * dot(dir, normal)));
    vec bounced = shade(s, lifted, reflected, depth + 1);
    color = add(scale(color, 1.0 - reflectivity), scale(bounced, reflectivity));
  }
  return color;
}

static unsigned char to_byte(double c) {
  if (c < 0.0) c = 0.0;
  if (c > 1.0) c = 1.0;
  return (unsigned char)(sqrt(c) * 255.0 + 0.5);
}

static void render_pixel(const scene *s, int x, int y, unsigned char out[3]) {
  double u = (2.0 * ((double)x + 0.5) / (double)s->width - 1.0) * s->aspect * s->tan_half;
  double w = (1.0 - 2.0 * ((double)y + 0.5) / (double)s->height) * s->tan_half;
  vec dir = normalize(add(add(s->forward, scale(s->right, u)), scale(s->up, w)));
  vec c = shade(s, s->eye, dir, 0);
  out[0] = to_byte(c.x);
  out[1] = to_byte(c.y);
  out[2] = to_byte(c.z);
}

static int parse_int(const char *text, int min, int max, int *out) {
  char *end;
  errno = 0;
  long value = strtol(text, &end, 10);
  if (errno || *text == '\0' || *end != '\0' || value < min || value > max) return 0;
  *out = (int)value;
  return 1;
}

int main(int argc, char **argv) {
  int width, height, frames, first, count;
  if (argc != 7 || !parse_int(argv[1], 1, MAX_SIDE, &width) || !parse_int(argv[2], 1, MAX_SIDE, &height) ||
      !parse_int(argv[3], 1, MAX_FRAMES, &frames) || !parse_int(argv[4], 0, MAX_FRAMES - 1, &first) ||
      !parse_int(argv[5], 1, MAX_FRAMES, &count) || first + count > frames) {
    fprintf(stderr,
            "usage: raytrace <width 1-%d> <height 1-%d> <frames> <first> <count> <output dir> "
            "(first + count <= frames)\n",
            MAX_SIDE, MAX_SIDE);
    return 2;
  }
  const char *dir = argv[6];
  unsigned char *pixels = malloc((size_t)width * (size_t)height * 3);
  if (!pixels) {
    fprintf(stderr, "raytrace: out of memory\n");
    return 1;
  }
  for (int frame = first; frame < first + count; frame++) {
    scene s;
    build_scene(&s, width, height, frames, frame);
    for (int y = 0; y < height; y++)
      for (int x = 0; x < width; x++) render_pixel(&s, x, y, &pixels[((size_t)y * (size_t)width + (size_t)x) * 3]);
    char path[4096];
    snprintf(path, sizeof path, "%s/frame-%04d.ppm", dir, frame);
    FILE *file = fopen(path, "wb");
    if (!file || fprintf(file, "P6\n%d %d\n255\n", width, height) < 0 ||
        fwrite(pixels, 3, (size_t)width * (size_t)height, file) != (size_t)width * (size_t)height ||
        fclose(file) != 0) {
      fprintf(stderr, "raytrace: writing %s: %s\n", path, strerror(errno));
      return 1;
    }
    printf("frame %d/%d rendered\n", frame + 1, frames);
    fflush(stdout);
  }
  free(pixels);
  return 0;
}
