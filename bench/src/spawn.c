/* SPDX-License-Identifier: MIT */
/* Start-up time driver (hosted, built with the host gcc):
 *   spawn RUNS WARMUP prog...
 * Runs every prog RUNS times by posix_spawn + waitpid, stdout to /dev/null,
 * in a freshly shuffled order each round so that drift and caches hit every
 * program alike. Prints one line per prog: name median p10 p90 (ns). Exits 1
 * if any run failed. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static long long now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;
	return (x > y) - (x < y);
}

static int run(const char *path, posix_spawn_file_actions_t *fa, long long *ns)
{
	char *argv[] = { (char *)path, NULL };
	pid_t pid;
	int st;
	long long t0 = now_ns();
	if (posix_spawn(&pid, path, fa, NULL, argv, environ) != 0)
		return -1;
	if (waitpid(pid, &st, 0) != pid)
		return -1;
	*ns = now_ns() - t0;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
}

int main(int argc, char **argv)
{
	if (argc < 4) {
		fprintf(stderr, "usage: spawn RUNS WARMUP prog...\n");
		return 2;
	}
	int runs = atoi(argv[1]), warmup = atoi(argv[2]), n = argc - 3;
	char **progs = argv + 3;
	long long *t = calloc((size_t)runs * n, sizeof *t);
	int *order = calloc(n, sizeof *order);
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	srand48((long)now_ns());
	for (int i = 0; i < n; i++)
		order[i] = i;
	for (int r = -warmup; r < runs; r++) {
		for (int i = n - 1; i > 0; i--) {
			int j = (int)(drand48() * (i + 1)), x = order[i];
			order[i] = order[j], order[j] = x;
		}
		for (int k = 0; k < n; k++) {
			long long ns;
			if (run(progs[order[k]], &fa, &ns) != 0) {
				fprintf(stderr, "spawn: %s failed\n", progs[order[k]]);
				return 1;
			}
			if (r >= 0)
				t[(size_t)order[k] * runs + r] = ns;
		}
	}
	for (int i = 0; i < n; i++) {
		long long *v = t + (size_t)i * runs;
		qsort(v, runs, sizeof *v, cmp_ll);
		printf("%s %lld %lld %lld\n", progs[i], v[runs / 2], v[runs / 10], v[runs - 1 - runs / 10]);
	}
	return 0;
}
