// Hearth's benchmark workload: C = A·B for n×n float32 matrices, timed.
//
//   matmul <n> <seed> <repetitions> [output dir]
//
// A and B come from a seeded generator (splitmix32: a Weyl sequence through murmur3's 32-bit
// finalizer) that @hearth/workloads regenerates bit for bit: A takes the first n² draws, B the next
// n², row-major; each draw keeps its top 24 bits u and becomes (u - 2^23) / 2^23, a float32 in
// [-1, 1) with no rounding. The product is computed `repetitions` times (cache-blocked, rows split
// across THREADS threads; default: the CPUs this process may use, capped by the cgroup's CPU
// quota); each repetition is timed with CLOCK_MONOTONIC. Writes <output dir>/c.bin (C, row-major
// little-endian float32) and <output dir>/result.json. Exits 2 on bad arguments, 1 on any other
// failure, with one line on stderr.
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_N 32768
#define MAX_REPETITIONS 1000
#define MAX_THREADS 256
// Column and depth blocks: a KB×JB block of B (128 KiB) stays in L2 while a 4×JB strip of C
// (4 KiB) stays in L1.
#define JB 256
#define KB 128

static uint32_t next_u32(uint32_t *state) {
  uint32_t z = (*state += 0x9e3779b9u);
  z = (z ^ (z >> 16)) * 0x85ebca6bu;
  z = (z ^ (z >> 13)) * 0xc2b2ae35u;
  return z ^ (z >> 16);
}

static float next_float(uint32_t *state) {
  // |u - 2^23| <= 2^23 is exact in a float, and the scaling is by a power of two: no rounding.
  return (float)((int32_t)(next_u32(state) >> 8) - (1 << 23)) * (1.0f / (float)(1 << 23));
}

static void die(const char *what) {
  fprintf(stderr, "matmul: %s: %s\n", what, errno ? strerror(errno) : "failed");
  exit(1);
}

static int parse_ulong(const char *text, unsigned long max, unsigned long *out) {
  char *end;
  errno = 0;
  if (text[0] < '0' || text[0] > '9') return 0;
  unsigned long long value = strtoull(text, &end, 10);
  if (errno || *end != '\0' || value > max) return 0;
  *out = (unsigned long)value;
  return 1;
}

// Several instruction sets, chosen at start-up by the CPU it runs on (one static binary).
__attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default"))) static void
multiply_rows(const float *restrict a, const float *restrict b, float *restrict c, size_t n,
              size_t row_begin, size_t row_end) {
  for (size_t i = row_begin; i < row_end; i++) memset(c + i * n, 0, n * sizeof(float));
  for (size_t jj = 0; jj < n; jj += JB) {
    size_t j_end = jj + JB < n ? jj + JB : n;
    for (size_t kk = 0; kk < n; kk += KB) {
      size_t k_end = kk + KB < n ? kk + KB : n;
      size_t i = row_begin;
      // Four rows at a time share each load of B.
      for (; i + 4 <= row_end; i += 4) {
        float *restrict c0 = c + i * n, *restrict c1 = c0 + n, *restrict c2 = c1 + n, *restrict c3 = c2 + n;
        for (size_t k = kk; k < k_end; k++) {
          const float a0 = a[i * n + k], a1 = a[(i + 1) * n + k], a2 = a[(i + 2) * n + k],
                      a3 = a[(i + 3) * n + k];
          const float *restrict bk = b + k * n;
          for (size_t j = jj; j < j_end; j++) {
            const float bkj = bk[j];
            c0[j] += a0 * bkj;
            c1[j] += a1 * bkj;
            c2[j] += a2 * bkj;
            c3[j] += a3 * bkj;
          }
        }
      }
      for (; i < row_end; i++) {
        float *restrict ci = c + i * n;
        for (size_t k = kk; k < k_end; k++) {
          const float aik = a[i * n + k];
          const float *restrict bk = b + k * n;
          for (size_t j = jj; j < j_end; j++) ci[j] += aik * bk[j];
        }
      }
    }
  }
}

struct task {
  const float *a, *b;
  float *c;
  size_t n, row_begin, row_end;
};

static void *run_task(void *argument) {
  struct task *t = argument;
  multiply_rows(t->a, t->b, t->c, t->n, t->row_begin, t->row_end);
  return NULL;
}

// The CPUs this process may run on, capped by a cgroup v2 CPU quota (`cpu.max`: "<quota> <period>").
static long default_threads(void) {
  long threads = sysconf(_SC_NPROCESSORS_ONLN);
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0) threads = CPU_COUNT(&set);
  FILE *f = fopen("/sys/fs/cgroup/cpu.max", "r");
  if (f) {
    char quota[32];
    long period;
    if (fscanf(f, "%31s %ld", quota, &period) == 2 && strcmp(quota, "max") != 0 && period > 0) {
      long q = atol(quota);
      long cap = (q + period - 1) / period;
      if (cap > 0 && cap < threads) threads = cap;
    }
    fclose(f);
  }
  return threads < 1 ? 1 : threads;
}

static double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
  unsigned long n, seed, repetitions;
  if (argc < 4 || argc > 5 || !parse_ulong(argv[1], MAX_N, &n) || n == 0 ||
      !parse_ulong(argv[2], UINT32_MAX, &seed) || !parse_ulong(argv[3], MAX_REPETITIONS, &repetitions) ||
      repetitions == 0) {
    fprintf(stderr, "usage: matmul <n 1..%d> <seed 0..4294967295> <repetitions 1..%d> [output dir]\n", MAX_N,
            MAX_REPETITIONS);
    return 2;
  }
  const char *output = argc == 5 ? argv[4] : "/output";
  long threads = default_threads();
  const char *threads_env = getenv("THREADS");
  if (threads_env && threads_env[0] != '\0') {
    unsigned long t;
    if (!parse_ulong(threads_env, MAX_THREADS, &t) || t == 0) {
      fprintf(stderr, "matmul: THREADS must be 1..%d, got \"%s\"\n", MAX_THREADS, threads_env);
      return 2;
    }
    threads = (long)t;
  }
  if (threads > MAX_THREADS) threads = MAX_THREADS;
  if ((unsigned long)threads > n) threads = (long)n;

  size_t count = (size_t)n * n;
  float *a = malloc(count * sizeof(float)), *b = malloc(count * sizeof(float)),
        *c = malloc(count * sizeof(float));
  double *seconds = malloc(repetitions * sizeof(double));
  if (!a || !b || !c || !seconds) die("allocating the matrices");
  uint32_t state = (uint32_t)seed;
  for (size_t i = 0; i < count; i++) a[i] = next_float(&state);
  for (size_t i = 0; i < count; i++) b[i] = next_float(&state);

  pthread_t workers[MAX_THREADS];
  struct task tasks[MAX_THREADS];
  for (long t = 0; t < threads; t++) {
    tasks[t] = (struct task){a, b, c, n, n * (size_t)t / (size_t)threads, n * (size_t)(t + 1) / (size_t)threads};
  }
  double best = 0;
  for (unsigned long r = 0; r < repetitions; r++) {
    double started = now_seconds();
    for (long t = 1; t < threads; t++) {
      errno = pthread_create(&workers[t], NULL, run_task, &tasks[t]);
      if (errno) die("starting a thread");
    }
    run_task(&tasks[0]);
    for (long t = 1; t < threads; t++) pthread_join(workers[t], NULL);
    seconds[r] = now_seconds() - started;
    if (r == 0 || seconds[r] < best) best = seconds[r];
  }

  char path[4096];
  snprintf(path, sizeof path, "%s/c.bin", output);
  FILE *f = fopen(path, "wb");
  if (!f) die(path);
#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "c.bin is little-endian: byte-swap before writing on this target"
#endif
  if (fwrite(c, sizeof(float), count, f) != count || fclose(f) != 0) die(path);

  snprintf(path, sizeof path, "%s/result.json", output);
  f = fopen(path, "w");
  if (!f) die(path);
  double flops = 2.0 * (double)n * (double)n * (double)n;
  fprintf(f, "{\"n\":%lu,\"seed\":%lu,\"repetitions\":%lu,\"seconds\":[", n, seed, repetitions);
  for (unsigned long r = 0; r < repetitions; r++) fprintf(f, "%s%.9f", r ? "," : "", seconds[r]);
  fprintf(f, "],\"gflops\":%.3f,\"threads\":%ld}\n", best > 0 ? flops / best / 1e9 : 0.0, threads);
  if (fclose(f) != 0) die(path);
  printf("n=%lu threads=%ld best=%.6f s %.2f GFLOPS\n", n, threads, best, best > 0 ? flops / best / 1e9 : 0.0);
  free(a);
  free(b);
  free(c);
  free(seconds);
  return 0;
}
